"""The graph as RDF under ``ontology/kg.ttl``, and back.

Every node gets the IRI ``https://w3id.org/zhgov-kg/id/<node id>`` (ids are ASCII, deterministic
and pinyin-readable; anything else is percent-encoded), its class, a ``rdfs:label@zh`` and its
id as ``dcterms:identifier``.  Every relation is a direct triple *plus* a ``kg:Assertion`` per
statement of it: a reified ``rdf:Statement`` with ``prov:wasDerivedFrom`` (the document),
``kg:evidenceText`` (the verbatim sentence), ``kg:startOffset``/``kg:endOffset`` (its place in
the cleaned text) and, for deadlines, ``kg:timeText`` (the time expression as that sentence writes
it; the date is the ``kg:date`` of the ``kg:TimePoint`` the assertion's object names, a node that
is only its date and label, shared by every deadline on that day).

:func:`serialize` writes Turtle, N-Triples and JSON-LD byte-identically for the same graph;
:func:`from_rdf` reads any of them back into the networkx graph (the Turtle → graph → Turtle
round trip is isomorphic).
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, unquote

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS
from rdflib.plugins.parsers.notation3 import BadSyntax

from kg.errors import GraphError
from kg.files import write_atomic
from kg.graph import DOCUMENTS_DIR
from loaders.version import outputs_fingerprint
from loaders.terms import (
    RDF_TYPE, XSD_BOOLEAN, XSD_INTEGER, Lit, Triple, _expanded, group, ntriples, rdflib_graph, triples_of, turtle, updated_turtle,
)
from kg.vocab import (
    ENTITY_CLASSES, KG, LINK_PROPERTIES, NODE_CLASSES, RELATION_PROPERTIES, RESOURCE_BASE, local_name,
)

TURTLE_FILE = "graph.ttl"
LANG = "zh"

DOCUMENT = local_name(KG.Document)
TIMEPOINT = local_name(KG.TimePoint)
ASSERTION_PREFIX = local_name(KG.Assertion).lower()
_ENTITY_TYPES = frozenset(local_name(c) for c in ENTITY_CLASSES)
_CLASS_BY_IRI = {c: local_name(c) for c in NODE_CLASSES}
_LINK_BY_IRI = {p: local_name(p) for p in LINK_PROPERTIES}
_RELATION_IRIS = frozenset(RELATION_PROPERTIES)

# Prefixes written into Turtle and JSON-LD.  One per node class keeps IRIs readable in Turtle:
# department:guo-jia-fa-gai-wei-1a2b3c4d rather than the full IRI.
PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    **{local_name(c).lower(): RESOURCE_BASE + local_name(c).lower() + "/" for c in NODE_CLASSES},
    ASSERTION_PREFIX: RESOURCE_BASE + ASSERTION_PREFIX + "/",
}

log = logging.getLogger(__name__)

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


# ---------------------------------------------------------------- IRIs
def iri(node_id: str) -> URIRef:
    """Node id → IRI.  Ids are ASCII already; anything else is percent-encoded, never raw."""
    return URIRef(RESOURCE_BASE + quote(node_id, safe="/-._~"))


def node_id_of(ref: URIRef) -> str:
    text = str(ref)
    if not text.startswith(RESOURCE_BASE):
        raise GraphError(f"{text}: not a zhgov-kg node IRI (expected {RESOURCE_BASE}…)")
    return unquote(text[len(RESOURCE_BASE):])


def document_node(doc_id: str) -> str:
    return f"{DOCUMENT.lower()}/{doc_id}"


def assertion_iri(head: str, relation: str, tail: str, assertion: dict[str, Any]) -> URIRef:
    """Deterministic: the same statement of the same fact in the same place gets the same IRI."""
    key = "\x1f".join(map(str, (head, relation, tail, assertion["doc_id"], assertion["start"], assertion["end"])))
    return iri(f"{ASSERTION_PREFIX}/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}")


# ---------------------------------------------------------------- graph → RDF
def new_graph() -> Graph:
    rdf = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        rdf.bind(prefix, Namespace(ns), override=True, replace=True)
    return rdf


def to_rdf(g: nx.MultiDiGraph) -> Graph:
    """The graph's :func:`triples` in an rdflib graph (for export, parsing back, tests)."""
    return rdflib_graph(triples(g), new_graph())


