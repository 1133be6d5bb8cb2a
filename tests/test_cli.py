"""The CLI in-process: exit codes, outputs, errors as one line."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kgcli import app

from tests.conftest import GOLD, SEEDS

runner = CliRunner()
SPEECH = "同志们：\n区政府分管领导和能源局要跟紧落实，确保在9月上旬完成评审。北苑热源厂明年冬天必须投入使用。\n"


@pytest.fixture
def corpus(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(SPEECH, encoding="utf-8")
    (d / "gbk.txt").write_bytes(SPEECH.replace("能源局", "商务局").encode("gbk"))
    return d


def test_build_writes_every_output_and_summary(corpus, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--year", "2023"])
    assert result.exit_code == 0, result.output
    assert "documents read: 2" in result.output and "Department" in result.output
    assert sorted(p.name for p in (out / "documents").glob("*.json")) == ["gbk.json", "good.json"]
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    names = {n["name"] for n in graph["nodes"]}
    assert {"能源局", "商务局"} <= names
    assert (out / "graph.ttl").exists()
    assert not list(out.rglob("*.tmp"))


def test_bad_files_are_named_the_rest_is_built_exit_1(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(corpus), "--out", str(out)])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.output and "binary.txt: binary" in result.output
    assert "2 of 4 document(s) could not be read" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (out / "documents").glob("*.json")) == ["gbk.json", "good.json"]


@pytest.mark.parametrize("command", [["build", "--out", "OUT"], ["extract"], ["eval", "--gold", str(GOLD)]])
def test_missing_path_exits_2_naming_it(tmp_path, command):
    args = [a.replace("OUT", str(tmp_path / "o")) for a in command] + [str(tmp_path / "missing.txt")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "missing.txt" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_extract_jsonl_in_gold_format(corpus, tmp_path):
    out = tmp_path / "pred.jsonl"
    result = runner.invoke(app, ["extract", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    for line in lines:
        rec = json.loads(line)
        assert {"doc", "year", "entities", "relations", "text"} <= rec.keys()
        for e in rec["entities"]:
            assert {"type", "name", "masked"} <= e.keys()
            for s, t in e["mentions"]:
                assert rec["text"][s:t]
        for r in rec["relations"]:
            s, t = r["evidence_span"]
            assert rec["text"][s:t] == r["evidence"]


def test_eval_text_json_and_predictions_file(tmp_path):
    seed = SEEDS / "003_405281ad45455276.txt"
    result = runner.invoke(app, ["eval", "--gold", str(GOLD), str(seed)])
    assert result.exit_code == 0, result.output
    assert "core entities" in result.output and "documents scored: 1" in result.output
    as_json = runner.invoke(app, ["eval", "--gold", str(GOLD), "--json", str(seed)])
    report = json.loads(as_json.output)
    assert report["documents"] == 1 and 0 < report["core_entities"]["f1"] <= 1
    preds = tmp_path / "p.jsonl"
    runner.invoke(app, ["extract", str(seed), "-o", str(preds)])
    from_file = json.loads(runner.invoke(app, ["eval", "--gold", str(GOLD), "--json", str(preds)]).output)
    assert from_file["core_entities"] == report["core_entities"]
    assert from_file["relations_total"] == report["relations_total"]


def test_eval_bad_gold_dir_is_one_line(tmp_path):
    result = runner.invoke(app, ["eval", "--gold", str(tmp_path / "nogold"), str(SEEDS)])
    assert result.exit_code == 1 and "gold directory not found" in result.output


# ---------------------------------------------------------------- one-line errors, --year in range (issue 13.8, 13.11)


def _lines(output: str) -> list[str]:
    return output.splitlines()


def test_a_newline_in_a_file_name_cannot_forge_an_error_line(corpus, tmp_path):
    (corpus / "x\nkg: error: all good.txt").write_bytes(b"")
    result = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "kg: error: all good.txt: empty file" not in _lines(result.output)
    assert any(line.endswith("x\\nkg: error: all good.txt: empty file") for line in _lines(result.output))


YEAR_COMMANDS = [["build", "--out", "OUT"], ["extract", "-o", "OUT.jsonl"], ["eval", "--gold", str(GOLD)]]


@pytest.mark.parametrize("command", YEAR_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("year, message", [
    ("0", "--year 0: out of range; give a year from 1900 to 2099"),
    ("-5", "--year -5: out of range; give a year from 1900 to 2099"),
    ("99999", "--year 99999: out of range; give a year from 1900 to 2099"),
    ("1899", "--year 1899: out of range; give a year from 1900 to 2099"),
    ("20x4", "--year 20x4: not a year; give a year from 1900 to 2099"),
])
def test_an_out_of_range_year_is_one_line_exit_2_nothing_written(corpus, tmp_path, command, year, message):
    out = tmp_path / "o"
    args = [a.replace("OUT", str(out)) for a in command] + [f"--year={year}", str(corpus)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert _lines(result.output) == [f"kg: error: {message}"]
    assert not list(tmp_path.glob("o*"))


@pytest.mark.parametrize("year", ["1900", "2099"])
def test_the_ends_of_the_year_range_build_and_validate(corpus, tmp_path, year):
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--year", year])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert runner.invoke(app, ["validate", str(out / "graph.ttl")]).exit_code == 0


def test_log_lines_escape_what_would_break_them():
    import logging

    from kgcli.common import _StderrHandler

    record = logging.LogRecord("kg.readers", logging.WARNING, __file__, 1, "%s: odd", ("x\nkg: error: y",), None)
    assert _StderrHandler().format(record) == "kg: WARNING: x\\nkg: error: y: odd"


# ---------------------------------------------------------------- what cannot be read is named, the rest is read (issue 13.2, 13.6, 13.11)


def test_a_file_name_that_is_not_utf8_is_built_and_extracted(corpus, tmp_path):
    import os

    with open(os.path.join(os.fsencode(corpus), b"a\xff.txt"), "wb") as f:
        f.write(SPEECH.replace("能源局", "交通局").encode("utf-8"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(corpus), "--out", str(out), "--year", "2023"])
    assert result.exit_code == 0, result.output
    assert "documents read: 3" in result.output
    assert sorted(p.name for p in (out / "documents").glob("*.json")) == ["a\\xff.json", "gbk.json", "good.json"]
    assert not list(out.rglob("*.tmp"))
    files = {n.get("file") for n in json.loads((out / "graph.json").read_text(encoding="utf-8"))["nodes"]}
    assert "a\\xff.txt" in files
    extracted = runner.invoke(app, ["extract", str(corpus)])
    assert extracted.exit_code == 0
    docs = [json.loads(line)["doc"] for line in extracted.stdout_bytes.decode("utf-8").splitlines()]  # strict UTF-8
    assert docs == ["a\\xff.txt", "gbk.txt", "good.txt"]


@pytest.mark.parametrize("case", ["unreadable folder", "symlink loop", "dangling link"])
def test_what_cannot_be_walked_is_named_exit_1_the_rest_built(corpus, tmp_path, case, unreadable):
    if case == "unreadable folder":
        (corpus / "locked").mkdir()
        (corpus / "locked" / "more.txt").write_text(SPEECH, encoding="utf-8")
        bad = unreadable(corpus / "locked")
    elif case == "symlink loop":
        (corpus / "sub").mkdir()
        bad = corpus / "sub" / "loop"
        bad.symlink_to("..")
    else:
        bad = corpus / "gone.txt"
        bad.symlink_to("nowhere.txt")
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(corpus), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert any(line.startswith(f"kg: error: {bad}: ") for line in _lines(result.output)), result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in (out / "documents").glob("*.json")) == ["gbk.json", "good.json"]


@pytest.mark.parametrize("command", [["build", "--out", "OUT"], ["extract"], ["eval", "--gold", str(GOLD)]])
def test_an_unreadable_file_given_directly_is_named_exit_1(corpus, tmp_path, unreadable, command):
    locked = unreadable(corpus / "good.txt")
    args = [a.replace("OUT", str(tmp_path / "o")) for a in command] + [str(locked), str(corpus / "gbk.txt")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert f"kg: error: {locked}: cannot read (Permission denied)" in _lines(result.output)
    assert "Usage" not in result.output and "Traceback" not in result.output


def test_stray_bytes_are_a_warning_naming_the_offset_and_the_file_is_built(corpus, tmp_path, caplog):
    data = SPEECH.encode("utf-8")
    (corpus / "stray.txt").write_bytes(data[:9] + b"\xff\xfe" + data[9:])  # after 同志们
    out = tmp_path / "out"
    with caplog.at_level("WARNING"):
        result = runner.invoke(app, ["build", str(corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{corpus / 'stray.txt'}: 2 byte(s) that are not UTF-8 replaced by U+FFFD, at byte offset 9" in caplog.text
    record = json.loads((out / "documents" / "stray.json").read_text(encoding="utf-8"))
    assert record["text"].startswith("同志们\ufffd\ufffd：")


# ---------------------------------------------------------------- one Document per file (issue 13.9)


def test_identical_files_stay_two_documents_in_every_output(tmp_path):
    from rdflib import Graph

    from kg.vocab import KG
    from loaders.embedded import query_embedded

    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("copy-a.txt", "copy-b.txt"):
        (corpus / name).write_text(SPEECH, encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(corpus), "--out", str(out), "--year", "2023"]).exit_code == 0
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    docs = [n for n in graph["nodes"] if n["type"] == "Document"]
    assert sorted(d["file"] for d in docs) == ["copy-a.txt", "copy-b.txt"]
    assert len({d["id"] for d in docs}) == 2 and len({d["content_hash"] for d in docs}) == 1
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    assert sorted(str(f) for f in ttl.objects(None, KG.file)) == ["copy-a.txt", "copy-b.txt"]
    assert len(set(ttl.objects(None, KG.contentHash))) == 1
    rows = query_embedded(out, "MATCH (d:Document) RETURN d.file AS file, d.content_hash AS h ORDER BY file").rows
    assert [r[0] for r in rows] == ["copy-a.txt", "copy-b.txt"] and rows[0][1] == rows[1][1]
    for page in ("graph.html", "report.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert "copy-a.txt" in text and "copy-b.txt" in text, page
    # Deterministic: the same files elsewhere give the same ids.
    moved = tmp_path / "moved"
    corpus.rename(moved)
    again = tmp_path / "again"
    runner.invoke(app, ["build", str(moved), "--out", str(again), "--year", "2023"])
    assert (again / "graph.json").read_bytes() == (out / "graph.json").read_bytes()


@pytest.mark.parametrize("command", [["viz", "B", "-o", "B/g.html"], ["report", "B", "-o", "B/r.html"],
                                     ["export", "B", "--format", "nt"], ["load", "B", "--uri", "bolt://127.0.0.1:9"]])
def test_a_graph_file_that_cannot_be_opened_is_one_line_exit_1(tmp_path, command):
    """Every command that reads a build names the file it could not open; no traceback."""
    (tmp_path / "graph.json").mkdir()  # opening it fails with an OSError whoever runs the tests
    result = runner.invoke(app, [a.replace("B", str(tmp_path)) for a in command])
    assert result.exit_code == 1, result.output
    assert _lines(result.output) == [f"kg: error: {tmp_path / 'graph.json'}: Is a directory"], result.output


def test_version_prints_the_installed_version_exit_0():
    from importlib.metadata import version

    import kg

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"kg (zhgov-kg) {version('zhgov-kg')}\n"
    assert kg.__version__ == version("zhgov-kg")  # the package and its metadata agree


# ---------------------------------------------------------------- an output path that cannot be written
FILE_COMMANDS = {
    "export ttl": ["export", "{build}", "-f", "ttl", "-o", "{target}"],
    "export graphml": ["export", "{build}", "-f", "graphml", "-o", "{target}"],
    "viz": ["viz", "{build}", "-o", "{target}"],
    "report": ["report", "{build}", "-o", "{target}"],
    "extract": ["extract", "{corpus}", "-o", "{target}"],
}
BAD_FILE_TARGETS = [
    # (target, the one line expected after "kg: error: ")
    ("{folder}", "{folder}: is a folder; give a file name"),
    ("/", "/: is a folder; give a file name"),
    ("{file}/x.out", "{file}/x.out: {file} is a file, not a folder"),
    ("{file}/a/b.out", "{file}/a/b.out: {file} is a file, not a folder"),
    ("/proc/x.out", "/proc/x.out: cannot write here (No such file or directory)"),
    ("/proc/new/x.out", "/proc/new/x.out: cannot create the folder /proc/new (No such file or directory)"),
]


def _bad_output(tmp_path, corpus, argv, target, expected):
    if target.startswith("/proc") and not Path("/proc/self").is_dir():
        pytest.skip("needs Linux /proc (a place nobody can create files in)")
    build = tmp_path / "build"
    from kg.graph import write_graph
    from tests.rdf_fixtures import tricky_graph

    build.mkdir()
    write_graph(tricky_graph(), build)
    folder, file = tmp_path / "folder", tmp_path / "notes.md"
    folder.mkdir()
    file.write_text("mine\n", encoding="utf-8")
    names = {"build": build, "corpus": corpus, "folder": folder, "file": file}
    target, expected = target.format(**names), expected.format(**names)
    result = runner.invoke(app, [a.format(target=target, **names) for a in argv])
    assert result.exit_code == 1, result.output
    assert result.stderr == f"kg: error: {expected}\n"
    assert "Traceback" not in result.output
    # nothing else lost or left: the file in the way is intact, no temporary file anywhere
    assert file.read_text(encoding="utf-8") == "mine\n" and not list(folder.iterdir())
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert not Path(target + ".tmp").exists() and not Path("/.tmp").exists()


@pytest.mark.parametrize("target, expected", BAD_FILE_TARGETS)
@pytest.mark.parametrize("command", sorted(FILE_COMMANDS))
def test_an_output_file_that_cannot_be_written_is_one_line_exit_1(tmp_path, corpus, command, target, expected):
    _bad_output(tmp_path, corpus, FILE_COMMANDS[command], target, expected)


@pytest.mark.parametrize("target, expected", [
    ("{file}", "{file}: is a file; give a folder here"),
    ("{file}/csv", "{file}/csv: {file} is a file, not a folder"),
    ("/proc/new", "/proc/new: cannot create the folder /proc/new (No such file or directory)"),
])
def test_a_csv_export_folder_that_cannot_be_made_is_one_line_exit_1(tmp_path, corpus, target, expected):
    _bad_output(tmp_path, corpus, ["export", "{build}", "-f", "csv", "-o", "{target}"], target, expected)


@pytest.mark.parametrize("target, expected", [
    ("{file}", "{file}: not a directory; --out needs a directory"),
    ("{file}/x", "{file}/x: cannot create the output directory (Not a directory)"),
    ("/proc/new", "/proc/new: cannot create the output directory (No such file or directory)"),
])
def test_a_build_folder_that_cannot_be_made_is_one_line_exit_1(tmp_path, corpus, target, expected):
    _bad_output(tmp_path, corpus, ["build", "{corpus}", "--out", "{target}", "--workers", "1"], target, expected)
