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
import shutil
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
from loaders.version import outputs_fingerprint

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
        _load(conn, plan if plan is not None else load_plan(g), batch_size, on_batch)
    except RuntimeError as exc:
        _close(db, conn)
        _remove(tmp)
        raise StoreError(f"{path}: writing the embedded graph failed ({_first_line(exc)})") from None
    _close(db, conn)
    return _move_in(tmp, path)


def _load(conn, plan: list[Step], batch_size: int = BATCH_SIZE, on_batch: Callable[[Step, int], None] | None = None,
          bulk: bool = True) -> None:
    """CREATE every row of the plan (the store holds none of them yet); ``bulk``: COPY what can
    be (fast into empty tables, slower than CREATE for a few rows into full ones)."""
    for step in plan:
        if bulk and _copied(conn, step):
            if on_batch:
                on_batch(step, len(step.rows))
            continue
        for batch in batches(step.rows, batch_size):
            skip = null_columns(step, batch)
            rows = [{k: v for k, v in r.items() if k not in skip} for r in batch] if skip else batch
            conn.execute(step.create_query(skip), {"rows": rows})  # nothing there to merge with
            if on_batch:
                on_batch(step, len(batch))


def _move_in(tmp: Path, path: Path) -> Path:
    tmp_wal = tmp.with_name(tmp.name + ".wal")
    if tmp_wal.exists():  # closing checkpoints; a leftover log would belong to the old name
        tmp_wal.unlink()
    _remove(path.with_name(path.name + ".wal"))
    os.replace(tmp, path)
    return path


class _CannotUpdate(Exception):
    """The previous store cannot be brought up to date: it is written anew."""


_LABEL_OF_PREFIX = {t.label.lower(): t.label for t in NODE_TABLES}  # node ids start with their type: department/…


def update_embedded(g: nx.MultiDiGraph, path: Path, previous: Path, changed: frozenset[str]) -> Path:
    """Write at ``path`` the store of ``g`` as a copy of ``previous`` (the store of the previous
    build) with the ``changed`` nodes deleted, with their relationships, and created again from
    ``g`` with every relationship they have in ``g``.  What no change touched (the other nodes,
    the relationships between them) is in the copy as it was: the result holds the rows a store
    written anew would.  Raises :class:`_CannotUpdate` when the previous store cannot be used."""
    if not previous.is_file() or previous.with_name(previous.name + ".wal").exists():
        raise _CannotUpdate(f"{previous}: no store, or one not closed cleanly")
    by_label: dict[str, list[str]] = {}
    for nid in sorted(changed):
        label = _LABEL_OF_PREFIX.get(nid.split("/", 1)[0])
        if label is None:
            raise _CannotUpdate(f"{nid}: no node table for this id")
        by_label.setdefault(label, []).append(nid)
    tmp = path.with_name(path.name + ".tmp")
    _remove(tmp)
    shutil.copyfile(previous, tmp)
    try:
        db, conn = _connect(tmp, read_only=False)
    except StoreError as exc:
        _remove(tmp)
        raise _CannotUpdate(str(exc)) from None
    try:
        for label, ids in by_label.items():
            for batch in batches(ids, BATCH_SIZE):
                conn.execute(f"UNWIND $ids AS i MATCH (n:{label} {{{KEY}: i}}) DETACH DELETE n", {"ids": batch})
        _load(conn, _plan_around(g, changed), bulk=False)
        nodes = _count(conn, "MATCH (n) RETURN count(n)")
        rels = _count(conn, "MATCH ()-[r]->() RETURN count(r)")
        if (nodes, rels) != (g.number_of_nodes(), g.number_of_edges()):
            raise _CannotUpdate(f"{previous}: {nodes} nodes and {rels} relationships after the update, "
                                f"not {g.number_of_nodes()} and {g.number_of_edges()}")
    except (RuntimeError, _CannotUpdate) as exc:
        _close(db, conn)
        _remove(tmp)
        raise _CannotUpdate(str(exc)) from None
    _close(db, conn)
    return _move_in(tmp, path)


def _count(conn, cypher: str) -> int:
    result = conn.execute(cypher)
    value = result.get_next()[0]
    result.close()
    return int(value)


def _plan_around(g: nx.MultiDiGraph, changed: frozenset[str]) -> list[Step]:
    """The rows of the changed nodes that ``g`` has, and of every relationship at one of them."""
    present = [n for n in changed if n in g]
    around = nx.MultiDiGraph()
    ends = set(present)
    edges = []
    for n in present:
        for u, v, k, a in g.out_edges(n, keys=True, data=True):
            edges.append((u, v, k, a))
            ends.add(v)
        for u, v, k, a in g.in_edges(n, keys=True, data=True):
            if u not in changed:  # else it is the other node's out-edge, taken already
                edges.append((u, v, k, a))
                ends.add(u)
    for n in ends:
        around.add_node(n, **g.nodes[n])
    for u, v, k, a in edges:
        around.add_edge(u, v, key=k, **a)
    plan = load_plan(around)
    keep = set(present)
    return [Step(s.what, s.query, [r for r in s.rows if r[KEY] in keep], s.nodes, s.table, s.ends) if s.nodes else s
            for s in plan]


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


def embedded_sink(g: nx.MultiDiGraph, out_dir: Path, changes=None) -> list[Path]:
    """``graph.lbdb``; on an incremental build (``changes``, see :class:`kg.pipeline.Changes`)
    the previous build's store brought up to date, else written anew."""
    path = out_dir / EMBEDDED_FILE
    if changes is not None:
        try:
            return [update_embedded(g, path, Path(changes.previous) / EMBEDDED_FILE, changes.nodes)]
        except _CannotUpdate as why:
            log.info("%s: writing the store anew (%s)", path, why)
    return [write_embedded(g, path)]


def _prepare_store() -> None:
    import ladybug  # noqa: F401 - its import is most of a small store's time


embedded_sink.fingerprint = outputs_fingerprint  # type: ignore[attr-defined]
embedded_sink.prepare = _prepare_store  # type: ignore[attr-defined]


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
