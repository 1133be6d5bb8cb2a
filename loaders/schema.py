"""What a graph store holds, derived from the ontology: node and relationship tables and the rows
that fill them.

Both stores (the embedded LadybugDB file and Neo4j over Bolt) load the same rows, so a Cypher
query sees the same labels, relationship types and properties on either:

- one node label per ontology class (``kg.vocab.neo4j_label``), key property ``id`` (the graph
  node id), ``name`` the Chinese display name;
- one relationship type per ontology link property (``kg.vocab.neo4j_rel_type``), one
  relationship per (head, type, tail).  The four extracted relations carry ``evidence``,
  ``documents`` and ``spans``: parallel lists, one entry per assertion (the verbatim sentence,
  the file it came from, and ``DOC_ID:START-END``, where it stands in that document: the key by
  which loads of several builds unite their assertions); ``DEADLINE`` also ``date`` (a date, or
  null when the year is unknown) and ``text`` (the time expressions as written, ``；``-joined).  ``MENTIONED_IN`` carries ``mentions``, how often the
  entity is named in the document.

Column types are LadybugDB's (Neo4j is schemaless and takes the same values).
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import networkx as nx
from rdflib import URIRef

from kg.errors import GraphError
from kg.vocab import (
    ENTITY_CLASSES,
    KG,
    LINK_PROPERTIES,
    NODE_CLASSES,
    RELATION_DOMAINS,
    local_name,
    neo4j_label,
    neo4j_rel_type,
    term_for,
)

log = logging.getLogger(__name__)

STRING, STRINGS, BOOL, INT, DATE = "STRING", "STRING[]", "BOOLEAN", "INT64", "DATE"
KEY = "id"

Columns = tuple[tuple[str, str], ...]

# place: the division a bare level name (区委, 市政府) is read in (kg/scope.py); null for other names.
ENTITY_COLUMNS: Columns = (("name", STRING), ("aliases", STRINGS), ("masked", BOOL), ("key", STRING), ("place", STRING))
EXTRA_COLUMNS: dict[URIRef, Columns] = {
    KG.Project: (("kind", STRING),),
}
OTHER_COLUMNS: dict[URIRef, Columns] = {
    KG.Document: (("name", STRING), ("file", STRING), ("title", STRING), ("year", INT), ("doc_id", STRING), ("content_hash", STRING)),
    KG.TimePoint: (("name", STRING), ("date", DATE)),  # only its date: the wording is DEADLINE's ``text``
}
ASSERTION_COLUMNS: Columns = (("evidence", STRINGS), ("documents", STRINGS), ("spans", STRINGS))
TEXT_SEPARATOR = "；"  # between the time expressions of a DEADLINE's ``text``
DEADLINE_COLUMNS: Columns = ASSERTION_COLUMNS + (("date", DATE), ("text", STRING))
MENTION_COLUMNS: Columns = (("mentions", INT),)


@dataclass(frozen=True)
class NodeTable:
    term: URIRef
    columns: Columns  # without the key

    @property
    def label(self) -> str:
        return neo4j_label(self.term)


@dataclass(frozen=True)
class RelTable:
    term: URIRef
    pairs: tuple[tuple[str, str], ...]  # (head label, tail label)
    columns: Columns

    @property
    def type(self) -> str:
        return neo4j_rel_type(self.term)


def node_tables() -> tuple[NodeTable, ...]:
    tables = []
    for term in NODE_CLASSES:
        if term in ENTITY_CLASSES:
            columns = ENTITY_COLUMNS + EXTRA_COLUMNS.get(term, ())
        else:
            columns = OTHER_COLUMNS[term]
        tables.append(NodeTable(term, columns))
    return tuple(tables)


def rel_tables() -> tuple[RelTable, ...]:
    tables = []
    for term in LINK_PROPERTIES:
        name = local_name(term)
        if term == KG.mentionedIn:
            heads, tails, columns = _labels(ENTITY_CLASSES), [neo4j_label(KG.Document)], MENTION_COLUMNS
        else:
            head_types, tail_types = RELATION_DOMAINS[name]
            heads = sorted(neo4j_label(term_for(t)) for t in head_types)
            tails = sorted(neo4j_label(term_for(t)) for t in tail_types) if tail_types else [neo4j_label(KG.TimePoint)]
            columns = DEADLINE_COLUMNS if term == KG.deadline else ASSERTION_COLUMNS
        tables.append(RelTable(term, tuple((h, t) for h in heads for t in tails), columns))
    return tuple(tables)


def _labels(terms) -> list[str]:
    return [neo4j_label(t) for t in terms]


_MENTIONED_IN, _DEADLINE = KG.mentionedIn, KG.deadline  # looked up once: a closed namespace's attribute is slow
_BY_TYPE_HEAD_TAIL = itemgetter(2, 0, 1)
NODE_TABLES = node_tables()
REL_TABLES = rel_tables()
_NODE_TABLE = {local_name(t.term): t for t in NODE_TABLES}
_REL_TABLE = {local_name(t.term): t for t in REL_TABLES}


def node_rows(g: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Label → rows (``id`` plus every column of the table, None where the graph has no value)."""
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for nid, attrs in sorted(g.nodes(data=True)):
        table = _NODE_TABLE.get(attrs.get("type", ""))
        if table is None:
            raise GraphError(f"node {nid!r}: type {attrs.get('type')!r} is not an ontology class")
        row: dict[str, Any] = {KEY: nid}
        for column, kind in table.columns:
            row[column] = _value(attrs.get(column), kind)
        rows[table.label].append(row)
    return dict(rows)


