"""The ontology is the single source of truth: kg.ttl, kg.vocab.KG, the shapes and the n10s setup agree."""
from __future__ import annotations

import re

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS

from kg.vocab import (
    ENTITY_CLASSES, KG, LINK_PROPERTIES, NODE_CLASSES, RELATION_DOMAINS, RELATION_PROPERTIES,
    local_name, neo4j_label, neo4j_rel_type, term_for,
)
from loaders import n10s
from ontology import ONTOLOGY_TTL, SHAPES_TTL

ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
TIME = "http://www.w3.org/2006/time#"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_TTL)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL)


def declared_terms(onto: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {s for k in kinds for s in onto.subjects(RDF.type, k) if isinstance(s, URIRef) and s.startswith(str(KG._NS))}


OWL_DATATYPE_PROPERTIES = sorted(
    p for p in Graph().parse(ONTOLOGY_TTL).subjects(RDF.type, OWL.DatatypeProperty) if p.startswith(str(KG._NS)))


def python_terms() -> set[URIRef]:
    return {KG[name] for name in KG.__annotations__}


def test_every_python_term_is_declared_in_the_turtle(onto):
    assert python_terms() - declared_terms(onto) == set()


def test_every_turtle_term_is_in_the_python_namespace(onto):
    assert declared_terms(onto) - python_terms() == set()


def test_the_namespace_is_closed():
    with pytest.raises(AttributeError):
        KG.responsibleFro  # noqa: B018  (a typo must fail, not mint a new term)


@pytest.mark.parametrize("term", sorted(python_terms()))
def test_every_term_has_labels_in_chinese_and_english_and_definitions(onto, term):
    labels = {lit.language for lit in onto.objects(term, RDFS.label)}
    definitions = {lit.language for lit in onto.objects(term, SKOS.definition)}
    assert {"zh", "en"} <= labels
    assert {"zh", "en"} <= definitions


def classes_of(onto: Graph, node) -> set[URIRef]:
    """A class or an owl:unionOf of classes, as a set."""
    if isinstance(node, BNode):
        return set(Collection(onto, onto.value(node, OWL.unionOf)))
    return {node}


@pytest.mark.parametrize("prop", sorted(set(python_terms()) - set(NODE_CLASSES) - {KG.Assertion}))
def test_every_property_has_a_domain_and_a_range(onto, prop):
    assert onto.value(prop, RDFS.domain) is not None
    assert onto.value(prop, RDFS.range) is not None


@pytest.mark.parametrize("prop", RELATION_PROPERTIES)
def test_domain_and_range_match_the_relation_table_in_vocab(onto, prop):
    heads, tails = RELATION_DOMAINS[local_name(prop)]
    assert {local_name(c) for c in classes_of(onto, onto.value(prop, RDFS.domain))} == set(heads)
    expected_tails = set(tails) if tails is not None else {local_name(KG.TimePoint)}
    assert {local_name(c) for c in classes_of(onto, onto.value(prop, RDFS.range))} == expected_tails


def test_mentioned_in_links_every_entity_class_to_documents(onto):
    assert classes_of(onto, onto.value(KG.mentionedIn, RDFS.domain)) == set(ENTITY_CLASSES)
    assert onto.value(KG.mentionedIn, RDFS.range) == KG.Document


ALIGNMENTS = [  # (term, rdfs:subClassOf or rdfs:subPropertyOf, standard term)
    (KG.Department, RDFS.subClassOf, ORG + "Organization"),
    (KG.Department, RDFS.subClassOf, SCHEMA + "GovernmentOrganization"),
    (KG.Organization, RDFS.subClassOf, ORG + "Organization"),
    (KG.Project, RDFS.subClassOf, SCHEMA + "Project"),
    (KG.Place, RDFS.subClassOf, SCHEMA + "Place"),
    (KG.Policy, RDFS.subClassOf, PROV + "Plan"),
    (KG.Document, RDFS.subClassOf, DCT + "BibliographicResource"),
    (KG.Document, RDFS.subClassOf, PROV + "Entity"),
    (KG.TimePoint, RDFS.subClassOf, TIME + "Instant"),
    (KG.Assertion, RDFS.subClassOf, PROV + "Entity"),
    (KG.issuedBy, RDFS.subPropertyOf, DCT + "publisher"),
    (KG.locatedIn, RDFS.subPropertyOf, SCHEMA + "location"),
    (KG.mentionedIn, RDFS.subPropertyOf, DCT + "isReferencedBy"),
    (KG.date, RDFS.subPropertyOf, TIME + "inXSDDate"),
    (KG.year, RDFS.subPropertyOf, DCT + "date"),
]


@pytest.mark.parametrize("term, relation, standard", ALIGNMENTS)
def test_alignment_with_standard_vocabularies(onto, term, relation, standard):
    assert (term, relation, URIRef(standard)) in onto


def test_the_assertion_class_is_not_a_subclass_of_rdf_statement(onto):
    # OWL 2 DL reserves the rdf: vocabulary: rdf:Statement cannot be a class there.
    assert (KG.Assertion, RDFS.subClassOf, RDF.Statement) not in onto


XSD = "http://www.w3.org/2001/XMLSchema#"


def shape_datatypes(shapes: Graph, prop: URIRef) -> set[URIRef]:
    return {shapes.value(ps, SH.datatype) for ps in shapes.subjects(SH.path, prop)} - {None}


def test_the_date_of_a_deadline_is_an_xsd_date_in_the_shapes_and_any_literal_in_the_ontology(onto, shapes):
    # xsd:date is not in the OWL 2 datatype map: the ontology leaves the range open, the shapes check it.
    assert onto.value(KG.date, RDFS.range) == RDFS.Literal
    assert shape_datatypes(shapes, KG.date) == {URIRef(XSD + "date")}


def test_the_year_of_a_document_is_an_integer(onto, shapes):
    assert onto.value(KG.year, RDFS.range) == URIRef(XSD + "integer")
    assert shape_datatypes(shapes, KG.year) == {URIRef(XSD + "integer")}


# What each range of the ontology lets the shapes require: the range itself or a datatype inside it.
NARROWER = {RDFS.Literal: None, RDF.PlainLiteral: {RDF.langString}}


@pytest.mark.parametrize("prop", OWL_DATATYPE_PROPERTIES)
def test_shapes_require_the_datatype_the_ontology_declares(onto, shapes, prop):
    declared = onto.value(prop, RDFS.range)
    for required in shape_datatypes(shapes, prop):
        allowed = NARROWER.get(declared, set())
        assert allowed is None or required == declared or required in allowed, (prop, declared, required)


NAMES = [  # derived names, spelled out once here as expected values
    (KG.Department, "Department", "Department"),
    (KG.TimePoint, "TimePoint", "TimePoint"),
    (KG.responsibleFor, "responsibleFor", "RESPONSIBLE_FOR"),
    (KG.issuedBy, "issuedBy", "ISSUED_BY"),
    (KG.deadline, "deadline", "DEADLINE"),
    (KG.locatedIn, "locatedIn", "LOCATED_IN"),
    (KG.mentionedIn, "mentionedIn", "MENTIONED_IN"),
]


@pytest.mark.parametrize("term, json_name, neo4j_name", NAMES)
def test_json_and_neo4j_names_are_derived_from_the_term(term, json_name, neo4j_name):
    assert local_name(term) == json_name
    assert term_for(json_name) == term
    derived = neo4j_label(term) if term in NODE_CLASSES else neo4j_rel_type(term)
    assert derived == neo4j_name


# ---------------------------------------------------------------- shapes agree with the ontology
def endpoint_shapes(shapes: Graph) -> dict[URIRef, tuple[set, set]]:
    """For each relation: the classes its shape allows at the subject and at the object."""
    out = {}
    for shape in shapes.subjects(SH.targetSubjectsOf, None):
        for prop in shapes.objects(shape, SH.targetSubjectsOf):
            if prop not in RELATION_PROPERTIES or len(list(shapes.objects(shape, SH.targetSubjectsOf))) != 1:
                continue
            subject_classes, object_classes = set(), set()
            for ps in shapes.objects(shape, SH.property):
                path = shapes.value(ps, SH.path)
                allowed = set(Collection(shapes, shapes.value(ps, SH["in"])))
                if path == RDF.type:
                    subject_classes = allowed
                elif isinstance(path, BNode) and list(Collection(shapes, path)) == [prop, RDF.type]:
                    object_classes = allowed
            out[prop] = (subject_classes, object_classes)
    return out


def test_shapes_check_the_endpoints_the_ontology_declares(onto, shapes):
    found = endpoint_shapes(shapes)
    assert set(found) == set(RELATION_PROPERTIES)
    for prop in RELATION_PROPERTIES:
        declared = (classes_of(onto, onto.value(prop, RDFS.domain)), classes_of(onto, onto.value(prop, RDFS.range)))
        assert found[prop] == declared, prop


def test_every_shape_term_is_an_ontology_term(onto, shapes):
    used = {t for t in shapes.all_nodes() if isinstance(t, URIRef) and t.startswith(str(KG._NS))}
    assert used - declared_terms(onto) == set()


def test_sparql_shapes_list_every_relation(shapes):
    for query in shapes.objects(None, SH.select):
        if "?path IN" in str(query):
            assert set(re.findall(r"kg:(\w+)", str(query))) >= {local_name(p) for p in RELATION_PROPERTIES}


# ---------------------------------------------------------------- neosemantics
def test_shipped_n10s_setup_is_the_generated_one():
    assert n10s.SETUP_FILE.read_text(encoding="utf-8") == n10s.setup_cypher(), "run: python -m loaders.n10s"


def test_n10s_setup_maps_every_relationship_to_the_native_type():
    text = n10s.SETUP_FILE.read_text(encoding="utf-8")
    mapped = dict(re.findall(r'CALL n10s\.mapping\.add\("([^"]+)", "([^"]+)"\);', text))
    for prop in LINK_PROPERTIES:
        assert mapped[str(prop)] == neo4j_rel_type(prop)
    assert mapped[str(RDFS.label)] == "name"
    assert 'handleVocabUris: "MAP"' in text
    for ns in set(re.findall(r'CALL n10s\.mapping\.add\("([^"]+[#/])', text)):
        assert f'"{ns}");' in text, f"no n10s.nsprefixes.add for {ns}"
