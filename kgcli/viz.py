"""`kg viz` and `kg report`: the graph as an interactive page and as a report, from a build."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kgcli import app
from kgcli.common import handles_errors
from kg.graph import read_graph

GraphArg = Annotated[Path, typer.Argument(help="A build directory (from `kg build`) or its graph.json.")]


@app.command()
@handles_errors
def viz(
    graph: GraphArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("graph.html"),
) -> None:
    """Write a self-contained interactive view of the graph (opens from disk, no network)."""
    from loaders.html_view import write_html

    typer.echo(write_html(read_graph(graph), output))


@app.command()
@handles_errors
def report(
    graph: GraphArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("report.html"),
) -> None:
    """Write a report: counts, departments and their deadlines, a timeline, documents, warnings."""
    from loaders.report import read_document_warnings, write_report

    build_dir = graph if graph.is_dir() else graph.parent
    typer.echo(write_report(read_graph(graph), output, read_document_warnings(build_dir)))
