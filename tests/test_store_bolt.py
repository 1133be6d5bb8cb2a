"""Loading into a real Bolt server (ArcadeDB in a child process, or the Neo4j named by NEO4J_URI):
idempotent, merging, one clear line on every fault, batches retried after a lost connection, and
a re-run after a crash converges to the same graph."""
from __future__ import annotations

import logging
from urllib.parse import urlparse

import pytest

from kg.errors import StoreError
from loaders.bolt import Target, check, connect, load_graph
from loaders.cypher import load_plan
from loaders.schema import counts as row_counts
from loaders.schema import node_rows, rel_rows
from tests.store_data import (
    CuttableProxy, build, counts, plan_b_doc, plan_doc, sample_graph, second_build_graph, snapshot, speech_doc, wipe,
)

pytest_plugins = ["tests.store_fixtures"]


@pytest.fixture
def target(bolt_target, bolt_driver):
    wipe(bolt_driver, bolt_target.database)
    return Target(bolt_target.uri, bolt_target.user, bolt_target.database)


def expected_counts(g) -> tuple[int, int]:
    return row_counts(node_rows(g), rel_rows(g))


@pytest.fixture(scope="module")
def clean_load(bolt_target, bolt_driver):
    """The snapshot of one uninterrupted load of sample_graph(), to compare other loads with."""
    wipe(bolt_driver, bolt_target.database)
    target = Target(bolt_target.uri, bolt_target.user, bolt_target.database)
    load_graph(bolt_driver, sample_graph(), target)
    return snapshot(bolt_driver, bolt_target.database)


def test_load_reports_and_stores_every_row(bolt_driver, target):
    g = sample_graph()
    stats = load_graph(bolt_driver, g, target, batch_size=2)
    assert (stats.nodes, stats.relationships) == expected_counts(g)
    assert counts(bolt_driver, target.database) == expected_counts(g)
    assert stats.batches > len(load_plan(g))  # batch_size=2 split the larger steps


@pytest.mark.parametrize("batch_size", [1, 4, 1000])
def test_loading_twice_changes_nothing(bolt_driver, target, batch_size, clean_load):
    g = sample_graph()
    load_graph(bolt_driver, g, target, batch_size=batch_size)
    first = snapshot(bolt_driver, target.database)
    load_graph(bolt_driver, g, target, batch_size=batch_size)
    assert snapshot(bolt_driver, target.database) == first == clean_load
    assert counts(bolt_driver, target.database) == expected_counts(g)


def test_second_build_merges_into_the_first(bolt_driver, target):
    load_graph(bolt_driver, sample_graph(), target)
    load_graph(bolt_driver, second_build_graph(), target)
    union = build(plan_doc(), speech_doc())
    for nid, attrs in second_build_graph().nodes(data=True):
        union.add_node(nid, **attrs) if nid not in union else None
    for u, v, k, attrs in second_build_graph().edges(keys=True, data=True):
        if not union.has_edge(u, v, k):
            union.add_edge(u, v, key=k, **attrs)
    assert counts(bolt_driver, target.database) == expected_counts(union)
    with bolt_driver.session(database=target.database) as s:
        owners = s.run("MATCH (d:Department)-[:RESPONSIBLE_FOR]->(p:Project) RETURN d.name AS d, p.name AS p ORDER BY d, p").values()
        shared = s.run("MATCH (p:Place {name: '南京市'}) RETURN count(p) AS c").single()["c"]
    assert owners == sorted([["市发展改革委", "城南污水处理厂"], ["能源局", "光伏发电示范项目"], ["市交通局", "地铁5号线工程"]])
    assert shared == 1


def _with_alias(g, name: str, alias: str):
    """The graph with one more surface form for the entity called ``name``."""
    nid = next(n for n, a in g.nodes(data=True) if a.get("name") == name)
    g.nodes[nid]["aliases"] = sorted({*g.nodes[nid]["aliases"], alias})
    return g


def test_two_builds_keep_both_builds_evidence_documents_and_aliases(bolt_driver, target):
    """Issue 13.1: loading build A then build B kept only B's evidence on the shared edges."""
    a = _with_alias(sample_graph(), "能源局", "区能局")
    b = _with_alias(second_build_graph(), "能源局", "市能局")
    load_graph(bolt_driver, a, target)
    load_graph(bolt_driver, b, target)
    with bolt_driver.session(database=target.database) as s:
        shared = s.run(
            "MATCH (d:Department {name: '能源局'})-[r:RESPONSIBLE_FOR]->(p:Project {name: '光伏发电示范项目'}) "
            "RETURN r.documents AS documents, r.evidence AS evidence, r.spans AS spans, d.aliases AS aliases"
        ).single()
        due = s.run("MATCH (:Project {name: '光伏发电示范项目'})-[r:DEADLINE]->(t) RETURN r.documents AS documents").single()
    assert shared["documents"] == ["plan.txt", "plan-b.txt"]
    assert shared["evidence"] == ["能源局负责光伏发电示范项目，年内建成。"] * 2
    assert [s.split(":")[0] for s in shared["spans"]] == ["0000000000000001", "0000000000000003"]
    assert shared["aliases"] == ["区能局", "市能局"]
    assert due["documents"] == ["plan.txt", "plan-b.txt"]


