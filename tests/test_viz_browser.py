"""graph.html and report.html as a person sees them: headless Chromium opens them from disk,
we look for the nodes, click a department, read the panel, and keep screenshots in
test-artifacts/.  Every request the pages make is recorded: only local files are allowed.

On Debian/Ubuntu the browser is installed with apt-get when missing (tests/viz_fixtures.py);
elsewhere these tests are skipped with that reason.
"""
from __future__ import annotations

import json
import time
from collections import Counter

import pytest

from kg.graph import GRAPH_FILE, node_documents, read_graph
from loaders.html_view import VIEW_FILE, view_data, write_html
from loaders.report import REPORT_FILE, write_report
from tests.viz_fixtures import (
    A_TITLE,
    ARTIFACTS,
    DEPT,
    EVIDENCE_ISSUED,
    EVIDENCE_LATER,
    EVIDENCE_RESPONSIBLE,
    PROJECT,
    browser,  # noqa: F401  (session fixture)
    hand_graph,
    seed_build,  # noqa: F401  (session fixture)
    seed_copies,  # noqa: F401  (session fixture)
    synthetic_graph,
)

READY_TIMEOUT_MS = 180_000  # generous: a slow CI machine must not fail on time, only on content
GLYPH_TEXT = "能源局负责项目"  # characters of the hand graph's names
NO_GLYPH = "\u0378"  # an unassigned code point: no font has a glyph for it, so it shows the box
GLYPH_BOXES = """([chars, family]) => {
  const row = document.createElement("div");
  row.id = "glyph-check";
  row.style.cssText = "position:fixed;left:0;top:0;z-index:2147483647;display:flex;background:#fff";
  for (const ch of chars) {
    const box = document.createElement("span");
    box.textContent = ch;
    box.style.cssText = "display:block;width:48px;height:48px;line-height:48px;text-align:center;" +
      "font-size:36px;color:#000;background:#fff;font-family:" + family;
    row.appendChild(box);
  }
  document.body.appendChild(row);
  return Array.from(row.children, b => { const r = b.getBoundingClientRect();
    return {x: r.x, y: r.y, width: r.width, height: r.height}; });
}"""


@pytest.fixture(scope="module")
def hand_pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("hand-pages")
    g = hand_graph()
    return write_html(g, out / VIEW_FILE), write_report(g, out / REPORT_FILE), g


class Page:
    """One opened page, with the requests and console errors it produced."""

    def __init__(self, context, path):
        self.page = context.new_page()
        self.page.set_default_navigation_timeout(READY_TIMEOUT_MS)  # the page's script runs before "load"
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.resolve().as_uri())

    def wait_ready(self):
        self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=READY_TIMEOUT_MS)
        return self

    def eval(self, script, arg=None):
        return self.page.evaluate(script, arg)

    def click_node(self, node_id):
        """Zoom to the node as a user would, then click where it is drawn."""
        self.eval("id => kgView.network.focus(id, {scale: 2.0, animation: false})", node_id)
        self.click_canvas(self.eval("id => kgView.domPosition(id)", node_id))

    def click_canvas(self, pos):
        box = self.page.locator("#graph").bounding_box()
        self.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])

    def panel(self) -> str:
        return self.page.inner_text("#panel")

    def screenshot(self, name, **kw):
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), **kw)

    def assert_offline(self, context):
        local = [u for u in self.requests if u.startswith(("file:", "data:", "about:", "blob:"))]
        assert (sorted(set(self.requests) - set(local)), context.blocked) == ([], [])
        assert self.errors == []

    def font_of(self, selector: str) -> str:
        return self.eval("s => getComputedStyle(document.querySelector(s)).fontFamily", selector)

    def glyph_shots(self, text: str, family: str) -> list[bytes]:
        """A screenshot of each character of ``text``, drawn alone in a 48 px white box in the
        CSS font family ``family``."""
        boxes = self.eval(GLYPH_BOXES, [list(text), family])
        try:
            return [self.page.screenshot(clip=box, animations="disabled") for box in boxes]
        finally:
            self.eval("() => document.getElementById('glyph-check').remove()")

    def assert_cjk_glyphs(self, family: str, text: str = GLYPH_TEXT):
        """Each Chinese character is drawn as its own glyph: no two alike, none alike the
        .notdef box a font draws for a code point it has no glyph for (tofu)."""
        *shots, tofu = self.glyph_shots(text + NO_GLYPH, family)
        distinct = len(set(shots))
        assert (distinct, tofu in shots) == (len(text), False), (
            f"{text!r} in font-family {family}: {distinct} distinct drawings of {len(text)} characters"
            f"{', the box of a missing glyph among them' if tofu in shots else ''} (no CJK font?)")

    def close(self):
        self.page.close()


