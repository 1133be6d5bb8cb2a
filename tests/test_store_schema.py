"""Store schema and load rows, derived from the ontology (loaders/schema.py, loaders/cypher.py,
loaders/grass.py)."""
from __future__ import annotations

import datetime as dt
import logging
import re

import pytest

from kg.errors import GraphError
from kg.vocab import LINK_PROPERTIES, NODE_CLASSES, neo4j_label, neo4j_rel_type
from loaders.cypher import batches, constraint, load_plan, merge_nodes, merge_rels
from loaders.embedded import ddl
from loaders.grass import render_grass
from loaders.schema import NODE_TABLES, REL_TABLES, node_rows, rel_rows
from tests.store_data import REPO, SENTENCE_1, SENTENCE_2, build, make_doc, sample_graph


@pytest.mark.parametrize(
    "expected",
    [["Department", "Organization", "Project", "Place", "Policy", "Document", "TimePoint"]],
)
def test_labels_follow_the_ontology(expected):
    assert [t.label for t in NODE_TABLES] == expected == [neo4j_label(c) for c in NODE_CLASSES]


def test_relationship_types_follow_the_ontology():
    assert [t.type for t in REL_TABLES] == ["RESPONSIBLE_FOR", "ISSUED_BY", "DEADLINE", "LOCATED_IN", "MENTIONED_IN"]
    assert [t.type for t in REL_TABLES] == [neo4j_rel_type(p) for p in LINK_PROPERTIES]


@pytest.mark.parametrize(
    "rel_type, pair, allowed",
    [
        ("RESPONSIBLE_FOR", ("Department", "Project"), True),
        ("RESPONSIBLE_FOR", ("Organization", "Policy"), True),
        ("RESPONSIBLE_FOR", ("Place", "Project"), False),
        ("ISSUED_BY", ("Policy", "Department"), True),
        ("DEADLINE", ("Project", "TimePoint"), True),
        ("DEADLINE", ("Policy", "TimePoint"), True),
        ("LOCATED_IN", ("Place", "Place"), True),
        ("LOCATED_IN", ("Place", "Project"), False),
        ("MENTIONED_IN", ("Policy", "Document"), True),
        ("MENTIONED_IN", ("Document", "Document"), False),
    ],
)
def test_relationship_ends_follow_the_relation_domains(rel_type, pair, allowed):
    table = next(t for t in REL_TABLES if t.type == rel_type)
    assert (pair in table.pairs) is allowed


def test_ddl_has_one_table_per_term_keyed_by_id():
    statements = ddl()
    assert len(statements) == len(NODE_CLASSES) + len(LINK_PROPERTIES)
    for t in NODE_TABLES:
        assert f"CREATE NODE TABLE {t.label}(id STRING PRIMARY KEY, name STRING" in "\n".join(statements)
    assert any(s.startswith("CREATE REL TABLE DEADLINE(") and "date DATE" in s and "text STRING" in s for s in statements)


@pytest.mark.parametrize(
    "statement, expected",
    [
        (constraint("Department"), "CREATE CONSTRAINT kg_department_id IF NOT EXISTS FOR (n:Department) REQUIRE n.id IS UNIQUE"),
        (merge_nodes(NODE_TABLES[-1]), "UNWIND $rows AS r MERGE (n:TimePoint {id: r.id}) SET n.name = r.name, n.date = r.date"),
        (
            merge_rels(REL_TABLES[0], "Department", "Project"),
            "UNWIND $rows AS r MATCH (a:Department {id: r.source}) MATCH (b:Project {id: r.target}) "
            "MERGE (a)-[e:RESPONSIBLE_FOR]->(b) SET e.evidence = r.evidence, e.documents = r.documents, e.spans = r.spans",
        ),
    ],
)
def test_statements_take_values_only_as_parameters(statement, expected):
    assert statement == expected


