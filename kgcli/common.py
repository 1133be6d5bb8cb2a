"""What every command shares: logging setup and the mapping of errors to exit codes."""
from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from kg.errors import KGError, MissingPathError

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"kg: error: {message}", err=True)
    return typer.Exit(code)


def handles_errors(func: F) -> F:
    """Turn KGError into one line on stderr and an exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        logging.basicConfig(level=logging.WARNING, format="kg: %(levelname)s: %(message)s", stream=sys.stderr)
        try:
            return func(*args, **kwargs)
        except MissingPathError as exc:
            raise fail(str(exc), 2) from None
        except KGError as exc:
            raise fail(str(exc), 1) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None

    return wrapper  # type: ignore[return-value]
