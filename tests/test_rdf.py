"""Turtle, N-Triples and JSON-LD: IRIs, provenance, round trips, special characters, stable bytes."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic, graph_diff
from rdflib.namespace import DCTERMS, PROV, SKOS

from kg.graph import read_graph
from kg.vocab import KG, LINK_PROPERTIES, NODE_CLASSES, RESOURCE_BASE, neo4j_label, neo4j_rel_type
from loaders import n10s
from loaders.rdf import FORMATS, from_rdf, iri, node_id_of, serialize, to_rdf
from tests.rdf_fixtures import TRICKY_NAMES, documents, tricky_graph

pytest_plugins = ["tests.rdf_plugin"]
# rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

ROOT = Path(__file__).resolve().parents[1]
ID = RESOURCE_BASE


@pytest.fixture(scope="module")
def graph():
    return tricky_graph()


@pytest.fixture(scope="module")
def rdf(graph):
    return to_rdf(graph)


def assert_isomorphic(a: Graph, b: Graph) -> None:
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        pytest.fail(f"graphs differ:\nonly in first: {sorted(only_a)[:5]}\nonly in second: {sorted(only_b)[:5]}")


# ---------------------------------------------------------------- IRIs
@pytest.mark.parametrize("node_id, expected", [
    ("department/guo-jia-fa-gai-wei-1a2b3c4d", ID + "department/guo-jia-fa-gai-wei-1a2b3c4d"),
    ("timepoint/2023-09-10", ID + "timepoint/2023-09-10"),
    ("document/0123456789abcdef", ID + "document/0123456789abcdef"),
    ("place/上海 新区", ID + "place/%E4%B8%8A%E6%B5%B7%20%E6%96%B0%E5%8C%BA"),  # never raw Chinese
    ('policy/"a"<b>', ID + "policy/%22a%22%3Cb%3E"),
])
def test_iris_are_ascii_and_readable(node_id, expected):
    assert str(iri(node_id)) == expected
    assert node_id_of(iri(node_id)) == node_id


def test_every_iri_of_a_graph_with_chinese_names_is_ascii(rdf):
    for term in rdf.all_nodes():
        if isinstance(term, URIRef):
            assert str(term).isascii() and " " not in str(term), term


def test_nodes_carry_type_chinese_label_and_id(rdf, graph):
    for nid, attrs in graph.nodes(data=True):
        node = iri(nid)
        assert (node, RDF.type, KG[attrs["type"]]) in rdf
        assert (node, RDFS.label, Literal(attrs["name"], lang="zh")) in rdf
        assert (node, DCTERMS.identifier, Literal(nid)) in rdf


def test_aliases_are_skos_alt_labels(rdf, graph):
    dept = next(n for n, a in graph.nodes(data=True) if a["name"] == TRICKY_NAMES["dept"])
    assert set(rdf.objects(iri(dept), SKOS.altLabel)) == {Literal("发改委", lang="zh")}


def test_deadline_dates_are_xsd_dates_and_a_time_point_has_no_wording(rdf):
    tp = iri("timepoint/2023-09-10")  # two deadlines worded 2023年9月10日前 and 9月上旬前
    assert rdf.value(tp, KG.date) == Literal("2023-09-10", datatype=rdflib.XSD.date)
    assert list(rdf.objects(tp, KG.timeText)) == []  # the wording is on each deadline's assertion


# ---------------------------------------------------------------- provenance
def test_every_relation_is_a_direct_triple_with_sourced_assertions(rdf, graph):
    relations = [(u, k, v, a) for u, v, k, a in graph.edges(keys=True, data=True) if "assertions" in a]
    assert len(relations) == 8
    for u, k, v, attrs in relations:
        assert (iri(u), KG[k], iri(v)) in rdf
        stated = {a for a in rdf.subjects(RDF.subject, iri(u))
                  if (a, RDF.predicate, KG[k]) in rdf and (a, RDF.object, iri(v)) in rdf}
        assert len(stated) == len(attrs["assertions"]) >= 1
        for a in stated:
            assert (a, RDF.type, KG.Assertion) in rdf
            assert rdf.value(a, PROV.wasDerivedFrom) is not None
            assert rdf.value(a, KG.evidenceText) is not None


def test_one_fact_stated_by_two_documents_has_two_assertions(rdf, graph):
    dept = next(n for n, a in graph.nodes(data=True) if a["name"] == TRICKY_NAMES["dept"])
    assertions = set(rdf.subjects(RDF.subject, iri(dept)))
    assert {str(rdf.value(a, PROV.wasDerivedFrom)).rsplit("/", 1)[-1] for a in assertions} == {
        "00000000000000aa", "00000000000000bb"}


def test_every_evidence_is_the_verbatim_text_at_its_offsets(rdf):
    texts = {d.doc_id: d.text for d in documents()}
    checked = 0
    for a in rdf.subjects(RDF.type, KG.Assertion):
        doc_id = str(rdf.value(a, PROV.wasDerivedFrom)).rsplit("/", 1)[-1]
        start, end = int(rdf.value(a, KG.startOffset)), int(rdf.value(a, KG.endOffset))
        assert texts[doc_id][start:end] == str(rdf.value(a, KG.evidenceText))
        checked += 1
    assert checked == 9


def test_deadline_assertions_keep_the_time_expression_as_written(rdf):
    times = {str(rdf.value(a, KG.timeText)) for a in rdf.subjects(RDF.predicate, KG.deadline)}
    assert times == {"2023年9月10日前", "年内", "9月上旬前"}


def test_entities_link_to_the_documents_that_mention_them(rdf, graph):
    for u, v, k in graph.edges(keys=True):
        if k == "mentionedIn":
            assert (iri(u), KG.mentionedIn, iri(v)) in rdf


def test_assertion_iris_are_deterministic():
    assert set(to_rdf(tricky_graph()).subjects(RDF.type, KG.Assertion)) == set(
        to_rdf(tricky_graph()).subjects(RDF.type, KG.Assertion))


# ---------------------------------------------------------------- round trips
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_special_characters_survive_every_syntax(rdf, fmt):
    data = serialize(rdf, fmt)
    back = Graph().parse(data=data, format=RDFLIB_FORMAT[fmt])
    assert_isomorphic(back, rdf)
    labels = {str(o) for o in back.objects(None, RDFS.label)}
    assert set(TRICKY_NAMES.values()) <= labels


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_rdf_to_graph_to_rdf_is_isomorphic(rdf, fmt):
    parsed = Graph().parse(data=serialize(rdf, fmt), format=RDFLIB_FORMAT[fmt])
    assert_isomorphic(to_rdf(from_rdf(parsed)), parsed)


def test_graph_to_rdf_to_graph_keeps_what_rdf_carries(graph, rdf):
    back = from_rdf(rdf)
    assert sorted(back.nodes) == sorted(graph.nodes)
    assert sorted(back.edges(keys=True)) == sorted(graph.edges(keys=True))
    for nid, attrs in graph.nodes(data=True):
        expected = {k: v for k, v in attrs.items() if k != "key"}
        assert back.nodes[nid] == expected, nid
    for u, v, k, attrs in graph.edges(keys=True, data=True):
        if "assertions" in attrs:
            key = lambda x: (x["doc_id"], x["start"], x["end"])  # noqa: E731
            assert sorted(back.edges[u, v, k]["assertions"], key=key) == sorted(attrs["assertions"], key=key)


def test_seed_turtle_round_trips(seed_build):
    written = Graph().parse(seed_build / "graph.ttl", format="turtle")
    assert_isomorphic(to_rdf(from_rdf(written)), written)
    assert_isomorphic(to_rdf(read_graph(seed_build)), written)


# ---------------------------------------------------------------- stable bytes
SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from tests.rdf_fixtures import tricky_graph
from loaders.rdf import serialize, to_rdf
sys.stdout.buffer.write(serialize(to_rdf(tricky_graph()), {fmt!r}))
"""


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_same_input_gives_the_same_bytes_across_processes(fmt):
    outputs = set()
    for seed in ("1", "2", "12345"):
        proc = subprocess.run([sys.executable, "-c", SCRIPT.format(root=str(ROOT), fmt=fmt)], capture_output=True,
                              env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, check=True)
        outputs.add(proc.stdout)
    assert len(outputs) == 1


