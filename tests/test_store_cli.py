"""`kg query` and `kg load`, in-process with CliRunner, exit codes included."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from kgcli import app
from kgcli.store import parse_params
from kg.errors import StoreError
from kg.graph import write_graph
from loaders.embedded import embedded_sink
from loaders.schema import counts as row_counts
from loaders.schema import node_rows, rel_rows
from tests.store_data import cookbook, counts, sample_graph, wipe

pytest_plugins = ["tests.store_fixtures"]

OWNS = next(r for r in cookbook() if r.name == "owns").cypher
NO_ENV = {"NEO4J_URI": None, "NEO4J_USER": None, "NEO4J_PASSWORD": None, "NEO4J_DATABASE": None}


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    g = sample_graph()
    write_graph(g, out)
    embedded_sink(g, out)
    return out


def invoke(*args, env=None):
    return CliRunner().invoke(app, [str(a) for a in args], env={**NO_ENV, **(env or {})})


@pytest.mark.parametrize(
    "fmt, parse",
    [
        ("json", lambda out: [[r["department"], r["project"]] for r in json.loads(out)]),
        ("csv", lambda out: list(csv.reader(io.StringIO(out)))[1:]),
        ("table", lambda out: [[c.strip() for c in line.strip("|").split("|")] for line in out.splitlines()[3:-2]]),
    ],
)
def test_query_prints_rows_in_each_format(build_dir, fmt, parse):
    result = invoke("query", "--graph", build_dir, "--format", fmt, OWNS)
    assert result.exit_code == 0, result.output
    assert parse(result.stdout) == [["市发展改革委", "城南污水处理厂"], ["能源局", "光伏发电示范项目"]]


def test_table_aligns_chinese_text_and_counts_rows(build_dir):
    result = invoke("query", "--graph", build_dir, OWNS)
    lines = result.stdout.splitlines()
    assert lines[-1] == "(2 rows)"
    widths = {sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in lines[:-1]}
    assert len(widths) == 1  # every line of the box has the same display width


def test_query_takes_parameters(build_dir):
    result = invoke(
        "query", "--graph", build_dir, "--format", "json", "--param", "before=2024-01-01", "-p", "limit=1",
        "MATCH (x)-[:DEADLINE]->(t:TimePoint) WHERE t.date < date($before) RETURN x.name AS item ORDER BY item LIMIT $limit",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"item": "光伏发电示范项目"}]


@pytest.mark.parametrize(
    "items, expected",
    [
        (["a=1"], {"a": 1}),
        (["d=2024-01-01"], {"d": "2024-01-01"}),
        (["name=市政府"], {"name": "市政府"}),
        (['s="12"', "xs=[1,2]", "b=true"], {"s": "12", "xs": [1, 2], "b": True}),
        (["e="], {"e": ""}),
    ],
)
def test_parse_params(items, expected):
    assert parse_params(items) == expected


def test_bad_param_is_an_error():
    with pytest.raises(StoreError, match="expected NAME=VALUE"):
        parse_params(["oops"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "--graph", "{missing}", "RETURN 1"], "no embedded graph (graph.lbdb) here"),
        (["query", "--graph", "{build}", "MATCH (n RETURN n"], "Parser exception"),
        (["query", "--graph", "{build}", "--uri", "bolt://localhost:1", "RETURN 1"], "either --graph"),
        (["query", "--uri", "bolt://localhost:1", "RETURN 1"], "no password given"),
        (["query", "--graph", "{build}", "-p", "x", "RETURN 1"], "expected NAME=VALUE"),
        (["load", "{missing}", "--password", "x"], "no graph.json here"),
        (["load", "{build}", "--uri", "http://localhost:7474", "--password", "x"], "not a usable Bolt URI"),
    ],
)
def test_errors_are_one_line_and_exit_1(build_dir, tmp_path, args, message):
    args = [a.format(missing=tmp_path / "nothing", build=build_dir) for a in args]
    result = invoke(*args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_load_then_query_over_bolt(build_dir, bolt_target, bolt_driver):
    wipe(bolt_driver, bolt_target.database)
    env = {"NEO4J_URI": bolt_target.uri, "NEO4J_USER": bolt_target.user, "NEO4J_PASSWORD": bolt_target.password}
    if bolt_target.database:
        env["NEO4J_DATABASE"] = bolt_target.database
    for _ in range(2):
        result = invoke("load", build_dir, "--batch-size", "5", env=env)
        assert result.exit_code == 0, result.output
    g = sample_graph()
    nodes, rels = row_counts(node_rows(g), rel_rows(g))
    assert f"loaded {nodes} nodes and {rels} relationships into {bolt_target.uri}" in result.stdout
    assert counts(bolt_driver, bolt_target.database) == (nodes, rels)
    result = invoke("query", "--uri", bolt_target.uri, "--format", "csv", OWNS, env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["department,project", "市发展改革委,城南污水处理厂", "能源局,光伏发电示范项目"]


@pytest.mark.parametrize(
    "case, message",
    [
        ("wrong password", "authentication failed for user"),
        ("unknown database", "database 'no_such_db' does not exist"),
        ("unreachable", "cannot reach the server"),
    ],
)
def test_load_faults_are_one_line_and_exit_1(build_dir, bolt_target, case, message):
    uri, password, database = bolt_target.uri, bolt_target.password, bolt_target.database or ""
    if case == "wrong password":
        password += "-wrong"
    elif case == "unknown database":
        database = "no_such_db"
    else:
        uri = "bolt://127.0.0.1:9"
    args = ["load", build_dir, "--uri", uri, "--user", bolt_target.user, "--password", password]
    result = invoke(*args, *(["--database", database] if database else []))
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
