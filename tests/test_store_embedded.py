"""The embedded store (loaders/embedded.py): written by `kg build` next to the other outputs,
atomically, queried in-process."""
from __future__ import annotations

import pytest

from kg.errors import StoreError
from kg.pipeline import build
from loaders import SINKS
from loaders.embedded import EMBEDDED_FILE, embedded_sink, query_embedded, write_embedded
from loaders.schema import counts, node_rows, rel_rows
from tests.store_data import REPO, sample_graph


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("embedded")
    return embedded_sink(sample_graph(), out)[0]


def test_sink_is_registered_and_writes_next_to_the_other_outputs(store):
    assert embedded_sink in SINKS
    assert store.name == EMBEDDED_FILE and store.exists()
    assert not store.with_name(EMBEDDED_FILE + ".tmp").exists()


def test_store_holds_every_row(store):
    nodes, rels = counts(node_rows(sample_graph()), rel_rows(sample_graph()))
    n = query_embedded(store, "MATCH (n) RETURN count(n) AS nodes").rows
    r = query_embedded(store, "MATCH ()-[r]->() RETURN count(r) AS rels").rows
    assert (n, r) == ([[nodes]], [[rels]])


@pytest.mark.parametrize(
    "cypher, params, expected",
    [
        ("MATCH (t:TimePoint) WHERE t.date >= date($d) RETURN t.name AS name, t.date AS date", {"d": "2025-01-01"},
         [["2025-12-31", "2025-12-31"]]),
        ("MATCH (o:Organization) RETURN o.name AS name, o.masked AS masked, o.aliases AS aliases", {},
         [["南京银行", False, []]]),
        ("MATCH (d:Document) RETURN d.file AS file, d.year AS year ORDER BY file", {},
         [["plan.txt", 2023], ["speech.txt", 2024]]),
        ("MATCH (e)-[m:MENTIONED_IN]->(d:Document {file: $f}) RETURN sum(m.mentions) AS mentions", {"f": "plan.txt"},
         [[11]]),  # 市发展改革委 1, 城南污水处理厂 2, 江宁区 2, 南京市 2, 市政府 1, the policy 1, 能源局 1, 光伏… 1
    ],
)
def test_query_returns_plain_values(store, cypher, params, expected):
    assert query_embedded(store, cypher, params).rows == expected


def test_rewriting_replaces_the_store(tmp_path):
    path = tmp_path / EMBEDDED_FILE
    write_embedded(sample_graph(), path)
    write_embedded(sample_graph(), path)
    assert query_embedded(path, "MATCH (n:Department) RETURN count(n) AS c").rows == [[3]]


@pytest.mark.parametrize(
    "location, cypher, message",
    [
        ("missing", "RETURN 1", r"no embedded graph \(graph.lbdb\) here; run `kg build"),
        ("store", "MATCH (n RETURN n", r"graph.lbdb: Parser exception"),
        ("store", "MATCH (n:Nope) RETURN n", r"graph.lbdb: Binder exception: Table Nope does not exist"),
        ("store", "CREATE (n:Department {id: 'x'})", r"graph.lbdb: .*read.only"),
    ],
)
def test_errors_are_one_line_store_errors(store, tmp_path, location, cypher, message):
    where = store if location == "store" else tmp_path / "nothing"
    with pytest.raises(StoreError, match=message) as info:
        query_embedded(where, cypher)
    assert "\n" not in str(info.value)


def test_kg_build_writes_the_embedded_store(tmp_path):
    result = build([REPO / "tests" / "data" / "docs"], tmp_path, sinks=SINKS)
    assert tmp_path / EMBEDDED_FILE in result.outputs
    docs = query_embedded(tmp_path, "MATCH (d:Document) RETURN count(d) AS c").rows
    assert docs == [[result.documents]]


def test_mentions_copied_in_bulk_give_the_rows_a_row_by_row_load_gives(tmp_path, monkeypatch, seed_documents):
    """MENTIONED_IN goes in by COPY from a CSV file; the store holds exactly what UNWIND gives,
    every property of every relationship, and no file is left behind."""
    import tempfile

    import loaders.embedded as embedded
    from kg.graph import build_graph
    from tests.build_helpers import store_dump

    g = build_graph(list(seed_documents.values()))
    copied = []
    real = embedded._copied
    monkeypatch.setattr(embedded, "_copied", lambda conn, step: copied.append(step.what) or real(conn, step))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    bulk = write_embedded(g, tmp_path / "bulk.lbdb")
    assert [w for w in copied if w.startswith("MENTIONED_IN")] and not list((tmp_path / "tmp").iterdir())
    monkeypatch.setattr(embedded, "_copied", lambda conn, step: False)
    rows = write_embedded(g, tmp_path / "rows.lbdb")
    every = "MATCH (a)-[r:MENTIONED_IN]->(b) RETURN a.id, b.id, r.mentions ORDER BY a.id, b.id"
    assert query_embedded(bulk, every).rows == query_embedded(rows, every).rows
    assert len(query_embedded(bulk, every).rows) == sum(1 for *_, k in g.edges(keys=True) if k == "mentionedIn")
    assert store_dump(bulk) == store_dump(rows)


def test_ids_that_cannot_go_in_a_csv_unquoted_are_loaded_row_by_row(tmp_path):
    g = sample_graph()
    nid = next(n for n, a in g.nodes(data=True) if a["type"] == "Department")
    import networkx as nx

    g = nx.relabel_nodes(g, {nid: nid + ',"x'})
    store = write_embedded(g, tmp_path / "odd.lbdb")
    rows = query_embedded(store, "MATCH (a)-[r:MENTIONED_IN]->() WHERE a.id = $id RETURN r.mentions", {"id": nid + ',"x'}).rows
    assert rows and all(r[0] >= 1 for r in rows)
