"""The ontology is OWL 2 DL: the OWL API's DL profile check passes and HermiT reasons over it;
the built graph with the ontology is DL but for its xsd:date literals, and consistent."""
from __future__ import annotations

import pytest
import rdflib
from rdflib import RDF, Graph, URIRef

from kg.vocab import KG
from loaders.rdf import serialize, to_rdf
from ontology import ONTOLOGY_TTL
from tests.owl_dl import compile_checker, datatypes_outside_owl2_map, merged, missing_tools, run_checker
from tests.rdf_fixtures import tricky_graph

pytest_plugins = ["tests.rdf_plugin"]

_MISSING = missing_tools()
needs_java = pytest.mark.skipif(_MISSING is not None, reason=f"OWL API / HermiT check not run: {_MISSING}")


@pytest.fixture(scope="module")
def checker(tmp_path_factory):
    return compile_checker(tmp_path_factory.mktemp("owl-check"))


@pytest.fixture(scope="module")
def ontology_report(checker):
    return run_checker(checker, ONTOLOGY_TTL)


# ---------------------------------------------------------------- the ontology alone
def test_the_ontology_uses_only_datatypes_of_the_owl2_datatype_map():
    assert datatypes_outside_owl2_map(Graph().parse(ONTOLOGY_TTL)) == set()


@needs_java
def test_the_ontology_passes_the_owl_api_dl_profile_check(ontology_report):
    assert ontology_report.violations == []


@needs_java
def test_hermit_loads_the_ontology_and_every_class_is_satisfiable(ontology_report):
    assert ontology_report.refused is None
    assert ontology_report.consistent is True
    assert ontology_report.unsatisfiable == []


BROKEN_ONTOLOGY = """\
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/> .
<https://example.org/o> a owl:Ontology .
ex:A a owl:Class ; skos:definition "an undeclared annotation property"@en ; rdfs:subClassOf ex:Undeclared .
ex:year a owl:DatatypeProperty ; rdfs:domain ex:A ; rdfs:range xsd:gYear .
"""


@needs_java
def test_the_check_reports_what_breaks_dl(checker, tmp_path):
    path = tmp_path / "broken.ttl"
    path.write_text(BROKEN_ONTOLOGY, encoding="utf-8")
    report = run_checker(checker, path)
    assert {kind for kind, _ in report.violations} == {"UseOfUndeclaredAnnotationProperty", "UseOfUndeclaredClass"}
    assert report.refused is not None and "gYear" in report.refused
    assert datatypes_outside_owl2_map(Graph().parse(path)) == {(URIRef("https://example.org/year"), rdflib.XSD.gYear)}


# ---------------------------------------------------------------- the ontology with a build's data
@pytest.fixture(scope="module")
def seed_data(seed_build, tmp_path_factory):
    """The seed build's graph.ttl together with the ontology, as one file."""
    return merged([ONTOLOGY_TTL, seed_build / "graph.ttl"], tmp_path_factory.mktemp("owl-data") / "seeds.ttl")


def test_the_built_graph_with_the_ontology_is_outside_the_datatype_map_only_by_its_dates(seed_data):
    assert datatypes_outside_owl2_map(Graph().parse(seed_data)) == {(KG.date, rdflib.XSD.date)}


@needs_java
def test_the_built_graph_with_the_ontology_passes_the_dl_profile_check_and_is_consistent(checker, seed_data):
    report = run_checker(checker, seed_data, ignore_unsupported_datatypes=True)
    assert report.violations == []
    assert report.refused is None
    assert report.consistent is True
    assert report.unsatisfiable == []


@needs_java
def test_hermit_finds_a_node_of_two_disjoint_classes_inconsistent(checker, tmp_path):
    rdf = to_rdf(tricky_graph())
    dept = next(s for s in rdf.subjects(RDF.type, KG.Department))
    rdf.add((dept, RDF.type, KG.Place))  # Department and Place are disjoint
    data = tmp_path / "data.ttl"
    data.write_bytes(serialize(rdf, "ttl"))
    report = run_checker(checker, merged([ONTOLOGY_TTL, data], tmp_path / "both.ttl"), ignore_unsupported_datatypes=True)
    assert report.refused is None
    assert report.consistent is False