_TYPE, _LABEL, _IDENTIFIER = str(RDF.type), str(RDFS.label), str(DCTERMS.identifier)
_ALT_LABEL, _TITLE, _DERIVED = str(SKOS.altLabel), str(DCTERMS.title), str(PROV.wasDerivedFrom)
_SUBJECT, _PREDICATE, _OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
_XSD_DATE = str(XSD.date)
_K_CONTENTHASH = str(KG.contentHash)
_K_DATE = str(KG.date)
_K_ENDOFFSET = str(KG.endOffset)
_K_EVIDENCETEXT = str(KG.evidenceText)
_K_FILE = str(KG.file)
_K_KIND = str(KG.kind)
_K_MASKED = str(KG.masked)
_K_STARTOFFSET = str(KG.startOffset)
_K_TIMETEXT = str(KG.timeText)
_K_YEAR = str(KG.year)
_ASSERTION_CLASS = str(KG.Assertion)
_RELATION_NAMES = frozenset(local_name(p) for p in RELATION_PROPERTIES)


def triples(g: nx.MultiDiGraph, heads: Iterable[str] | None = None) -> list[Triple]:
    """Every triple of the graph's RDF, as plain terms (see :mod:`loaders.terms`); with ``heads``,
    those of the Turtle blocks of these nodes only: each one's own triples, a triple per edge out
    of it, and the assertions of those edges."""
    out: list[Triple] = []
    iris: dict[str, str] = {}

    def node_iri(nid: str) -> str:
        ref = iris.get(nid)
        if ref is None:
            ref = iris[nid] = str(iri(nid))
        return ref

    if heads is None:
        nodes, edges = g.nodes(data=True), g.edges(keys=True, data=True)
    else:
        heads = sorted(set(heads))
        nodes = ((n, g.nodes[n]) for n in heads)
        edges = (e for n in heads for e in g.out_edges(n, keys=True, data=True))
    for nid, a in nodes:
        _node_triples(out, node_iri(nid), nid, a)
    for u, v, k, a in edges:
        prop, head, tail = _property(k), node_iri(u), node_iri(v)
        out.append((head, prop, tail))
        if k not in _RELATION_NAMES:
            continue
        for asr in a.get("assertions", []):
            _assertion_triples(out, str(assertion_iri(u, k, v, asr)), head, prop, tail, node_iri(document_node(asr["doc_id"])), asr)
    return out


@lru_cache(maxsize=None)
def _property(name: str) -> str:
    return str(KG[name])  # the closed namespace raises on a name the ontology does not have


_TRUE, _FALSE = Lit("true", XSD_BOOLEAN), Lit("false", XSD_BOOLEAN)


def _node_triples(out: list[Triple], node: str, nid: str, a: dict[str, Any]) -> None:
    ntype = a["type"]
    out.append((node, _TYPE, _property(ntype)))
    out.append((node, _LABEL, Lit(a["name"], None, LANG)))
    out.append((node, _IDENTIFIER, Lit(nid)))
    if ntype in _ENTITY_TYPES:
        for alias in a.get("aliases") or []:
            out.append((node, _ALT_LABEL, Lit(alias, None, LANG)))
        out.append((node, _K_MASKED, _TRUE if a.get("masked") else _FALSE))
        if a.get("kind"):
            out.append((node, _K_KIND, Lit(a["kind"])))
    elif ntype == DOCUMENT:
        out.append((node, _K_FILE, Lit(a.get("file") or a["name"])))
        if a.get("content_hash"):
            out.append((node, _K_CONTENTHASH, Lit(a["content_hash"])))
        if a.get("title"):
            out.append((node, _TITLE, Lit(a["title"], None, LANG)))
        if a.get("year"):
            out.append((node, _K_YEAR, Lit(str(int(a["year"])), XSD_INTEGER)))  # xsd:gYear is not OWL 2 DL
    elif ntype == TIMEPOINT:
        if a.get("date"):
            out.append((node, _K_DATE, Lit(a["date"], _XSD_DATE)))  # the wording stays on the assertion


