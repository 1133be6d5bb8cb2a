"""`kg export`: one graph, five formats.

``ttl``, ``nt`` and ``jsonld`` are the RDF of :mod:`loaders.rdf`; ``graphml`` is the networkx
graph with scalar attributes (lists and assertion records as JSON text, plus the Neo4j
``labels``/``label`` attributes APOC's GraphML import reads, and one unique id per edge: see
:func:`edge_id`); ``csv`` is a directory of
neo4j-admin import files (:mod:`loaders.neo4j_csv`).
"""
from __future__ import annotations

import hashlib
import io
import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import networkx as nx

from kg.files import write_atomic
from kg.vocab import neo4j_label, neo4j_rel_type, term_for
from loaders.neo4j_csv import write_neo4j_csv
from loaders.rdf import serialize, to_rdf


class ExportFormat(StrEnum):
    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"
    graphml = "graphml"
    csv = "csv"


DEFAULT_NAMES = {
    ExportFormat.ttl: "graph.ttl",
    ExportFormat.nt: "graph.nt",
    ExportFormat.jsonld: "graph.jsonld",
    ExportFormat.graphml: "graph.graphml",
    ExportFormat.csv: "neo4j-import",
}


def export_bytes(g: nx.MultiDiGraph, fmt: ExportFormat) -> bytes:
    """A single-file format as bytes (everything but csv)."""
    if fmt in (ExportFormat.ttl, ExportFormat.nt, ExportFormat.jsonld):
        return serialize(to_rdf(g), fmt.value)
    if fmt == ExportFormat.graphml:
        buf = io.BytesIO()
        nx.write_graphml(to_graphml_graph(g), buf, encoding="utf-8", prettyprint=True)
        return buf.getvalue()
    raise ValueError(f"{fmt} is written as a directory, not as bytes")


def export(g: nx.MultiDiGraph, fmt: ExportFormat, out: Path) -> list[Path]:
    """Write ``g`` to ``out`` (a file, or a directory for csv); return the paths written."""
    if fmt == ExportFormat.csv:
        return write_neo4j_csv(g, out)
    return [write_atomic(out, export_bytes(g, fmt))]


def edge_id(u: str, k: str, v: str) -> str:
    """The GraphML id of the edge ``u -[k]-> v``: its relation, then a hash of its three parts.

    Unique (the graph holds one edge per source, relation and target) and stable: it depends on
    the edge alone, so adding documents never renumbers the others.  An XML NMTOKEN, as the
    GraphML schema wants (``responsibleFor-3f2a9c0d1b7e4a65``)."""
    return f"{k}-{_edge_digest(u, k, v)[:16]}"


def _edge_digest(u: str, k: str, v: str) -> str:
    return hashlib.sha1("\x1f".join((u, k, v)).encode("utf-8")).hexdigest()


def to_graphml_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only scalar attributes, in sorted order (so the same graph gives the same bytes).
    networkx writes an edge's key as its GraphML id: the key is :func:`edge_id`."""
    out = nx.MultiDiGraph()
    for nid, a in sorted(g.nodes(data=True)):
        attrs = _scalars(a)
        attrs["labels"] = ":" + neo4j_label(term_for(a["type"]))
        out.add_node(str(nid), **attrs)
    seen: set[str] = set()
    for u, v, k, a in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        attrs = _scalars(a)
        attrs["label"] = neo4j_rel_type(term_for(k))
        eid = edge_id(str(u), str(k), str(v))
        if eid in seen:  # two edges whose 64-bit hashes meet: the whole hash tells them apart
            eid = f"{k}-{_edge_digest(str(u), str(k), str(v))}"
        seen.add(eid)
        out.add_edge(str(u), str(v), key=eid, **attrs)
    return out


def _scalars(attrs: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in sorted(attrs.items()):
        if value is None:
            continue  # GraphML has no null: an absent attribute is the null
        if isinstance(value, (list, tuple, dict)):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif isinstance(value, str):
            value = str(value)  # a StrEnum (EntityType…) is written as its plain value
        out[key] = value
    return out