@pytest.fixture
def open_page(browser):
    pages = []

    def _open(path):
        pages.append(Page(browser, path))
        return pages[-1]

    yield _open
    for p in pages:
        p.close()


def _node_id(g, name, type_):
    [nid] = [n for n, a in g.nodes(data=True) if a["name"] == name and a["type"] == type_]
    return nid


# ---------------------------------------------------------------------------- the seeds

def test_seed_graph_renders_and_a_click_on_a_department_shows_its_sources(seed_build, open_page, browser):
    _, out = seed_build
    g = read_graph(out / GRAPH_FILE)
    page = open_page(out / VIEW_FILE).wait_ready()
    visible = page.eval("kgView.visibleNodeIds()")
    assert len(visible) == g.number_of_nodes() > 0
    energy = _node_id(g, DEPT, "Department")  # 能源局 is named in seeds/003
    assert energy in visible

    page.click_node(energy)
    panel = page.panel()
    assert panel.splitlines()[0] == DEPT
    for doc in node_documents(g, energy):
        assert doc in panel
    # whatever relations the extractor finds for it today, their evidence is shown
    for _, _, a in list(g.out_edges(energy, data=True)) + list(g.in_edges(energy, data=True)):
        for asr in a.get("assertions", []):
            assert asr["evidence"] in panel
    page.screenshot("graph-seeds-nengyuanju.png")
    page.eval("kgView.network.fit({animation: false})")
    page.screenshot("graph-seeds.png")
    page.assert_offline(browser)


def test_seed_report_renders_offline(seed_build, open_page, browser):
    _, out = seed_build
    page = open_page(out / REPORT_FILE)
    page.page.wait_for_load_state("load")
    assert page.page.locator("h1").inner_text().startswith("知识图谱报告")
    assert DEPT in page.page.locator("#departments").inner_text()
    assert page.page.locator("#counts svg").bounding_box()["width"] > 100
    page.screenshot("report-seeds.png", full_page=True)
    page.assert_offline(browser)


# Every text in #timeline that names a month ("2023-09"), with the smaller side of its box on
# screen: its line height, whether the text runs across or (rotated) up the page.
MONTH_LABELS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.getElementById("timeline"), NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const text = t.textContent.trim();
    if (!/^\\d{4}-\\d{2}$/.test(text)) continue;
    const range = document.createRange();
    range.selectNodeContents(t);
    const r = range.getBoundingClientRect();
    out.push([text, Math.min(r.width, r.height)]);
  }
  return out;
}"""
MIN_TEXT_PX = 11  # a month or a count smaller than this on screen is not read


def test_seed_report_timeline_is_readable(seed_build, open_page, browser):
    """The seeds' deadlines span 49 months, most of them empty: a column per month shrank the
    chart's labels to about 6 px.  The months with work are shown, at a size one can read."""
    _, out = seed_build
    g = read_graph(out / GRAPH_FILE)
    due = sorted({g.nodes[t]["date"][:7] for _, t, k in g.edges(keys=True) if k == "deadline" and g.nodes[t].get("date")})
    page = open_page(out / REPORT_FILE)
    page.page.set_viewport_size({"width": 1100, "height": 900})
    page.page.wait_for_load_state("load")
    labels = page.eval(MONTH_LABELS)
    small = [(m, round(px, 1)) for m, px in labels if px < MIN_TEXT_PX]
    assert (sorted({m for m, _ in labels}), small) == (due, [])
    page.page.locator("#timeline").screenshot(path=str(ARTIFACTS / "report-seeds-timeline.png"))
    page.assert_offline(browser)


