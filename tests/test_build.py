"""`kg build` at scale: the same bytes however the work is spread (one process, a pool, a Dask
cluster) and whichever records are reused; an output directory that is locked while written,
replaced only as a whole, and kept when the inputs hold no document (issues 12, 13.3-13.5)."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.errors import InputError, OutputError, ValidationError
from kg.outdir import COMPLETE, LOCK_FILE, STAGING, OutputDir
from kg.pipeline import MANIFEST_FILE, PARTS_DIR, InProcess, build, extract_files
from kgcli import app
from loaders import SINKS
from tests.build_helpers import copy_seeds, differing, snapshot
from tests.conftest import DEV_DOCS, ROOT, SEEDS

runner = CliRunner()
SPEECH = "同志们：\n区政府分管领导和能源局要跟紧落实，确保在9月上旬完成评审。北苑热源厂明年冬天必须投入使用。\n"


def cli_build(*args: str):
    return runner.invoke(app, ["build", *args])


@pytest.fixture(scope="session")
def one_worker(tmp_path_factory) -> dict:
    """The seeds built in this process (--workers 1): the reference every other way must match."""
    out = tmp_path_factory.mktemp("w1") / "out"
    result = cli_build(str(SEEDS), "--out", str(out), "--workers", "1")
    assert result.exit_code == 0, result.output
    return snapshot(out)


# ---------------------------------------------------------------- records and what they add
@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")) + ["d4.txt", "d6.txt"])
def test_a_record_read_back_is_the_document_again(name, seed_documents, dev_documents):
    """Reused records must add to the graph exactly what the freshly extracted document did."""
    from kg.graph import contribution
    from kg.model import Document

    doc = seed_documents.get(name) or dev_documents[name]
    record = json.loads(json.dumps(doc.to_json(), ensure_ascii=False))
    again = Document.from_json(record)
    assert again.to_json() == doc.to_json()
    assert contribution(Document.from_json(record, structure=False)) == contribution(doc)


# ---------------------------------------------------------------- workers, cluster: same bytes
def test_two_workers_give_the_same_bytes_as_one(one_worker, tmp_path):
    out = tmp_path / "out"
    result = cli_build(str(SEEDS), "--out", str(out), "--workers", "2")
    assert result.exit_code == 0, result.output
    two = snapshot(out)
    assert {"graph.json", "graph.ttl", "graph.html", "report.html", "build.json", "graph.lbdb"} <= two.keys()
    assert len([k for k in two if k.startswith("documents/") and k.count("/") == 1]) == 5  # the records
    assert len([k for k in two if k.startswith("documents/.parts/")]) == 5  # what each adds to the graph
    assert differing(one_worker, two) == []


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed", reason="distributed is in the test extras: pip install -e '.[test]'")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        yield cluster
    finally:
        cluster.close()


def test_a_dask_cluster_gives_the_same_bytes_as_one_process(one_worker, dask_cluster, tmp_path):
    out = tmp_path / "out"
    result = cli_build(str(SEEDS), "--out", str(out), "--dask", dask_cluster.scheduler_address)
    assert result.exit_code == 0, result.output
    assert differing(one_worker, snapshot(out)) == []


def test_unreachable_scheduler_is_one_line(tmp_path):
    result = cli_build(str(SEEDS), "--out", str(tmp_path / "out"), "--dask", "tcp://127.0.0.1:9")
    assert result.exit_code == 1
    assert "tcp://127.0.0.1:9: cannot reach the Dask scheduler" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


class Terminal:
    """A stderr that says it is a terminal, keeping what is drawn on it."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return True


def test_progress_shows_documents_per_second_and_the_time_left(monkeypatch):
    import kgcli.build as cli

    now = [100.0]
    monkeypatch.setattr(cli, "clock", lambda: now[0])
    terminal = Terminal()
    monkeypatch.setattr(cli.sys, "stderr", terminal)
    with cli.progress(4) as on_document:
        for _ in range(2):
            now[0] += 2.0
            on_document(None)
    assert "building" in terminal.text
    assert "2/4  0.5 docs/s, 00:00:04 left" in terminal.text  # 2 documents in 4 s, 2 to go


def test_no_progress_drawn_in_a_log(monkeypatch):
    import io

    import kgcli.build as cli

    log = io.StringIO()
    monkeypatch.setattr(cli.sys, "stderr", log)
    with cli.progress(4) as on_document:
        on_document(None)
    assert log.getvalue() == ""


