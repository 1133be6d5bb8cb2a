"""`kg export`: one graph, five formats.

``ttl``, ``nt`` and ``jsonld`` are the RDF of :mod:`loaders.rdf`; ``graphml`` is the networkx
graph with scalar attributes (lists and assertion records as JSON text, plus the Neo4j
``labels``/``label`` attributes APOC's GraphML import reads); ``csv`` is a directory of
neo4j-admin import files (:mod:`loaders.neo4j_csv`).
"""
from __future__ import annotations

import io
import json
import os
from enum import StrEnum
from pathlib import Path
from typing import Any

import networkx as nx

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
    data = export_bytes(g, fmt)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, out)
    return [out]


def to_graphml_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with only scalar attributes, in sorted order (so the same graph gives the same bytes)."""
    out = nx.MultiDiGraph()
    for nid, a in sorted(g.nodes(data=True)):
        attrs = _scalars(a)
        attrs["labels"] = ":" + neo4j_label(term_for(a["type"]))
        out.add_node(str(nid), **attrs)
    for u, v, k, a in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        attrs = _scalars(a)
        attrs["label"] = neo4j_rel_type(term_for(k))
        out.add_edge(str(u), str(v), key=str(k), **attrs)
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
