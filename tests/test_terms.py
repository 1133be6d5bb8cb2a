"""Turtle and N-Triples written from plain triples: what rdflib parses back is the graph written."""
from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from loaders.rdf import PREFIXES
from loaders.terms import XSD_BOOLEAN, XSD_INTEGER, XSD_NS, Blank, Lit, iriref, ntriples, rdflib_graph, triples_of, turtle

ID = "https://w3id.org/zhgov-kg/id/"
KG = "https://w3id.org/zhgov-kg/ontology#"
HARD = [
    (ID + "department/a-1", KG + "name", Lit('quote " backslash \\ newline \n tab \t cr \r')),
    (ID + "department/a-1", KG + "name", Lit("controls \x00 \x07 \x1f \x7f bell", None, "zh")),
    (ID + "department/a-1", KG + "name", Lit("上海😀 \u2028 separator", None, "zh-Hans")),
    (ID + "department/a-1", KG + "count", Lit("42", XSD_INTEGER)),
    (ID + "department/a-1", KG + "count", Lit("-7", XSD_INTEGER)),
    (ID + "department/a-1", KG + "flag", Lit("true", XSD_BOOLEAN)),
    (ID + "department/a-1", KG + "when", Lit("2023-13-45", XSD_NS + "date")),  # ill-typed, kept as written
    (ID + "department/a-1", KG + "ratio", Lit("1.5", XSD_NS + "decimal")),
    (ID + "department/a-1", KG + "plain", Lit("explicit string", XSD_NS + "string")),
    (ID + "department/a-1", KG + "empty", Lit("")),
    (ID + "place/上海", KG + "link", ID + "place/a,b;c(d)~e"),  # no prefixed names for these
    (ID + "place/-dash", KG + "link", ID + "place/trailing."),
    (ID + "place/%E4%B8%8A", KG + "link", "urn:x:no-namespace"),
    (ID + "document/", KG + "link", Blank("b1")),
    (Blank("b1"), KG + "name", Lit("blank")),
    (Blank("weird-label é"), KG + "name", Lit("blank 2")),
    ("http://example.org/x#", "http://example.org/p#q", ID + "timepoint/2023-09-10"),
]


def expected() -> Graph:
    return rdflib_graph(HARD)


@pytest.mark.parametrize("fmt, write", [("turtle", lambda t: turtle(t, PREFIXES)), ("nt", ntriples)])
def test_hard_terms_read_back_as_written(fmt, write):
    back = Graph().parse(data=write(HARD).decode("utf-8"), format=fmt)
    assert len(back) == len(HARD)
    assert isomorphic(back, expected())


@pytest.mark.parametrize("write", [lambda t: turtle(t, PREFIXES), ntriples])
def test_the_same_triples_in_another_order_give_the_same_bytes(write):
    assert write(HARD) == write(list(reversed(HARD))) == write(HARD + HARD[:3])


def test_turtle_names_our_nodes_with_prefixes_and_shortens_numbers():
    text = turtle(HARD, PREFIXES).decode("utf-8")
    assert "department:a-1 kg:count -7, 42 ;" in text
    assert "kg:flag true ;" in text
    assert '"2023-13-45"^^xsd:date' in text
    assert "<https://w3id.org/zhgov-kg/id/place/a,b;c(d)~e>" in text and "<https://w3id.org/zhgov-kg/id/place/上海>" in text
    assert "@prefix timepoint:" in text and "@prefix skos:" not in text  # only the prefixes used


def test_rdflib_terms_round_trip_through_plain_ones():
    rdf = expected()
    assert isomorphic(rdflib_graph(triples_of(rdf)), rdf)


def test_characters_an_iri_cannot_hold_are_escaped_not_written_raw():
    assert iriref('urn:a b<c>"d') == "<urn:a\\u0020b\\u003Cc\\u003E\\u0022d>"


# ---------------------------------------------------------------- Turtle brought up to date
def _by_subject(triples):
    out = {}
    for t in triples:
        out.setdefault(t[0], []).append(t)
    return out


NO_BLANKS = [t for t in HARD if not isinstance(t[0], Blank) and not isinstance(t[2], Blank)] + [
    (ID + "policy/p-1", KG + "name", Lit("政策", None, "zh")),  # the only use of the policy: prefix
    (ID + "document/d-1", KG + "link", ID + "policy/p-1"),
]


@pytest.mark.parametrize("drop, add", [
    ({ID + "policy/p-1", ID + "document/d-1"}, []),  # a prefix only they used goes from the head
    ({ID + "department/a-1"}, [(ID + "department/a-1", KG + "name", Lit("新", None, "zh")),
                               (ID + "organization/o-1", KG + "count", Lit("3", XSD_NS + "decimal"))]),
    (set(), [(ID + "project/new", KG + "link", ID + "place/上海")]),  # a subject and a prefix come in
    ({"http://example.org/x#", ID + "place/上海"}, [(ID + "place/上海", KG + "name", Lit("上海", None, "zh"))]),
])
def test_an_updated_turtle_is_the_turtle_of_the_triples_it_stands_for(drop, add):
    from loaders.terms import updated_turtle

    previous = turtle(NO_BLANKS, PREFIXES)
    kept = [t for t in NO_BLANKS if t[0] not in drop]
    fresh = [t for t in add if t[0] in drop or t[0] not in _by_subject(NO_BLANKS)]
    data, subjects = updated_turtle(previous, fresh, PREFIXES, lambda s, _block: s in drop)
    assert data == turtle(kept + fresh, PREFIXES)
    assert set(subjects) == set(_by_subject(kept)) - set(_by_subject(fresh))


@pytest.mark.parametrize("previous", [b"", b"not turtle", "@prefix kg: <x> .\n\nkg:a kg:b kg:c .\n".encode(),
                                      b"\xff\xfe", turtle(NO_BLANKS, PREFIXES)[:-40]])
def test_an_update_of_a_file_turtle_did_not_write_is_refused(previous):
    from loaders.terms import updated_turtle

    assert updated_turtle(previous, [], PREFIXES, lambda s, _block: False) is None
