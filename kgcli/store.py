"""`kg load` (a build into Neo4j) and `kg query` (Cypher on the embedded store or over Bolt)."""
from __future__ import annotations

import csv
import io
import json
import logging
import unicodedata
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from kgcli import app
from kgcli.common import handles_errors
from kg.errors import StoreError, UsageError, shown
from kg.graph import read_graph

DEFAULT_GRAPH = Path("out/demo")

UserOpt = Annotated[str, typer.Option("--user", envvar="NEO4J_USER", help="Neo4j user [env NEO4J_USER].")]
PasswordOpt = Annotated[
    Optional[str], typer.Option("--password", envvar="NEO4J_PASSWORD", help="Neo4j password [env NEO4J_PASSWORD].")
]
DatabaseOpt = Annotated[
    Optional[str],
    typer.Option("--database", envvar="NEO4J_DATABASE", help="Database name (default: the server's default, neo4j)."),
]


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _driver(uri: str, user: str, password: Optional[str]):
    from loaders.bolt import connect

    if not password:
        raise StoreError(f"{uri}: no password given; pass --password or set NEO4J_PASSWORD")
    return connect(uri, user, password)


@app.command()
@handles_errors
def load(
    graph_dir: Annotated[Path, typer.Argument(help="A directory written by `kg build --out`.")],
    uri: Annotated[str, typer.Option("--uri", envvar="NEO4J_URI", help="Bolt URI [env NEO4J_URI].")] = "bolt://localhost:7687",
    user: UserOpt = "neo4j",
    password: PasswordOpt = None,
    database: DatabaseOpt = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Rows per transaction.")] = 1000,
) -> None:
    """Merge a build into Neo4j: uniqueness constraints, then batched UNWIND … MERGE (idempotent)."""
    from loaders.bolt import Target, load_graph

    g = read_graph(graph_dir)
    # A lost connection is retried per batch; the driver says so in one warning line
    # ("Transaction failed and will be retried"): keep that, drop its socket-level noise.
    for noisy in ("neo4j.io", "neo4j.pool"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    driver = _driver(uri, user, password)
    target = Target(uri, user, database)
    try:
        stats = load_graph(driver, g, target, batch_size=batch_size)
    finally:
        driver.close()
    where = uri + (f" (database {database})" if database else "")
    typer.echo(
        f"loaded {stats.nodes} nodes and {stats.relationships} relationships into {where} "
        f"in {stats.batches} batches, {stats.seconds:.1f} s"
    )


@app.command()
@handles_errors
def query(
    cypher: Annotated[str, typer.Argument(help="One Cypher statement; values as $parameters.")],
    graph: Annotated[
        Optional[Path],
        typer.Option("--graph", readable=False, help=f"Build directory with the embedded store (default: {DEFAULT_GRAPH})."),
    ] = None,
    uri: Annotated[Optional[str], typer.Option("--uri", help="Query Neo4j at this Bolt URI instead of the embedded store.")] = None,
    user: UserOpt = "neo4j",
    password: PasswordOpt = None,
    database: DatabaseOpt = None,
    param: Annotated[
        Optional[list[str]], typer.Option("--param", "-p", help="NAME=VALUE; VALUE is read as JSON when it parses, else as a string.")
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    allow_files: Annotated[
        bool, typer.Option("--allow-files", help="Embedded store: allow COPY, LOAD FROM and other clauses that read or write files.")
    ] = False,
    write: Annotated[bool, typer.Option("--write", help="Neo4j: run in a write transaction (default: read).")] = False,
) -> None:
    """Run Cypher on the embedded store (no server needed) or, with --uri, on Neo4j; print the rows.

    Read-only by default: the embedded store refuses clauses that touch files unless
    --allow-files; over Bolt the query runs in a read transaction unless --write.
    """
    params = parse_params(param or [])
    if uri and graph:
        raise StoreError("give either --graph (embedded store) or --uri (Neo4j), not both")
    if uri:
        from loaders.bolt import Target, query_bolt

        if allow_files:
            raise UsageError("--allow-files is for the embedded store; over Bolt the server's settings decide file access")
        driver = _driver(uri, user, password)
        try:
            result = query_bolt(driver, Target(uri, user, database), cypher, params, write=write)
        finally:
            driver.close()
    else:
        from loaders.embedded import query_embedded

        if write:
            raise UsageError("--write is for Neo4j (--uri); the embedded store of a build is read-only, rebuild it instead")
        result = query_embedded(graph or DEFAULT_GRAPH, cypher, params, allow_files=allow_files)
    typer.echo(render(result.columns, result.rows, fmt), nl=False)


def parse_params(items: list[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        if not sep or not name.strip():
            raise StoreError(f"--param {item!r}: expected NAME=VALUE")
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        params[name.strip()] = value
    return params


def render(columns: list[str], rows: list[list[Any]], fmt: Format) -> str:
    if fmt == Format.json:
        return json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == Format.csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v, csv_mode=True) for v in r] for r in rows])
        return buf.getvalue()
    # A table cell is one line: a newline (or a terminal escape) in a value is shown escaped.
    return _table([shown(c) for c in columns], [[shown(_cell(v)) for v in r] for r in rows])


def _cell(value: Any, csv_mode: bool = False) -> str:
    if value is None:
        return "" if csv_mode else "null"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _table(columns: list[str], rows: list[list[str]]) -> str:
    widths = [_width(c) for c in columns]
    for r in rows:
        widths = [max(w, _width(v)) for w, v in zip(widths, r)]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    out = [line, "| " + " | ".join(_pad(c, w) for c, w in zip(columns, widths)) + " |", line]
    out += ["| " + " | ".join(_pad(v, w) for v, w in zip(r, widths)) + " |" for r in rows]
    out.append(line)
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"