# ---------------------------------------------------------------------------- a hand-made graph

def test_chinese_names_are_drawn_with_real_glyphs(hand_pages, open_page):
    """Without a CJK font every character is the same box; the browser fixture installs
    fonts-noto-cjk, and the pages' CSS must resolve to a family that has the glyphs."""
    view, report, _ = hand_pages
    page = open_page(view).wait_ready()
    for selector in ("body", "#panel", "#legend"):
        page.assert_cjk_glyphs(page.font_of(selector))
    page.assert_cjk_glyphs(page.eval("kgView.font"))  # node labels on the canvas
    page.screenshot("graph-hand-glyphs.png")
    page = open_page(report)
    page.page.wait_for_load_state("load")
    for selector in ("body", "#departments"):
        page.assert_cjk_glyphs(page.font_of(selector))


def test_click_on_a_department_shows_the_evidence_of_its_relations(hand_pages, open_page, browser):
    view, _, g = hand_pages
    page = open_page(view).wait_ready()
    page.click_node(_node_id(g, DEPT, "Department"))
    panel = page.panel()
    assert panel.splitlines()[0] == DEPT
    for text in (EVIDENCE_RESPONSIBLE, EVIDENCE_LATER, EVIDENCE_ISSUED, "a_speech.txt", "b_plan.txt", PROJECT):
        assert text in panel
    page.screenshot("graph-hand-click-node.png")
    page.assert_offline(browser)


def test_click_on_an_edge_shows_its_evidence_and_document(hand_pages, open_page, browser):
    view, _, g = hand_pages
    page = open_page(view).wait_ready()
    head, tail = _node_id(g, DEPT, "Department"), _node_id(g, PROJECT, "Project")
    page.eval("ids => kgView.network.fit({nodes: ids, animation: false})", [head, tail])
    a, b = page.eval("ids => ids.map(id => kgView.domPosition(id))", [head, tail])
    # a point on the edge, a third of the way from the project (clear of the label in the middle)
    page.click_canvas({"x": b["x"] + (a["x"] - b["x"]) / 3, "y": b["y"] + (a["y"] - b["y"]) / 3})
    panel = page.panel()
    assert panel.splitlines()[0] == f"{DEPT} → {PROJECT}"
    assert EVIDENCE_RESPONSIBLE in panel and "a_speech.txt" in panel
    assert EVIDENCE_LATER not in panel
    page.screenshot("graph-hand-click-edge.png")
    page.assert_offline(browser)


@pytest.mark.parametrize(
    "query, expected",
    [("发改委", "区发展改革委"), ("能源局", DEPT), ("光伏", PROJECT), ("9月上旬", "2023-09-10")],
    ids=["alias", "name", "part-of-name", "time-as-written"],
)
def test_search_finds_by_name_or_alias_and_opens_the_panel(hand_pages, open_page, query, expected):
    view, _, _ = hand_pages
    page = open_page(view).wait_ready()
    page.page.fill("#search", query)
    assert expected in page.page.locator("#search-results").inner_text()
    page.page.press("#search", "Enter")
    assert page.panel().splitlines()[0] == expected
    assert page.eval("kgView.network.getSelectedNodes().length") == 1


@pytest.mark.parametrize(
    "action, hidden, shown",
    [
        ("#legend input[data-type='Department']", [DEPT, "区发展改革委"], [PROJECT, A_TITLE]),
        ("#legend input[data-type='Document']", [A_TITLE, "b_plan.txt"], [DEPT]),
        ("doc:b_plan.txt", [PROJECT, "区发展改革委", "2023-09-10", "年内"], [DEPT, "充电桩建设工程", "2024-03-31", "b_plan.txt"]),
    ],
    ids=["type-department", "type-document", "document-b"],
)
def test_filters_by_type_and_by_document(hand_pages, open_page, action, hidden, shown):
    view, _, g = hand_pages
    page = open_page(view).wait_ready()
    if action.startswith("doc:"):
        [doc_id] = [n for n, a in g.nodes(data=True) if a.get("file") == action[4:]]
        page.page.select_option("#doc-filter", doc_id)
    else:
        page.page.uncheck(action)
    labels = set(page.eval("kgView.visibleNodeIds().map(id => kgView.nodes.get(id).label)"))
    assert ([h for h in hidden if h in labels], [s for s in shown if s not in labels]) == ([], [])