def test_two_builds_loaded_are_their_union_built_once_in_any_order(bolt_driver, target):
    union = build(plan_doc(), speech_doc(), plan_b_doc())
    load_graph(bolt_driver, union, target)
    expected = snapshot(bolt_driver, target.database)
    for order in ((sample_graph(), second_build_graph()), (second_build_graph(), sample_graph())):
        wipe(bolt_driver, target.database)
        for g in order:
            load_graph(bolt_driver, g, target, batch_size=3)
        assert snapshot(bolt_driver, target.database) == expected
        for g in order:  # and again: nothing changes
            load_graph(bolt_driver, g, target)
        assert snapshot(bolt_driver, target.database) == expected


def test_deadline_is_a_date_and_evidence_a_list(bolt_driver, target):
    load_graph(bolt_driver, sample_graph(), target)
    with bolt_driver.session(database=target.database) as s:
        rec = s.run(
            "MATCH (p:Project {name: $name})-[r:DEADLINE]->(t:TimePoint) RETURN r.date AS date, t.date AS tdate, "
            "r.text AS text, r.evidence AS evidence, r.documents AS documents",
            name="城南污水处理厂",
        ).single()
    assert type(rec["date"]).__name__ == "Date" and rec["date"].iso_format() == "2023-09-10"
    assert rec["tdate"] == rec["date"]
    assert (rec["text"], rec["documents"]) == ("9月上旬", ["plan.txt"])
    assert rec["evidence"] == ["市发展改革委负责推进城南污水处理厂建设，确保9月上旬完成评审。"]


def test_constraints_are_created_first(bolt_driver, target):
    load_graph(bolt_driver, sample_graph(), target)
    with bolt_driver.session(database=target.database) as s:
        names = {r["name"] for r in s.run("SHOW CONSTRAINTS").data()}
    assert {"kg_department_id", "kg_project_id", "kg_timepoint_id", "kg_document_id"} <= names


def test_lost_connection_mid_load_is_retried_per_batch(bolt_target, bolt_driver, target, clean_load, caplog):
    host = urlparse(bolt_target.uri)
    proxy = CuttableProxy(host.hostname, host.port)
    driver = connect(proxy.uri, bolt_target.user, bolt_target.password, retry_seconds=20)
    seen = []

    def cut_now_and_then(step, n):
        seen.append(n)
        if len(seen) in (2, 5, 9):
            proxy.arm()  # the next batch's transaction loses its connection in flight

    try:
        with caplog.at_level(logging.WARNING, logger="neo4j"):
            stats = load_graph(driver, sample_graph(), target, batch_size=2, on_batch=cut_now_and_then)
    finally:
        driver.close()
        proxy.close()
    assert proxy.cuts == 3 and stats.batches == len(seen)
    assert caplog.text.count("will be retried") == 3  # the driver retried each cut batch
    assert snapshot(bolt_driver, target.database) == clean_load


def test_rerun_after_a_crash_converges(bolt_target, bolt_driver, target, clean_load):
    class Crash(Exception):
        pass

    def crash_at_batch_4(step, n, seen=[]):  # noqa: B006 - counts calls within this test
        seen.append(n)
        if len(seen) == 4:
            raise Crash

    with pytest.raises(Crash):
        load_graph(bolt_driver, sample_graph(), target, batch_size=3, on_batch=crash_at_batch_4)
    partial = counts(bolt_driver, target.database)
    assert 0 < sum(partial) < sum(expected_counts(sample_graph()))
    load_graph(bolt_driver, sample_graph(), target, batch_size=3)
    assert snapshot(bolt_driver, target.database) == clean_load


def test_server_gone_for_good_mid_load_is_one_store_error(bolt_target, bolt_driver, target):
    host = urlparse(bolt_target.uri)
    proxy = CuttableProxy(host.hostname, host.port)
    driver = connect(proxy.uri, bolt_target.user, bolt_target.password, retry_seconds=1)

    def go_away(step, n):
        proxy.refuse = True
        proxy.cut()

    try:
        with pytest.raises(StoreError, match=r"cannot reach the server") as info:
            load_graph(driver, sample_graph(), target, batch_size=2, on_batch=go_away)
    finally:
        driver.close()
        proxy.close()
    assert "\n" not in str(info.value)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "case, message",
    [
        ("unreachable", r"^bolt://127\.0\.0\.1:\d+: cannot reach the server \("),
        ("wrong password", r"authentication failed for user '\w+'; check --user/--password"),
        ("unknown database", r"database 'no_such_db' does not exist$"),
        ("not a uri", r"not a usable Bolt URI"),
    ],
)
def test_faults_are_one_clear_line(bolt_target, case, message):
    uri, password, database = bolt_target.uri, bolt_target.password, bolt_target.database
    if case == "unreachable":
        uri = f"bolt://127.0.0.1:{_free_port()}"
    elif case == "wrong password":
        password = password + "-wrong"
    elif case == "unknown database":
        database = "no_such_db"
    elif case == "not a uri":
        uri = "http://localhost:7474"
    with pytest.raises(StoreError, match=message) as info:
        driver = connect(uri, bolt_target.user, password, retry_seconds=1)
        try:
            check(driver, Target(uri, bolt_target.user, database))
        finally:
            driver.close()
    assert "\n" not in str(info.value)
