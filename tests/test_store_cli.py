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


# ---------------------------------------------------------------- read-only means read-only (issue 13.7)


@pytest.fixture
def own_build(tmp_path):
    """A build of its own, for tests that would damage a shared one if the store let them."""
    out = tmp_path / "build"
    out.mkdir()
    g = sample_graph()
    write_graph(g, out)
    embedded_sink(g, out)
    return out


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.csv"
    path.write_text("user,password\nroot,hunter2\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "cypher, clause",
    [
        ("COPY (MATCH (n:Department) RETURN n.name) TO '{target}'", "COPY"),
        ("LOAD FROM '{secret}' RETURN *", "LOAD"),
        ("load /* hidden */ from '{secret}' return *", "LOAD"),
        ("RETURN 1 AS x; LOAD FROM '{secret}' RETURN *", "LOAD"),
        ("EXPORT DATABASE '{target}'", "EXPORT"),
        ("INSTALL json", "INSTALL"),
    ],
)
def test_embedded_query_refuses_what_touches_files(own_build, tmp_path, secret, cypher, clause):
    # (READ_CSV_SERIAL and the other file table functions are checked in test_cypher_guard.py
    # only: on LadybugDB 0.22 some of them crash the process instead of answering.)
    target = tmp_path / "written.csv"
    result = invoke("query", "--graph", own_build, cypher.format(target=target, secret=secret))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"kg: error: query refused: {clause} (offset ")
    assert "--allow-files" in result.stderr and result.stderr.count("\n") == 1
    assert "hunter2" not in result.output and not target.exists()


def test_checkpoint_is_refused_and_the_store_still_opens(own_build):
    result = invoke("query", "--graph", own_build, "CHECKPOINT")
    assert result.exit_code == 1 and "CHECKPOINT (offset 0) writes the store file" in result.stderr
    again = invoke("query", "--graph", own_build, "--allow-files", "CHECKPOINT")
    assert again.exit_code == 1
    after = invoke("query", "--graph", own_build, "--format", "json", "MATCH (d:Department) RETURN count(d) AS n")
    assert after.exit_code == 0, after.output
    assert json.loads(after.stdout) == [{"n": sum(1 for _, a in sample_graph().nodes(data=True) if a["type"] == "Department")}]


def test_allow_files_lets_load_from_read_a_file(own_build, secret):
    result = invoke("query", "--graph", own_build, "--allow-files", "--format", "csv", f"LOAD FROM '{secret}' (header=true) RETURN *")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == ["root,hunter2"]


@pytest.mark.parametrize(
    "cypher",
    [
        "MATCH (d:Department) WHERE d.name <> 'COPY (x) TO \\'y\\'' RETURN count(d) AS n",
        "MATCH (d:Department) WHERE d.name <> $p RETURN count(d) AS n",
        "MATCH (load:Department) RETURN count(load) AS n",
        "MATCH (d:Department) // LOAD FROM '/etc/passwd'\nRETURN count(d) AS n",
    ],
)
def test_queries_that_merely_mention_the_words_run(build_dir, cypher):
    result = invoke("query", "--graph", build_dir, "-p", "p=LOAD FROM '/etc/passwd'", "--format", "json", cypher)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["n"] > 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--graph", "{build}", "--write"], "--write is for Neo4j (--uri)"),
        (["--uri", "bolt://localhost:1", "--password", "x", "--allow-files"], "--allow-files is for the embedded store"),
    ],
)
def test_flags_for_the_other_store_are_one_line_exit_2(build_dir, args, message):
    result = invoke("query", *[a.format(build=build_dir) for a in args], "RETURN 1 AS x")
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1


def test_table_cells_stay_on_one_line(build_dir):
    result = invoke("query", "--graph", build_dir, "RETURN 'first\\nsecond' AS text, 'tab\\there' AS t, 1 AS n")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 6 and lines[-1] == "(1 row)"
    assert "first\\nsecond" in lines[3] and "tab\\there" in lines[3]
    assert len({len(line) for line in lines[:-1]}) == 1
    as_json = invoke("query", "--graph", build_dir, "--format", "json", "RETURN 'first\\nsecond' AS text")
    assert json.loads(as_json.stdout) == [{"text": "first\nsecond"}]  # the value itself is unchanged


def _bolt_env(bolt_target):
    env = {"NEO4J_URI": bolt_target.uri, "NEO4J_USER": bolt_target.user, "NEO4J_PASSWORD": bolt_target.password}
    if bolt_target.database:
        env["NEO4J_DATABASE"] = bolt_target.database
    return env


@pytest.mark.parametrize("flags, read_mode", [([], True), (["--write"], False)])
def test_bolt_query_runs_in_a_read_transaction_unless_write(bolt_target, bolt_driver, caplog, flags, read_mode):
    """What the client asks for on the wire: RUN … {'mode': 'r'} (Neo4j then refuses writes;
    the ArcadeDB test server does not enforce the mode, so the message itself is checked)."""
    import logging

    with caplog.at_level(logging.DEBUG, logger="neo4j"), caplog.at_level(logging.DEBUG, logger="neo4j.io"):
        result = invoke("query", "--uri", bolt_target.uri, *flags, "--format", "json", "RETURN 1 AS one", env=_bolt_env(bolt_target))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"one": 1}]
    runs = [r.getMessage() for r in caplog.records if "C: RUN 'RETURN 1 AS one'" in r.getMessage()]
    assert len(runs) == 1
    assert ("'mode': 'r'" in runs[0]) is read_mode
