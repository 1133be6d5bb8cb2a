"""graph.html and report.html without a browser: their data, bytes, offline-ness, and the CLI.

The browser checks (rendering, clicking, screenshots) are in test_viz_browser.py.
"""
from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

from kgcli import app
from kg.graph import GraphBuilder, read_graph, write_graph
from kg.model import Entity
from loaders import SINKS
from loaders.html_view import VIEW_FILE, render_html, view_data, write_html_sink
from loaders.layout import initial_positions
from loaders.report import (
    OTHER,
    REPORT_FILE,
    document_rows,
    masked_rows,
    owners,
    render_report,
    timeline,
    write_report_sink,
)
from tests.viz_fixtures import (
    DEPT,
    EVIDENCE_ISSUED,
    EVIDENCE_LATER,
    EVIDENCE_RESPONSIBLE,
    EVIDENCE_UNDATED,
    PROJECT,
    hand_documents,
    hand_graph,
    seed_build,  # noqa: F401  (session fixture)
    seed_copies,  # noqa: F401  (session fixture)
    synthetic_graph,
)

runner = CliRunner()

# Anything that would make a browser fetch from the network.
REMOTE = [
    re.compile(r"""\b(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.I),
    re.compile(r"@import", re.I),
    re.compile(r"<link\b", re.I),
    re.compile(r"<script[^>]*\bsrc\s*=", re.I),
    re.compile(r"<iframe\b", re.I),
]


def _by_name(data: dict) -> dict[str, dict]:
    return {n["label"]: n for n in data["nodes"]}


@pytest.fixture(scope="module")
def hand():
    return hand_graph()


@pytest.fixture(scope="module")
def hand_view(hand):
    return view_data(hand)


# ---------------------------------------------------------------------------- graph.html data

@pytest.mark.parametrize(
    "name, type_, aliases, documents",
    [
        (DEPT, "Department", [], ["a_speech.txt", "b_plan.txt"]),
        ("区发展改革委", "Department", ["区发改委"], ["a_speech.txt"]),
        (PROJECT, "Project", [], ["a_speech.txt"]),
        ("**能源公司", "Organization", [], ["a_speech.txt"]),
    ],
)
def test_view_nodes_carry_type_aliases_and_documents(hand_view, name, type_, aliases, documents):
    node = _by_name(hand_view)[name]
    docs = {n["id"]: n["file"] for n in hand_view["nodes"] if n["type"] == "Document"}
    mentioned = sorted(docs[e["to"]] for e in hand_view["edges"] if e["from"] == node["id"] and e["type"] == "mentionedIn")
    assert (node["type"], node["aliases"], mentioned) == (type_, aliases, documents)


@pytest.mark.parametrize(
    "head, type_, tail, evidence, time_text, date",
    [
        (DEPT, "responsibleFor", PROJECT, EVIDENCE_RESPONSIBLE, None, None),
        (PROJECT, "deadline", "2023-09-10", EVIDENCE_RESPONSIBLE, "9月上旬", "2023-09-10"),
        ("老旧小区改造工程", "deadline", "年内", EVIDENCE_UNDATED, "年内", None),
        ("能源保供工作方案", "issuedBy", DEPT, EVIDENCE_ISSUED, None, None),
        (DEPT, "responsibleFor", "充电桩建设工程", EVIDENCE_LATER, None, None),
    ],
)
def test_view_edges_carry_verbatim_evidence(hand_view, head, type_, tail, evidence, time_text, date):
    names = {n["id"]: n["label"] for n in hand_view["nodes"]}
    [edge] = [e for e in hand_view["edges"] if (names[e["from"]], e["type"], names[e["to"]]) == (head, type_, tail)]
    [asr] = edge["assertions"]
    assert (asr["evidence"], asr["time_text"], asr["date"]) == (evidence, time_text, date)


def test_a_small_graph_opens_with_everything_shown(hand_view):
    assert (hand_view["large"], hand_view["hidden"]) == (False, {"types": [], "relations": []})


def test_a_large_graph_opens_without_documents_and_mention_edges(seed_copies):
    """100 copies of the seeds (500 documents, 40,000 mention edges): the mentions would be
    nearly every edge drawn, and the documents a ring around everything else."""
    data = view_data(seed_copies)
    assert (data["large"], data["hidden"]) == (True, {"types": ["Document"], "relations": ["mentionedIn"]})


def test_view_legend_labels_come_from_the_ontology(hand_view):
    types = {t["type"]: (t["zh"], t["count"]) for t in hand_view["types"]}
    relations = {r["type"]: r["zh"] for r in hand_view["relations"]}
    assert types["Department"] == ("部门", 2)
    assert types["TimePoint"] == ("时间点", 3)
    assert relations["responsibleFor"] == "负责"
    assert len({t["color"] for t in hand_view["types"]}) == len(hand_view["types"])


def test_same_graph_same_bytes_whatever_the_document_order():
    forward, backward = GraphBuilder(), GraphBuilder()
    for d in hand_documents():
        forward.add(d)
    for d in reversed(hand_documents()):
        backward.add(d)
    assert render_html(forward.graph) == render_html(backward.graph)
    assert render_report(forward.graph) == render_report(backward.graph)


def test_layout_places_every_node_apart():
    g = synthetic_graph(600, 10)
    pos = initial_positions(g)
    assert set(pos) == set(g.nodes)
    assert len(set(pos.values())) == len(pos)
    assert initial_positions(g) == pos


@pytest.mark.parametrize("render", [render_html, render_report], ids=["graph.html", "report.html"])
def test_pages_load_nothing_from_the_network(hand, render):
    page = render(hand)
    assert [p.pattern for p in REMOTE if p.search(page)] == []


def test_names_cannot_break_out_of_the_page():
    builder = GraphBuilder()
    for d in hand_documents():
        builder.add(d)
    nasty = "</script><script>alert(1)</script>局"
    doc = hand_documents()[1]
    doc.entities = [Entity(type="Department", name=nasty, mentions=[])]
    doc.relations = []
    builder.add(doc)
    page, plain = render_html(builder.graph), render_html(hand_graph())
    # the name adds no tag: as many "<script" and "</script" as in the page without it
    assert [len(re.findall(p, page)) for p in (r"<script\b", r"</script")] == [
        len(re.findall(p, plain)) for p in (r"<script\b", r"</script")]
    assert len(re.findall(r"<script\b", page)) == 3  # data, vis-network, the app
    data = json.loads(BeautifulSoup(page, "html.parser").find("script", id="kg-data").string)
    assert nasty in {n["label"] for n in data["nodes"]}
    assert nasty not in render_report(builder.graph)
    assert "&lt;/script&gt;" in render_report(builder.graph)


# ---------------------------------------------------------------------------- report data

def test_owners_list_each_departments_work_and_deadlines(hand):
    table = {o.name: [(d.name, d.deadlines) for d in o.duties] for o in owners(hand)}
    assert table == {
        DEPT: [(PROJECT, [("2023-09-10", "9月上旬")]), ("充电桩建设工程", [("2024-03-31", "2024年3月底前")])],
        "区发展改革委": [("老旧小区改造工程", [(None, "年内")])],
    }


def test_timeline_counts_dated_work_by_month_and_department(hand):
    """2023-09 and 2024-03 have work due; the five months between them have none and get no column."""
    months, series = timeline(hand)
    assert months == ["2023-09", "2024-03"]
    assert series == {DEPT: [1, 1]}


@pytest.mark.parametrize("top, names", [(0, [OTHER]), (1, [DEPT]), (5, [DEPT])])
def test_timeline_sums_departments_beyond_the_top_ones(hand, top, names):
    months, series = timeline(hand, top=top)
    assert (list(series), [sum(v) for v in series.values()]) == (names, [2])


def test_timeline_of_a_big_graph_keeps_the_legend_short():
    months, series = timeline(synthetic_graph(600, 10), top=3)
    assert (len(series), list(series)[-1]) == (4, OTHER)
    assert months == [f"2024-{m:02d}" for m in range(1, 13)]


def _unowned_deadline_graph():
    """The hand graph plus one dated undertaking that no department is responsible for."""
    from kg.model import Relation
    from kg.vocab import RelationType

    builder = GraphBuilder()
    docs = hand_documents()
    sentence = "新建污水处理厂工程，2023年11月底前完工。"
    extra = docs[1]
    start = len(extra.text)
    extra.text += sentence
    extra.entities.append(Entity(type="Project", name="新建污水处理厂工程", mentions=[(start, start + 9)], kind="project"))
    extra.relations.append(Relation(RelationType.deadline, "新建污水处理厂工程", "2023年11月底前",
                                    (start, start + len(sentence)), date="2023-11-30"))
    for d in docs:
        builder.add(d)
    return builder.graph


def test_report_timeline_is_a_table_of_departments_by_month_with_counts():
    soup = BeautifulSoup(render_report(_unowned_deadline_graph()), "html.parser")
    table = soup.find(id="timeline").find("table", class_="due")
    header = [th.get_text() for th in table.thead.find_all("th")]
    body = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in table.tbody.find_all("tr")]
    foot = [c.get_text() for c in table.tfoot.find_all(["th", "td"])]
    assert header == ["部门 Department", "2023-09", "2023-11", "2024-03", "合计 Total"]
    # the department first, the work nobody owns last and marked as such; empty cells stay blank
    assert body == [[DEPT, "1", "", "1", "2"], ["未指明负责部门 no department named", "", "1", "", "1"]]
    assert [tr["class"] for tr in table.tbody.find_all("tr")] == [["department"], ["unassigned"]]
    assert foot == ["合计 Total", "1", "1", "1", "3"]
    assert soup.find(id="timeline").find("svg") is None  # text in a table, not a scaled-down chart


def test_document_rows_say_what_each_document_contributed(hand):
    rows = {r["file"]: (r["year"], dict(r["entities"]), dict(r["relations"])) for r in document_rows(hand)}
    assert rows == {
        "a_speech.txt": (2023, {"Department": 2, "Project": 2, "Place": 1, "Policy": 1, "Organization": 1},
                         {"responsibleFor": 2, "deadline": 2, "locatedIn": 1, "issuedBy": 1}),
        "b_plan.txt": (2024, {"Department": 1, "Project": 1, "Place": 1}, {"responsibleFor": 1, "deadline": 1}),
    }


def test_report_warns_about_masked_names_and_undated_deadlines(hand):
    assert masked_rows(hand) == [{"name": "**能源公司", "type": "Organization", "documents": ["a_speech.txt"]}]
    soup = BeautifulSoup(render_report(hand), "html.parser")
    warnings = soup.find(id="warnings").get_text()
    assert "**能源公司" in warnings
    assert EVIDENCE_UNDATED in warnings and "年内" in warnings
    assert EVIDENCE_RESPONSIBLE not in warnings  # dated: not a warning


def test_report_has_every_section_and_a_timeline_chart(hand):
    soup = BeautifulSoup(render_report(hand), "html.parser")
    assert [s["id"] for s in soup.find_all("section")] == ["counts", "departments", "timeline", "documents", "warnings"]
    assert soup.find(id="timeline").find("table", class_="due") is not None
    assert soup.find(id="counts").find("svg") is not None
    owners_text = soup.find(id="departments").get_text()
    assert all(s in owners_text for s in (DEPT, PROJECT, "2023-09-10", "充电桩建设工程", "2024-03-31"))


def test_report_without_relations_says_so():
    builder = GraphBuilder()
    doc = hand_documents()[0]
    doc.relations = []
    builder.add(doc)
    soup = BeautifulSoup(render_report(builder.graph), "html.parser")
    assert "No deadline with a resolved date yet" in soup.find(id="timeline").get_text()
    assert soup.find(id="timeline").find("table") is None
    assert DEPT in soup.find(id="departments").get_text()  # listed among departments with no work


# ---------------------------------------------------------------------------- sinks and CLI

def test_build_writes_and_lists_both_pages(seed_build):
    result, out = seed_build
    assert (write_html_sink in SINKS, write_report_sink in SINKS) == (True, True)
    assert {out / VIEW_FILE, out / REPORT_FILE} <= set(result.outputs)
    assert (out / VIEW_FILE).stat().st_size > 0 and (out / REPORT_FILE).stat().st_size > 0


@pytest.mark.parametrize("command, default_name", [("viz", "graph.html"), ("report", "report.html")])
@pytest.mark.parametrize("source", ["dir", "graph.json"])
def test_cli_writes_the_page(tmp_path, command, default_name, source):
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    write_graph(hand_graph(), build_dir)
    target = tmp_path / "pages" / default_name
    arg = build_dir if source == "dir" else build_dir / "graph.json"
    result = runner.invoke(app, [command, str(arg), "-o", str(target)])
    assert (result.exit_code, result.stdout.strip()) == (0, str(target))
    assert DEPT in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["viz", "report"])
def test_cli_names_a_missing_graph(tmp_path, command):
    result = runner.invoke(app, [command, str(tmp_path / "nowhere"), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "nowhere" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.html").exists()


def test_pages_from_a_build_match_the_graph_json(seed_build):
    _, out = seed_build
    g = read_graph(out)
    assert (out / VIEW_FILE).read_text(encoding="utf-8") == render_html(g)
    page = BeautifulSoup((out / REPORT_FILE).read_text(encoding="utf-8"), "html.parser")
    departments = sum(1 for _, a in g.nodes(data=True) if a["type"] == "Department")
    [row] = [tr for tr in page.find(id="counts").find_all("tr") if tr.td and tr.td.get_text() == "部门"]
    assert [td.get_text() for td in row.find_all("td")] == ["部门", "Department", str(departments)]


@pytest.mark.parametrize(
    "debian, apt_get, root, reason",
    [
        (False, "/usr/bin/apt-get", True, "not Debian/Ubuntu"),
        (True, None, True, "not Debian/Ubuntu"),
        (True, "/usr/bin/apt-get", False, "needs root"),
    ],
    ids=["not-debian", "no-apt-get", "not-root"],
)
def test_browser_setup_skips_with_a_reason_where_it_cannot_install(tmp_path, monkeypatch, debian, apt_get, root, reason):
    from tests import viz_fixtures

    debian_version = tmp_path / "debian_version"
    if debian:
        debian_version.write_text("12\n")
    real_path = viz_fixtures.Path
    monkeypatch.setattr(viz_fixtures, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.setattr(viz_fixtures, "Path", lambda p: debian_version if p == "/etc/debian_version" else real_path(p))
    monkeypatch.setattr(viz_fixtures.shutil, "which", lambda name: apt_get)
    monkeypatch.setattr(viz_fixtures.os, "geteuid", lambda: 0 if root else 1000)
    monkeypatch.setattr(viz_fixtures, "cjk_font_families", lambda: {viz_fixtures.CJK_FONT_FAMILY})
    with pytest.raises(pytest.skip.Exception, match=reason):
        viz_fixtures.ensure_chromium()


class _Ran:
    """Stands in for subprocess.run: records the commands, and 'installs' the font."""

    def __init__(self, viz_fixtures, monkeypatch):
        self.commands: list[list[str]] = []
        self.installed = False
        monkeypatch.setattr(viz_fixtures, "cjk_font_families",
                            lambda: {viz_fixtures.CJK_FONT_FAMILY, "WenQuanYi Zen Hei"} if self.installed else {"WenQuanYi Zen Hei"})

    def __call__(self, cmd, **kw):
        import subprocess

        self.commands.append(cmd)
        self.installed = self.installed or "install" in cmd
        return subprocess.CompletedProcess(cmd, 0, "", "")


@pytest.mark.parametrize("root", [True, False], ids=["root-installs", "not-root-skips"])
def test_browser_setup_installs_the_cjk_font_when_only_the_font_is_missing(tmp_path, monkeypatch, root):
    """Chromium present but no Noto CJK font (another CJK font does not count): the pages' CSS
    names Noto first, and the glyph check must see the font the README tells readers to install."""
    from tests import viz_fixtures

    browser_binary = tmp_path / "chromium"
    browser_binary.write_text("")
    debian_version = tmp_path / "debian_version"
    debian_version.write_text("12\n")
    real_path = viz_fixtures.Path
    monkeypatch.setattr(viz_fixtures, "CHROMIUM", browser_binary)
    monkeypatch.setattr(viz_fixtures, "Path", lambda p: debian_version if p == "/etc/debian_version" else real_path(p))
    monkeypatch.setattr(viz_fixtures.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(viz_fixtures.os, "geteuid", lambda: 0 if root else 1000)
    ran = _Ran(viz_fixtures, monkeypatch)
    monkeypatch.setattr(viz_fixtures.subprocess, "run", ran)
    if root:
        assert viz_fixtures.ensure_chromium() == browser_binary
        [update, install] = ran.commands
        assert (update[0], update[-2:], install[0], "fonts-noto-cjk" in install) == ("apt-get", ["update", "-qq"], "apt-get", True)
    else:
        with pytest.raises(pytest.skip.Exception, match="fonts-noto-cjk.*needs root"):
            viz_fixtures.ensure_chromium()
        assert ran.commands == []


def test_report_reads_the_warnings_of_records_as_a_whole_parse_would(tmp_path, seed_documents):
    """The report takes each record's doc and warnings without parsing the whole record; for
    records written by kg build, hand-edited ones and broken ones it finds what json.loads finds."""
    import json

    from kg.pipeline import record_bytes
    from loaders.report import read_document_warnings

    docs = tmp_path / "documents"
    docs.mkdir()
    doc = next(iter(seed_documents.values()))
    record = doc.to_json()
    record["warnings"] = ["编码不明 \"quoted\"\n line", "第二条"]
    (docs / "a.json").write_bytes(record_bytes(record))
    (docs / "b.json").write_text(json.dumps({"doc": "b.txt", "warnings": ["x"]}), encoding="utf-8")  # not indented
    nested = dict(record, entities=[{"warnings": ["not this one"]}])
    (docs / "c.json").write_bytes(record_bytes(nested))
    (docs / "d.json").write_bytes(record_bytes(record)[:-40])  # cut short: skipped, as before
    assert read_document_warnings(tmp_path) == [
        (doc.doc, "编码不明 \"quoted\"\n line"), (doc.doc, "第二条"), ("b.txt", "x"),
        (doc.doc, "编码不明 \"quoted\"\n line"), (doc.doc, "第二条"),
    ]
