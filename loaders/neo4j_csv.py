"""The graph as CSV files for ``neo4j-admin database import full`` (bulk loads of very large graphs).

One nodes file per class and one relationships file per relation type, each with its own
neo4j-admin header (``id:ID``, ``:LABEL``, ``:START_ID``, ``:END_ID``, ``:TYPE``, typed
properties such as ``year:int``, ``date:date``, ``aliases:string[]``).  Labels and relationship
types come from the ontology terms (:func:`kg.vocab.neo4j_label`, :func:`kg.vocab.neo4j_rel_type`),
the same names the native Neo4j loader and the neosemantics setup give, and the columns are the
native loader's (``loaders.schema``).

Array elements are separated by U+001F (the ASCII unit separator), which no text of ours
contains, so evidence sentences with ``;`` or ``|`` survive; fields are RFC 4180-quoted and may
span lines.  ``import.sh`` in the output directory runs the import with the matching options
(``--array-delimiter=U+001F --multiline-fields=true``).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import shlex
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import GraphError
from kg.files import ensure_folder, write_atomic
from kg.vocab import LINK_PROPERTIES, NODE_CLASSES, neo4j_label, neo4j_rel_type
from loaders.schema import BOOL, DATE, INT, KEY, NODE_TABLES, REL_TABLES, STRING, STRINGS, node_rows, rel_rows

ARRAY_DELIMITER = "\x1f"
ARRAY_DELIMITER_OPTION = "U+001F"
IMPORT_SCRIPT = "import.sh"

# neo4j-admin header type suffix of each store column kind (loaders.schema)
_SUFFIX = {STRING: "", STRINGS: ":string[]", BOOL: ":boolean", INT: ":int", DATE: ":date"}


def nodes_file(term) -> str:
    return f"nodes_{neo4j_label(term)}.csv"


def relationships_file(term) -> str:
    return f"relationships_{neo4j_rel_type(term)}.csv"


def write_neo4j_csv(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    """Write every nodes_*.csv and relationships_*.csv (header-only when empty) and import.sh.

    Columns and rows are the native loader's (:mod:`loaders.schema`): a bulk-imported database
    has the same labels, relationship types and properties as one filled by ``kg load``, so the
    cookbook answers the same on both."""
    ensure_folder(out_dir)
    nodes, rels = node_rows(g), rel_rows(g)
    written = []
    for table in NODE_TABLES:
        header = [f"{KEY}:ID", ":LABEL"] + [c + _SUFFIX[kind] for c, kind in table.columns]
        rows = ([r[KEY], table.label] + [_cell(r[c], r[KEY]) for c, _ in table.columns] for r in nodes.get(table.label, []))
        written.append(_write_csv(out_dir / nodes_file(table.term), header, rows))
    for table in REL_TABLES:
        header = [":START_ID", ":END_ID", ":TYPE"] + [c + _SUFFIX[kind] for c, kind in table.columns]
        rows = ([r["source"], r["target"], table.type] + [_cell(r[c], f"{r['source']} {table.type} {r['target']}") for c, _ in table.columns]
                for head, tail in table.pairs for r in rels.get((table.type, head, tail), []))
        written.append(_write_csv(out_dir / relationships_file(table.term), header, rows))
    written.append(_write_script(out_dir))
    return written


def _cell(value: Any, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
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
    return write_atomic(path, buf.getvalue())


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
