"""`kg build` and `kg extract`."""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgcli import app
from kgcli.common import YearOpt, error_line, fail, handles_errors
from kg.documents import ReadFailure
from kg.errors import shown
from kg.pipeline import build as run_build
from kg.pipeline import extract_documents
from kg.readers import iter_paths
from loaders import SINKS
from kg.vocab import EntityType, RelationType

# readable=False: an unreadable file is named like any other that cannot be read (exit 1), not
# refused by the option parser (exit 2).
PathsArg = Annotated[
    list[Path], typer.Argument(help="Files or folders (read recursively): .txt .md .docx .html .pdf", readable=False)
]


@app.command()
@handles_errors
def build(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path("out"),
    year: YearOpt = None,
) -> None:
    """Read, extract, build the graph; write per-document JSON, graph.json, Turtle and the stores."""
    files = list(iter_paths(paths))
    with typer.progressbar(length=len(files), label="extracting", file=sys.stderr) as bar:
        result = run_build(files, out, year=year, sinks=SINKS, on_document=lambda _item: bar.update(1))
    for failure in result.failures:
        error_line(failure.message)
    typer.echo(summary(result))
    if result.failures:
        raise fail(f"{len(result.failures)} of {len(files)} document(s) could not be read; the others were built", 1)


def summary(result) -> str:
    g = result.graph
    node_types = Counter(a["type"] for _, a in g.nodes(data=True))
    edge_types = Counter(k for _, _, k in g.edges(keys=True))
    lines = [f"documents read: {result.documents}" + (f" ({len(result.failures)} failed)" if result.failures else "")]
    lines.append("entities by type (graph nodes, merged across documents):")
    for t in EntityType:
        lines.append(f"  {t:<13}{node_types.get(t, 0):>6}")
    lines.append("relations by type (graph edges; per-document mentions in brackets):")
    for t in RelationType:
        lines.append(f"  {t:<15}{edge_types.get(t, 0):>6}  [{result.relation_counts.get(t, 0)}]")
    lines.append("outputs:")
    for p in result.outputs:
        lines.append(f"  {shown(p)}")
    return "\n".join(lines)


@app.command()
@handles_errors
def extract(
    paths: PathsArg,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="JSON Lines file (default: stdout).")] = None,
    year: YearOpt = None,
) -> None:
    """Extract entities and relations; one JSON document per line, in the gold format."""
    files = list(iter_paths(paths))  # a missing path fails here, before anything is written
    failures = 0
    tmp = output.with_name(output.name + ".tmp") if output else None
    sink = open(tmp, "w", encoding="utf-8") if tmp else sys.stdout
    try:
        for item in extract_documents(files, year=year):
            if isinstance(item, ReadFailure):
                failures += 1
                error_line(item.message)
                continue
            sink.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
    finally:
        if tmp:
            sink.close()
    if tmp:
        os.replace(tmp, output)
    if failures:
        raise fail(f"{failures} document(s) could not be read; the others were extracted", 1)
