"""Validation of our RDF: the SHACL shapes and the check that every evidence is verbatim.

The shapes (``ontology/shapes.ttl``) run on the data graph as written, without inference and
without the ontology mixed in: our data states every class explicitly, so RDFS/OWL inference
would only cost time.  They run in Python on plain triples (:mod:`loaders.shapes`, with the
SPARQL shapes as :func:`check_links`); ``full=True`` (``kg validate --full``) runs pyshacl
instead, the reference the tests hold the Python check to.  The evidence check reads the per-document records that ``kg build``
writes next to the graph (``documents/*.json``) and verifies ``text[start:end] == evidence``
for every assertion, so each fact traces to a verbatim sentence of a real document.
"""
from __future__ import annotations

import json
import logging
from json.decoder import scanstring as _scanstring
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import PROV, SH
from rdflib.plugins.sparql import prepareQuery

from kg.errors import GraphError, ValidationError
from kg.vocab import KG, RELATION_PROPERTIES, RESOURCE_BASE
from loaders.rdf import PREFIXES, new_graph, node_id_of, parse, quiet_literal_warnings
from loaders.shapes import CompiledShapes, Index, Result, check, compile_shapes
from loaders.terms import Blank, Grouped, Lit, Triple, to_rdflib, triples_of
from ontology import SHAPES_TTL

log = logging.getLogger(__name__)

MAX_LISTED = 50  # violations quoted in an error message; `kg validate` lists them all


@dataclass(frozen=True, order=True)
class Violation:
    focus: str
    message: str
    path: str = ""
    value: str = ""

    def __str__(self) -> str:
        out = f"{self.focus}: {self.message}"
        if self.path:
            out += f" (path {self.path})"
        if self.value:
            out += f" (value {self.value})"
        return out


@dataclass
class Report:
    source: str
    violations: list[Violation] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        if self.conforms:
            return f"{self.source}: conforms ({'; '.join(self.checks)})"
        return f"{self.source}: does not conform: {len(self.violations)} violation(s) ({'; '.join(self.checks)})"

    def error(self, limit: int = MAX_LISTED) -> ValidationError:
        lines = [self.summary()] + [f"  {v}" for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"  … and {len(self.violations) - limit} more: run `kg validate {self.source}`")
        return ValidationError("\n".join(lines))


KGSH = Namespace("https://w3id.org/zhgov-kg/shapes#")
# Shapes whose SPARQL constraints run in Python unless asked (see ontology/shapes.ttl).
SPARQL_SHAPES = (KGSH.AssertedFactShape, KGSH.AssertedTripleShape, KGSH.DeadlineAssertionShape)


@lru_cache(maxsize=4)
def shapes_graph(path: Path = SHAPES_TTL) -> Graph:
    return parse(path)


def validate_shapes(rdf: Graph, shapes: Path = SHAPES_TTL, sparql: bool = False) -> list[Violation]:
    """Every SHACL result as a Violation, sorted by focus node.

    With ``sparql=False`` (the default) the SPARQL-based shapes of :data:`SPARQL_SHAPES` are
    checked by :func:`check_links` instead of pyshacl: same results, about a quarter of the time
    (pyshacl evaluates a SPARQL query per focus node: 20 s against 5 s on 34,000 triples).
    """
    import pyshacl

    sg = shapes_graph(shapes)
    node_shapes = set(sg.subjects(RDF.type, SH.NodeShape))
    python_links = not sparql and set(SPARQL_SHAPES) <= node_shapes  # other shapes files run as they are
    use = sorted(node_shapes - set(SPARQL_SHAPES)) if python_links else None
    data = _PreparedQueryGraph(store=rdf.store, identifier=rdf.identifier, namespace_manager=rdf.namespace_manager)
    with quiet_literal_warnings():
        _, results, _ = pyshacl.validate(
            data, shacl_graph=sg, inference="none", inplace=True, use_shapes=use,
            abort_on_first=False, allow_warnings=False, advanced=False,
        )
    violations = set()
    for result in results.subjects(RDF.type, SH.ValidationResult):
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage)) or ["constraint violated"]
        violations.add(Violation(
            focus=short(results.value(result, SH.focusNode)),
            message=messages[0],
            path=_path(results, results.value(result, SH.resultPath)),
            value=short(results.value(result, SH.value)),
        ))
    if python_links:
        violations.update(check_links(rdf, sg))
    return sorted(violations)


def _path(results: Graph, path) -> str:
    """A SHACL result path: a property, or a sequence path written p1/p2."""
    if isinstance(path, BNode):
        try:
            return "/".join(short(p) for p in Collection(results, path))
        except Exception:  # not a list: an inverse or alternative path
            return "(complex path)"
    return short(path)


