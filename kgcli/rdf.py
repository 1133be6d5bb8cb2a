"""`kg export` and `kg validate`."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgcli import app
from kgcli.common import fail, handles_errors
from kg.graph import DOCUMENTS_DIR, read_graph
from loaders.export import DEFAULT_NAMES, ExportFormat, export, export_bytes


@app.command("export")
@handles_errors
def export_command(
    graph: Annotated[Path, typer.Argument(help="A build directory (from `kg build --out`) or its graph.json.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="ttl, nt, jsonld, graphml, or csv (neo4j-admin import files).")] = ExportFormat.ttl,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (a directory for csv; '-' for stdout). Default: next to graph.json.")] = None,
) -> None:
    """Write the graph as Turtle, N-Triples, JSON-LD, GraphML or neo4j-admin CSV."""
    g = read_graph(graph)
    if out is not None and str(out) == "-":
        if fmt == ExportFormat.csv:
            raise fail("csv is a directory of files; give --out DIR", 2)
        sys.stdout.buffer.write(export_bytes(g, fmt))
        sys.stdout.flush()
        return
    base = graph if graph.is_dir() else graph.parent
    target = out if out is not None else base / DEFAULT_NAMES[fmt]
    for path in export(g, fmt, target):
        typer.echo(str(path))
    if fmt == ExportFormat.csv:
        typer.echo(f"load into an empty Neo4j database with: sh {target / 'import.sh'}", err=True)


@app.command("validate")
@handles_errors
def validate_command(
    file: Annotated[Path, typer.Argument(help="An RDF file (.ttl, .nt, .jsonld) written by `kg build` or `kg export`.")],
    documents: Annotated[Optional[Path], typer.Option("--documents", help="Folder of per-document records to check evidence against (default: documents/ next to FILE, if there).")] = None,
    shapes: Annotated[Optional[Path], typer.Option("--shapes", help="SHACL shapes (default: the shipped ontology/shapes.ttl).")] = None,
    full: Annotated[bool, typer.Option("--full", help="Run pyshacl, the reference SHACL engine (slower), instead of the Python check.")] = False,
) -> None:
    """Check FILE against the SHACL shapes (and its evidence against the documents); list every violation."""
    from loaders.shacl import check_file
    from ontology import SHAPES_TTL

    if not file.exists():
        raise fail(f"{file}: no such file", 2)
    if documents is None and (file.parent / DOCUMENTS_DIR).is_dir():
        documents = file.parent / DOCUMENTS_DIR
    elif documents is not None and not documents.is_dir():
        raise fail(f"{documents}: no such folder", 2)
    report = check_file(file, documents, shapes or SHAPES_TTL, raise_on_violation=False, full=full)
    for violation in report.violations:
        typer.echo(str(violation))
    if not report.conforms:
        raise fail(report.summary(), 1)
    typer.echo(report.summary())

