"""Document records → one networkx graph; the canonical ``graph.json`` every sink reads.

Nodes are entities (one per real entity across documents, see :mod:`kg.resolve`), documents
and time points.  Edges are keyed by relation type; an edge carries the list of *assertions*
(document, verbatim evidence, offsets, time text and date) that state it, so a fact named by
two speeches is one edge with two pieces of evidence.  Every entity has a ``mentionedIn``
edge to each document that names it.  The same input always gives the same ids and bytes.
"""
from __future__ import annotations

import hashlib
import heapq
import json
import os
from bisect import bisect_left, bisect_right
from json.decoder import scanstring as _scanstring
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import GraphError
from kg.model import Document
from kg.redaction import is_masked
from kg.resolve import canonical_key, node_id, scoped_key
from kg.scope import GLOBAL, Scope, document_places, scope_of
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


@dataclass(frozen=True, slots=True)
class Contribution:
    """What one document adds to the graph, worked out from the document alone (in whichever
    process extracted it) and merged into the graph in input order by :class:`GraphBuilder`."""

    doc_node: str
    doc_attrs: dict[str, Any]
    entities: list[tuple]  # (node id, type, name, key, aliases, masked, kind, mentions, place)
    relations: list[tuple]  # (head id, tail id, relation type, assertion)
    entity_types: list[str]  # of every entity the record names
    relation_types: list[str]  # of every relation the record names

    @property
    def file(self) -> str:
        return self.doc_attrs["file"]


@lru_cache(maxsize=1 << 16)
def _unscoped_entity_id(etype: str, name: str) -> tuple[str, str]:
    key = canonical_key(etype, name)
    return key, node_id(etype, key)


@lru_cache(maxsize=1 << 16)
def _scoped_entity_id(etype: str, name: str, scope: Scope) -> tuple[str, str]:
    key = scoped_key(canonical_key(etype, name), scope)
    return key, node_id(etype, key)


def entity_id(etype: str, name: str, doc_id: str, scope: Scope = GLOBAL) -> tuple[str, str]:
    """(canonical key, node id) of an entity.  Masked names are scoped to their document; a name
    whose body depends on its place (区委, 能源局: see :mod:`kg.scope`) to ``scope``."""
    if is_masked(name):
        key = canonical_key(etype, name, doc_id)
        return key, node_id(etype, key)
    if scope.scoped:
        return _scoped_entity_id(etype, name, scope)
    return _unscoped_entity_id(etype, name)  # the pinyin slug once per name, not per mention


def contribution(doc: Document) -> Contribution:
    by_name: dict[str, str] = {}
    entities = []
    places = document_places(doc)
    for ent in doc.entities:
        scope = scope_of(ent.type, ent.name, places, doc.doc_id)
        key, nid = entity_id(ent.type, ent.name, doc.doc_id, scope)
        entities.append((nid, ent.type, ent.name, key, list(ent.aliases), ent.masked, ent.kind, [list(m) for m in ent.mentions],
                         scope.place))
        for n in ent.names():
            by_name[n] = nid
    relations = []
    for rel in doc.relations:
        head = by_name.get(rel.head)
        if head is None:
            continue
        time_text = None
        if rel.type == RelationType.deadline:
            tail = timepoint_node_id(rel.date, rel.tail, doc.doc_id)
            time_text = rel.tail
        else:
            tail = by_name.get(rel.tail)
            if tail is None:
                continue
        assertion = {
            "doc_id": doc.doc_id, "doc": doc.doc,
            "evidence": doc.text[rel.evidence[0] : rel.evidence[1]],
            "start": rel.evidence[0], "end": rel.evidence[1],
            "time_text": time_text, "date": rel.date,
        }
        relations.append((head, tail, rel.type, assertion))
    doc_attrs = {"type": DOCUMENT, "name": doc.title or doc.doc, "file": doc.doc, "title": doc.title,
                 "year": doc.year, "doc_id": doc.doc_id, "content_hash": doc.content_hash or None}
    return Contribution(document_node_id(doc), doc_attrs, entities, relations,
                        [e.type for e in doc.entities], [r.type for r in doc.relations])


