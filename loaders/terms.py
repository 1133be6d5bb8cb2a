"""Plain RDF triples, and Turtle and N-Triples written from them without rdflib.

A build's graph has a few hundred thousand triples; rdflib spends most of the Turtle sink's time
creating its term objects, indexing them in its store and, in its Turtle serializer, looking
every term up again.  Here a triple is a tuple of plain terms: an IRI is a ``str``, a blank node a
:class:`Blank` (a ``str`` too) and a literal a :class:`Lit` ``(lexical, datatype, lang)``.  The
writers are deterministic (same set of triples, same bytes) and the Turtle they write reads back
with any RDF parser (tests compare it with rdflib's own parse, by graph isomorphism).
"""
from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple, Union

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = RDF_NS + "type"
RDF_LANGSTRING = RDF_NS + "langString"
XSD_STRING = XSD_NS + "string"  # written as such: rdflib tells it from a plain literal
XSD_INTEGER = XSD_NS + "integer"
XSD_BOOLEAN = XSD_NS + "boolean"


class Blank(str):
    """A blank node, by its label."""

    __slots__ = ()


class Lit(NamedTuple):
    """A literal: its lexical form, datatype IRI (None: a plain string) and language tag."""

    lexical: str
    datatype: str | None = None
    lang: str | None = None


Term = Union[str, Blank, Lit]
Triple = tuple[str, str, Term]


# ---------------------------------------------------------------- to and from rdflib
def to_rdflib(term: Term):
    """The rdflib term for a plain one (cached: literals are costly to make)."""
    if isinstance(term, Lit):
        return _rdflib_literal(term)
    from rdflib import BNode, URIRef

    return BNode(term) if isinstance(term, Blank) else URIRef(term)


@lru_cache(maxsize=1 << 16)
def _rdflib_literal(term: Lit):
    from rdflib import Literal, URIRef

    if term.lang:
        return Literal(term.lexical, lang=term.lang)
    return Literal(term.lexical, datatype=URIRef(term.datatype) if term.datatype else None)


def from_rdflib(term) -> Term:
    from rdflib import BNode, Literal

    if isinstance(term, Literal):
        return Lit(str(term), str(term.datatype) if term.datatype and not term.language else None, term.language)
    if isinstance(term, BNode):
        return Blank(str(term))
    return str(term)


def triples_of(rdf) -> list[Triple]:
    """Every triple of an rdflib graph as plain terms."""
    return [(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in rdf]


def rdflib_graph(triples: Iterable[Triple], graph=None):
    """The triples in an rdflib graph (``graph``, or a new one)."""
    from rdflib import Graph

    rdf = Graph() if graph is None else graph
    add = rdf.add
    for s, p, o in triples:
        add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return rdf


# ---------------------------------------------------------------- escaping
_STRING_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LOCAL_NAME = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_BLANK_LABEL = re.compile(r"[A-Za-z0-9_]+\Z")


def _escape_char(m: re.Match) -> str:
    c = m.group(0)
    return _STRING_ESCAPES.get(c) or f"\\u{ord(c):04X}"


def quoted(text: str) -> str:
    """A string literal's quoted form, valid in Turtle and N-Triples."""
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(_escape_char, text)
    return f'"{text}"'


def iriref(iri: str) -> str:
    if _IRI_FORBIDDEN.search(iri):
        iri = _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group(0)):04X}", iri)
    return f"<{iri}>"


def _blank(label: str) -> str:
    return "_:" + (label if _BLANK_LABEL.match(label) else "b" + label.encode("utf-8").hex())


def nt_term(term: Term) -> str:
    if isinstance(term, Lit):
        text = quoted(term.lexical)
        if term.lang:
            return f"{text}@{term.lang}"
        return f"{text}^^{iriref(term.datatype)}" if term.datatype else text
    if isinstance(term, Blank):
        return _blank(term)
    return iriref(term)