def test_turtle_uses_readable_prefixed_names(rdf):
    text = serialize(rdf, "ttl").decode("utf-8")
    assert re.search(r"^department:guo-jia-fa-zhan-gai-ge-wei-yuan-hui-[0-9a-f]{8} a kg:Department ;$", text, re.M)


# ---------------------------------------------------------------- neosemantics naming
def n10s_import_names(rdf: Graph, setup: str) -> tuple[dict[URIRef, set[str]], set[str]]:
    """What n10s.rdf.import gives (labels per node, relationship types), following its rules:
    rdf:type → label; IRI-valued predicates → relationships; mapped terms take their mapping
    (handleVocabUris MAP), others their local name (labels capitalised, relationships upper-cased)."""
    mapped = dict(re.findall(r'CALL n10s\.mapping\.add\("([^"]+)", "([^"]+)"\);', setup))

    def local(term):
        return re.split(r"[#/]", str(term))[-1]

    labels: dict[URIRef, set[str]] = {}
    rel_types = set()
    for s, p, o in rdf:
        if p == RDF.type:
            labels.setdefault(s, set()).add(local(o)[0].upper() + local(o)[1:])
        elif isinstance(o, URIRef):
            rel_types.add(mapped.get(str(p), local(p).upper()))
    return labels, rel_types


