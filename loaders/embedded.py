"""The embedded graph store: a LadybugDB file next to the build's other outputs, queried with Cypher
in-process, no server.

The node and relationship tables are generated from the ontology (:mod:`loaders.schema`); the
file is built under a temporary name and renamed, so a reader never sees half a store.
"""
from __future__ import annotations

import csv
import logging
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import StoreError
from loaders.cypher import Step, batches, load_plan, null_columns
from loaders.cypher_guard import check_read_only
from loaders.results import QueryResult, plain
from loaders.schema import INT, KEY, NODE_TABLES, REL_TABLES, STRING

log = logging.getLogger(__name__)

EMBEDDED_FILE = "graph.lbdb"
BATCH_SIZE = 1000
# What may stand in a COPY statement's text (a file we name) and in the CSV it reads unquoted.
_SAFE_PATH = re.compile(r"[A-Za-z0-9_./-]+\Z")
_SAFE_ID = re.compile(r"[A-Za-z0-9_./:@-]+\Z")


def ddl() -> list[str]:
    """CREATE NODE/REL TABLE statements for every class and link property of the ontology."""
    statements = []
    for t in NODE_TABLES:
        cols = ", ".join([f"{KEY} {STRING} PRIMARY KEY"] + [f"{c} {kind}" for c, kind in t.columns])
        statements.append(f"CREATE NODE TABLE {t.label}({cols})")
    for t in REL_TABLES:
        ends = ", ".join(f"FROM {h} TO {tail}" for h, tail in t.pairs)
        cols = "".join(f", {c} {kind}" for c, kind in t.columns)
        statements.append(f"CREATE REL TABLE {t.type}({ends}{cols})")
    return statements


def _connect(path: Path, read_only: bool):
    import ladybug

    try:
        db = ladybug.Database(str(path), read_only=read_only)
        return db, ladybug.Connection(db)
    except RuntimeError as exc:
        raise StoreError(f"{path}: cannot open the embedded graph ({_first_line(exc)})") from None


def _close(db, conn) -> None:
    conn.close()
    db.close()


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        if p.is_dir():
            import shutil

            shutil.rmtree(p)
        elif p.exists():
            p.unlink()


def write_embedded(
    g: nx.MultiDiGraph,
    path: Path,
    batch_size: int = BATCH_SIZE,
    plan: list[Step] | None = None,
    on_batch: Callable[[Step, int], None] | None = None,
) -> Path:
    """Write ``g`` into a new LadybugDB file at ``path`` (replacing any previous one)."""
    tmp = path.with_name(path.name + ".tmp")
    _remove(tmp)
    db, conn = _connect(tmp, read_only=False)
    try:
        for statement in ddl():
            conn.execute(statement)
        for step in plan if plan is not None else load_plan(g):
            if _copied(conn, step):
                if on_batch:
                    on_batch(step, len(step.rows))
                continue
            for batch in batches(step.rows, batch_size):
                skip = null_columns(step, batch)
                rows = [{k: v for k, v in r.items() if k not in skip} for r in batch] if skip else batch
                conn.execute(step.create_query(skip), {"rows": rows})  # the file is new: nothing to merge with
                if on_batch:
                    on_batch(step, len(batch))
    except RuntimeError as exc:
        _close(db, conn)
        _remove(tmp)
        raise StoreError(f"{path}: writing the embedded graph failed ({_first_line(exc)})") from None
    _close(db, conn)
    tmp_wal = tmp.with_name(tmp.name + ".wal")
    if tmp_wal.exists():  # closing checkpoints; a leftover log would belong to the old name
        tmp_wal.unlink()
    _remove(path.with_name(path.name + ".wal"))
    os.replace(tmp, path)
    return path


def _copied(conn, step: Step) -> bool:
    """Relationships whose properties are plain integers (``MENTIONED_IN``: nine in ten of a
    build's relationships) go in by one ``COPY`` from a CSV file: LadybugDB's bulk path, a
    fraction of the time of ``UNWIND $rows`` (no Cypher evaluation, no Python-side typing of
    every row).  False (load them row by row) when the step is anything else or a value could not
    be written to the file unquoted."""
    if step.ends is None or not step.rows or any(kind != INT for _, kind in step.table.columns):
        return False
    columns = [c for c, _ in step.table.columns]
    rows = []
    for r in step.rows:
        values = [r["source"], r["target"], *(r[c] for c in columns)]
        if not (isinstance(values[0], str) and isinstance(values[1], str) and _SAFE_ID.match(values[0]) and _SAFE_ID.match(values[1])):
            return False
        if any(type(v) is not int for v in values[2:]):  # noqa: E721 - bool or None would need typing
            return False
        rows.append(values)
    fd, name = tempfile.mkstemp(prefix="kg-copy-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", newline="", encoding="ascii") as f:
            csv.writer(f).writerows(rows)
        if not _SAFE_PATH.match(name):  # a temporary directory whose name cannot stand in the statement
            return False
        head, tail = step.ends
        conn.execute(f"COPY {step.table.type} FROM '{name}' (from='{head}', to='{tail}', header=false)")
        return True
    finally:
        os.unlink(name)


def embedded_sink(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    return [write_embedded(g, out_dir / EMBEDDED_FILE)]


def store_path(location: str | Path) -> Path:
    """A build directory (its graph.lbdb) or the store file itself."""
    path = Path(location)
    if path.is_dir():
        path = path / EMBEDDED_FILE
    if not path.exists():
        raise StoreError(
            f"{location}: no embedded graph ({EMBEDDED_FILE}) here; run `kg build PATHS --out DIR` "
            "first, or pass --graph DIR (or --uri for Neo4j)"
        )
    return path


def query_embedded(
    location: str | Path, cypher: str, params: dict[str, Any] | None = None, allow_files: bool = False,
) -> QueryResult:
    """Run Cypher on the embedded store, read-only.  A statement that reads or writes files
    (COPY, LOAD FROM, ATTACH, INSTALL, EXPORT/IMPORT DATABASE, file table functions) is refused
    unless ``allow_files``; one that writes the store file (CHECKPOINT) always is."""
    check_read_only(cypher, allow_files=allow_files)
    path = store_path(location)
    db, conn = _connect(path, read_only=True)
    try:
        try:
            result = conn.execute(cypher, params or {})
        except RuntimeError as exc:
            raise StoreError(f"{path}: {_first_line(exc)}") from None
        if isinstance(result, list):  # several statements: the last one answers
            result = result[-1]
        out = QueryResult(list(result.get_column_names()))
        while result.has_next():
            out.rows.append([plain(v) for v in result.get_next()])
        result.close()
        return out
    finally:
        _close(db, conn)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