def test_report_shows_departments_timeline_and_warnings(hand_pages, open_page, browser):
    _, report, _ = hand_pages
    page = open_page(report)
    page.page.wait_for_load_state("load")
    owners = page.page.locator("#departments").inner_text()
    assert DEPT in owners and PROJECT in owners and "2023-09-10" in owners
    assert page.page.locator("#timeline table.due").bounding_box()["height"] > 50
    assert "年内" in page.page.locator("#warnings").inner_text()
    page.page.locator("#departments details").first.click()  # open the evidence of the first item
    assert EVIDENCE_RESPONSIBLE in page.page.locator("#departments").inner_text()
    page.screenshot("report-hand.png", full_page=True)
    page.assert_offline(browser)


# ---------------------------------------------------------------------------- a few thousand nodes

def _relation_nodes(g):
    """Nodes with at least one relation other than mentionedIn: what a large graph opens on."""
    return {n for u, v, k in g.edges(keys=True) if k != "mentionedIn" for n in (u, v)}


def _assert_opens_on_its_relations(page, g):
    """No document, no mention edge; each node with a relation drawn on its own; every other
    node in exactly one group, of its own type."""
    types = {n: a["type"] for n, a in g.nodes(data=True)}
    visible = set(page.eval("kgView.visibleNodeIds()"))
    groups = page.eval("kgView.groups()")
    members = [m for grp in groups for m in grp["members"]]
    edge_types = {e["id"]: e["type"] for e in view_data(g)["edges"]}
    drawn = Counter(edge_types[e] for e in page.eval("kgView.network.body.edgeIndices"))
    assert [n for n in visible if types[n] == "Document"] == []
    assert (drawn["mentionedIn"], sum(drawn.values())) == (0, sum(1 for t in edge_types.values() if t != "mentionedIn"))
    assert visible == _relation_nodes(g)
    assert sorted(members) == sorted({n for n in g if n not in visible and types[n] != "Document"})
    assert all(types[m] == grp["type"] for grp in groups for m in grp["members"])


