"""``graph.html``: one self-contained page to look at the graph, opened from disk, no network.

The page inlines vis-network (``loaders/assets/vis-network``, dual Apache-2.0/MIT), its own
CSS and script (``loaders/assets/graph_view.*``) and the graph as JSON.  Nodes are coloured
and shaped by type with a legend that also filters; search by name or alias; filter by
document; a side panel shows, for a clicked node or edge, aliases, documents and the verbatim
evidence sentences.  Nodes left with no drawn edge are grouped, one node per type; any view
but "everything" is laid out again in the page after each filter.  A large graph
(:data:`LARGE_NODES`, :data:`LARGE_EDGES`) opens with documents and mention edges hidden.
The same graph always gives the same bytes.
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from importlib.resources import files
from operator import itemgetter
from pathlib import Path
from typing import Any

import networkx as nx

from kg.files import write_atomic
from kg.graph import DOCUMENT, MENTIONED_IN, TIMEPOINT
from loaders.labels import CSS_FONT_FAMILY, edge_styles, node_styles
from loaders.layout import initial_positions

VIEW_FILE = "graph.html"
DEFAULT_TITLE = "知识图谱 Knowledge graph"
ASSETS = files("loaders") / "assets"
VIS_JS = "vis-network/vis-network.min.js"
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
# Above either size the page opens on the relations alone: document nodes and mentionedIn
# edges hidden (a legend tick shows them), nodes left without a drawn edge grouped per type.
# 100 copies of the seeds are 3,000 nodes and 41,000 edges, 40,000 of them mentions.
LARGE_NODES = 1500
_BY_HEAD_TYPE_TAIL = itemgetter(0, 2, 1)
LARGE_EDGES = 5000


def _wordings(g: nx.MultiDiGraph, timepoint: str) -> list[str]:
    """How the deadlines on a time point are written (shown on it and found by the search); the
    graph keeps each on its deadline's assertion, not on the time point."""
    return sorted({asr["time_text"] for _, _, a in g.in_edges(timepoint, data=True)
                   for asr in a.get("assertions", []) if asr.get("time_text")})


def _edges(g: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    """``list(g.edges(keys=True, data=True))``, read from the adjacency dicts themselves (the view
    walks every edge twice, once to count them, through a view per node: a third of the page's time on a large graph)."""
    return [(u, v, k, a) for u, nbrs in g._adj.items() for v, keys in nbrs.items() for k, a in keys.items()]


def view_data(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-ready data in a stable order."""
    types = node_styles()
    relations = edge_styles()
    pos = initial_positions(g)
    counts = Counter(a["type"] for _, a in g.nodes(data=True))
    ordered = sorted(_edges(g), key=_BY_HEAD_TYPE_TAIL)
    degree: Counter = Counter()  # as g.degree counts: every edge at both ends (a loop twice)
    for u, v, _, _ in ordered:
        degree[u] += 1
        degree[v] += 1
    nodes = []
    for nid, a in sorted(g.nodes(data=True), key=lambda n: n[0]):
        node: dict[str, Any] = {"id": nid, "label": a.get("name") or nid, "type": a["type"], "x": pos[nid][0], "y": pos[nid][1]}
        if a["type"] == DOCUMENT:
            node.update(file=a.get("file"), title=a.get("title"), year=a.get("year"), doc_id=a.get("doc_id"))
        elif a["type"] == TIMEPOINT:
            node.update(date=a.get("date"), texts=_wordings(g, nid))
        else:
            node.update(aliases=list(a.get("aliases", [])), masked=bool(a.get("masked")))
            if a.get("kind"):
                node["kind"] = a["kind"]
        node["degree"] = degree[nid]
        nodes.append(node)
    edges = []
    for i, (u, v, k, a) in enumerate(ordered):
        edge: dict[str, Any] = {"id": f"e{i}", "from": u, "to": v, "type": k}
        if k == MENTIONED_IN:
            edge["mentions"] = len(set(map(tuple, a.get("mentions", []))))
        else:
            edge["assertions"] = [
                {key: asr.get(key) for key in ("doc_id", "doc", "evidence", "time_text", "date")}
                for asr in sorted(a.get("assertions", []), key=lambda x: (x["doc_id"], x["start"], x["end"]))
            ]
        edges.append(edge)
    large = g.number_of_nodes() > LARGE_NODES or g.number_of_edges() > LARGE_EDGES
    return {
        "large": large,
        "hidden": {"types": [DOCUMENT] if large else [], "relations": [MENTIONED_IN] if large else []},
        "types": [
            {"type": t.name, "zh": t.zh, "en": t.en, "color": t.color, "shape": t.shape, "count": counts.get(t.name, 0)}
            for t in types.values()
        ],
        "relations": [{"type": t.name, "zh": t.zh, "en": t.en, "color": t.color} for t in relations.values()],
        "mentionedIn": MENTIONED_IN,
        "document": DOCUMENT,
        "timepoint": TIMEPOINT,
        "nodes": nodes,
        "edges": edges,
    }


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _script_json(data: Any) -> str:
    """JSON that cannot end its <script> element early (every <, >, & escaped)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _inline_js(source: str) -> str:
    lines = [ln for ln in source.splitlines() if not ln.startswith("//# sourceMappingURL=")]
    return "\n".join(lines).replace("</script", "<\\/script")


def render_html(g: nx.MultiDiGraph, title: str = DEFAULT_TITLE) -> str:
    data = view_data(g)
    page = _asset("graph_view.html")
    parts = {
        "TITLE": html.escape(title),
        "FONT_FAMILY": CSS_FONT_FAMILY,
        "CSS": _asset("graph_view.css"),
        "VIS_JS": _inline_js(_asset(VIS_JS)),
        "DATA": _script_json(data),
        "APP_JS": _inline_js(_asset("graph_view.js")),
    }
    # One pass, so text inside an inserted part is never taken for a placeholder.
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], page)


def write_html(g: nx.MultiDiGraph, path: Path, title: str = DEFAULT_TITLE) -> Path:
    """Write the page to a temporary name, then rename: a reader never sees half a page."""
    return write_atomic(path, render_html(g, title))


def write_html_sink(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    return [write_html(g, out_dir / VIEW_FILE)]


write_html_sink.forkable = True  # type: ignore[attr-defined] # reads the graph, writes its one file: may run in a forked child
