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
from kg.errors import GraphError, ValidationError
from kg.vocab import KG
from loaders import rdf as rdf_module
from loaders.rdf import iri, serialize, to_rdf, write_turtle_sink
from loaders.shacl import check_evidence, check_graph, validate_shapes
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


def time_point_with_wording(g, rdf):  # the wording belongs to the deadline assertion
    rdf.add((TP, KG.timeText, Literal("9月上旬前", lang="zh")))


def year_as_gyear(g, rdf):  # xsd:gYear is not OWL 2 DL: a year is an xsd:integer
    rdf.set((iri("document/00000000000000aa"), KG.year, Literal("2023", datatype=rdflib.XSD.gYear)))


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
    ("time point with a wording", time_point_with_wording, "timepoint/2023-09-10", "a time point is only its date"),
    ("year not an integer", year_as_gyear, "document/00000000000000aa", "kg:year must be one xsd:integer"),
]


# Broken in ways whose shapes have no sh:message (pyshacl's own words) or other components.
def masked_twice(g, rdf):
    rdf.add((node(g, DEPT), KG.masked, Literal(True)))


def masked_as_text(g, rdf):
    rdf.set((node(g, DEPT), KG.masked, Literal("no")))


def unknown_kind(g, rdf):
    rdf.set((node(g, PROJECT), KG.kind, Literal("programme")))


def year_as_text(g, rdf):
    doc = next(rdf.subjects(RDF.type, KG.Document))
    rdf.set((doc, KG.year, Literal("2023")))


def two_titles(g, rdf):
    doc = next(rdf.subjects(RDF.type, KG.Document))
    rdf.add((doc, rdflib.namespace.DCTERMS.title, Literal("另一个标题", lang="zh")))


def negative_offset(g, rdf):
    rdf.set((an_assertion(rdf, KG.deadline), KG.startOffset, Literal(-1)))


def offset_as_text(g, rdf):
    rdf.set((an_assertion(rdf, KG.deadline), KG.startOffset, Literal("three")))


def predicate_not_a_relation(g, rdf):
    rdf.set((an_assertion(rdf, KG.issuedBy), RDF.predicate, KG.mentionedIn))


def literal_as_object(g, rdf):
    rdf.set((an_assertion(rdf, KG.issuedBy), RDF.object, Literal("国务院")))


def blank_node_labelled(g, rdf):
    rdf.add((rdflib.BNode("b1"), RDFS.label, Literal("无名", lang="zh")))


def english_alias(g, rdf):
    rdf.add((node(g, DEPT), rdflib.namespace.SKOS.altLabel, Literal("NDRC", lang="en")))


def timepoint_with_text(g, rdf):
    rdf.add((TP, KG.timeText, Literal("年底前", lang="zh")))  # the wording belongs on the assertion


def mentioned_in_a_place(g, rdf):
    rdf.add((node(g, DEPT), KG.mentionedIn, node(g, PLACE)))


def identifier_in_chinese(g, rdf):
    rdf.set((node(g, DEPT), rdflib.namespace.DCTERMS.identifier, Literal("发改委", lang="zh")))


def iri_with_a_space(g, rdf):
    rdf.add((URIRef("https://w3id.org/zhgov-kg/id/place/a b"), RDFS.label, Literal("甲", lang="zh")))


def subclass_of_a_target_class(g, rdf):
    sub = URIRef("https://example.org/Ministry")
    rdf.add((sub, RDFS.subClassOf, KG.Department))
    rdf.add((URIRef("https://w3id.org/zhgov-kg/id/department/x"), RDF.type, sub))


