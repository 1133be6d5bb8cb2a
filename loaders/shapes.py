"""SHACL Core shapes checked in Python, straight on plain triples (see :mod:`loaders.terms`).

pyshacl walks rdflib's store once per focus node and constraint: on a build's graph it costs
more than writing the Turtle.  Here the shapes graph is read once into plain checks (targets,
paths and the constraint components ``ontology/shapes.ttl`` uses), the data is indexed once by
subject and predicate, and each check is a loop over dictionaries.  The results are the results
pyshacl gives on the same graph — same focus node, path, value and message (tests/test_validate.py
compares the two on broken graphs) — so pyshacl stays the reference (``kg validate --full``).

A shapes file with anything else (``sh:or``, ``sh:node``, ``sh:closed``, SPARQL constraints other
than the three of :data:`loaders.shacl.SPARQL_SHAPES`, …) is not compiled: :func:`compile_shapes`
names what it cannot check, and the caller hands the graph to pyshacl instead.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

from loaders.terms import (
    RDF_LANGSTRING, RDF_TYPE, XSD_INTEGER, XSD_STRING, Blank, Grouped, Lit, Term, Triple, from_rdflib, group, to_rdflib,
)

_SUBCLASS = str(RDFS.subClassOf)
# Parameters that are no constraint of their own (targets, paths, reporting, grouping).
_NOT_CONSTRAINTS = {SH.path, SH.property, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group,
                    SH.defaultValue, SH.deactivated, SH.targetClass, SH.targetNode, SH.targetSubjectsOf,
                    SH.targetObjectsOf, SH.flags, SH.declare, SH.prefixes}
_CHECKED = {SH.nodeKind, SH.pattern, SH.datatype, SH.minCount, SH.maxCount, SH["in"], SH.languageIn, SH.minLength,
            SH.maxLength, SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive, SH.lessThan,
            SH["class"], SH.hasValue}


# ---------------------------------------------------------------- the data, indexed
class Index:
    """Subject → predicate → objects (each once, in the order first seen: :func:`loaders.terms.group`),
    and predicate → subjects."""

    def __init__(self, triples: Iterable[Triple] | Grouped):
        self.spo: Grouped = triples if isinstance(triples, dict) else group(triples)
        by_pred: dict[str, dict[Term, None]] = {}
        for s, preds in self.spo.items():
            for p in preds:
                subjects = by_pred.get(p)
                if subjects is None:
                    subjects = by_pred[p] = {}
                subjects[s] = None
        self.by_pred = by_pred
        self._size: int | None = None
        self._inverse: dict[str, dict[Term, list[Term]]] | None = None

    def __len__(self) -> int:
        """Distinct triples."""
        if self._size is None:
            self._size = sum(len(objs) for preds in self.spo.values() for objs in preds.values())
        return self._size

    def objects(self, s: Term, p: str) -> Iterable[Term]:
        preds = self.spo.get(s)
        if preds is None:
            return ()
        return preds.get(p) or ()

    def subjects_of(self, p: str) -> Iterable[Term]:
        return self.by_pred.get(p) or ()

    def objects_of(self, p: str) -> dict[Term, None]:
        out: dict[Term, None] = {}
        for s in self.subjects_of(p):
            out.update(self.spo[s][p])
        return out

    def instances(self, cls: str) -> dict[Term, None]:
        """Subjects typed ``cls`` or one of its subclasses (rdfs:subClassOf in the data, as pyshacl)."""
        classes, todo = [cls], [cls]
        while todo:
            for sub in self.subjects_with(_SUBCLASS, todo.pop()):
                if sub not in classes:
                    classes.append(sub)
                    todo.append(sub)
        out: dict[Term, None] = {}
        for c in classes:
            out.update(dict.fromkeys(self.subjects_with(RDF_TYPE, c)))
        return out

    def subjects_with(self, p: str, o: Term) -> list[Term]:
        if self._inverse is None:
            self._inverse = {}
        inverse = self._inverse.get(p)
        if inverse is None:
            inverse = self._inverse[p] = {}
            for s in self.subjects_of(p):
                for obj in self.spo[s][p]:
                    inverse.setdefault(obj, []).append(s)
        return inverse.get(o, [])


# ---------------------------------------------------------------- the shapes, compiled
Path = tuple[tuple[bool, str], ...]  # steps (inverse?, predicate)


@dataclass
class Constraint:
    parameter: Any  # an sh: IRI
    value: Any  # the parameter's value, in the form its check reads
    rdf_value: Any  # as written in the shapes graph (for messages)
    run: Callable[..., Any] = None  # (constraint, focus, values, index) -> the values that fail ([None]: no value)


@dataclass
class Shape:
    node: Any  # the shape's node in the shapes graph
    path: Path | None  # None: a node shape
    rdf_path: Any
    messages: list[str]
    constraints: list[Constraint] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)
    targets: list[tuple[Any, str]] = field(default_factory=list)  # (target parameter, IRI)


@dataclass
class CompiledShapes:
    shapes: list[Shape]
    sg: Graph
    unsupported: list[str]  # what the Python check cannot do; empty when it does everything


def compile_shapes(sg: Graph, skip: Iterable = ()) -> CompiledShapes:
    """Every shape with a target (``skip``: shapes checked elsewhere)."""
    skip = set(skip)
    unsupported: list[str] = []
    with_targets = set()
    for target in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        with_targets.update(sg.subjects(target, None))
    for shape in sg.subjects(RDF.type, SH.NodeShape):
        if (shape, RDF.type, RDFS.Class) in sg:
            with_targets.add(shape)  # an implicit class target
    shapes = []
    for node in sorted(with_targets - skip, key=str):
        if _deactivated(sg, node):
            continue
        shape = _compile(sg, node, unsupported)
        for target in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            shape.targets += [(target, from_rdflib(t)) for t in sg.objects(node, target)]
        if (node, RDF.type, RDFS.Class) in sg:
            shape.targets.append((SH.targetClass, from_rdflib(node)))
        shapes.append(shape)
    return CompiledShapes(shapes, sg, unsupported)


def _deactivated(sg: Graph, node) -> bool:
    return any(isinstance(v, Literal) and v.value is True for v in sg.objects(node, SH.deactivated))


def _compile(sg: Graph, node, unsupported: list[str], depth: int = 0) -> Shape:
    rdf_path = sg.value(node, SH.path)
    path = _path(sg, rdf_path, unsupported) if rdf_path is not None else None
    shape = Shape(node, path, rdf_path, sorted(str(m) for m in sg.objects(node, SH.message)))
    for p, o in sorted(sg.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1]))):
        if p in _NOT_CONSTRAINTS or not str(p).startswith(str(SH)):
            continue
        if p not in _CHECKED:
            unsupported.append(f"{node.n3(sg.namespace_manager)} {p.n3(sg.namespace_manager)}")
            continue
        shape.constraints.append(Constraint(p, _parameter(sg, node, p, o), o, _CHECKS[p]))
    if depth < 8:
        for prop in sorted(sg.objects(node, SH.property), key=str):
            if not _deactivated(sg, prop):
                shape.properties.append(_compile(sg, prop, unsupported, depth + 1))
    return shape


def _path(sg: Graph, node, unsupported: list[str]) -> Path:
    if isinstance(node, URIRef):
        return ((False, str(node)),)
    inverse = sg.value(node, SH.inversePath)
    if isinstance(inverse, URIRef):
        return ((True, str(inverse)),)
    if isinstance(node, BNode) and (node, RDF.first, None) in sg:
        steps: list[tuple[bool, str]] = []
        for step in Collection(sg, node):
            steps += _path(sg, step, unsupported)
        return tuple(steps)
    unsupported.append(f"path {node}")
    return ()


def _parameter(sg: Graph, node, p, o) -> Any:
    if p in (SH["in"], SH.languageIn):
        items = list(Collection(sg, o))
        if p == SH.languageIn:
            return {str(i).lower() for i in items}
        return frozenset(from_rdflib(i) for i in items)  # rdflib normalises lexical forms and tags, as here
    if p == SH.pattern:
        flags = str(sg.value(node, SH.flags) or "").lower()  # as pyshacl: i and m only
        return _regex(str(o), (re.I if "i" in flags else 0) | (re.M if "m" in flags else 0))
    if p == SH.hasValue:
        return from_rdflib(o)
    if p in (SH.minCount, SH.maxCount, SH.minLength, SH.maxLength):
        return int(o)
    if p in (SH.datatype, SH.nodeKind, SH.lessThan, SH["class"]):
        return str(o)
    return o  # the range bounds: rdflib literals


# ---------------------------------------------------------------- checking
@dataclass(frozen=True)
class Result:
    """One validation result, in plain terms; :func:`loaders.shacl.short` makes it readable."""

    focus: Term
    shape: Shape
    constraint: Constraint
    value: Term | None


def check(compiled: CompiledShapes, index: Index, only: set[Term] | None = None) -> list[Result]:
    """Every result of the shapes on the data; with ``only``, of these focus nodes alone."""
    results: list[Result] = []
    for shape in compiled.shapes:
        focus: dict[Term, None] = {}
        for target, term in shape.targets:
            if target == SH.targetClass:
                focus.update(index.instances(term))
            elif target == SH.targetNode:
                focus[term] = None
            elif target == SH.targetSubjectsOf:
                focus.update(index.subjects_of(term))
            else:
                focus.update(index.objects_of(term))
        _check_shape(shape, list(focus) if only is None else [f for f in focus if f in only], index, results)
    return results


def _values(index: Index, focus: Term, path: Path) -> list[Term]:
    nodes: dict[Term, None] = {focus: None}
    for inverse, p in path:
        step: dict[Term, None] = {}
        for n in nodes:
            step.update(dict.fromkeys(index.subjects_with(p, n) if inverse else index.objects(n, p)))
        nodes = step
    return list(nodes)


def _value_getter(shape: Shape, index: Index) -> Callable[[Term], list[Term]]:
    path = shape.path
    if path is None:
        return lambda f: [f]
    if len(path) == 1 and not path[0][0]:  # one predicate: most property shapes
        p, spo = path[0][1], index.spo

        def objects(f: Term) -> list[Term]:
            preds = spo.get(f)
            objs = preds.get(p) if preds is not None else None
            return list(objs) if objs else []
        return objects
    return lambda f: _values(index, f, path)


def _check_shape(shape: Shape, focus: list[Term], index: Index, results: list[Result]) -> None:
    if shape.constraints:
        values_of = _value_getter(shape, index)
        checks = [(c, c.run) for c in shape.constraints]
        for f in focus:
            values = values_of(f)
            for c, run in checks:
                failed = run(c, f, values, index)
                if failed:
                    results.extend(Result(f, shape, c, value) for value in failed)
    for prop in shape.properties:
        _check_shape(prop, focus, index, results)


def _min_count(c: Constraint, f, values, index):
    return [None] if len(values) < c.value else ()


def _max_count(c: Constraint, f, values, index):
    return [None] if len(values) > c.value else ()


def _node_kind(c: Constraint, f, values, index):
    kind = c.value.rsplit("#", 1)[-1]
    ok = _NODE_KINDS[kind]
    return [v for v in values if not ok(v)]


def _is_iri(v) -> bool:
    return isinstance(v, str) and not isinstance(v, Blank)


_NODE_KINDS: dict[str, Callable[[Any], bool]] = {
    "IRI": _is_iri,
    "BlankNode": lambda v: isinstance(v, Blank),
    "Literal": lambda v: isinstance(v, Lit),
    "BlankNodeOrIRI": lambda v: not isinstance(v, Lit),
    "BlankNodeOrLiteral": lambda v: not _is_iri(v),
    "IRIOrLiteral": lambda v: not isinstance(v, Blank),
}


def _datatype(c: Constraint, f, values, index):
    return [v for v in values if not _has_datatype(v, c.value)]


def _has_datatype(v, datatype: str) -> bool:
    """pyshacl's test: the literal's own datatype, and a lexical form rdflib reads as that type."""
    if not isinstance(v, Lit):
        return False
    if v.lang:
        return datatype == RDF_LANGSTRING or datatype == str(RDFS.Literal)
    if v.datatype is None:
        return datatype in (XSD_STRING, str(RDFS.Literal))
    if v.datatype == datatype:
        return datatype == XSD_STRING or _well_typed(v)
    return datatype == str(RDFS.Literal) or datatype == str(RDFS.Datatype)


@lru_cache(maxsize=1 << 16)
def _well_typed(v: Lit) -> bool:
    from datetime import date, datetime, time
    from decimal import Decimal

    literal = to_rdflib(v)
    if getattr(literal, "ill_typed", None) is True:
        return False
    value, dt = literal.value, literal.datatype
    expected = {XSD.string: str, XSD.integer: int, XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool,
                XSD.date: date, XSD.dateTime: datetime, XSD.time: time}.get(dt)
    return isinstance(value, expected) if expected else True  # pyshacl: other types pass


def _pattern(c: Constraint, f, values, index):
    regex = c.value
    out = []
    for v in values:
        if isinstance(v, Blank) or not regex.search(_string(v)):
            out.append(v)
    return out


@lru_cache(maxsize=64)
def _regex(pattern: str, flags: int) -> re.Pattern:
    return re.compile(pattern, flags)


def _string(v) -> str:
    return v.lexical if isinstance(v, Lit) else str(v)


def _min_length(c: Constraint, f, values, index):
    if c.value == 0:
        return ()
    return [v for v in values if isinstance(v, Blank) or len(_string(v)) < c.value]


def _max_length(c: Constraint, f, values, index):
    return [v for v in values if isinstance(v, Blank) or len(_string(v)) > c.value]


def _language_in(c: Constraint, f, values, index):
    wanted = c.value
    out = []
    for v in values:
        lang = v.lang.lower() if isinstance(v, Lit) and v.lang else None
        if lang is None or not ("*" in wanted or lang in wanted or any(lang.startswith(w + "-") for w in wanted)):
            out.append(v)
    return out


def _in(c: Constraint, f, values, index):
    allowed = c.value
    return [v for v in values if v not in allowed]


def _has_value(c: Constraint, f, values, index):
    return [] if c.value in values else [None]


def _class(c: Constraint, f, values, index):
    out = []
    for v in values:
        if isinstance(v, Lit) or v not in index.instances(c.value):
            out.append(v)
    return out


def _range(compare: Callable[[int], bool]):
    def run(c: Constraint, f, values, index):
        bound = c.value
        bound_is_string = isinstance(bound.value, str)
        small = bound.value if bound.datatype == XSD.integer and isinstance(bound.value, int) else None
        out = []
        for v in values:
            if small is not None and isinstance(v, Lit) and v.datatype == XSD_INTEGER and _DIGITS.match(v.lexical):
                ok = compare((int(v.lexical) > small) - (int(v.lexical) < small))  # what rdflib would say, sooner
            else:
                ok = _compared(v, bound, bound_is_string, compare)
            if not ok:
                out.append(v)
        return out
    return run


_DIGITS = re.compile(r"[+-]?[0-9]+\Z")


def _compared(v, bound, bound_is_string: bool, compare) -> bool:
    """pyshacl's comparison of a value with a range bound."""
    from pyshacl.rdfutil.compare import compare_literal

    if not isinstance(v, Lit):
        return False
    literal = to_rdflib(v)
    if isinstance(literal.value, str) != bound_is_string:
        return False
    try:
        return compare(compare_literal(literal, bound))
    except (TypeError, NotImplementedError):
        return False