def test_n10s_import_gives_the_native_labels_and_relationship_types(rdf):
    labels, rel_types = n10s_import_names(rdf, n10s.SETUP_FILE.read_text(encoding="utf-8"))
    native_labels = {neo4j_label(c) for c in NODE_CLASSES}
    for node, node_labels in labels.items():
        if not str(rdf.value(node, RDF.type)).endswith("Assertion"):
            assert node_labels <= native_labels
    native_types = {neo4j_rel_type(p) for p in LINK_PROPERTIES}
    assert native_types <= rel_types
    assert rel_types - native_types == {"SUBJECT", "PREDICATE", "OBJECT", "WAS_DERIVED_FROM"}


def test_building_the_same_input_twice_gives_byte_identical_turtle(seed_build, tmp_path):
    from kg.pipeline import build
    from loaders import SINKS

    build([ROOT / "seeds"], tmp_path, sinks=SINKS)
    assert (tmp_path / "graph.ttl").read_bytes() == (seed_build / "graph.ttl").read_bytes()


# ---------------------------------------------------------------- the README's deadline query
def readme_sparql(needle: str) -> str:
    blocks = re.findall(r"```sparql\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    found = [b for b in blocks if needle in b]
    assert len(found) == 1, f"one ```sparql block of the README with {needle!r}, found {len(found)}"
    return found[0]


@pytest.fixture(scope="module")
def seed_rdf(seed_build):
    return Graph().parse(seed_build / "graph.ttl")


@pytest.fixture(scope="module")
def seed_deadline_records(seed_build):
    """(file, wording, evidence, date) of every deadline in the per-document records."""
    import json

    out = set()
    for path in sorted((seed_build / "documents").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        for r in record["relations"]:
            if r["type"] == "deadline":
                out.add((record["doc"], r["tail"], r["evidence"], r["date"]))
    return out


def test_the_readme_deadline_query_gives_each_document_its_own_wording(seed_rdf, seed_deadline_records):
    rows = [(str(r.item), str(r.date) if r.date is not None else None, str(r.wording), str(r.file), str(r.evidence))
            for r in seed_rdf.query(readme_sparql("kg:deadline"))]
    assert len(rows) == len(set(seed_rdf.subjects(RDF.predicate, KG.deadline))) > 10
    for item, date, wording, file, evidence in rows:
        assert (file, wording, evidence, date) in seed_deadline_records, (item, wording, file)
        assert wording in evidence
    # 专业市场 falls on 2023-12-31 with three other wordings of other sentences (今冬, 年内, 今年年底)
    assert {(date, wording) for item, date, wording, *_ in rows if item == "专业市场"} == {("2023-12-31", "下半年")}
    assert {wording for _, date, wording, *_ in rows if date == "2023-12-31"} >= {"下半年", "今冬", "年内", "今年年底"}


def test_the_join_through_the_time_point_finds_no_wording(seed_rdf):
    # The trap of issue 14: the wording read from the time point is every document's wording of that day.
    trap = "PREFIX kg: <https://w3id.org/zhgov-kg/ontology#> SELECT ?wording WHERE { ?x kg:deadline ?t . ?t kg:timeText ?wording }"
    assert list(seed_rdf.query(trap)) == []


def test_the_readme_responsibility_query_runs_on_the_seed_graph(seed_rdf):
    rows = list(seed_rdf.query(readme_sparql("kg:responsibleFor")))
    assert rows and all(str(r.evidence) for r in rows)
