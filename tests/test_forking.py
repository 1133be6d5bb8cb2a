"""Sinks that may (``sink.forkable``) run in forked children of the build, side by side with
graph.json and the others: same bytes, same errors, same log lines as when the build runs them."""
from __future__ import annotations

import logging
import os
import signal

import pytest

from kg.errors import OutputError, StoreError
from kg.forking import SLOTS_ENV
from kg.pipeline import build
from loaders import SINKS
from tests.build_helpers import copy_seeds, differing, snapshot
from tests.conftest import SEEDS

ONE = "000_4cbf524f0d780ddb.txt"
TEST_PROCESS = os.getpid()
log = logging.getLogger("tests.forked_sink")


def _pid_sink(name: str, forkable: bool = True):
    def sink(g, out_dir):
        path = out_dir / f"{name}.pid"
        path.write_text(f"{os.getpid()} {g.number_of_nodes()}", encoding="utf-8")
        return [path]

    sink.__name__ = name
    sink.forkable = forkable
    return sink


def test_forkable_sinks_run_in_children_and_read_the_same_graph(tmp_path, monkeypatch):
    monkeypatch.setenv(SLOTS_ENV, "2")
    sinks = (_pid_sink("here", forkable=False), _pid_sink("aside_a"), _pid_sink("aside_b"))
    result = build([SEEDS / ONE], tmp_path / "out", sinks=sinks)
    written = {p.stem: p.read_text(encoding="utf-8").split() for p in result.outputs if p.suffix == ".pid"}
    nodes = str(result.graph.number_of_nodes())
    assert written["here"] == [str(os.getpid()), nodes]
    assert {w[1] for w in written.values()} == {nodes}
    assert written["aside_a"][0] != str(os.getpid()) and written["aside_b"][0] != str(os.getpid())
    assert [p.name for p in result.outputs[2:]] == ["here.pid", "aside_a.pid", "aside_b.pid"]  # in the sinks' order
    assert set(result.seconds) == {"graph.json", "here", "aside_a", "aside_b"}


@pytest.mark.parametrize("slots", ["0", "1", "3"])
def test_every_output_is_the_same_bytes_however_many_children(tmp_path, monkeypatch, slots):
    corpus = copy_seeds(tmp_path / "in")
    monkeypatch.setenv(SLOTS_ENV, "0")
    build([corpus], tmp_path / "alone", sinks=SINKS)
    monkeypatch.setenv(SLOTS_ENV, slots)
    result = build([corpus], tmp_path / "aside", sinks=SINKS)
    assert set(result.seconds) == {"graph.json", *(s.__name__ for s in SINKS)}
    assert differing(snapshot(tmp_path / "alone"), snapshot(tmp_path / "aside")) == []


def _aside() -> None:
    assert os.getpid() != TEST_PROCESS, "the sink ran in the build's own process"


def _failing(exc: BaseException):
    def failing(g, out_dir):
        _aside()
        raise exc

    failing.forkable = True
    return failing


def _previous_build(tmp_path):
    out = tmp_path / "out"
    build([SEEDS / ONE], out, sinks=())
    return out, snapshot(out)


@pytest.mark.parametrize("exc", [OutputError("x/graph.html: cannot write here (No space left on device)"),
                                 StoreError("x/graph.lbdb: writing the embedded graph failed (disk)")])
def test_an_error_in_a_child_is_raised_by_the_build_as_it_was(tmp_path, monkeypatch, exc):
    monkeypatch.setenv(SLOTS_ENV, "1")
    out, before = _previous_build(tmp_path)
    with pytest.raises(type(exc)) as raised:
        build([SEEDS / ONE], out, sinks=(_pid_sink("first"), _failing(exc)))
    assert str(raised.value) == str(exc)
    assert differing(snapshot(out), before) == []  # the previous build is kept


def test_a_bug_in_a_child_keeps_its_type_and_says_where_it_was(tmp_path, monkeypatch):
    monkeypatch.setenv(SLOTS_ENV, "1")
    with pytest.raises(KeyError, match="no such node") as raised:
        build([SEEDS / ONE], tmp_path / "out", sinks=(_failing(KeyError("no such node")),))
    assert "in a forked child of the build" in "".join(getattr(raised.value, "__notes__", []))


def test_a_child_that_dies_is_one_line_naming_the_sink_and_the_previous_build_is_kept(tmp_path, monkeypatch):
    monkeypatch.setenv(SLOTS_ENV, "1")
    out, before = _previous_build(tmp_path)

    def killed(g, out_dir):
        _aside()
        os.kill(os.getpid(), signal.SIGKILL)

    killed.forkable = True
    with pytest.raises(OutputError) as raised:
        build([SEEDS / ONE], out, sinks=(killed,))
    message = str(raised.value)
    assert "\n" not in message and "killed" in message and "SIGKILL" in message
    assert message.startswith(f"{out}: ") and message.endswith("the previous build is kept")
    assert differing(snapshot(out), before) == []


def test_what_a_child_logs_and_warns_is_logged_and_warned_by_the_build(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv(SLOTS_ENV, "1")

    def chatty(g, out_dir):
        _aside()
        log.warning("%s: skipped in the report (%s)", "doc.json", "bad JSON")
        import warnings

        warnings.warn("a literal that is not a date", UserWarning)
        return []

    chatty.forkable = True
    with caplog.at_level("WARNING"), pytest.warns(UserWarning, match="a literal that is not a date"):
        build([SEEDS / ONE], tmp_path / "out", sinks=(chatty,))
    assert "doc.json: skipped in the report (bad JSON)" in caplog.text


def test_the_html_view_and_the_report_may_run_aside():
    from loaders.html_view import write_html_sink
    from loaders.report import write_report_sink

    assert write_html_sink.forkable and write_report_sink.forkable