def check_links(rdf: Graph, sg: Graph) -> list[Violation]:
    """The SPARQL shapes in Python, on an rdflib graph."""
    return link_violations(Index(triples_of(rdf)), sg)


_ASSERTION, _DEADLINE, _TIME_TEXT = str(KG.Assertion), str(KG.deadline), str(KG.timeText)
_SUBJECT, _PREDICATE, _OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
_DERIVED, _EVIDENCE = str(PROV.wasDerivedFrom), str(KG.evidenceText)
_START, _END = str(KG.startOffset), str(KG.endOffset)


def link_violations(index: Index, sg: Graph) -> list[Violation]:
    """The SPARQL shapes in Python: every relation triple has a sourced assertion and back;
    deadline assertions keep their time text."""
    fact_message, triple_message, deadline_message = (_sparql_message(sg, shape) for shape in SPARQL_SHAPES)
    sourced, problems = set(), []
    for ref in index.instances(_ASSERTION):
        preds = index.spo[ref]
        if _DEADLINE in preds.get(_PREDICATE, ()) and _TIME_TEXT not in preds:
            problems.append(Violation(short(ref), deadline_message, "", short(ref)))
        has_source = _DERIVED in preds and _EVIDENCE in preds
        for s in preds.get(_SUBJECT, ()):
            for p in preds.get(_PREDICATE, ()):
                for o in preds.get(_OBJECT, ()):
                    if has_source:
                        sourced.add((s, p, o))
                    if not isinstance(p, str) or o not in index.objects(s, p):
                        problems.append(Violation(short(ref), triple_message, short(p), short(o)))
    for p in sorted(str(r) for r in RELATION_PROPERTIES):
        for s in index.subjects_of(p):
            for o in index.objects(s, p):
                if (s, p, o) not in sourced:
                    problems.append(Violation(short(s), fact_message, short(p), short(o)))
    return problems


def _sparql_message(sg: Graph, shape: URIRef) -> str:
    constraint = sg.value(shape, SH.sparql)
    return str(sg.value(constraint, SH.message)) if constraint is not None else str(shape)