# ---------------------------------------------------------------- N-Triples
def ntriples(triples: Iterable[Triple]) -> bytes:
    """One line per distinct triple, sorted by their bytes."""
    lines = {f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n".encode("utf-8") for s, p, o in triples}
    return b"".join(sorted(lines))


# ---------------------------------------------------------------- Turtle
class _Names:
    """Prefixed names where the local part is plainly safe; full IRIs otherwise."""

    def __init__(self, prefixes: Mapping[str, str]):
        self.by_namespace = {ns: prefix for prefix, ns in prefixes.items()}
        self.used: set[str] = set()
        self.cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        name = self.cache.get(iri)
        if name is None:
            name = self.cache[iri] = self._name(iri)
        return name

    def _name(self, iri: str) -> str:
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = self.by_namespace.get(iri[:cut]) if cut else None
        local = iri[cut:]
        if prefix is not None and (local == "" or _LOCAL_NAME.match(local)):
            self.used.add(prefix)
            return f"{prefix}:{local}"
        return iriref(iri)

    def term(self, term: Term) -> str:
        if isinstance(term, Lit):
            lexical, datatype, lang = term
            if lang:
                return f"{quoted(lexical)}@{lang}"
            if datatype is None:
                return quoted(lexical)
            if datatype == XSD_INTEGER and _INTEGER.match(lexical):
                return lexical
            if datatype == XSD_BOOLEAN and lexical in ("true", "false"):
                return lexical
            return f"{quoted(lexical)}^^{self.iri(datatype)}"
        if isinstance(term, Blank):
            return _blank(term)
        return self.iri(term)


def _object_key(term: Term) -> tuple:
    if isinstance(term, Lit):
        return (2, term.lexical, term.datatype or "", term.lang or "")
    return (1 if isinstance(term, Blank) else 0, term, "", "")


Grouped = dict  # subject → predicate → {object: None}: each triple once, in the order first seen


def group(triples: Iterable[Triple]) -> Grouped:
    by_subject: Grouped = {}
    for s, p, o in triples:
        preds = by_subject.get(s)
        if preds is None:
            preds = by_subject[s] = {}
        objs = preds.get(p)
        if objs is None:
            objs = preds[p] = {}
        objs[o] = None
    return by_subject


def turtle(triples: Iterable[Triple] | Grouped, prefixes: Mapping[str, str]) -> bytes:
    """Turtle: the prefixes used, then each subject (sorted) with its predicates (``rdf:type``
    first, as ``a``, then sorted) and objects (sorted); the same set of triples gives the same bytes.
    ``triples`` may be grouped already (:func:`group`)."""
    by_subject = triples if isinstance(triples, dict) else group(triples)
    names = _Names(prefixes)
    blocks = [block for _, block in _blocks(by_subject, names)]
    return _document(names.used, prefixes, blocks)


def _subject_key(t: Term) -> tuple:
    return (isinstance(t, Blank), t)


def _blocks(by_subject: Grouped, names: _Names) -> list[tuple[Term, str]]:
    """Each subject's block (without its last newline), sorted by subject.  A block depends on
    that subject's triples alone (and the prefixes): the Turtle is their concatenation."""
    term = names.term
    blocks = []
    for s in sorted(by_subject, key=_subject_key):
        preds = by_subject[s]
        lines = []
        for p in sorted(preds, key=lambda p: (p != RDF_TYPE, p)):
            objs = preds[p]
            values = ", ".join(term(o) for o in (sorted(objs, key=_object_key) if len(objs) > 1 else objs))
            lines.append(f"{'a' if p == RDF_TYPE else names.iri(p)} {values}")
        blocks.append((s, f"{term(s)} " + " ;\n    ".join(lines) + " ."))
    return blocks


def _prefix_line(prefix: str, prefixes: Mapping[str, str]) -> str:
    return f"@prefix {prefix}: {iriref(prefixes[prefix])} .\n"


def _document(used: Iterable[str], prefixes: Mapping[str, str], blocks: list[str]) -> bytes:
    head = "".join(_prefix_line(p, prefixes) for p in sorted(used))
    return (head + "\n" + "\n\n".join(blocks) + ("\n" if blocks else "")).encode("utf-8")


# ---------------------------------------------------------------- Turtle, brought up to date
_LITERAL_OR_IRIREF = re.compile(r'"(?:[^"\\]|\\.)*"|<[^>]*>')
_PREFIXED = re.compile(r"(?:^|(?<=[\s,^]))([A-Za-z][A-Za-z0-9_.-]*):")
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-F]{4})")


def _expanded(token: str, prefixes: Mapping[str, str]) -> str | None:
    """The IRI a subject token of :func:`turtle` stands for (None: not one it writes)."""
    if token.startswith("<") and token.endswith(">"):
        return _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), token[1:-1])
    prefix, colon, local = token.partition(":")
    ns = prefixes.get(prefix)
    if not colon or ns is None or not (local == "" or _LOCAL_NAME.match(local)):
        return None
    return ns + local


def _prefixes_in(block: str) -> set[str]:
    """The prefixes a block of :func:`turtle` uses (its literals and full IRIs set aside)."""
    return set(_PREFIXED.findall(_LITERAL_OR_IRIREF.sub(" ", block)))


def updated_turtle(previous: bytes, triples: Iterable[Triple] | Grouped, prefixes: Mapping[str, str],
                   drop) -> tuple[bytes, list[str]] | None:
    """The bytes :func:`turtle` gives for the triples of ``previous`` (a file it wrote), less the
    blocks of the subjects ``drop(subject_iri, block_text)`` is true of, plus ``triples`` (the
    subjects dropped that are still there, and new ones): each block that stays is taken as it is.
    With the IRIs of the subjects kept; None if ``previous`` is not such a file, or a subject of
    ``triples`` is kept too.  ``drop`` may raise ValueError: then None as well."""
    try:
        parts = previous.decode("utf-8").split("\n\n")
    except UnicodeDecodeError:
        return None
    if len(parts) < 2 or not parts[-1].endswith(" .\n"):
        return None
    head, body = parts[0], parts[1:]
    body[-1] = body[-1][:-1]
    old_used = []
    for line in head.split("\n"):
        prefix = line[len("@prefix "):].split(":", 1)[0] if line.startswith("@prefix ") else None
        if prefix not in prefixes or line + "\n" != _prefix_line(prefix, prefixes):
            return None
        old_used.append(prefix)
    by_subject = triples if isinstance(triples, dict) else group(triples)
    names = _Names(prefixes)
    fresh = [(_subject_key(s), block) for s, block in _blocks(by_subject, names)]
    kept: list[tuple[tuple, str]] = []
    last: tuple | None = None
    try:
        for block in body:
            token = block[: block.find(" ")]
            subject = _expanded(token, prefixes)
            if subject is None or token.startswith("_:"):
                return None
            key = (False, subject)
            if last is not None and key <= last:
                return None  # not sorted as turtle() sorts
            last = key
            if subject in by_subject:
                if not drop(subject, block):
                    return None  # a block both kept and written anew
                continue
            if not drop(subject, block):
                kept.append((key, block))
    except ValueError:
        return None
    used = set(names.used)
    unsure = set(old_used) - used  # in the old file: still used if a kept block uses it
    for _, block in kept:
        if not unsure:
            break
        found = _prefixes_in(block) & unsure
        used |= found
        unsure -= found
    blocks = [block for _, block in heapq.merge(kept, fresh, key=_FIRST)]
    return _document(used, prefixes, blocks), [key[1] for key, _ in kept]


_FIRST = itemgetter(0)