def test_node_rows_carry_id_name_and_every_column():
    rows = node_rows(sample_graph())
    assert sorted(rows) == ["Department", "Document", "Organization", "Place", "Policy", "Project", "TimePoint"]
    places = {r["name"]: r["place"] for r in rows["Department"]}
    assert places == {"市发展改革委": "南京市", "市政府": "南京市", "能源局": "南京市"}  # bare names, read in 南京市
    for r in rows["Project"]:
        assert set(r) == {"id", "name", "aliases", "masked", "key", "place", "kind"} and r["kind"] == "project"
        assert r["place"] is None
    dates = {r["name"]: r["date"] for r in rows["TimePoint"]}
    assert dates == {"2023-09-10": dt.date(2023, 9, 10), "2023-12-31": dt.date(2023, 12, 31), "2025-12-31": dt.date(2025, 12, 31)}
    docs = sorted((r["file"], r["year"]) for r in rows["Document"])
    assert docs == [("plan.txt", 2023), ("speech.txt", 2024)]


def test_relationship_rows_carry_evidence_documents_and_dates():
    rows = rel_rows(sample_graph())
    owns = rows[("RESPONSIBLE_FOR", "Department", "Project")]
    shared = next(r for r in owns if len(r["evidence"]) == 2)
    assert shared["evidence"] == [SENTENCE_1, SENTENCE_2]
    assert shared["documents"] == ["plan.txt", "speech.txt"]
    deadlines = sorted((r["date"], r["text"]) for r in rows[("DEADLINE", "Project", "TimePoint")])
    assert deadlines == [(dt.date(2023, 9, 10), "9月上旬"), (dt.date(2023, 12, 31), "年内"), (dt.date(2025, 12, 31), "明年底前")]
    assert len(rows[("ISSUED_BY", "Policy", "Department")]) == 2
    assert len(rows[("LOCATED_IN", "Place", "Place")]) == 1
    assert all(r["mentions"] >= 1 for r in rows[("MENTIONED_IN", "Department", "Document")])


def test_undated_deadline_has_null_date_and_its_text():
    doc = make_doc("a.txt", "00000000000000aa", 2023, "能源局负责风电项目，尽快完成。",
                   [("Department", "能源局"), ("Project", "风电项目")],
                   [("deadline", "风电项目", "尽快")])
    rows = rel_rows(build(doc))[("DEADLINE", "Project", "TimePoint")]
    assert [(r["date"], r["text"]) for r in rows] == [(None, "尽快")]


def test_edge_outside_the_domain_is_left_out_with_a_warning(caplog):
    doc = make_doc("a.txt", "00000000000000ab", 2023, "江宁区负责风电项目。",
                   [("Place", "江宁区"), ("Project", "风电项目")],
                   [("responsibleFor", "江宁区", "风电项目")])
    with caplog.at_level(logging.WARNING, logger="loaders.schema"):
        rows = rel_rows(build(doc))
    assert not any(key[0] == "RESPONSIBLE_FOR" for key in rows)
    assert "outside the ontology" in caplog.text


def test_unknown_node_type_is_a_graph_error():
    g = sample_graph()
    g.add_node("thing/x", type="Thing", name="x")
    with pytest.raises(GraphError, match="Thing"):
        node_rows(g)


def test_plan_loads_nodes_before_relationships():
    plan = load_plan(sample_graph())
    kinds = [s.nodes for s in plan]
    assert kinds == sorted(kinds, reverse=True) and kinds[0] and not kinds[-1]


@pytest.mark.parametrize("size, expected", [(1, [[1], [2], [3]]), (2, [[1, 2], [3]]), (5, [[1, 2, 3]])])
def test_batches(size, expected):
    assert list(batches([1, 2, 3], size)) == expected


def test_grass_file_is_generated_from_the_ontology():
    committed = (REPO / "ontology" / "browser.grass").read_text(encoding="utf-8")
    assert committed == render_grass(), "run: python -m loaders.grass > ontology/browser.grass"
    colours = re.findall(r"node\.(\w+) \{\n  color: (#[0-9A-F]{6});", committed)
    assert [label for label, _ in colours] == [neo4j_label(c) for c in NODE_CLASSES]
    assert len({c for _, c in colours}) == len(colours)  # one colour per class
    assert committed.count('caption: "{name}";') == len(NODE_CLASSES)
    assert "//" not in committed  # Neo4j Browser's GraSS parser takes no comments