class GraphBuilder:
    """Accumulates document records into one graph; holds no document text."""

    def __init__(self) -> None:
        self.graph = nx.MultiDiGraph()
        self.documents = 0
        self._assertions: dict[tuple[str, str, str], set[tuple]] = {}  # per edge: assertions it has

    def add(self, doc: Document) -> None:
        self.merge(contribution(doc))

    def merge(self, c: Contribution) -> None:
        # networkx's own dicts, filled as add_node and add_edge fill them (same dicts, in the same
        # order): through the public calls, with their checks and views, a merge took twice as long.
        g = self.graph
        nodes, succ, pred = g._node, g._succ, g._pred
        self.documents += 1
        doc_node = c.doc_node
        if doc_node in succ:
            nodes[doc_node].update(c.doc_attrs)
        else:
            self._new_node(doc_node).update(c.doc_attrs)
        for nid, etype, name, key, aliases, masked, kind, mentions, place in c.entities:
            self._add_entity(nid, etype, name, key, aliases, masked, kind, place)
            self._edge(nid, doc_node, MENTIONED_IN, "mentions")["mentions"].extend(mentions)
        for head, tail, rtype, assertion in c.relations:
            if rtype == RelationType.deadline and tail not in nodes:
                # A time point is only its date: one node for every deadline on that day, however
                # each document words it; the wording stays on the assertion ("time_text").
                date = assertion["date"]
                self._new_node(tail).update(type=TIMEPOINT, name=date or assertion["time_text"], date=date)
            data = self._edge(head, tail, rtype, "assertions")
            seen = self._assertions.setdefault((head, tail, rtype), set())
            identity = tuple(assertion.values())
            if identity not in seen:  # a set, not a scan of the list: an edge may gather thousands
                seen.add(identity)
                data["assertions"].append(assertion)
        nx._clear_cache(g)

    def _new_node(self, n: str) -> dict[str, Any]:
        """``g.add_node(n)`` for a node not in the graph: its attributes, to fill."""
        g = self.graph
        g._succ[n] = {}
        g._pred[n] = {}
        attrs = g._node[n] = {}
        return attrs

    def _edge(self, u: str, v: str, k: str, items: str) -> dict[str, Any]:
        """The attributes of the edge ``u -[k]-> v``, made as ``g.add_edge(u, v, key=k, type=k,
        **{items: []})`` makes it when there is none (with its ends, should they be missing)."""
        succ = self.graph._succ
        if u not in succ:
            self._new_node(u)
        if v not in succ:
            self._new_node(v)
        out = succ[u]
        keys = out.get(v)
        if keys is None:
            data = {"type": k, items: []}
            out[v] = self.graph._pred[v][u] = {k: data}
            return data
        data = keys.get(k)
        if data is None:
            data = keys[k] = {"type": k, items: []}
        return data

    def _add_entity(self, nid: str, etype: str, name: str, key: str, aliases: list[str], masked: bool, kind: str | None,
                    place: str | None = None) -> None:
        node = self.graph._node.get(nid)
        if node is None:
            node = self._new_node(nid)
            node.update(type=etype, name=name, key=key, aliases=[], masked=masked)
            if place:  # a bare level name (区委) read in its document's place: the key holds it too
                node["place"] = place
        known = node["aliases"]
        current = node["name"]
        if not ((name == current or name in known) and all(a == current or a in known for a in aliases)):
            # The fuller form wins as the display name; every other surface form is an alias.
            # (Names already known change neither: most mentions of a node across documents.)
            names = {current, name, *known, *aliases}
            node["name"] = max(names, key=lambda n: (len(n), n))
            node["aliases"] = sorted(names - {node["name"]})
        if etype == EntityType.Project and kind and (node.get("kind") in (None, "task")):
            node["kind"] = kind


def build_graph(docs: list[Document]) -> nx.MultiDiGraph:
    builder = GraphBuilder()
    for d in docs:
        builder.add(d)
    return builder.graph


def node_documents(g: nx.MultiDiGraph, nid: str) -> list[str]:
    """Files of the documents that mention an entity node."""
    return sorted({g.nodes[d]["file"] for _, d, k in g.out_edges(nid, keys=True) if k == MENTIONED_IN})


_BY_HEAD_TYPE_TAIL = itemgetter(0, 2, 1)