def _assertion_triples(out: list[Triple], node: str, head: str, prop: str, tail: str, doc: str, asr: dict[str, Any]) -> None:
    out += [
        (node, _TYPE, _ASSERTION_CLASS),
        (node, _SUBJECT, head),
        (node, _PREDICATE, prop),
        (node, _OBJECT, tail),
        (node, _DERIVED, doc),
        (node, _K_EVIDENCETEXT, Lit(asr["evidence"], None, LANG)),
        (node, _K_STARTOFFSET, Lit(str(int(asr["start"])), XSD_INTEGER)),
        (node, _K_ENDOFFSET, Lit(str(int(asr["end"])), XSD_INTEGER)),
    ]
    if asr.get("time_text"):
        out.append((node, _K_TIMETEXT, Lit(asr["time_text"], None, LANG)))


# ---------------------------------------------------------------- RDF → graph
def from_rdf(rdf: Graph) -> nx.MultiDiGraph:
    """Read a graph written by :func:`to_rdf` (from any RDF syntax) back into networkx.

    What RDF does not carry is left out: entity ``key`` and ``mentionedIn`` mention spans.
    """
    g = nx.MultiDiGraph()
    for ref, cls in sorted(rdf.subject_objects(RDF.type)):
        ntype = _CLASS_BY_IRI.get(cls)
        if ntype is not None and isinstance(ref, URIRef):
            g.add_node(node_id_of(ref), **_node_attrs(rdf, ref, ntype))
    for prop, name in sorted(_LINK_BY_IRI.items()):
        for s, o in sorted(rdf.subject_objects(prop)):
            _ensure_edge(g, node_id_of(s), node_id_of(o), name)
    for ref in sorted(rdf.subjects(RDF.type, KG.Assertion)):
        u, v = rdf.value(ref, RDF.subject), rdf.value(ref, RDF.object)
        k = _LINK_BY_IRI.get(rdf.value(ref, RDF.predicate))
        if u is None or v is None or k is None:
            raise GraphError(f"{ref}: assertion without rdf:subject, rdf:predicate or rdf:object")
        _ensure_edge(g, node_id_of(u), node_id_of(v), k)["assertions"].append(_assertion_attrs(rdf, ref, g, node_id_of(v), k))
    for _, _, a in g.edges(data=True):
        if "assertions" in a:
            a["assertions"].sort(key=lambda x: (x["doc_id"], x["start"], x["end"], x["time_text"] or ""))
    return g


def _ensure_edge(g: nx.MultiDiGraph, u: str, v: str, k: str) -> dict[str, Any]:
    if not g.has_edge(u, v, k):
        extra = {"mentions": []} if k == local_name(KG.mentionedIn) else {"assertions": []}
        g.add_edge(u, v, key=k, type=k, **extra)
    return g.edges[u, v, k]


def _text(rdf: Graph, ref: URIRef, prop: URIRef) -> str | None:
    values = sorted(str(o) for o in rdf.objects(ref, prop))
    return values[0] if values else None


def _node_attrs(rdf: Graph, ref: URIRef, ntype: str) -> dict[str, Any]:
    attrs: dict[str, Any] = {"type": ntype, "name": _label(rdf, ref)}
    if ntype in _ENTITY_TYPES:
        attrs["aliases"] = sorted(str(o) for o in rdf.objects(ref, SKOS.altLabel))
        masked = rdf.value(ref, KG.masked)
        attrs["masked"] = masked is not None and masked.toPython() is True
        kind = _text(rdf, ref, KG.kind)
        if kind:
            attrs["kind"] = kind
    elif ntype == DOCUMENT:
        year = rdf.value(ref, KG.year)
        attrs.update(file=_text(rdf, ref, KG.file), title=_text(rdf, ref, DCTERMS.title),
                     year=int(str(year)) if year is not None else None,
                     doc_id=node_id_of(ref).split("/", 1)[-1], content_hash=_text(rdf, ref, KG.contentHash))
    elif ntype == TIMEPOINT:
        attrs["date"] = _text(rdf, ref, KG.date)
    return attrs