GENERIC = [
    ("masked twice", masked_twice), ("masked as text", masked_as_text), ("unknown kind", unknown_kind),
    ("year as text", year_as_text), ("two titles", two_titles), ("negative offset", negative_offset),
    ("offset as text", offset_as_text), ("predicate not a relation", predicate_not_a_relation),
    ("literal as object", literal_as_object), ("blank node labelled", blank_node_labelled),
    ("english alias", english_alias), ("time point with a wording", timepoint_with_text),
    ("mentioned in a place", mentioned_in_a_place), ("identifier in chinese", identifier_in_chinese),
    ("IRI with a space", iri_with_a_space), ("subclass of a target class", subclass_of_a_target_class),
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


@pytest.mark.parametrize("engine", [[], ["--full"]], ids=["python", "pyshacl"])
@pytest.mark.parametrize("case, mutate, focus, message", BROKEN, ids=[b[0] for b in BROKEN])
def test_validate_reports_each_broken_graph_with_exit_1(tmp_path, case, mutate, focus, message, engine):
    g, rdf = broken_rdf(mutate)
    path = tmp_path / "broken.ttl"
    path.write_bytes(serialize(rdf, "ttl"))
    result = runner.invoke(app, ["validate", str(path), *engine])
    assert result.exit_code == 1, result.output
    assert "does not conform" in result.stderr and ("(pyshacl)" in result.stderr) == bool(engine)
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


ORACLE = [(b[0], b[1]) for b in BROKEN] + GENERIC


def same_words(violations):
    """pyshacl lists the members of an sh:in in its message in set order (it varies with the hash
    seed); the Python check lists them as the shapes do: compare them as sets."""
    import re
    from dataclasses import replace

    def members(v):
        m = re.fullmatch(r"(Value .* not in list )\[(.*)\]", v.message)
        return v if m is None else replace(v, message=m.group(1) + repr(sorted(m.group(2).split(", "))))

    return [members(v) for v in violations]


@pytest.mark.parametrize("case, mutate", ORACLE, ids=[c for c, _ in ORACLE])
def test_the_python_check_reports_what_pyshacl_reports(case, mutate):
    """kg build and kg validate check the shapes in Python; pyshacl (kg validate --full) is the reference."""
    _, rdf = broken_rdf(mutate)
    python = check_graph(rdf, "broken.ttl").violations
    assert python, "the mutation breaks no shape"
    assert same_words(python) == same_words(check_graph(rdf, "broken.ttl", full=True).violations)


@pytest.mark.parametrize("seed", range(12))
def test_the_python_check_agrees_with_pyshacl_on_random_damage(seed):
    """Random triples removed, duplicated onto other subjects or given other literal forms."""
    import random

    rnd = random.Random(seed)
    rdf = to_rdf(tricky_graph())
    triples = sorted(rdf)
    for s, p, o in rnd.sample(triples, 4):
        action = rnd.choice(["remove", "move", "retype"])
        if action == "remove":
            rdf.remove((s, p, o))
        elif action == "move":
            rdf.add((rnd.choice(triples)[0], p, o))
        elif isinstance(o, Literal):
            rdf.remove((s, p, o))
            rdf.add((s, p, Literal(str(o), lang="en") if o.language is None else Literal(str(o), datatype=rdflib.XSD.integer)))
        else:
            rdf.add((s, p, Literal(str(o))))
    assert same_words(check_graph(rdf, "x").violations) == same_words(check_graph(rdf, "x", full=True).violations)


def test_shapes_the_python_check_cannot_read_go_to_pyshacl(tmp_path):
    shapes = tmp_path / "or.ttl"
    shapes.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/zhgov-kg/ontology#> .
<urn:x:KindOrMasked> a sh:NodeShape ; sh:targetClass kg:Project ;
    sh:or ( [ sh:path kg:kind ; sh:minCount 1 ] [ sh:path kg:year ; sh:minCount 1 ] ) .
""", encoding="utf-8")
    g = tricky_graph()
    rdf = to_rdf(g)
    rdf.remove((node(g, PROJECT), KG.kind, None))
    report = check_graph(rdf, "x", shapes=shapes)
    assert report.violations == check_graph(rdf, "x", shapes=shapes, full=True).violations
    assert [v.focus for v in report.violations] == [rdf_module.node_id_of(node(g, PROJECT))]


def test_shapes_without_messages_get_pyshacls_words(tmp_path):
    shapes = tmp_path / "plain.ttl"
    shapes.write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix kg: <https://w3id.org/zhgov-kg/ontology#> .
<urn:x:DepartmentsHaveKinds> a sh:NodeShape ; sh:targetClass kg:Department ;
    sh:property [ sh:path kg:kind ; sh:minCount 1 ] .
""", encoding="utf-8")
    rdf = to_rdf(tricky_graph())
    python = check_graph(rdf, "x", shapes=shapes).violations
    assert len(python) == 3 and all(v.message.startswith("Less than 1 values on department:") for v in python)
    assert python == check_graph(rdf, "x", shapes=shapes, full=True).violations


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


@pytest.mark.parametrize("layout", ["as kg build writes them", "compact", "keys that look like ours inside strings"])
def test_evidence_is_checked_against_records_in_any_json_layout(tmp_path, layout):
    write_documents(tmp_path / "documents")
    for record in (tmp_path / "documents").glob("*.json"):
        data = json.loads(record.read_text(encoding="utf-8"))
        if layout == "compact":
            text = json.dumps(data, ensure_ascii=False)
        else:
            if layout != "as kg build writes them":
                data = {"remark": '\n "text": "负责', "note": {"text": "负责", "doc_id": "x"}, **data}
            text = json.dumps(data, ensure_ascii=False, indent=1)
        record.write_text(text, encoding="utf-8")
    assert check_evidence(to_rdf(tricky_graph()), tmp_path / "documents") == ([], 9)
    record = tmp_path / "documents" / "doc1.json"
    record.write_text(record.read_text(encoding="utf-8").replace("负责", "主抓"), encoding="utf-8")
    problems, _ = check_evidence(to_rdf(tricky_graph()), tmp_path / "documents")
    assert problems and all("evidence is not the text at" in p.message for p in problems)


def test_an_unreadable_record_is_named(tmp_path):
    write_documents(tmp_path / "documents")
    (tmp_path / "documents" / "doc1.json").write_text('{"doc_id": ', encoding="utf-8")
    with pytest.raises(GraphError, match="doc1.json: unreadable document record"):
        check_evidence(to_rdf(tricky_graph()), tmp_path / "documents")


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
    real = rdf_module.triples

    def without_labels(g):
        return [t for t in real(g) if t[1] != str(RDFS.label)]

    monkeypatch.setattr(rdf_module, "triples", without_labels)
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
