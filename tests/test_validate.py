"""SHACL validation: what conforms, what `kg validate` reports for broken graphs, and `kg build` failing loudly."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV
from typer.testing import CliRunner

from kgcli import app
from kg.errors import ValidationError
from kg.vocab import KG
from loaders import rdf as rdf_module
from loaders.rdf import iri, serialize, to_rdf, write_turtle_sink
from loaders.shacl import check_evidence, validate_shapes
from tests.rdf_fixtures import TRICKY_NAMES, tricky_graph, write_documents

pytest_plugins = ["tests.rdf_plugin"]
# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

runner = CliRunner()


def node(graph, name: str) -> URIRef:
    return iri(next(n for n, a in graph.nodes(data=True) if a["name"] == name))


DEPT = TRICKY_NAMES["dept"]
PROJECT = TRICKY_NAMES["project"]
PLACE = TRICKY_NAMES["place"]
TP = iri("timepoint/2023-09-10")


def an_assertion(rdf: Graph, predicate) -> URIRef:
    return sorted(rdf.subjects(RDF.predicate, predicate))[0]


# Each case: (id, mutation of the RDF, expected focus node id, expected message fragment)
def drop_label(g, rdf):
    rdf.remove((node(g, DEPT), RDFS.label, None))


def english_label_only(g, rdf):
    rdf.set((node(g, DEPT), RDFS.label, Literal("NDRC", lang="en")))


def empty_label(g, rdf):
    rdf.set((node(g, DEPT), RDFS.label, Literal("", lang="zh")))


def wrong_subject_type(g, rdf):  # a Place cannot be responsible for anything
    rdf.set((node(g, DEPT), RDF.type, KG.Place))


def wrong_object_type(g, rdf):  # a project is not located in another project
    rdf.add((node(g, PROJECT), KG.locatedIn, node(g, "信访工作")))


def missing_type(g, rdf):
    rdf.remove((node(g, PLACE), RDF.type, None))


def bad_date(g, rdf):
    rdf.set((TP, KG.date, Literal("2023-13-45", datatype=rdflib.XSD.date)))


def date_as_text(g, rdf):
    rdf.set((TP, KG.date, Literal("2023-09-10")))


def raw_chinese_iri(g, rdf):
    bad = URIRef("https://w3id.org/zhgov-kg/id/place/上海")
    for p, o in list(rdf.predicate_objects(node(g, PLACE))):
        rdf.add((bad, p, o))


def assertion_without_source(g, rdf):
    rdf.remove((an_assertion(rdf, KG.locatedIn), PROV.wasDerivedFrom, None))


def assertion_without_evidence(g, rdf):
    rdf.remove((an_assertion(rdf, KG.locatedIn), KG.evidenceText, None))


def offsets_reversed(g, rdf):
    a = an_assertion(rdf, KG.locatedIn)
    rdf.set((a, KG.startOffset, Literal(90)))


def fact_without_assertion(g, rdf):
    rdf.add((node(g, "国务院"), KG.responsibleFor, node(g, "信访工作")))


def assertion_without_fact(g, rdf):
    rdf.remove((node(g, PROJECT), KG.locatedIn, node(g, PLACE)))


def deadline_without_time_text(g, rdf):
    a = an_assertion(rdf, KG.deadline)
    rdf.remove((a, KG.timeText, None))


def entity_without_document(g, rdf):
    rdf.remove((node(g, PLACE), KG.mentionedIn, None))


BROKEN = [
    ("missing label", drop_label, DEPT, "rdfs:label"),
    ("label not @zh", english_label_only, DEPT, "Chinese rdfs:label"),
    ("empty label", empty_label, DEPT, "non-empty Chinese rdfs:label"),
    ("wrong subject type", wrong_subject_type, DEPT, "subject of kg:responsibleFor must be"),
    ("wrong object type", wrong_object_type, PROJECT, "object of kg:locatedIn must be a kg:Place"),
    ("missing type", missing_type, PLACE, "no rdf:type"),
    ("invalid xsd:date", bad_date, "timepoint/2023-09-10", "kg:date must be one valid xsd:date"),
    ("date not typed", date_as_text, "timepoint/2023-09-10", "kg:date must be one valid xsd:date"),
    ("raw Chinese IRI", raw_chinese_iri, "place/上海", "ASCII"),
    ("assertion without source", assertion_without_source, None, "source kg:Document"),
    ("assertion without evidence", assertion_without_evidence, None, "evidence text"),
    ("offsets reversed", offsets_reversed, None, "below kg:endOffset"),
    ("fact without assertion", fact_without_assertion, "国务院", "has no kg:Assertion"),
    ("assertion without fact", assertion_without_fact, None, "not in the graph"),
    ("deadline without time text", deadline_without_time_text, None, "kg:timeText"),
    ("entity without document", entity_without_document, PLACE, "kg:mentionedIn"),
]


def broken_rdf(mutate) -> tuple:
    g = tricky_graph()
    rdf = to_rdf(g)
    mutate(g, rdf)
    return g, rdf


def expected_focus(g, focus):
    if focus is None:
        return None
    if "/" in focus:
        return focus
    return rdf_module.node_id_of(node(g, focus))


def test_the_hand_made_graph_conforms():
    assert validate_shapes(to_rdf(tricky_graph())) == []


@pytest.mark.parametrize("case, mutate, focus, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_validate_reports_each_broken_graph_with_exit_1(tmp_path, case, mutate, focus, message):
    g, rdf = broken_rdf(mutate)
    path = tmp_path / "broken.ttl"
    path.write_bytes(serialize(rdf, "ttl"))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stdout.splitlines() if message in line]
    assert lines, result.stdout
    want = expected_focus(g, focus)
    if want is None:
        assert any(line.startswith("assertion/") for line in lines), lines
    else:
        assert any(line.startswith(want + ":") for line in lines), lines


@pytest.mark.parametrize("case, mutate, focus, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_python_link_checks_agree_with_the_sparql_shapes(case, mutate, focus, message):
    _, rdf = broken_rdf(mutate)
    assert validate_shapes(rdf) == validate_shapes(rdf, sparql=True)


def test_validate_accepts_a_conforming_file_with_exit_0(tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_bytes(serialize(to_rdf(tricky_graph()), "ttl"))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.stdout


@pytest.mark.parametrize("fmt", ["nt", "jsonld"])
def test_validate_reads_n_triples_and_json_ld(tmp_path, fmt):
    path = tmp_path / f"graph.{fmt}"
    path.write_bytes(serialize(to_rdf(tricky_graph()), fmt))
    assert runner.invoke(app, ["validate", str(path)]).exit_code == 0


@pytest.mark.parametrize("content, code", [("this is not turtle <<<", 1), (None, 2)])
def test_validate_unreadable_input_is_one_line(tmp_path, content, code):
    path = tmp_path / "bad.ttl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == code
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


PREFIX = "@prefix a: <http://x/> .\n"


@pytest.mark.parametrize("content, expected", [
    # the rejected token: line and column (1-based, in characters), rdflib's reason, the text there
    (PREFIX + "a:b a:c a:d .\na:b 中文谓语 a:d .\n",
     "line 3, column 5: expected '.' or '}' or ']' at end of statement, at \"中文谓语 a:d .\""),
    # a newline inside a literal: where the newline is (the last column of that line)
    (PREFIX + "a:b a:c a:d ;\n  a:e \"x .\na:f a:g a:h .\n", "line 3, column 11: newline found in string literal, at the end of the line"),
    # comments and blank lines before the rejected text are skipped; a long line is cut with …
    ("# a title\n\nLocal governments publish thousands of speeches every year.\n",
     "line 3, column 1: expected directive or statement, at \"Local governments publish thousands of s…\""),
    (PREFIX + "a:b a:c\n", "line 2, column 8: objectList expected, at the end of the line"),
    (PREFIX + "a:b a:c", "the file ends in the middle of a statement"),  # rdflib: IndexError
])
def test_turtle_syntax_error_is_shown_whole_on_one_line(tmp_path, content, expected):
    path = tmp_path / "bad.ttl"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"kg: error: {path}: not valid turtle: {expected}\n"


def test_other_rdf_syntax_errors_keep_their_whole_message(tmp_path):
    path = tmp_path / "bad.jsonld"
    path.write_text('{"@id": "x",\n', encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stderr == (f"kg: error: {path}: not valid json-ld: JSONDecodeError: "
                             "Expecting property name enclosed in double quotes: line 2 column 1 (char 13)\n")


# ---------------------------------------------------------------- evidence against documents
def test_evidence_matches_the_document_texts(tmp_path):
    write_documents(tmp_path / "documents")
    problems, checked = check_evidence(to_rdf(tricky_graph()), tmp_path / "documents")
    assert (problems, checked) == ([], 9)


def test_validate_finds_evidence_that_is_not_verbatim(tmp_path):
    write_documents(tmp_path / "documents")
    record = tmp_path / "documents" / "doc1.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["text"] = data["text"].replace("负责", "主抓")
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    path = tmp_path / "graph.ttl"
    path.write_bytes(serialize(to_rdf(tricky_graph()), "ttl"))
    result = runner.invoke(app, ["validate", str(path)])  # documents/ next to the file is used
    assert result.exit_code == 1
    assert "evidence is not the text at [0, 22) of document 00000000000000bb" in result.stdout


# ---------------------------------------------------------------- kg build
def test_every_seed_turtle_conforms(seed_build):
    result = runner.invoke(app, ["validate", str(seed_build / "graph.ttl")])
    assert result.exit_code == 0, result.output


def test_the_turtle_sink_fails_loudly_on_a_broken_graph(tmp_path):
    g = tricky_graph()
    g.nodes[next(n for n, a in g.nodes(data=True) if a["name"] == DEPT)]["type"] = "Place"
    with pytest.raises(ValidationError) as err:
        write_turtle_sink(g, tmp_path)
    first, *rest = str(err.value).splitlines()
    assert str(tmp_path / "graph.ttl") + ": does not conform: 1 violation(s)" in first
    assert any("subject of kg:responsibleFor must be" in line for line in rest)


def test_kg_build_exits_1_when_its_turtle_does_not_conform(tmp_path, monkeypatch):
    real = rdf_module.to_rdf

    def without_labels(g):
        out = real(g)
        out.remove((None, RDFS.label, None))
        return out

    monkeypatch.setattr(rdf_module, "to_rdf", without_labels)
    seeds = Path(__file__).resolve().parents[1] / "seeds" / "000_4cbf524f0d780ddb.txt"
    result = runner.invoke(app, ["build", str(seeds), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "does not conform" in result.stderr
    assert "rdfs:label" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("seed", sorted(p.name for p in (Path(__file__).resolve().parents[1] / "seeds").glob("*.txt")))
def test_each_seed_alone_builds_conforming_turtle(tmp_path, seed):
    from kg.pipeline import build

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    build([seeds / seed], tmp_path, sinks=(write_turtle_sink,))  # raises ValidationError if not
    assert validate_shapes(rdf_module.parse(tmp_path / "graph.ttl")) == []


def test_validate_with_other_shapes(tmp_path):
    shapes = tmp_path / "strict.ttl"
    shapes.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/zhgov-kg/ontology#> .
<urn:x:DepartmentsHaveKinds> a sh:NodeShape ; sh:targetClass kg:Department ;
    sh:property [ sh:path kg:kind ; sh:minCount 1 ; sh:message "department without kind" ] .
""", encoding="utf-8")
    path = tmp_path / "graph.ttl"
    path.write_bytes(serialize(to_rdf(tricky_graph()), "ttl"))
    result = runner.invoke(app, ["validate", str(path), "--shapes", str(shapes)])
    assert result.exit_code == 1
    assert sum("department without kind" in line for line in result.stdout.splitlines()) == 3
