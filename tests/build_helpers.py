"""Helpers for the build tests: snapshots of a build directory and a small corpus to vary."""
from __future__ import annotations

import shutil
from pathlib import Path

from kg.outdir import LOCK_FILE, PREVIOUS, STAGING
from loaders.embedded import EMBEDDED_FILE, query_embedded

from tests.conftest import SEEDS

# LadybugDB writes a random database id into its file header, so two writes of the same graph
# differ in those bytes: the store is compared by its content (every column of every node and
# relationship of every table).
def _store_dump_queries() -> list[str]:
    from loaders.schema import KEY, NODE_TABLES, REL_TABLES

    queries = []
    for t in NODE_TABLES:
        cols = ", ".join(f"n.{c}" for c in [KEY] + [c for c, _ in t.columns])
        queries.append(f"MATCH (n:{t.label}) RETURN {cols} ORDER BY n.{KEY}")
    for t in REL_TABLES:
        cols = "".join(f", r.{c}" for c, _ in t.columns)
        queries.append(f"MATCH (a)-[r:{t.type}]->(b) RETURN label(a), a.{KEY}, label(b), b.{KEY}{cols} ORDER BY a.{KEY}, b.{KEY}")
    return queries


STORE_DUMP = tuple(_store_dump_queries())


def snapshot(out: Path) -> dict[str, object]:
    """Every file of a build directory as a reader sees it: its bytes, except the embedded store
    (its rows); the lock and an unfinished staging area are not part of the build."""
    files: dict[str, object] = {}
    for p in sorted(out.rglob("*")):
        rel = p.relative_to(out).as_posix()
        if p.is_dir() or rel == LOCK_FILE or rel.split("/")[0] in (STAGING, PREVIOUS):
            continue
        files[rel] = store_dump(p) if rel == EMBEDDED_FILE else p.read_bytes()
    return files


def store_dump(path: Path) -> list:
    return [query_embedded(path, q).rows for q in STORE_DUMP]


def differing(a: dict[str, object], b: dict[str, object]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def copy_seeds(dest: Path, names: list[str] | None = None) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for p in sorted(SEEDS.glob("*.txt")):
        if names is None or p.name in names:
            shutil.copy(p, dest / p.name)
    return dest
