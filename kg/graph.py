"""Document records → one networkx graph; the canonical ``graph.json`` every sink reads.

Nodes are entities (one per real entity across documents, see :mod:`kg.resolve`), documents
and time points.  Edges are keyed by relation type; an edge carries the list of *assertions*
(document, verbatim evidence, offsets, time text and date) that state it, so a fact named by
two speeches is one edge with two pieces of evidence.  Every entity has a ``mentionedIn``
edge to each document that names it.  The same input always gives the same ids and bytes.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import GraphError
from kg.model import Document
from kg.resolve import canonical_key, node_id
from kg.vocab import KG, EntityType, RelationType, local_name

DOCUMENT = local_name(KG.Document)
TIMEPOINT = local_name(KG.TimePoint)
MENTIONED_IN = local_name(KG.mentionedIn)
GRAPH_FILE = "graph.json"
DOCUMENTS_DIR = "documents"  # per-document records of a build, next to graph.json
FORMAT_VERSION = 1


def document_node_id(doc: Document) -> str:
    return f"document/{doc.doc_id}"


def timepoint_node_id(date: str | None, text: str, doc_id: str) -> str:
    if date:
        return f"timepoint/{date}"
    digest = hashlib.sha1(f"{doc_id}\x1f{text}".encode("utf-8")).hexdigest()[:12]
    return f"timepoint/undated-{digest}"


class GraphBuilder:
    """Accumulates document records into one graph; holds no document text."""

    def __init__(self) -> None:
        self.graph = nx.MultiDiGraph()
        self.documents = 0
        self._ids: dict[tuple[str, str], str] = {}  # (type, key) -> node id: pinyin once per entity

    def add(self, doc: Document) -> None:
        g = self.graph
        self.documents += 1
        doc_node = document_node_id(doc)
        g.add_node(
            doc_node, type=DOCUMENT, name=doc.title or doc.doc, file=doc.doc,
            title=doc.title, year=doc.year, doc_id=doc.doc_id,
        )
        by_name: dict[str, str] = {}
        for ent in doc.entities:
            nid = self._add_entity(ent.type, ent.name, ent.aliases, ent.masked, ent.kind, doc.doc_id)
            for n in ent.names():
                by_name[n] = nid
            if not g.has_edge(nid, doc_node, MENTIONED_IN):
                g.add_edge(nid, doc_node, key=MENTIONED_IN, type=MENTIONED_IN, mentions=[])
            g.edges[nid, doc_node, MENTIONED_IN]["mentions"].extend([list(m) for m in ent.mentions])
        for rel in doc.relations:
            head = by_name.get(rel.head)
            if head is None:
                continue
            time_text = None
            if rel.type == RelationType.deadline:
                tail = timepoint_node_id(rel.date, rel.tail, doc.doc_id)
                time_text = rel.tail
                node = g.nodes.get(tail)
                if node is None:
                    g.add_node(tail, type=TIMEPOINT, name=rel.date or rel.tail, date=rel.date, texts=[rel.tail])
                elif rel.tail not in node["texts"]:
                    node["texts"] = sorted(node["texts"] + [rel.tail])
            else:
                tail = by_name.get(rel.tail)
                if tail is None:
                    continue
            if not g.has_edge(head, tail, rel.type):
                g.add_edge(head, tail, key=rel.type, type=rel.type, assertions=[])
            assertion = {
                "doc_id": doc.doc_id, "doc": doc.doc,
                "evidence": doc.text[rel.evidence[0] : rel.evidence[1]],
                "start": rel.evidence[0], "end": rel.evidence[1],
                "time_text": time_text, "date": rel.date,
            }
            assertions = g.edges[head, tail, rel.type]["assertions"]
            if assertion not in assertions:
                assertions.append(assertion)

    def _add_entity(self, etype: str, name: str, aliases: list[str], masked: bool, kind: str | None, doc_id: str) -> str:
        key = canonical_key(etype, name, doc_id)
        nid = self._ids.get((etype, key))
        if nid is None:
            nid = self._ids[(etype, key)] = node_id(etype, key)
        g = self.graph
        if nid not in g:
            g.add_node(nid, type=etype, name=name, key=key, aliases=[], masked=masked)
        node = g.nodes[nid]
        # The fuller form wins as the display name; every other surface form is an alias.
        names = {node["name"], name, *node["aliases"], *aliases}
        node["name"] = max(names, key=lambda n: (len(n), n))
        node["aliases"] = sorted(names - {node["name"]})
        if etype == EntityType.Project and kind and (node.get("kind") in (None, "task")):
            node["kind"] = kind
        return nid


def build_graph(docs: list[Document]) -> nx.MultiDiGraph:
    builder = GraphBuilder()
    for d in docs:
        builder.add(d)
    return builder.graph


def node_documents(g: nx.MultiDiGraph, nid: str) -> list[str]:
    """Files of the documents that mention an entity node."""
    return sorted({g.nodes[d]["file"] for _, d, k in g.out_edges(nid, keys=True) if k == MENTIONED_IN})


def to_json(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Canonical, sorted form: byte-identical output for the same graph."""
    nodes = [{"id": n, **_sorted_attrs(a)} for n, a in sorted(g.nodes(data=True))]
    edges = []
    for u, v, k, a in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        attrs = dict(a)
        if "assertions" in attrs:
            attrs["assertions"] = sorted(attrs["assertions"], key=lambda x: (x["doc_id"], x["start"], x["end"], x["time_text"] or ""))
        if "mentions" in attrs:
            attrs["mentions"] = sorted({tuple(m) for m in attrs["mentions"]})
            attrs["mentions"] = [list(m) for m in attrs["mentions"]]
        edges.append({"source": u, "target": v, **attrs})
    return {"format": "zhgov-kg graph", "version": FORMAT_VERSION, "nodes": nodes, "edges": edges}


def from_json(data: dict[str, Any]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n in data["nodes"]:
        attrs = {k: v for k, v in n.items() if k != "id"}
        g.add_node(n["id"], **attrs)
    for e in data["edges"]:
        attrs = {k: v for k, v in e.items() if k not in ("source", "target")}
        g.add_edge(e["source"], e["target"], key=e["type"], **attrs)
    return g


def _sorted_attrs(a: dict[str, Any]) -> dict[str, Any]:
    return {k: a[k] for k in sorted(a)}


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to a temporary name, then rename: readers never see half a file."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1, sort_keys=False)
        f.write("\n")
    os.replace(tmp, path)


def write_graph(g: nx.MultiDiGraph, out_dir: Path) -> Path:
    path = out_dir / GRAPH_FILE
    write_json_atomic(path, to_json(g))
    return path


def read_graph(location: str | Path) -> nx.MultiDiGraph:
    """Read a graph from a build directory (its graph.json) or a graph.json file."""
    path = Path(location)
    if path.is_dir():
        path = path / GRAPH_FILE
    if not path.exists():
        raise GraphError(f"{location}: no {GRAPH_FILE} here; run `kg build PATHS --out DIR` first")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != "zhgov-kg graph":
            raise GraphError(f"{path}: not a zhgov-kg graph file")
        return from_json(data)
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise GraphError(f"{path}: malformed graph file ({exc})") from None
