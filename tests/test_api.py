"""The Python API (`import kg`): the same records and build folders as the commands, documented
return types, one-line errors, and the README's notebook block run as written."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import networkx as nx
import pytest
from typer.testing import CliRunner

import kg
from kgcli import app

from tests.build_helpers import copy_seeds, differing, snapshot
from tests.conftest import ROOT

runner = CliRunner()
# Fresh sentences (Shaanxi, Yunnan), not from any dev document.
PLAN = ("陕西省水利厅关于做好2024年度汛工作的通知\n"
        "一、请省水利厅牵头，省财政厅配合，6月底前完成引汉济渭二期工程主体建设。\n"
        "二、昆明市政府负责，年内建成滇池西岸湿地公园。\n")


def test_extract_text_gives_a_record_with_relations_and_verbatim_evidence():
    doc = kg.extract_text(PLAN, year=2024)
    assert isinstance(doc, kg.Document)
    assert doc.year == 2024
    rels = {(r.type, r.head, r.tail) for r in doc.relations}
    # 省水利厅 is the 陕西省水利厅 of the title: one entity, the short form its alias
    assert doc.entity("省水利厅").name == "陕西省水利厅"
    assert ("responsibleFor", "陕西省水利厅", "引汉济渭二期工程主体建设") in rels
    assert ("responsibleFor", "省财政厅", "引汉济渭二期工程主体建设") in rels
    dates = {r.head: r.date for r in doc.relations if r.type == "deadline"}
    assert dates.get("引汉济渭二期工程主体建设") == "2024-06-30"
    for r in doc.relations:
        evidence = doc.text[slice(*r.evidence)]
        assert r.head in evidence or any(a in evidence for a in doc.entity(r.head).names())
    bureau = doc.entity("省财政厅")
    assert isinstance(bureau, kg.Entity) and bureau.type == "Department"
    assert {doc.text[s:e] for s, e in bureau.mentions} == {"省财政厅"}


def test_the_year_resolves_relative_deadlines_and_is_checked():
    dates = {r.head: r.date for r in kg.extract_text(PLAN, year=2031).relations if r.type == "deadline"}
    assert dates.get("滇池西岸湿地公园") == "2031-12-31"
    for bad, said in ((1800, "year 1800: out of range"), ("明年", "year 明年: not a year"), (2024.5, "not a year")):
        with pytest.raises(kg.UsageError, match=re.escape(said)):
            kg.extract_text(PLAN, year=bad)


def test_bad_text_is_one_line_error():
    with pytest.raises(kg.UsageError, match="expected a str, got bytes"):
        kg.extract_text(PLAN.encode("utf-8"))
    with pytest.raises(kg.InputError, match="no text left after cleaning"):
        kg.extract_text(" \n\u3000\n")


def test_extract_file_is_the_record_kg_extract_writes(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN.encode("gb18030"))
    out = tmp_path / "plan.jsonl"
    result = runner.invoke(app, ["extract", str(path), "-o", str(out), "--year", "2024"])
    assert result.exit_code == 0, result.output
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert kg.extract_file(path, year=2024).to_json() == json.loads(line)


def test_extract_file_names_the_file_it_cannot_read(tmp_path):
    with pytest.raises(kg.InputError, match=re.escape(f"{tmp_path / 'gone.txt'}: cannot read")):
        kg.extract_file(tmp_path / "gone.txt")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(kg.InputError, match=re.escape(str(tmp_path / "blob.txt"))):
        kg.extract_file(tmp_path / "blob.txt")


def test_build_writes_what_kg_build_writes(tmp_path):
    docs = copy_seeds(tmp_path / "in", ["000_4cbf524f0d780ddb.txt", "003_405281ad45455276.txt"])
    (docs / "plan.txt").write_text(PLAN, encoding="utf-8")
    via_cli = runner.invoke(app, ["build", str(docs), "--out", str(tmp_path / "cli"), "--year", "2024", "--workers", "1"])
    assert via_cli.exit_code == 0, via_cli.output
    result = kg.build(docs, tmp_path / "api", year=2024)
    assert isinstance(result, kg.BuildResult)
    assert differing(snapshot(tmp_path / "cli"), snapshot(tmp_path / "api")) == []
    assert {"graph.json", "graph.ttl", "graph.html", "report.html", "graph.lbdb", "build.json"} <= set(
        p.name for p in (tmp_path / "api").iterdir())
    assert result.documents == 3 and result.failures == []
    assert result.relation_counts["responsibleFor"] > 0 and result.entity_counts["Department"] > 0
    assert all(p.exists() for p in result.outputs)
    g = kg.read_graph(tmp_path / "api")
    assert isinstance(g, nx.MultiDiGraph)
    assert sorted(g.nodes(data=True)) == sorted(result.graph.nodes(data=True))
    assert sorted(g.edges(keys=True)) == sorted(result.graph.edges(keys=True))


def test_build_reports_unreadable_files_and_builds_the_rest(tmp_path):
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "plan.txt").write_text(PLAN, encoding="utf-8")
    (docs / "blob.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = kg.build([docs], tmp_path / "out", sinks=())
    assert result.documents == 1
    assert [f.path.name for f in result.failures] == ["blob.txt"] and "blob.txt" in result.failures[0].message
    # sinks=() writes the records and graph.json only
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name != ".kg-lock") == ["build.json", "documents", "graph.json"]


def test_build_refuses_what_it_cannot_do(tmp_path):
    with pytest.raises(kg.InputError, match="no documents"):
        (tmp_path / "empty").mkdir()
        kg.build(tmp_path / "empty", tmp_path / "out")
    with pytest.raises(kg.UsageError, match="workers 0"):
        kg.build(tmp_path / "empty", tmp_path / "out", workers=0)
    (tmp_path / "plan.txt").write_text(PLAN, encoding="utf-8")
    with pytest.raises(kg.OutputError, match=re.escape(str(ROOT / "README.md"))):
        kg.build(tmp_path / "plan.txt", ROOT / "README.md", sinks=())
    assert (ROOT / "README.md").is_file()
    with pytest.raises(kg.GraphError, match="no graph.json here"):
        kg.read_graph(tmp_path)


def test_import_kg_is_light_and_names_are_listed():
    code = "import sys, kg; print('jieba' in sys.modules, 'kg.pipeline' in sys.modules, kg.__version__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[:2] == ["False", "False"] and out[2] == kg.__version__
    assert {"extract_text", "extract_file", "build", "read_graph", "Document", "BuildResult"} <= set(dir(kg))
    with pytest.raises(AttributeError, match="no attribute 'extract_everything'"):
        kg.extract_everything  # noqa: B018


def test_readme_notebook_block_runs_as_written(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## In Python and notebooks"):]
    section = section[: section.index("\n## ", 3)]
    (code,) = re.findall(r"```python\n(.*?)```", section, re.S)
    os.symlink(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "nb.py").write_text(code, encoding="utf-8")
    run = subprocess.run([sys.executable, "nb.py"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert any(line.startswith("responsibleFor 省水利厅 → 引汉济渭二期工程主体建设") for line in lines)
    assert any(line.startswith("deadline 引汉济渭二期工程主体建设 → 6月底 2025-06-30") or
               line.startswith("deadline 引汉济渭二期工程主体建设 → 2025年6月底 2025-06-30") for line in lines)
    # the plan table: a header, then rows of department, undertaking, ISO date, wording, document
    header = next(i for i, line in enumerate(lines) if line.split()[:3] == ["department", "undertaking", "date"])
    rows = [line.split() for line in lines[header + 1:]]
    assert rows and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[2]) for r in rows)
    assert (tmp_path / "out" / "notebook" / "graph.json").is_file()