def _label(rdf: Graph, ref: URIRef) -> str:
    labels = sorted(rdf.objects(ref, RDFS.label), key=lambda o: (getattr(o, "language", None) != LANG, str(o)))
    if not labels:
        raise GraphError(f"{ref}: node without rdfs:label")
    return str(labels[0])


def _assertion_attrs(rdf: Graph, ref: URIRef, g: nx.MultiDiGraph, tail: str, k: str) -> dict[str, Any]:
    doc = rdf.value(ref, PROV.wasDerivedFrom)
    start, end = rdf.value(ref, KG.startOffset), rdf.value(ref, KG.endOffset)
    if doc is None or start is None or end is None:
        raise GraphError(f"{ref}: assertion without prov:wasDerivedFrom, kg:startOffset or kg:endOffset")
    doc_node = node_id_of(doc)
    deadline = k == local_name(KG.deadline)
    return {
        "doc_id": doc_node.split("/", 1)[-1],
        "doc": g.nodes[doc_node].get("file") if doc_node in g else None,
        "evidence": _text(rdf, ref, KG.evidenceText) or "",
        "start": int(start), "end": int(end),
        "time_text": _text(rdf, ref, KG.timeText),
        "date": g.nodes[tail].get("date") if deadline and tail in g else None,
    }


# ---------------------------------------------------------------- serialisation
def serialize(rdf: Graph, fmt: str = "ttl") -> bytes:
    """Turtle, N-Triples or JSON-LD as UTF-8 bytes, identical for the same triples."""
    if fmt in ("ttl", "nt"):
        return serialize_triples(triples_of(rdf), fmt)
    if fmt == "jsonld":
        return _canonical_jsonld(rdf)
    raise ValueError(f"unknown RDF format {fmt!r}; expected one of {', '.join(FORMATS)}")


def serialize_triples(plain: list[Triple], fmt: str = "ttl") -> bytes:
    """Turtle or N-Triples straight from plain triples (no rdflib graph: a fraction of the time)."""
    if fmt == "ttl":
        return turtle(plain, PREFIXES)
    if fmt == "nt":
        return ntriples(plain)
    return serialize(rdflib_graph(plain, new_graph()), fmt)


def _canonical_jsonld(rdf: Graph) -> bytes:
    context = {p: ns for p, ns in PREFIXES.items() if p in ("kg", "rdf", "rdfs", "xsd", "skos", "dcterms", "prov")}
    data = json.loads(rdf.serialize(format="json-ld", context=context, auto_compact=True))
    if "@graph" not in data:  # a single node is compacted to the top level
        data = {"@context": data.pop("@context", context), "@graph": [data] if data else []}
    data["@graph"] = sorted((_sort_values(n) for n in data["@graph"]), key=lambda n: n.get("@id", ""))
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _sort_values(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sort_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_sort_values(v) for v in value), key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value


