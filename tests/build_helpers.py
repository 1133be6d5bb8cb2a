"""Helpers for the build tests: snapshots of a build directory and a small corpus to vary."""
from __future__ import annotations

import shutil
from pathlib import Path

from kg.outdir import LOCK_FILE, PREVIOUS, STAGING
from loaders.embedded import EMBEDDED_FILE, query_embedded

from tests.conftest import SEEDS

# LadybugDB writes a random database id into its file header, so two writes of the same graph
# differ in those bytes: the store is compared by its content (every node and relationship).
STORE_DUMP = (
    "MATCH (n) RETURN label(n) AS l, n.id AS id, n.name AS name ORDER BY l, id",
    "MATCH (a)-[r]->(b) RETURN label(r) AS t, a.id AS head, b.id AS tail, r.evidence AS e, r.documents AS d, "
    "r.mentions AS m ORDER BY t, head, tail",
)


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