def test_a_graph_of_three_thousand_nodes_loads_and_responds(tmp_path, open_page, browser):
    g = synthetic_graph(3000, 40)
    view = write_html(g, tmp_path / VIEW_FILE)
    started = time.monotonic()
    page = open_page(view).wait_ready()
    ready = time.monotonic() - started
    assert g.number_of_nodes() >= 3000
    _assert_opens_on_its_relations(page, g)
    page.screenshot("graph-3000-nodes.png")
    # zoomed out, names are not drawn; zoomed in on a department, its panel opens on click
    dept = next(n for n, a in sorted(g.nodes(data=True)) if a["type"] == "Department")
    started = time.monotonic()
    page.click_node(dept)
    clicked = time.monotonic() - started
    assert page.panel().splitlines()[0] == g.nodes[dept]["name"]
    page.screenshot("graph-3000-nodes-zoomed.png")
    page.assert_offline(browser)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "graph-3000-nodes.json").write_text(json.dumps({
        "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
        "html_bytes": view.stat().st_size, "seconds_to_ready": round(ready, 2),
        "seconds_focus_and_click": round(clicked, 2),
    }, indent=1) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def copies_page(seed_copies, tmp_path_factory):
    return write_html(seed_copies, tmp_path_factory.mktemp("copies") / VIEW_FILE), seed_copies


# The median distance on screen, in px, from each drawn node to its nearest drawn neighbour.
SPREAD = """() => {
  const net = kgView.network, pts = net.body.nodeIndices.map(id => net.canvasToDOM(net.getPosition(id)));
  const nearest = pts.map((p, i) => Math.min(...pts.map((q, j) => i === j ? Infinity : Math.hypot(p.x - q.x, p.y - q.y))));
  nearest.sort((a, b) => a - b);
  return nearest[Math.floor(nearest.length / 2)];
}"""
INSIDE = """() => {
  const net = kgView.network, box = document.getElementById("graph").getBoundingClientRect();
  return net.body.nodeIndices.filter(id => { const p = net.canvasToDOM(net.getPosition(id));
    return p.x < 0 || p.y < 0 || p.x > box.width || p.y > box.height; });
}"""


def test_a_hundred_copies_of_the_seeds_open_on_their_relations(copies_page, open_page, browser):
    """500 documents, 40,000 mention edges: the page opens without documents or mention edges
    (they were a frozen ring of stars), the nodes left without a relation grouped by type."""
    view, g = copies_page
    assert (g.number_of_nodes() > 2000, sum(1 for *_, k in g.edges(keys=True) if k == "mentionedIn") > 20_000) == (True, True)
    page = open_page(view).wait_ready()
    _assert_opens_on_its_relations(page, g)
    assert page.page.is_checked("#legend input[data-type='Document']") is False
    assert page.page.is_checked("#edge-legend input[data-relation='mentionedIn']") is False
    page.screenshot("graph-seeds-x100.png")
    page.assert_offline(browser)


def test_filtering_a_large_graph_lays_it_out_again(copies_page, open_page):
    """Filtered to one document, its entities are laid out afresh and fill the view, instead of
    staying specks where the whole graph had put them."""
    view, g = copies_page
    page = open_page(view).wait_ready()
    doc = next(n for n, a in sorted(g.nodes(data=True)) if a["type"] == "Document" and a["file"].startswith("000_003"))
    page.page.select_option("#doc-filter", doc)
    mentioned = {u for u, v, k in g.in_edges(doc, keys=True) if k == "mentionedIn"}
    visible = set(page.eval("kgView.visibleNodeIds()"))
    assert (mentioned - visible, page.eval("kgView.groups()")) == (set(), [])  # a few dozen: each shown
    assert page.eval(SPREAD) >= 20  # px; before the relayout about 2
    assert page.eval(INSIDE) == []
    page.screenshot("graph-seeds-x100-one-document.png")


def test_a_group_lists_its_nodes_and_opens_each(copies_page, open_page):
    view, g = copies_page
    page = open_page(view).wait_ready()
    [group] = [grp for grp in page.eval("kgView.groups()") if grp["type"] == "Policy"]
    page.eval("id => kgView.network.fit({nodes: [id], animation: false})", group["id"])
    page.click_canvas(page.eval("id => kgView.domPosition(id)", group["id"]))
    panel = page.panel()
    assert panel.splitlines()[0] == f"政策 Policy ×{len(group['members'])}"
    member = sorted(group["members"], key=lambda m: g.nodes[m]["name"])[0]
    assert g.nodes[member]["name"] in panel
    page.page.click(f"#panel a[data-node='{member}']")
    assert page.panel().splitlines()[0] == g.nodes[member]["name"]
    assert member in page.eval("kgView.visibleNodeIds()")
    page.page.click("#legend input[data-type='Policy']")  # any filter change drops what was pinned
    page.page.click("#legend input[data-type='Policy']")
    page.eval("id => kgView.network.fit({animation: false})")
    [group] = [grp for grp in page.eval("kgView.groups()") if grp["type"] == "Policy"]
    page.eval("id => kgView.network.fit({nodes: [id], animation: false})", group["id"])
    page.click_canvas(page.eval("id => kgView.domPosition(id)", group["id"]))
    page.page.click("#panel button.expand")
    assert set(group["members"]) <= set(page.eval("kgView.visibleNodeIds()"))
    assert "Policy" not in {grp["type"] for grp in page.eval("kgView.groups()")}