def rel_rows(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    """(type, head label, tail label) → rows (``source``, ``target`` and the table's columns).

    Edges whose ends are outside the relation's domain or range are left out with a warning, the
    same way for every store, so the stores stay identical.
    """
    rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    skipped = 0
    nodes = g.nodes
    labels: dict[str, str] = {}  # node type → label, worked out once per type rather than per edge end

    def label(node_type: str) -> str:
        found = labels.get(node_type)
        if found is None:
            found = labels[node_type] = neo4j_label(term_for(node_type))
        return found

    rel_types = {key: t.type for key, t in _REL_TABLE.items()}
    for u, v, key, attrs in sorted(g.edges(keys=True, data=True), key=_BY_TYPE_HEAD_TAIL):
        table = _REL_TABLE.get(key)
        if table is None:
            raise GraphError(f"edge {u!r} -> {v!r}: type {key!r} is not an ontology property")
        head = label(nodes[u]["type"])
        tail = label(nodes[v]["type"])
        if (head, tail) not in table.pairs:
            skipped += 1
            log.debug("edge %s -[%s]-> %s: %s -> %s is outside the ontology's domain/range", u, key, v, head, tail)
            continue
        row: dict[str, Any] = {"source": u, "target": v}
        row.update(_edge_properties(table, attrs, nodes[v]))
        rows[(rel_types[key], head, tail)].append(row)
    if skipped:
        log.warning("%d edge(s) outside the ontology's domain/range were not stored", skipped)
    return dict(rows)


def _edge_properties(table: RelTable, attrs: dict[str, Any], tail: dict[str, Any]) -> dict[str, Any]:
    if table.term == _MENTIONED_IN:
        return {"mentions": len({tuple(m) for m in attrs.get("mentions", [])})}
    assertions = sorted(
        attrs.get("assertions", []),
        key=lambda a: (a["doc_id"], a["start"], a["end"], a.get("time_text") or ""),
    )
    by_span: dict[str, dict[str, Any]] = {}
    for a in assertions:  # one entry per place in a document (two time texts of one sentence: one)
        by_span.setdefault(span_key(a["doc_id"], a["start"], a["end"]), a)
    props: dict[str, Any] = {
        "evidence": [a["evidence"] for a in by_span.values()],
        "documents": [a["doc"] for a in by_span.values()],
        "spans": list(by_span),
    }
    if table.term == _DEADLINE:
        texts = sorted({a["time_text"] for a in assertions if a.get("time_text")})
        props["date"] = _value(tail.get("date"), DATE)
        props["text"] = TEXT_SEPARATOR.join(texts) or None
    return props


def span_key(doc_id: str, start: int, end: int) -> str:
    """Where an assertion stands: its document and character range (``DOC_ID:START-END``)."""
    return f"{doc_id}:{int(start)}-{int(end)}"


def span_order(key: str) -> tuple[str, int, int]:
    """Sort key of a span: document, then start and end as numbers (the graph's own order)."""
    doc_id, _, rng = key.rpartition(":")
    start, _, end = rng.partition("-")
    try:
        return doc_id, int(start), int(end)
    except ValueError:
        return key, 0, 0


def _value(value: Any, kind: str) -> Any:
    if value is None:
        return [] if kind == STRINGS else None
    if kind == DATE:
        try:
            return dt.date.fromisoformat(value) if isinstance(value, str) else value
        except ValueError:
            raise GraphError(f"not an ISO date: {value!r}") from None
    if kind == STRINGS:
        return [str(v) for v in value]
    if kind == INT:
        return int(value)
    if kind == BOOL:
        return bool(value)
    return str(value)


def counts(node_rows_: dict[str, list], rel_rows_: dict[tuple, list]) -> tuple[int, int]:
    return sum(map(len, node_rows_.values())), sum(map(len, rel_rows_.values()))
