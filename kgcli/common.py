"""What every command shares: logging setup, one-line errors and their exit codes, and the
options several commands take (``--year``)."""
from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import Annotated, Any, Optional, TypeVar

import typer

from kg.errors import KGError, MissingPathError, UsageError, shown
from kg.meta import YEAR_MAX, YEAR_MIN, checked_year

F = TypeVar("F", bound=Callable[..., Any])

def error_line(message: str) -> None:
    """``kg: error: MESSAGE`` on stderr, on one line whatever the message holds."""
    typer.echo(f"kg: error: {shown(message)}", err=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    error_line(message)
    return typer.Exit(code)


def parse_year(value: str) -> int:
    """The value of ``--year``: an integer from YEAR_MIN to YEAR_MAX, else one line and exit 2."""
    try:
        return checked_year(value, "--year")
    except UsageError as exc:
        raise fail(str(exc), 2) from None


YearOpt = Annotated[
    Optional[int],
    typer.Option("--year", parser=parse_year, metavar="YEAR",
                 help=f"The year the documents were given, {YEAR_MIN}-{YEAR_MAX} (overrides inference)."),
]


class _OneLineFormatter(logging.Formatter):
    """Log messages name files too: escape them like errors, so each record stays one line."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = shown(record.message)
        return super().formatMessage(record)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (the CLI's tests swap it per invocation)."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(_OneLineFormatter("kg: %(levelname)s: %(message)s"))

    @property  # type: ignore[override]
    def stream(self):  # noqa: D401
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _configure_logging() -> None:
    """Warnings and errors on stderr, one line each; a no-op when logging is already set up."""
    logging.basicConfig(level=logging.WARNING, handlers=[_StderrHandler()])


def handles_errors(func: F) -> F:
    """Turn KGError into one line on stderr and an exit code; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _configure_logging()
        try:
            return func(*args, **kwargs)
        except (MissingPathError, UsageError) as exc:
            raise fail(str(exc), 2) from None
        except KGError as exc:
            raise fail(str(exc), 1) from None
        except OSError as exc:
            # a file the library met and could not open (an unreadable graph.json, a full disk):
            # one line naming it, never a traceback
            where = f"{exc.filename}: " if exc.filename else ""
            raise fail(f"{where}{exc.strerror or exc}", 1) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None

    return wrapper  # type: ignore[return-value]
