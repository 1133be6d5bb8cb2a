"""Validation of our RDF: the SHACL shapes (pyshacl) and the check that every evidence is verbatim.

The shapes (``ontology/shapes.ttl``) run on the data graph as written, without inference and
without the ontology mixed in: our data states every class explicitly, so RDFS/OWL inference
would only cost time.  The evidence check reads the per-document records that ``kg build``
writes next to the graph (``documents/*.json``) and verifies ``text[start:end] == evidence``
for every assertion, so each fact traces to a verbatim sentence of a real document.
"""
from __future__ import annotations

import json
import logging
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
from loaders.rdf import PREFIXES, node_id_of, parse, quiet_literal_warnings
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
    """The SPARQL shapes in Python: every relation triple has a sourced assertion and back;
    deadline assertions keep their time text."""
    fact_message, triple_message, deadline_message = (_sparql_message(sg, shape) for shape in SPARQL_SHAPES)
    relations = set(RELATION_PROPERTIES)
    sourced, problems = set(), []
    for ref in rdf.subjects(RDF.type, KG.Assertion):
        if (ref, RDF.predicate, KG.deadline) in rdf and (ref, KG.timeText, None) not in rdf:
            problems.append(Violation(short(ref), deadline_message, "", short(ref)))
        has_source = (ref, PROV.wasDerivedFrom, None) in rdf and (ref, KG.evidenceText, None) in rdf
        for s in rdf.objects(ref, RDF.subject):
            for p in rdf.objects(ref, RDF.predicate):
                for o in rdf.objects(ref, RDF.object):
                    if has_source:
                        sourced.add((s, p, o))
                    if (s, p, o) not in rdf:
                        problems.append(Violation(short(ref), triple_message, short(p), short(o)))
    for p in relations:
        for s, o in rdf.subject_objects(p):
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
    rows = []
    for ref in rdf.subjects(RDF.type, KG.Assertion):
        doc, start, end = rdf.value(ref, PROV.wasDerivedFrom), rdf.value(ref, KG.startOffset), rdf.value(ref, KG.endOffset)
        evidence = rdf.value(ref, KG.evidenceText)
        if doc is None or start is None or end is None or evidence is None:
            continue  # the shapes report these
        rows.append((ref, node_id_of(doc).split("/", 1)[-1], int(start), int(end), str(evidence)))
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


def _document_texts(documents_dir: Path, doc_ids: set[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for path in sorted(documents_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise GraphError(f"{path}: unreadable document record ({exc})") from None
        if isinstance(data, dict) and data.get("doc_id") in doc_ids and isinstance(data.get("text"), str):
            texts[data["doc_id"]] = data["text"]
            if len(texts) == len(doc_ids):
                break
    return texts


def check_graph(rdf: Graph, source: str, documents_dir: Path | None = None, shapes: Path = SHAPES_TTL,
                sparql: bool = False) -> Report:
    report = Report(source)
    report.violations = validate_shapes(rdf, shapes, sparql)
    report.checks.append(f"{len(rdf)} triples against {shapes.name}")
    if documents_dir is not None and documents_dir.is_dir():
        problems, n = check_evidence(rdf, documents_dir)
        report.violations += problems
        report.checks.append(f"{n} evidence text(s) against {documents_dir}")
    return report


def check_file(path: Path, documents_dir: Path | None = None, shapes: Path = SHAPES_TTL,
               raise_on_violation: bool = True, sparql: bool = False) -> Report:
    """Parse an RDF file and check it; raise ValidationError (listing violations) unless it conforms."""
    try:
        rdf = parse(path)
    except GraphError as exc:
        raise ValidationError(str(exc)) from None
    report = check_graph(rdf, str(path), documents_dir, shapes, sparql)
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
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith(RESOURCE_BASE):
            return node_id_of(term)
        for prefix, ns in PREFIXES.items():
            if text.startswith(ns):
                return f"{prefix}:{text[len(ns):]}"
        return f"<{text}>"
    return str(term)  # blank node: a property path


def _quote(text: str, limit: int = 60) -> str:
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return json.dumps(text, ensure_ascii=False)