class _PreparedQueryGraph(Graph):
    """The data graph, parsing each SPARQL text once (pyshacl sends the same text per focus node)."""

    _prepared: dict[str, Any] = {}

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            prepared = self._prepared.get(query_object)
            if prepared is None:
                prepared = self._prepared[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def check_evidence(rdf: Graph, documents_dir: Path) -> tuple[list[Violation], int]:
    """Compare every assertion's evidence with the document text at its offsets."""
    return evidence_violations(Index(triples_of(rdf)), documents_dir)


def _one(index: Index, s, p):
    for o in index.objects(s, p):
        return o
    return None


def evidence_violations(index: Index, documents_dir: Path, of: set[str] | None = None) -> tuple[list[Violation], int]:
    """``of``: the documents (IRIs) whose assertions to check; all by default."""
    rows, doc_ids = [], {}
    for ref in index.instances(_ASSERTION):
        doc, start, end, evidence = (_one(index, ref, p) for p in (_DERIVED, _START, _END, _EVIDENCE))
        if doc is None or start is None or end is None or evidence is None or not isinstance(doc, str):
            continue  # the shapes report these
        if of is not None and doc not in of:
            continue
        try:
            doc_id = doc_ids.get(doc)
            if doc_id is None:
                doc_id = doc_ids[doc] = node_id_of(URIRef(doc)).split("/", 1)[-1]
            rows.append((ref, doc_id, int(_lexical(start)), int(_lexical(end)), _lexical(evidence)))
        except (ValueError, GraphError):
            continue  # the shapes report these too
    texts = _document_texts(documents_dir, {r[1] for r in rows}) if rows else {}
    problems = []
    for ref, doc_id, start, end, evidence in sorted(rows):
        text = texts.get(doc_id)
        if text is None:
            problems.append(Violation(short(ref), f"source document {doc_id} is not in {documents_dir}", "prov:wasDerivedFrom"))
        elif text[start:end] != evidence:
            problems.append(Violation(short(ref), f"evidence is not the text at [{start}, {end}) of document {doc_id}",
                                      "kg:evidenceText", _quote(evidence)))
    return problems, len(rows)


def _lexical(term) -> str:
    return term.lexical if isinstance(term, Lit) else str(term)


def _document_texts(documents_dir: Path, doc_ids: set[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(documents_dir.glob("*.json")):
        try:
            doc_id, text = _id_and_text(path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise GraphError(f"{path}: unreadable document record ({exc})") from None
        if doc_id in doc_ids and isinstance(text, str):
            texts[doc_id] = text
            if len(texts) == len(doc_ids):
                break
    return texts


_DOC_ID_KEY, _TEXT_KEY = '\n "doc_id": "', '\n "text": "'


def _id_and_text(data: str) -> tuple[object, object]:
    """A record's ``doc_id`` and ``text``.  Records as ``kg build`` writes them (indented by one
    space) are not parsed whole: a top-level key is the only place where a line starts with one
    space and that key (a string holds no raw newline), and the string after it is decoded alone —
    a tenth of the time of the whole record, entities and all.  Anything else is parsed."""
    i, j = data.find(_DOC_ID_KEY), data.find(_TEXT_KEY)
    if i >= 0 and j >= 0 and data.find(_DOC_ID_KEY, i + 1) < 0 and data.find(_TEXT_KEY, j + 1) < 0:
        return _scanstring(data, i + len(_DOC_ID_KEY))[0], _scanstring(data, j + len(_TEXT_KEY))[0]
    record = json.loads(data)
    return (record.get("doc_id"), record.get("text")) if isinstance(record, dict) else (None, None)


def check_graph(rdf: Graph, source: str, documents_dir: Path | None = None, shapes: Path = SHAPES_TTL,
                sparql: bool = False, full: bool = False) -> Report:
    """Check an rdflib graph: in Python, or with pyshacl (``full``; ``sparql`` too: its SPARQL shapes)."""
    if full or sparql:
        report = Report(source)
        report.violations = validate_shapes(rdf, shapes, sparql)
        report.checks.append(f"{len(rdf)} triples against {shapes.name} (pyshacl)")
        if documents_dir is not None and documents_dir.is_dir():
            problems, n = check_evidence(rdf, documents_dir)
            report.violations += problems
            report.checks.append(f"{n} evidence text(s) against {documents_dir}")
        return report
    return check_triples(triples_of(rdf), source, documents_dir, shapes, namespaces=rdf)


def check_triples(triples: list[Triple] | Grouped, source: str, documents_dir: Path | None = None, shapes: Path = SHAPES_TTL,
                  namespaces: Graph | None = None, focus: set[str] | None = None, evidence_of: set[str] | None = None) -> Report:
    """Check plain triples against the shapes (in Python) and their evidence against the documents.
    ``namespaces``: the graph whose prefixes pyshacl would write its generic messages with.
    ``focus``: check these subjects only (the others may be there for their class alone);
    ``evidence_of``: check the evidence of assertions drawn from these documents (IRIs) only."""
    report = Report(source)
    index = Index(triples)
    compiled = compiled_shapes(shapes)
    if compiled.unsupported and focus is not None:
        report.violations = [Violation("", "shapes not checked in Python: check the whole graph")]
        return report
    if compiled.unsupported:
        log.info("%s: %s not checked in Python (%s); running pyshacl", source, shapes.name, "; ".join(compiled.unsupported[:3]))
        from loaders.terms import rdflib_graph

        plain = [(s, p, o) for s, preds in index.spo.items() for p, objs in preds.items() for o in objs]
        rdf = rdflib_graph(plain, new_graph() if namespaces is None else _with_namespaces(namespaces))
        report.violations = validate_shapes(rdf, shapes)
    else:
        sg = shapes_graph(shapes)
        found = {_violation(r, compiled, namespaces) for r in check(compiled.shapes, index, focus)}
        if compiled.links:
            found.update(link_violations(index, sg))
        report.violations = sorted(found)
    report.checks.append(f"{len(index)} triples against {shapes.name}")
    if documents_dir is not None and documents_dir.is_dir():
        problems, n = evidence_violations(index, documents_dir, evidence_of)
        report.violations += problems
        report.checks.append(f"{n} evidence text(s) against {documents_dir}")
    return report


def _with_namespaces(namespaces: Graph) -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, ns in namespaces.namespaces():
        g.bind(prefix, ns, override=True, replace=True)
    return g


@dataclass
class _Compiled:
    shapes: CompiledShapes
    links: bool  # the SPARQL shapes of SPARQL_SHAPES are there, checked by link_violations

    @property
    def unsupported(self) -> list[str]:
        return self.shapes.unsupported


@lru_cache(maxsize=4)
def compiled_shapes(path: Path = SHAPES_TTL) -> _Compiled:
    sg = shapes_graph(path)
    node_shapes = set(sg.subjects(RDF.type, SH.NodeShape))
    links = set(SPARQL_SHAPES) <= node_shapes
    return _Compiled(compile_shapes(sg, skip=SPARQL_SHAPES if links else ()), links)


def _violation(r: Result, compiled: _Compiled, namespaces: Graph | None) -> Violation:
    shape = r.shape
    message = shape.messages[0] if shape.messages else generic_message(r, compiled.shapes.sg, namespaces)
    return Violation(focus=short(r.focus), message=message, path=_shape_path(compiled.shapes.sg, shape.rdf_path),
                     value="" if r.value is None else short(r.value))


def _shape_path(sg: Graph, path) -> str:
    if path is None:
        return ""
    return _path(sg, path)


def generic_message(r: Result, sg: Graph, namespaces: Graph | None) -> str:
    """pyshacl's message for a result of a shape without sh:message (its words, its prefixes)."""
    from pyshacl.rdfutil import stringify_node

    data = namespaces if namespaces is not None else _default_namespaces()
    c, shape = r.constraint, r.shape
    focus = stringify_node(data, to_rdflib(r.focus))
    value = stringify_node(data, to_rdflib(r.value)) if r.value is not None else ""
    path = stringify_node(sg, shape.rdf_path) if shape.rdf_path is not None else None
    rule = c.rdf_value
    on = f"{focus}->{path}" if path else focus
    name = str(c.parameter).rsplit("#", 1)[-1]
    if name == "minCount":
        return f"Less than {rule} values on {on}"
    if name == "maxCount":
        return f"More than {rule} values on {on}"
    if name == "datatype":
        return f"Value is not Literal with datatype {stringify_node(sg, rule)}"
    if name == "nodeKind":
        return f"Value is not of Node Kind {stringify_node(sg, rule)}"
    if name == "in":
        return "Value {} not in list {}".format(value, [stringify_node(sg, v) for v in Collection(sg, rule)])
    if name == "pattern":
        return f"Value does not match pattern '{rule}'"
    if name == "minLength":
        return f"String length not >= {stringify_node(data, rule)}"
    if name == "maxLength":
        return f"String length not <= {stringify_node(data, rule)}"
    if name == "languageIn":
        return f"String language is not in {stringify_node(sg, rule)}"
    if name in ("minInclusive", "minExclusive", "maxInclusive", "maxExclusive"):
        op = {"minInclusive": ">=", "minExclusive": ">", "maxInclusive": "<=", "maxExclusive": "<"}[name]
        return f"Value is not {op} {stringify_node(sg, rule)}"
    if name == "lessThan":
        return f"Value of {focus}->{stringify_node(sg, rule)} <= {value}"
    if name == "class":
        return f"Value does not have class {stringify_node(sg, rule)}"
    if name == "hasValue":
        values = [stringify_node(sg, rule)]
        return (f"Node {focus}->{path} does not contain a value in the set: {values}" if path
                else f"Node {focus} value is not a in the set of values: {values}")
    return "constraint violated"


@lru_cache(maxsize=1)
def _default_namespaces() -> Graph:
    return new_graph()


def check_file(path: Path, documents_dir: Path | None = None, shapes: Path = SHAPES_TTL,
               raise_on_violation: bool = True, sparql: bool = False, full: bool = False) -> Report:
    """Parse an RDF file and check it; raise ValidationError (listing violations) unless it conforms."""
    try:
        rdf = parse(path)
    except GraphError as exc:
        raise ValidationError(str(exc)) from None
    report = check_graph(rdf, str(path), documents_dir, shapes, sparql, full)
    log.info("%s", report.summary())
    if raise_on_violation and not report.conforms:
        raise report.error()
    return report


def short(term) -> str:
    """A term as a reader wants it: node ids for our nodes, prefixed names for vocabulary."""
    if term is None:
        return ""
    if isinstance(term, Literal):
        return _quote(str(term)) + (f"@{term.language}" if term.language else "")
    if isinstance(term, Lit):
        return _quote(term.lexical) + (f"@{term.lang}" if term.lang else "")
    if isinstance(term, (BNode, Blank)):
        return str(term)  # blank node: a property path
    if isinstance(term, str):
        text = str(term)
        if text.startswith(RESOURCE_BASE):
            return node_id_of(URIRef(text))
        for prefix, ns in PREFIXES.items():
            if text.startswith(ns):
                return f"{prefix}:{text[len(ns):]}"
        return f"<{text}>"
    return str(term)


def _quote(text: str, limit: int = 60) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return json.dumps(text, ensure_ascii=False)