def to_json(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Canonical, sorted form: byte-identical output for the same graph."""
    nodes = [_node_json(n, a) for n, a in sorted(g.nodes(data=True))]
    edges = [_edge_json(u, v, a) for u, v, _, a in sorted(g.edges(keys=True, data=True), key=_BY_HEAD_TYPE_TAIL)]
    return {"format": "zhgov-kg graph", "version": FORMAT_VERSION, "nodes": nodes, "edges": edges}


def _node_json(n: str, a: dict[str, Any]) -> dict[str, Any]:
    return {"id": n, **_sorted_attrs(a)}


def _edge_json(u: str, v: str, a: dict[str, Any]) -> dict[str, Any]:
    attrs = dict(a)
    if "assertions" in attrs:
        attrs["assertions"] = sorted(attrs["assertions"], key=lambda x: (x["doc_id"], x["start"], x["end"], x["time_text"] or ""))
    if "mentions" in attrs:
        attrs["mentions"] = [list(m) for m in sorted({tuple(m) for m in attrs["mentions"]})]
    return {"source": u, "target": v, **attrs}


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


def _compact_encoder():
    """``JSONEncoder(ensure_ascii=False).encode`` (without indent: the C encoder), with the C
    encoder made once rather than once per call (a tenth of graph.json's time on a large graph)."""
    encoder = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - Python without json's C speedups
        return encoder.encode
    c_encode = make(None, encoder.default, json.encoder.encode_basestring, None, encoder.key_separator,
                    encoder.item_separator, False, False, True)
    return lambda o: "".join(c_encode(o, 0))


_ENCODE = _compact_encoder()


def graph_json_bytes(data: dict[str, Any]) -> bytes:
    """``graph.json``: one node or edge per line (readable, diffable), each line encoded by the C
    encoder (an indented dump runs json's pure-Python encoder: several seconds on a large graph)."""
    head = {k: v for k, v in data.items() if k not in ("nodes", "edges")}
    return _json_document(head, list(map(_ENCODE, data.get("nodes", []))), list(map(_ENCODE, data.get("edges", []))))


def _json_document(head: dict[str, Any], nodes: list[str], edges: list[str]) -> bytes:
    return _json_document_bytes(head, [n.encode("utf-8") for n in nodes], [e.encode("utf-8") for e in edges])


def _json_document_bytes(head: dict[str, Any], nodes: list[bytes], edges: list[bytes]) -> bytes:
    parts = [b"{", ", ".join(f"{_ENCODE(k)}: {_ENCODE(v)}" for k, v in head.items()).encode("utf-8")]
    for key, items in ((b'"nodes"', nodes), (b'"edges"', edges)):
        parts.append(b",\n " + key + b": [\n  " + b",\n  ".join(items) + b"\n ]" if items else b",\n " + key + b": []")
    parts.append(b"\n}\n")
    return b"".join(parts)


def write_graph(g: nx.MultiDiGraph, out_dir: Path, previous: bytes | None = None, changed: frozenset[str] | None = None) -> Path:
    """``graph.json``; given the previous build's file (``previous``, as it was written from a
    graph that differs from ``g`` at most in the ``changed`` nodes and their edges), its lines for
    everything else are taken as they are and only the changed nodes and edges encoded."""
    path = out_dir / GRAPH_FILE
    data = None
    if previous is not None and changed is not None:
        data = updated_graph_json(g, previous, changed)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data if data is not None else graph_json_bytes(to_json(g)))
    os.replace(tmp, path)
    return path


_NODE_LINE, _EDGE_LINE = b'  {"id": "', b'  {"source": "'


def _id_at(line: bytes, start: int) -> str:
    """The JSON string that starts at ``start`` of a line (after its opening quote).  Lines are
    taken as bytes: decoding the previous file whole and encoding it again was half the update."""
    raw = line[start : line.index(b'"', start)]
    if b"\\" in raw:  # an escape: the quote found may be one of the string's own
        return _scanstring(line.decode("utf-8"), start)[0]  # the prefix is ASCII: same offset
    return raw.decode("utf-8")


def updated_graph_json(g: nx.MultiDiGraph, previous: bytes, changed: frozenset[str]) -> bytes | None:
    """The bytes :func:`graph_json_bytes` gives for ``g``, made from the previous file's lines for
    every node not in ``changed`` and every edge out of such a node; None if ``previous`` is not
    a file :func:`graph_json_bytes` wrote, or does not add up to ``g``.

    An edge out of an unchanged node is as it was (see :class:`kg.pipeline.Changes`), so only the
    edges out of changed nodes are encoded again.  Edges are sorted by head first: each changed
    node's edges are one run of lines, found by bisection, not by reading every line's ids."""
    try:
        lines = previous.split(b"\n")
        if lines[0] != b'{"format": "zhgov-kg graph", "version": %d,' % FORMAT_VERSION:
            return None
        nodes_at = lines.index(b' "nodes": [')
        edges_at = lines.index(b' "edges": [')
        if lines[edges_at - 1] != b" ]," or lines[-3:] != [b" ]", b"}", b""] or nodes_at != 1:
            return None
        old_nodes, old_edges = lines[nodes_at + 1 : edges_at - 1], lines[edges_at + 1 : -3]
        nodes: list[tuple[str, bytes]] = []
        for line in old_nodes:
            if not line.startswith(_NODE_LINE):
                return None
            nid = _id_at(line, len(_NODE_LINE))
            if nid not in changed:
                nodes.append((nid, line[2:].rstrip(b",")))
        if not all(line.startswith(_EDGE_LINE) for line in old_edges):
            return None

        def head(line: bytes) -> str:
            return _id_at(line, len(_EDGE_LINE))

        edges: list[bytes] = []
        at = 0
        for u in sorted(changed):
            lo = bisect_left(old_edges, u, at, key=head)
            hi = bisect_right(old_edges, u, lo, key=head)
            edges.extend(line[2:].rstrip(b",") for line in old_edges[at:lo])
            if u in g:
                out = sorted((k, v, a) for v, keys in g.adj[u].items() for k, a in keys.items())
                edges.extend(_ENCODE(_edge_json(u, v, a)).encode("utf-8") for k, v, a in out)
            at = hi
        edges.extend(line[2:].rstrip(b",") for line in old_edges[at:])
    except (UnicodeDecodeError, ValueError, IndexError):
        return None
    present = sorted(n for n in changed if n in g)
    new_nodes = [(n, _ENCODE(_node_json(n, g.nodes[n])).encode("utf-8")) for n in present]
    if len(nodes) + len(new_nodes) != g.number_of_nodes() or len(edges) != g.number_of_edges():
        return None
    merged_nodes = [line for _, line in heapq.merge(nodes, new_nodes, key=_FIRST)]
    return _json_document_bytes({"format": "zhgov-kg graph", "version": FORMAT_VERSION}, merged_nodes, edges)


_FIRST = itemgetter(0)


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
