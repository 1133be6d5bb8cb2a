"""The README's query cookbook: every recipe, with the README's parameters, answers on the demo
build of the seeds; on a hand-made graph it returns the expected rows on the embedded store and
over Bolt (ArcadeDB in a child process, or the real Neo4j named by NEO4J_URI), and the two kinds
of store answer the same queries with the same rows."""
from __future__ import annotations

import pytest

from loaders.bolt import Target, load_graph, query_bolt
from loaders.embedded import EMBEDDED_FILE, query_embedded, write_embedded
from kg.graph import build_graph
from tests.store_data import COOKBOOK_EXPECTED, COOKBOOK_SAMPLE_PARAMS, REPO, cookbook, one_line, sample_graph, wipe

pytest_plugins = ["tests.store_fixtures"]

RECIPES = cookbook()


@pytest.fixture(scope="module")
def embedded_store(tmp_path_factory):
    out = tmp_path_factory.mktemp("embedded")
    return write_embedded(sample_graph(), out / EMBEDDED_FILE)


@pytest.fixture(scope="module")
def bolt_store(bolt_driver, bolt_target):
    target = Target(bolt_target.uri, bolt_target.user, bolt_target.database)
    wipe(bolt_driver, bolt_target.database)
    load_graph(bolt_driver, sample_graph(), target, batch_size=3)
    return bolt_driver, target


def run(store, kind, cypher, params):
    if kind == "embedded":
        return query_embedded(store, cypher, params)
    driver, target = store
    return query_bolt(driver, target, cypher, params)


@pytest.fixture(params=["embedded", "bolt"])
def store(request):
    fixture = "embedded_store" if request.param == "embedded" else "bolt_store"
    return request.param, request.getfixturevalue(fixture)


@pytest.fixture(scope="module")
def demo_store(seed_documents, tmp_path_factory):
    """The embedded store of `make demo` (kg build seeds): the seeds' graph, in file order."""
    graph = build_graph([seed_documents[name] for name in sorted(seed_documents)])
    return write_embedded(graph, tmp_path_factory.mktemp("demo") / EMBEDDED_FILE)


def test_cookbook_has_the_six_questions():
    assert [r.name for r in RECIPES] == ["owns", "due", "located", "issued", "evidence", "bodies"]
    assert set(COOKBOOK_EXPECTED) == set(COOKBOOK_SAMPLE_PARAMS) == {r.name for r in RECIPES}
    for r in RECIPES:
        assert set(COOKBOOK_SAMPLE_PARAMS[r.name]) == set(r.params), r.name


@pytest.mark.parametrize("recipe", RECIPES, ids=[r.name for r in RECIPES])
def test_every_recipe_answers_on_the_demo_build(demo_store, recipe):
    """As the README shows it: its parameters are names the shipped documents have."""
    rows = query_embedded(demo_store, recipe.cypher, recipe.params).rows
    assert len(rows) >= 1, f"{recipe.name}: no rows on the demo build with {recipe.params}"
    assert all(any(v not in (None, []) for v in row) for row in rows)


@pytest.mark.parametrize("recipe", RECIPES, ids=[r.name for r in RECIPES])
def test_cookbook_recipe_returns_expected_rows(store, recipe):
    kind, handle = store
    result = run(handle, kind, recipe.cypher, COOKBOOK_SAMPLE_PARAMS[recipe.name])
    assert result.rows == COOKBOOK_EXPECTED[recipe.name]


@pytest.mark.parametrize("recipe", RECIPES, ids=[r.name for r in RECIPES])
def test_readme_shows_every_recipe_as_a_kg_query_command(recipe):
    readme = one_line((REPO / "README.md").read_text(encoding="utf-8"))
    assert one_line(recipe.cypher) in readme
    for key, value in recipe.params.items():
        assert f"--param {key}={value}" in readme


SAME_ON_BOTH = [
    "MATCH (n:Department) RETURN n.id AS id, n.name AS name, n.aliases AS aliases, n.masked AS masked ORDER BY id",
    "MATCH (n:Document) RETURN n.id AS id, n.file AS file, n.title AS title, n.year AS year ORDER BY id",
    "MATCH (t:TimePoint) RETURN t.id AS id, t.date AS date ORDER BY id",
    "MATCH (a)-[r:DEADLINE]->(t) RETURN a.id AS head, t.id AS tail, r.date AS date, r.text AS text, r.evidence AS evidence, r.documents AS documents ORDER BY head, tail",
    "MATCH (a)-[r:LOCATED_IN]->(b) RETURN a.id AS head, b.id AS tail, r.evidence AS evidence ORDER BY head, tail",
    "MATCH (e)-[m:MENTIONED_IN]->(d:Document) RETURN e.id AS entity, d.id AS document, m.mentions AS mentions ORDER BY entity, document",
    "MATCH (d:Document)<-[:MENTIONED_IN]-(e) RETURN d.file AS file, count(e) AS entities ORDER BY file",
]


@pytest.mark.parametrize("cypher", SAME_ON_BOTH)
def test_both_stores_answer_identically(embedded_store, bolt_store, cypher):
    embedded = query_embedded(embedded_store, cypher)
    bolt = run(bolt_store, "bolt", cypher, {})
    assert embedded.columns == bolt.columns
    assert embedded.rows == bolt.rows
    assert embedded.rows  # the query found something: equal empty answers would prove nothing