def _less_than(c: Constraint, f, values, index):
    others = list(index.objects(f, c.value))
    out = []
    for v in values:
        for o in others:
            if (isinstance(v, Lit) and isinstance(o, Lit) and v.datatype == o.datatype == XSD_INTEGER
                    and _DIGITS.match(v.lexical) and _DIGITS.match(o.lexical)):
                ok = int(v.lexical) < int(o.lexical)
            else:
                a, a_str = _comparable(v)
                b, b_str = _comparable(o)
                try:
                    ok = a_str == b_str and a < b
                except TypeError:
                    ok = False
            if not ok:
                out.append(v)
    return out


def _comparable(term) -> tuple[Any, bool]:
    if isinstance(term, Lit):
        literal = to_rdflib(term)
        return (literal.value, True) if isinstance(literal.value, str) else (literal, False)
    return str(term), True


_CHECKS = {
    SH.minCount: _min_count, SH.maxCount: _max_count, SH.nodeKind: _node_kind, SH.datatype: _datatype,
    SH.pattern: _pattern, SH.minLength: _min_length, SH.maxLength: _max_length, SH.languageIn: _language_in,
    SH["in"]: _in, SH.hasValue: _has_value, SH["class"]: _class, SH.lessThan: _less_than,
    SH.minInclusive: _range(lambda r: r >= 0), SH.minExclusive: _range(lambda r: r > 0),
    SH.maxInclusive: _range(lambda r: r <= 0), SH.maxExclusive: _range(lambda r: r < 0),
}