def parse(path: Path, fmt: str | None = None) -> Graph:
    """Read an RDF file (format from the suffix unless given); any syntax error is a GraphError."""
    fmt = fmt or {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld"}.get(path.suffix.lower(), "turtle")
    rdf = Graph()
    try:
        with quiet_literal_warnings():
            rdf.parse(path, format=fmt)
    except FileNotFoundError:
        raise GraphError(f"{path}: no such file") from None
    except Exception as exc:  # rdflib raises many unrelated types for syntax errors
        raise GraphError(f"{path}: not valid {fmt}: {syntax_error(exc, fmt)}") from None
    return rdf


_SKIPPED = re.compile(r"(?:\s+|#[^\n]*)*")  # space and comments, which the parser may not have skipped yet
SNIPPET = 40  # characters of the offending line shown from the error on


def syntax_error(exc: Exception, fmt: str = "turtle") -> str:
    """What a parser said, whole and on one line.  A Turtle/N3 error (rdflib's ``BadSyntax``,
    whose text spreads over three lines with bytes reprs) becomes ``line L, column C: why, at
    "the text there…"``, with the line and column of the token it rejected."""
    if isinstance(exc, IndexError) and fmt == "turtle":  # rdflib's Turtle parser ran past the last character
        return "the file ends in the middle of a statement"
    if isinstance(exc, BadSyntax):
        text = exc._str.decode("utf-8", "replace")  # the document as rdflib read it
        at = min(exc._i, len(text))
        if not exc._why.startswith("newline found in string literal"):  # there it points at the newline itself
            token = _SKIPPED.match(text, at).end()  # else between tokens: at the one it rejected, if any
            at = token if token < len(text) else at
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        rest = text[at:].split("\n", 1)[0]
        shown_rest = rest[:SNIPPET] + ("…" if len(rest) > SNIPPET else "")
        where = f'at "{shown_rest}"' if rest else "at the end of the line" if at < len(text) else "at the end of the file"
        return f"line {line}, column {column}: {exc._why}, {where}"
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


@contextmanager
def quiet_literal_warnings():
    """rdflib logs a traceback for each ill-typed literal (e.g. "2023-13-45"^^xsd:date); the
    shapes report those as violations, so the traceback is only noise on the terminal."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def write_rdf(g: nx.MultiDiGraph, path: Path, fmt: str = "ttl") -> Path:
    _write_bytes(path, serialize_triples(triples(g), fmt))
    return path


def _write_bytes(path: Path, data: bytes) -> None:
    write_atomic(path, data)


def write_turtle_sink(g: nx.MultiDiGraph, out_dir: Path, changes=None) -> list[Path]:
    """Write ``graph.ttl``, then validate the triples written (in memory, not parsed back: parsing
    would cost more than the write); raise ValidationError if they do not conform.

    On an incremental build (``changes``, see :class:`kg.pipeline.Changes`, whose previous build
    ran this sink and so conformed) the previous file's blocks of unchanged subjects are taken as
    they are (:func:`updated_turtle`), and only what the change can reach is checked again: see
    :func:`_check_around`.  Any violation found is reported from the check of the whole graph."""
    from loaders.shacl import check_triples

    path = out_dir / TURTLE_FILE
    if changes is not None:
        updated = _updated(g, Path(changes.previous) / TURTLE_FILE, changes.nodes)
        if updated is not None:
            _write_bytes(path, updated)
            if _check_around(g, changes.nodes, path, out_dir / DOCUMENTS_DIR):
                return [path]
            log.info("%s: the change does not conform; checking the whole graph", path)
    grouped = group(triples(g))  # the Turtle's subjects and the checks' index
    _write_bytes(path, turtle(grouped, PREFIXES))
    report = check_triples(grouped, str(path), documents_dir=out_dir / DOCUMENTS_DIR)
    if not report.conforms:
        raise report.error()
    return [path]


_ASSERTION_BASE = RESOURCE_BASE + ASSERTION_PREFIX + "/"


def _updated(g: nx.MultiDiGraph, previous: Path, changed: frozenset[str]) -> bytes | None:
    """``graph.ttl`` for ``g`` from the previous build's file, whose graph differs from ``g`` at
    most in the ``changed`` nodes and the edges at them (:class:`kg.pipeline.Changes`).  A node's
    block holds its own triples and one per edge out of it; an assertion's block, that of an edge
    out of its ``rdf:subject``.  So the blocks to make again are those of the changed nodes and
    of the assertions on edges out of them; every other block is as it was.  None (write it
    anew) when the previous file is missing or does not add up to ``g``."""
    try:
        data = previous.read_bytes()
    except OSError:
        return None
    present = [n for n in changed if n in g]
    changed_iris = {str(iri(n)) for n in changed}
    subject_line = "\n    rdf:subject "

    def drop(subject: str, block: str) -> bool:
        if subject in changed_iris:
            return True
        if not subject.startswith(_ASSERTION_BASE):
            return False
        at = block.find(subject_line)
        if at < 0:
            raise ValueError(f"{subject}: an assertion without rdf:subject")
        token = re.split(r" [;.]", block[at + len(subject_line):], maxsplit=1)[0]
        head = _expanded(token, PREFIXES)
        if head is None:
            raise ValueError(f"{subject}: rdf:subject {token}")
        return head in changed_iris

    fresh = group(triples(g, present))
    result = updated_turtle(data, fresh, PREFIXES, drop)
    if result is None:
        return None
    data, kept = result
    kept_assertions = sum(1 for s in kept if s.startswith(_ASSERTION_BASE))
    nodes = len(kept) - kept_assertions + len(present)
    assertions = kept_assertions + sum(1 for s in fresh if s.startswith(_ASSERTION_BASE))
    expected = sum(len(a.get("assertions") or ()) for _, _, k, a in g.edges(keys=True, data=True) if k in _RELATION_NAMES)
    if (nodes, assertions) != (g.number_of_nodes(), expected):
        log.info("%s: %d nodes and %d assertions in the previous file and the change, not %d and %d; writing it anew",
                 previous, nodes, assertions, g.number_of_nodes(), expected)
        return None
    return data


def _check_around(g: nx.MultiDiGraph, changed: frozenset[str], path: Path, documents_dir: Path) -> bool:
    """True if the graph conforms, given that the previous build's graph did and that ``g``
    differs from it only in the ``changed`` nodes and the edges at them.

    A node's results depend on its own triples, on the class of the nodes it points to and on
    whether it is pointed to (sh:targetObjectsOf); an assertion's, on its own triples, the class
    of what it names and the triple it states.  So only the changed nodes and their neighbours
    in either direction, with the assertions of their edges, are checked again: on their own
    triples, with the rdf:type of every node they point to.  Evidence is checked for the
    assertions drawn from changed documents (any other's text and record are as they were)."""
    from loaders.shacl import check_triples

    present = {n for n in changed if n in g}
    focus = set(present)
    for n in present:
        focus.update(g.predecessors(n))
        focus.update(g.successors(n))
    plain = triples(g, focus)
    focus_iris = {str(iri(n)) for n in focus}
    typed = set(focus_iris)
    for s, p, o in plain:
        if s not in typed and p == RDF_TYPE:
            typed.add(s)  # an assertion's block
            focus_iris.add(s)
    around = []
    for s, p, o in plain:
        if isinstance(o, str) and not isinstance(o, Lit) and o.startswith(RESOURCE_BASE) and o not in typed:
            typed.add(o)
            nid = node_id_of(URIRef(o))
            if nid in g:
                around.append((o, RDF_TYPE, _property(g.nodes[nid]["type"])))
    changed_docs = {str(iri(n)) for n in changed if n in g and g.nodes[n].get("type") == DOCUMENT}
    report = check_triples(plain + around, str(path), documents_dir=documents_dir, focus=focus_iris, evidence_of=changed_docs)
    return report.conforms


write_turtle_sink.fingerprint = outputs_fingerprint  # type: ignore[attr-defined]


def _prepare_checks() -> None:
    from loaders.shacl import compiled_shapes

    compiled_shapes()


write_turtle_sink.prepare = _prepare_checks  # type: ignore[attr-defined]


def write_turtle_unvalidated_sink(g: nx.MultiDiGraph, out_dir: Path, changes=None) -> list[Path]:
    """``graph.ttl`` without the SHACL check (``kg build --no-validate``; ``kg validate`` later)."""
    path = out_dir / TURTLE_FILE
    updated = _updated(g, Path(changes.previous) / TURTLE_FILE, changes.nodes) if changes is not None else None
    if updated is None:
        return [write_rdf(g, path, "ttl")]
    _write_bytes(path, updated)
    return [path]


write_turtle_unvalidated_sink.fingerprint = outputs_fingerprint  # type: ignore[attr-defined]
