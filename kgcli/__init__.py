"""The `kg` command line: a thin Typer layer over library functions.

Each command module registers itself on :data:`app`; errors derived from KGError become one
line on stderr and a non-zero exit code (2 for a path that does not exist, 1 otherwise).
"""
from __future__ import annotations

from typing import Annotated

import typer

from kg import __version__

app = typer.Typer(
    name="kg",
    help="Build a knowledge graph from Chinese government speeches, reports and plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"kg (zhgov-kg) {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Build a knowledge graph from Chinese government speeches, reports and plans."""


from kgcli import build as _build  # noqa: E402,F401  (registers commands)
from kgcli import evaluate as _evaluate  # noqa: E402,F401
from kgcli import viz as _viz  # noqa: E402,F401
from kgcli import store as _store  # noqa: E402,F401
from kgcli import rdf as _rdf  # noqa: E402,F401


def main() -> None:
    app()
