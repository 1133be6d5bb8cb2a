"""The graph as CSV files for ``neo4j-admin database import full`` (bulk loads of very large graphs).

One nodes file per class and one relationships file per relation type, each with its own
neo4j-admin header (``id:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``, typed
properties such as ``year:int``, ``date:date``, ``aliases:string[]``).  Labels and relationship
types come from the ontology terms (:func:`kg.vocab.neo4j_label`, :func:`kg.vocab.neo4j_rel_type`),
the same names the native Neo4j loader and the neosemantics setup give.

Array elements are separated by U+001F (the ASCII unit separator), which no text of ours
contains, so evidence sentences with ``;`` or ``|`` survive; fields are RFC 4180-quoted and may
span lines.  ``import.sh`` in the output directory runs the import with the matching options
(``--array-delimiter=U+001F --multiline-fields=true``).
"""
from __future__ import annotations

import csv
import io
import os
import shlex
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import GraphError
from kg.vocab import ENTITY_CLASSES, KG, LINK_PROPERTIES, NODE_CLASSES, local_name, neo4j_label, neo4j_rel_type

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"
IMPORT_SCRIPT = "import.sh"

Column = tuple[str, Callable[[dict[str, Any]], Any]]  # (header, value from attributes)

_ENTITY_COLUMNS: list[Column] = [
    ("name", lambda a: a.get("name")),
    ("aliases:string[]", lambda a: a.get("aliases") or []),
    ("masked:boolean", lambda a: bool(a.get("masked"))),
    ("key", lambda a: a.get("key")),
]
_NODE_COLUMNS: dict[str, list[Column]] = {
    **{local_name(c): _ENTITY_COLUMNS for c in ENTITY_CLASSES},
    local_name(KG.Project): _ENTITY_COLUMNS + [("kind", lambda a: a.get("kind"))],
    local_name(KG.Document): [
        ("name", lambda a: a.get("name")),
        ("file", lambda a: a.get("file")),
        ("title", lambda a: a.get("title")),
        ("year:int", lambda a: a.get("year")),
        ("doc_id", lambda a: a.get("doc_id")),
    ],
    local_name(KG.TimePoint): [
        ("name", lambda a: a.get("name")),
        ("date:date", lambda a: a.get("date")),
        ("texts:string[]", lambda a: a.get("texts") or []),
    ],
}


def _assertion_column(header: str, key: str) -> Column:
    return header, lambda a: [x[key] for x in a.get("assertions", [])]


_RELATION_COLUMNS: list[Column] = [
    _assertion_column("doc_ids:string[]", "doc_id"),
    _assertion_column("docs:string[]", "doc"),
    _assertion_column("evidence:string[]", "evidence"),
    _assertion_column("starts:int[]", "start"),
    _assertion_column("ends:int[]", "end"),
]
_REL_COLUMNS: dict[str, list[Column]] = {
    **{local_name(p): _RELATION_COLUMNS for p in LINK_PROPERTIES},
    local_name(KG.deadline): _RELATION_COLUMNS + [_assertion_column("time_texts:string[]", "time_text")],
    local_name(KG.mentionedIn): [
        ("mention_starts:int[]", lambda a: [m[0] for m in a.get("mentions", [])]),
        ("mention_ends:int[]", lambda a: [m[1] for m in a.get("mentions", [])]),
    ],
}


def nodes_file(term) -> str:
    return f"nodes_{neo4j_label(term)}.csv"


def relationships_file(term) -> str:
    return f"relationships_{neo4j_rel_type(term)}.csv"


def write_neo4j_csv(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Write every nodes_*.csv and relationships_*.csv (header-only when empty) and import.sh."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for term in NODE_CLASSES:
        name = local_name(term)
        header = ["id:ID", ":LABEL"] + [h for h, _ in _NODE_COLUMNS[name]]
        rows = ([nid, neo4j_label(term)] + [_cell(f(a), nid) for _, f in _NODE_COLUMNS[name]]
                for nid, a in sorted(g.nodes(data=True)) if a.get("type") == name)
        written.append(_write_csv(out_dir / nodes_file(term), header, rows))
    for term in LINK_PROPERTIES:
        name = local_name(term)
        header = [":START_ID", ":END_ID", ":TYPE"] + [h for h, _ in _REL_COLUMNS[name]]
        rows = ([u, v, neo4j_rel_type(term)] + [_cell(f(a), f"{u} {name} {v}") for _, f in _REL_COLUMNS[name]]
                for u, v, k, a in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])) if k == name)
        written.append(_write_csv(out_dir / relationships_file(term), header, rows))
    written.append(_write_script(out_dir))
    return written


def _cell(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        items = ["" if v is None else str(v) for v in value]
        if any(ARRAY_DELIMITER in item for item in items):
            raise GraphError(f"{where}: a value contains U+001F, the CSV array delimiter")
        return ARRAY_DELIMITER.join(items)
    return str(value)


def _write_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8", newline="")
    os.replace(tmp, path)
    return path


def import_command(database: str = "neo4j") -> list[str]:
    """The neo4j-admin command line that loads the files written by :func:`write_neo4j_csv`."""
    return [
        "neo4j-admin", "database", "import", "full",
        f"--array-delimiter={ARRAY_DELIMITER_OPTION}", "--multiline-fields=true",
        *[f"--nodes={nodes_file(t)}" for t in NODE_CLASSES],
        *[f"--relationships={relationships_file(t)}" for t in LINK_PROPERTIES],
        database,
    ]


def _write_script(out_dir: Path) -> Path:
    cmd = import_command()
    lines = [
        "#!/bin/sh",
        "# Bulk-load this directory into an empty Neo4j 5 database (stop the database first).",
        "# NEO4J_ADMIN=/path/to/bin/neo4j-admin DATABASE=neo4j sh import.sh [--overwrite-destination]",
        "set -e",
        'cd "$(dirname "$0")"',
        '"${NEO4J_ADMIN:-neo4j-admin}" ' + " ".join(shlex.quote(c) for c in cmd[1:-1]) + ' "$@" "${DATABASE:-neo4j}"',
        "",
    ]
    path = out_dir / IMPORT_SCRIPT
    path.write_text("\n".join(lines), encoding="utf-8")
    path.chmod(0o755)
    return path