def test_workers_and_dask_together_are_refused(tmp_path):
    result = cli_build(str(SEEDS), "--out", str(tmp_path / "out"), "--workers", "2", "--dask", "tcp://127.0.0.1:9")
    assert result.exit_code == 2 and "not both" in result.output


class OtherVersion(InProcess):
    """An executor whose worker runs another kg: same records, another extractor fingerprint."""

    def submit(self, fn, /, *args, **kwargs):
        future: Future = Future()
        future.set_result(("0000000000000000", fn(*args, **kwargs)[1]))
        return future


def test_a_worker_with_another_kg_is_refused(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(OutputError, match="a worker runs another version of kg"):
        build([SEEDS / "000_4cbf524f0d780ddb.txt"], out, executor=OtherVersion())
    assert not out.exists()


def test_extract_files_reports_each_failure_and_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text(SPEECH, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    _, items = extract_files([tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "gone.txt"])
    assert [type(i).__name__ for i in items] == ["Extracted", "ReadFailure", "ReadFailure"]
    assert json.loads(items[0].record)["doc"] == "a.txt"
    assert "b.txt: empty file" in items[1].message and "gone.txt: cannot read" in items[2].message


def test_no_validate_writes_the_turtle_unchecked_and_kg_validate_checks_it_later(tmp_path, monkeypatch):
    import loaders.rdf as rdf_module
    from rdflib import RDFS

    real = rdf_module.triples

    def without_labels(g):
        return [t for t in real(g) if t[1] != str(RDFS.label)]

    monkeypatch.setattr(rdf_module, "triples", without_labels)
    out = tmp_path / "out"
    seed = str(SEEDS / "000_4cbf524f0d780ddb.txt")
    assert cli_build(seed, "--out", str(out), "--workers", "1").exit_code == 1  # validated: refused
    assert not out.exists()
    result = cli_build(seed, "--out", str(out), "--workers", "1", "--no-validate")
    assert result.exit_code == 0, result.output
    checked = runner.invoke(app, ["validate", str(out / "graph.ttl")])
    assert checked.exit_code == 1 and "rdfs:label" in checked.output


# ---------------------------------------------------------------- incremental builds
@pytest.fixture(scope="module")
def base_build(tmp_path_factory):
    """The seeds copied to a folder and built once, with every output."""
    root = tmp_path_factory.mktemp("incremental")
    corpus = copy_seeds(root / "in")
    build([corpus], root / "out", sinks=SINKS)
    return corpus, root / "out"


def _copy_build(base_build, tmp_path) -> tuple[Path, Path]:
    """A copy of the base corpus and of its build, the manifest pointing at the copy."""
    corpus_base, out_base = base_build
    corpus, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(corpus_base, corpus)
    shutil.copytree(out_base, out)
    # The manifest names the paths it was built from: rewrite them to the copy of the corpus.
    manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    for entry in manifest["documents"]:
        entry["path"] = str(corpus / Path(entry["path"]).relative_to(corpus_base))
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return corpus, out


def _edit(corpus: Path, name: str) -> None:
    with open(corpus / name, "a", encoding="utf-8") as f:
        f.write("\n市交通局负责地铁5号线工程，2024年6月底前通车。\n")


CHANGES = {
    "nothing": lambda c: None,
    "one edited": lambda c: _edit(c, "001_bdad83eb4e69fbf0.txt"),
    "one removed": lambda c: (c / "004_3feb0e4dd9cd6852.txt").unlink(),
    "one added": lambda c: shutil.copy(DEV_DOCS / "d4.txt", c / "d4.txt"),
    "one moved into a subfolder": lambda c: ((c / "sub").mkdir(), (c / "002_77d8f3c9a3dd5a67.txt").rename(c / "sub" / "002_77d8f3c9a3dd5a67.txt")),
    "edited, removed and added": lambda c: (_edit(c, "000_4cbf524f0d780ddb.txt"), (c / "003_405281ad45455276.txt").unlink(),
                                            shutil.copy(DEV_DOCS / "d4.txt", c / "d4.txt")),
}


@pytest.mark.parametrize(
    "change, reused, extracted, changed, dropped",
    [
        ("nothing", 5, 0, [], []),
        ("one edited", 4, 1, ["001_bdad83eb4e69fbf0.txt"], []),
        ("one removed", 4, 0, [], ["004_3feb0e4dd9cd6852.txt"]),
        ("one added", 5, 1, [], []),
        ("one moved into a subfolder", 5, 0, [], []),
        ("edited, removed and added", 3, 2, ["000_4cbf524f0d780ddb.txt"], ["003_405281ad45455276.txt"]),
    ],
)
def test_incremental_build_is_byte_identical_to_a_clean_one(base_build, tmp_path, change, reused, extracted, changed, dropped):
    """Every output: records, their parts, graph.json, build.json, Turtle, store, view, report."""
    corpus, out = _copy_build(base_build, tmp_path)
    CHANGES[change](corpus)

    result = build([corpus], out, sinks=SINKS)
    assert (result.reused, result.extracted) == (reused, extracted)
    assert [Path(p).name for p in result.changed] == changed
    assert [Path(p).name for p in result.dropped] == dropped
    clean = tmp_path / "clean"
    build([corpus], clean, sinks=SINKS)
    mine, theirs = snapshot(out), snapshot(clean)
    assert {"graph.json", "graph.ttl", "graph.lbdb", "graph.html", "report.html", "build.json"} <= mine.keys()
    assert differing(mine, theirs) == []


def _cut(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _header(field: str, value):
    def change(path: Path) -> None:
        part = json.loads(path.read_bytes())
        part[field] = value
        path.write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")
    return change


def _drop_entity_field(path: Path) -> None:
    part = json.loads(path.read_bytes())
    part["entities"] = [e[:-1] for e in part["entities"]]
    path.write_text(json.dumps(part, ensure_ascii=False), encoding="utf-8")


BROKEN_PARTS = {
    "missing": lambda p: p.unlink(),
    "cut in half": _cut,
    "not JSON": lambda p: p.write_bytes(b"\xff\xfe garbage"),
    "empty": lambda p: p.write_bytes(b""),
    "a JSON list": lambda p: p.write_bytes(b"[]"),
    "of another source": _header("sha256", "0" * 64),
    "of another extractor": _header("extractor", "another-extractor"),
    "of another year": _header("year", 1999),
    "entities of the wrong shape": _drop_entity_field,
    "a directory": lambda p: (p.unlink(), p.mkdir()),
}


@pytest.mark.parametrize("how", sorted(BROKEN_PARTS))
def test_a_broken_or_missing_part_is_worked_out_from_its_record_with_the_same_bytes(base_build, tmp_path, how):
    corpus, out = _copy_build(base_build, tmp_path)
    parts = out / "documents" / PARTS_DIR
    victim = parts / "001_bdad83eb4e69fbf0.json"
    BROKEN_PARTS[how](victim)
    _edit(corpus, "003_405281ad45455276.txt")  # and one document changed, as usual

    result = build([corpus], out, sinks=SINKS)
    assert (result.reused, result.extracted) == (4, 1)
    clean = tmp_path / "clean"
    build([corpus], clean, sinks=SINKS)
    assert differing(snapshot(out), snapshot(clean)) == []  # the part is written again, whole


def test_without_any_parts_every_record_is_read_and_the_parts_come_back(base_build, tmp_path):
    corpus, out = _copy_build(base_build, tmp_path)
    shutil.rmtree(out / "documents" / PARTS_DIR)
    result = build([corpus], out, sinks=SINKS)
    assert (result.reused, result.extracted) == (5, 0)
    clean = tmp_path / "clean"
    build([corpus], clean, sinks=SINKS)
    assert differing(snapshot(out), snapshot(clean)) == []


def test_a_reused_record_with_a_sound_part_is_not_parsed_again(base_build, tmp_path, monkeypatch):
    from kg.model import Document

    corpus, out = _copy_build(base_build, tmp_path)
    _edit(corpus, "000_4cbf524f0d780ddb.txt")

    def refused(*_a, **_k):
        raise AssertionError("a record was parsed although its part is sound")

    monkeypatch.setattr(Document, "from_json", classmethod(refused))
    result = build([corpus], out)
    assert (result.reused, result.extracted) == (4, 1)


@pytest.mark.parametrize("change", ["one edited", "one removed", "one added", "edited, removed and added"])
def test_an_incremental_build_takes_the_previous_turtle_and_checks_the_change_only(base_build, tmp_path, monkeypatch, change):
    """graph.ttl from the previous file's blocks (no whole Turtle written, no whole graph checked),
    byte-identical to a clean build's."""
    import loaders.rdf as rdf_module
    import loaders.shacl as shacl_module

    corpus, out = _copy_build(base_build, tmp_path)
    CHANGES[change](corpus)
    clean = tmp_path / "clean"
    build([corpus], clean, sinks=SINKS)
    real_check = shacl_module.check_triples
    checked = []

    def check_part(triples, *args, focus=None, **kwargs):
        assert focus is not None, "the whole graph was checked"
        checked.append(len(triples))
        return real_check(triples, *args, focus=focus, **kwargs)

    def refused(*_a, **_k):
        raise AssertionError("the whole Turtle was written again")

    monkeypatch.setattr(rdf_module, "turtle", refused)
    monkeypatch.setattr(shacl_module, "check_triples", check_part)
    build([corpus], out, sinks=SINKS)
    assert checked and checked[0] < len(rdf_module.triples(base_graph(out)))
    assert (out / "graph.ttl").read_bytes() == (clean / "graph.ttl").read_bytes()
    assert differing(snapshot(out), snapshot(clean)) == []


def base_graph(out: Path):
    from kg.graph import read_graph

    return read_graph(out)


@pytest.mark.parametrize("how", ["cut", "a block added", "an assertion added", "gone", "blocks swapped"])
def test_a_previous_turtle_that_is_not_the_one_written_is_written_anew(base_build, tmp_path, how):
    corpus, out = _copy_build(base_build, tmp_path)
    ttl = out / "graph.ttl"
    data = ttl.read_bytes()
    head, *blocks = data.split(b"\n\n")
    if how == "cut":
        ttl.write_bytes(data[: len(data) // 2])
    elif how == "a block added":
        ttl.write_bytes(b"\n\n".join([head, b"kg:zz a kg:Place .", *blocks]))
    elif how == "an assertion added":  # of an edge no change reaches: only the count tells
        at = next(i for i, b in enumerate(blocks) if b.startswith(b"assertion:"))
        extra = b"assertion:" + b"0" * 16 + blocks[at][len(b"assertion:") + 16:]
        blocks.insert(at, extra)
        ttl.write_bytes(b"\n\n".join([head, *blocks]))
    elif how == "gone":
        ttl.unlink()
    else:
        blocks[0], blocks[1] = blocks[1], blocks[0]
        ttl.write_bytes(b"\n\n".join([head, *blocks]))
    if how != "an assertion added":  # else no change at all: every block of the file would be kept
        _edit(corpus, "003_405281ad45455276.txt")
    build([corpus], out, sinks=SINKS)
    clean = tmp_path / "clean"
    build([corpus], clean, sinks=SINKS)
    assert ttl.read_bytes() == (clean / "graph.ttl").read_bytes()


def test_a_violation_in_the_changed_document_fails_the_incremental_build(base_build, tmp_path, monkeypatch):
    import loaders.rdf as rdf_module
    from rdflib import RDFS

    corpus, out = _copy_build(base_build, tmp_path)
    _edit(corpus, "001_bdad83eb4e69fbf0.txt")
    real = rdf_module._node_triples

    def unlabelled(out_, node, nid, a):  # the document changed loses its label
        real(out_, node, nid, a)
        if a.get("file") == "001_bdad83eb4e69fbf0.txt":
            out_[:] = [t for t in out_ if not (t[0] == node and t[1] == str(RDFS.label))]

    monkeypatch.setattr(rdf_module, "_node_triples", unlabelled)
    before = (out / "graph.ttl").read_bytes()
    with pytest.raises(ValidationError, match="rdfs:label"):
        build([corpus], out, sinks=SINKS)
    assert (out / "graph.ttl").read_bytes() == before  # the previous build is kept


def test_cli_says_what_was_reused_and_dropped(tmp_path):
    corpus = copy_seeds(tmp_path / "in", ["000_4cbf524f0d780ddb.txt", "001_bdad83eb4e69fbf0.txt"])
    out = tmp_path / "out"
    assert cli_build(str(corpus), "--out", str(out), "--workers", "1").exit_code == 0
    (corpus / "001_bdad83eb4e69fbf0.txt").unlink()
    (corpus / "new.txt").write_text(SPEECH, encoding="utf-8")
    result = cli_build(str(corpus), "--out", str(out), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "1 unchanged (records reused), 1 extracted" in result.output
    assert f"dropped the records of 1 document(s) no longer in the inputs: {corpus / '001_bdad83eb4e69fbf0.txt'}" in result.output
    assert sorted(p.name for p in (out / "documents").glob("*.json")) == ["000_4cbf524f0d780ddb.json", "new.json"]
    assert sorted(p.name for p in (out / "documents" / ".parts").iterdir()) == ["000_4cbf524f0d780ddb.json", "new.json"]
    rebuilt = cli_build(str(corpus), "--out", str(out), "--workers", "1", "--rebuild")
    assert rebuilt.exit_code == 0 and "unchanged" not in rebuilt.output


@pytest.mark.parametrize("what, reason", [("year", "--year changed since the previous build (None -> 2020)"),
                                          ("extractor", "the extractor changed since the previous build")])
def test_records_of_another_year_or_extractor_are_not_reused(base_build, tmp_path, monkeypatch, what, reason):
    corpus, out_base = base_build
    out = tmp_path / "out"
    shutil.copytree(out_base, out)
    year = None
    if what == "year":
        year = 2020
    else:
        monkeypatch.setattr("kg.pipeline.extractor_fingerprint", lambda: "another-extractor")
    result = build([corpus], out, year=year)
    assert (result.reused, result.extracted, result.previous) == (0, 5, reason)
    for part in (out / "documents" / PARTS_DIR).iterdir():  # the parts are made anew, for these inputs
        assert json.loads(part.read_bytes())["year"] == year


# ---------------------------------------------------------------- one build per directory (13.3)
def test_a_second_build_on_a_locked_directory_is_one_line_and_changes_nothing(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SPEECH, encoding="utf-8")
    out = tmp_path / "out"
    build([corpus], out)
    before = snapshot(out)
    with OutputDir(out):  # another build holds the directory
        result = cli_build(str(corpus), "--out", str(out), "--workers", "1", "--rebuild")
        assert result.exit_code == 1
        assert f"kg: error: {out}: another kg build (pid {os.getpid()}) is writing to this directory" in result.output
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert differing(before, snapshot(out)) == []
    assert cli_build(str(corpus), "--out", str(out), "--workers", "1").exit_code == 0  # released


def test_two_builds_at_once_one_wins_the_other_says_so(tmp_path):
    """The defect as found: two `kg build` into one --out at the same time."""
    corpus = copy_seeds(tmp_path / "in")
    out = tmp_path / "out"
    cmd = [sys.executable, "-c", "from kgcli import main; main()", "build", str(corpus), "--out", str(out), "--workers", "1"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outcomes = sorted((p.wait(timeout=300), p.stderr.read()) for p in procs)
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    codes = [c for c, _ in outcomes]
    assert codes in ([0, 0], [0, 1]), outcomes  # both in turn, or one refused
    if codes == [0, 1]:
        assert "another kg build" in outcomes[1][1] and "Traceback" not in outcomes[1][1]
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert len([n for n in graph["nodes"] if n["type"] == "Document"]) == len(list((out / "documents").glob("*.json"))) == 5
    assert not (out / STAGING).exists()


# ---------------------------------------------------------------- replaced as a whole (13.4)
@pytest.fixture
def previous_build(tmp_path):
    """A complete build of one speech (every sink), and its snapshot."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SPEECH, encoding="utf-8")
    out = tmp_path / "out"
    build([corpus], out, sinks=SINKS)
    (corpus / "b.txt").write_text(SPEECH.replace("能源局", "商务局"), encoding="utf-8")
    return corpus, out, snapshot(out)


def failing_sink(graph, out_dir):
    raise ValidationError("graph.ttl: does not conform (a sink failed)")


@pytest.mark.parametrize("position", ["first", "last"])
def test_a_failing_sink_leaves_the_previous_build_intact(previous_build, position):
    corpus, out, before = previous_build
    sinks = (failing_sink, *SINKS) if position == "first" else (*SINKS, failing_sink)
    with pytest.raises(ValidationError):
        build([corpus], out, sinks=sinks)
    assert differing(before, snapshot(out)) == []
    assert not (out / STAGING).exists()


KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
import kg.outdir
from kg.pipeline import build
from loaders import SINKS

where = sys.argv[3]

def die(*_):
    os.kill(os.getpid(), signal.SIGKILL)

if where == "in a sink":
    sinks = SINKS[:2] + (lambda g, out: die(),) + SINKS[2:]
else:  # while the staged entries are moved in: right after the third rename
    sinks = SINKS
    real_swap, real_replace = kg.outdir.swap_in, os.replace
    def swap_and_die(path):
        done = []
        def replace(src, dst):
            real_replace(src, dst)
            done.append(dst)
            if len(done) == 3:
                die()
        os.replace = replace
        real_swap(path)
    kg.outdir.swap_in = swap_and_die
build([Path(sys.argv[1])], Path(sys.argv[2]), sinks=sinks)
"""


@pytest.mark.parametrize("where", ["in a sink", "while moving the outputs in"])
def test_a_killed_build_leaves_the_previous_build_or_the_next_completes_it(previous_build, tmp_path, where):
    corpus, out, before = previous_build
    proc = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(corpus), str(out), where],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    clean = tmp_path / "clean"
    build([corpus], clean, sinks=SINKS)
    if where == "in a sink":
        assert differing(before, snapshot(out)) == []  # untouched; the staging area is left over
    else:
        assert (out / STAGING / COMPLETE).exists()  # killed between the renames, journal in place
        assert differing(before, snapshot(out)) and differing(snapshot(clean), snapshot(out))  # mixed, for now
    with OutputDir(out):  # what the next build does first: finish or discard
        pass
    expected = before if where == "in a sink" else snapshot(clean)
    assert differing(expected, snapshot(out)) == []
    assert not (out / STAGING).exists()


# ---------------------------------------------------------------- nothing to build (13.5)
@pytest.mark.parametrize(
    "files, message",
    [
        ({"a.doc": b"x", "b.wps": b"x", "c.doc": b"x"}, "no documents found in {dir}, 3 files skipped (2 .doc, 1 .wps)"),
        ({}, "no documents found in {dir} (nothing to read"),
        ({"notes": b"x", ".hidden.txt": SPEECH.encode()}, "no documents found in {dir}, 2 files skipped (1 hidden, 1 no extension)"),
        ({"empty.txt": b"", "binary.txt": bytes(range(256)) * 4}, "none of the 2 document(s) could be read; the previous build in {out} is kept"),
    ],
)
def test_inputs_without_documents_exit_1_and_keep_the_previous_build(previous_build, tmp_path, files, message):
    _, out, before = previous_build
    folder = tmp_path / "nothing"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    result = cli_build(str(folder), "--out", str(out), "--workers", "1")
    assert result.exit_code == 1
    assert message.format(dir=folder, out=out) in result.output and "Traceback" not in result.output
    for name in files:
        if name.endswith(".txt") and not name.startswith("."):
            assert f"kg: error: {folder / name}: " in result.output  # each unreadable file named
    assert differing(before, snapshot(out)) == []


def test_no_documents_into_a_new_directory_leaves_nothing(tmp_path):
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "a.doc").write_bytes(b"x")
    with pytest.raises(InputError, match="1 file skipped"):
        build([folder], tmp_path / "out")
    assert not (tmp_path / "out").exists()
    (folder / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="none of the 1 document"):
        build([folder], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_lock_file_is_the_only_trace_of_the_machinery(tmp_path):
    out = tmp_path / "out"
    build([SEEDS / "000_4cbf524f0d780ddb.txt"], out)
    assert sorted(p.name for p in out.iterdir()) == sorted([LOCK_FILE, MANIFEST_FILE, "documents", "graph.json"])


# ---------------------------------------------------------------- outputs brought up to date
def _store_paths(monkeypatch) -> list[str]:
    """Which way each embedded store of the test was made: "updated" or "written"."""
    import loaders.embedded as embedded

    ways: list[str] = []
    real_update, real_write = embedded.update_embedded, embedded.write_embedded

    def update(*a, **k):
        path = real_update(*a, **k)
        ways.append("updated")
        return path

    def write(*a, **k):
        ways.append("written")
        return real_write(*a, **k)

    monkeypatch.setattr(embedded, "update_embedded", update)
    monkeypatch.setattr(embedded, "write_embedded", write)
    return ways


@pytest.mark.parametrize("change", ["one edited", "one removed", "one added", "edited, removed and added"])
def test_the_store_is_the_previous_one_brought_up_to_date_with_the_rows_of_a_clean_build(base_build, tmp_path, monkeypatch, change):
    corpus, out = _copy_build(base_build, tmp_path)
    CHANGES[change](corpus)
    ways = _store_paths(monkeypatch)
    build([corpus], out, sinks=SINKS)
    assert ways == ["updated"]
    clean = tmp_path / "clean"
    build([corpus], clean, sinks=SINKS)
    assert ways == ["updated", "written"]
    assert differing(snapshot(out), snapshot(clean)) == []


def _garbage(path: Path) -> None:
    path.write_bytes(b"not a store" * 100)


def _other_outputs(out: Path) -> None:
    manifest = json.loads((out / MANIFEST_FILE).read_text(encoding="utf-8"))
    manifest["outputs"]["embedded_sink"] = "0000000000000000"
    (out / MANIFEST_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _row_missing(path: Path) -> None:
    from loaders.embedded import _close, _connect

    db, conn = _connect(path, read_only=False)
    conn.execute("MATCH (n:Document) WITH n LIMIT 1 DETACH DELETE n")
    _close(db, conn)


BROKEN_STORES = {
    "missing": lambda out: (out / "graph.lbdb").unlink(),
    "not a store": lambda out: _garbage(out / "graph.lbdb"),
    "with a log left over": lambda out: (out / "graph.lbdb.wal").write_bytes(b"x"),
    "a row short": lambda out: _row_missing(out / "graph.lbdb"),
    "made by other loaders": _other_outputs,
}


@pytest.mark.parametrize("how", sorted(BROKEN_STORES))
def test_a_previous_store_that_cannot_be_updated_is_written_anew(base_build, tmp_path, monkeypatch, how):
    corpus, out = _copy_build(base_build, tmp_path)
    BROKEN_STORES[how](out)
    _edit(corpus, "001_bdad83eb4e69fbf0.txt")
    ways = _store_paths(monkeypatch)
    build([corpus], out, sinks=SINKS)
    assert ways[-1] == "written"
    clean = tmp_path / "clean"
    build([corpus], clean, sinks=SINKS)
    assert differing(snapshot(out), snapshot(clean)) == []


def test_records_taken_in_another_order_write_the_store_anew(base_build, tmp_path, monkeypatch):
    """The graph depends on the order records are merged in: the previous store is no guide then."""
    corpus, out = _copy_build(base_build, tmp_path)
    (corpus / "zzz").mkdir()
    (corpus / "000_4cbf524f0d780ddb.txt").rename(corpus / "zzz" / "000_4cbf524f0d780ddb.txt")  # the first, now last
    ways = _store_paths(monkeypatch)
    result = build([corpus], out, sinks=SINKS)
    assert (result.reused, ways) == (5, ["written"])
    clean = tmp_path / "clean"
    build([corpus], clean, sinks=SINKS)
    assert differing(snapshot(out), snapshot(clean)) == []


def test_changes_name_the_nodes_of_what_was_extracted_and_of_what_is_gone(base_build, tmp_path):
    from kg.pipeline import Changes, read_part

    corpus, out = _copy_build(base_build, tmp_path)
    seen: list[Changes | None] = []

    def sink(g, out_dir, changes=None):
        seen.append(changes)
        return []

    sink.fingerprint = lambda: "v1"
    build([corpus], out, sinks=(sink,))  # the previous build knew no such sink: nothing to tell it
    assert seen == [None]

    def nodes(name: str) -> set[str]:
        entry = next(e for e in json.loads((out / MANIFEST_FILE).read_bytes())["documents"] if e["record"] == name)
        part = read_part((out / "documents" / PARTS_DIR / name).read_bytes(), entry["sha256"], None)
        return {part.doc_node, *(e[0] for e in part.entities), *(r[0] for r in part.relations), *(r[1] for r in part.relations)}

    gone, edited = nodes("004_3feb0e4dd9cd6852.json"), nodes("001_bdad83eb4e69fbf0.json")
    (corpus / "004_3feb0e4dd9cd6852.txt").unlink()
    _edit(corpus, "001_bdad83eb4e69fbf0.txt")
    shutil.copy(DEV_DOCS / "d4.txt", corpus / "d4.txt")
    build([corpus], out, sinks=(sink,))
    assert seen[-1] is not None and seen[-1].previous == out
    assert seen[-1].nodes == gone | edited | nodes("001_bdad83eb4e69fbf0.json") | nodes("d4.json")
    build([corpus], out, sinks=(sink,))
    assert seen[-1] is not None and seen[-1].nodes == frozenset()  # nothing changed


def _graph_paths(monkeypatch) -> list[str]:
    import kg.graph

    ways: list[str] = []
    real = kg.graph.updated_graph_json

    def spy(*a, **k):
        data = real(*a, **k)
        ways.append("updated" if data is not None else "refused")
        return data

    monkeypatch.setattr(kg.graph, "updated_graph_json", spy)
    return ways


@pytest.mark.parametrize("change", ["nothing", "one edited", "one removed", "one added", "edited, removed and added"])
def test_graph_json_is_the_previous_lines_and_the_changed_ones(base_build, tmp_path, monkeypatch, change):
    corpus, out = _copy_build(base_build, tmp_path)
    CHANGES[change](corpus)
    ways = _graph_paths(monkeypatch)
    build([corpus], out, sinks=SINKS)
    assert ways == ["updated"]
    clean = tmp_path / "clean"
    build([corpus], clean, sinks=SINKS)
    assert ways == ["updated"]  # a clean build writes it whole
    assert differing(snapshot(out), snapshot(clean)) == []


def _edit_graph_json(out: Path) -> None:
    path = out / "graph.json"
    path.write_bytes(path.read_bytes().replace('"type": "Department"'.encode(), '"type": "Department", "x": 1'.encode(), 1))


@pytest.mark.parametrize("how", ["edited", "missing", "cut short"])
def test_a_previous_graph_json_not_as_written_is_not_taken(base_build, tmp_path, monkeypatch, how):
    corpus, out = _copy_build(base_build, tmp_path)
    {"edited": _edit_graph_json, "missing": lambda o: (o / "graph.json").unlink(), "cut short": lambda o: _cut(o / "graph.json")}[how](out)
    _edit(corpus, "001_bdad83eb4e69fbf0.txt")
    ways = _graph_paths(monkeypatch)
    build([corpus], out, sinks=SINKS)
    assert ways == []  # not asked: the file is not the one build.json names
    clean = tmp_path / "clean"
    build([corpus], clean, sinks=SINKS)
    assert differing(snapshot(out), snapshot(clean)) == []


def test_previous_graph_json_lines_that_do_not_add_up_are_refused(seed_documents):
    from kg.graph import build_graph, graph_json_bytes, to_json, updated_graph_json

    docs = list(seed_documents.values())
    small, big = build_graph(docs[:2]), build_graph(docs)
    assert updated_graph_json(big, graph_json_bytes(to_json(small)), frozenset()) is None  # nodes missing
    every = frozenset(big.nodes)
    assert updated_graph_json(big, graph_json_bytes(to_json(small)), every) == graph_json_bytes(to_json(big))
    assert updated_graph_json(big, b"{}", every) is None
    assert updated_graph_json(big, b"\xff", every) is None


def test_graph_json_is_brought_up_to_date_by_encoding_only_the_edges_out_of_the_changed_nodes(seed_documents, monkeypatch):
    """An edge out of an unchanged node is as it was (kg.pipeline.Changes): its line is kept."""
    import kg.graph
    from kg.graph import build_graph, contribution, graph_json_bytes, to_json, updated_graph_json
    from kg.pipeline import _nodes_of

    docs = sorted(seed_documents.values(), key=lambda d: d.doc)
    added = next(d for d in docs if d.doc.startswith("002_"))
    g, before = build_graph(docs), build_graph([d for d in docs if d is not added])
    changed = frozenset(_nodes_of(contribution(added)))  # what the document added adds
    assert any(u not in changed for n in changed for u in g.predecessors(n))  # edges into them from unchanged nodes
    previous, expected = graph_json_bytes(to_json(before)), graph_json_bytes(to_json(g))
    encoded = []
    real = kg.graph._edge_json
    monkeypatch.setattr(kg.graph, "_edge_json", lambda u, v, a: (encoded.append((u, v)), real(u, v, a))[1])
    assert updated_graph_json(g, previous, changed) == expected
    assert sorted(encoded) == sorted((u, v) for u, v in g.edges() if u in changed)


def test_a_sinks_prepare_runs_before_it_and_a_failing_one_is_no_failure(tmp_path):
    calls: list[str] = []

    def sink(g, out_dir):
        calls.append("sink")
        return []

    def prepare():
        calls.append("prepare")

    def broken(g, out_dir):
        calls.append("broken sink")
        return []

    def fail():
        raise RuntimeError("no matplotlib here")

    sink.prepare, broken.prepare = prepare, fail
    build([SEEDS / "000_4cbf524f0d780ddb.txt"], tmp_path / "out", sinks=(sink, broken))
    assert calls == ["prepare", "sink", "broken sink"]
