"""``report.html``: what the graph says, for a reader: counts by type, each department with the
work it owns and its deadlines, a timeline (a table of departments by month, with the count of
work due in each cell), what each document contributed, and the extraction warnings (masked names, deadlines without a date).

Self-contained (inline CSS, charts as inline SVG from :mod:`loaders.charts`), no network, no
build timestamp: the same graph gives the same bytes.
"""
from __future__ import annotations

import html
import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.files import write_atomic
from kg.graph import DOCUMENT, DOCUMENTS_DIR, MENTIONED_IN
from kg.vocab import KG, ENTITY_CLASSES, RELATION_PROPERTIES, local_name
from loaders import charts
from loaders.labels import CSS_FONT_FAMILY, edge_styles, node_styles

log = logging.getLogger(__name__)

REPORT_FILE = "report.html"
RESPONSIBLE = local_name(KG.responsibleFor)
DEADLINE = local_name(KG.deadline)
DEPARTMENT = local_name(KG.Department)
ENTITY_TYPES = tuple(local_name(t) for t in ENTITY_CLASSES)
RELATION_TYPES = tuple(local_name(t) for t in RELATION_PROPERTIES)
TOP_OWNERS = 25  # departments with a row of their own in the timeline; the rest are summed as "other"
OTHER = "其他部门 other departments"
UNASSIGNED = "未指明负责部门 no department named"


@dataclass
class Duty:
    """One undertaking an owner is responsible for, with its deadlines and evidence."""

    item: str
    name: str
    type: str
    deadlines: list[tuple[str | None, str]] = field(default_factory=list)  # (ISO date or None, as written)
    evidence: list[tuple[str, str]] = field(default_factory=list)  # (sentence, document file)

    def first_date(self) -> str:
        dates = [d for d, _ in self.deadlines if d]
        return min(dates) if dates else "9999"


@dataclass
class Owner:
    id: str
    name: str
    type: str
    documents: list[str]
    duties: list[Duty]


class Edges:
    """The edges the report reads, gathered in one pass over the graph (each section used to walk
    every edge again, and every node's out-edges: most of the report's time on a large graph).
    Lists keep the graph's own edge order, so every table comes out as it did."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g
        self.responsible: dict[str, list[tuple[str, dict]]] = defaultdict(list)  # owner -> (item, edge)
        self.owners_of: dict[str, list[str]] = defaultdict(list)  # item -> owners
        self.deadlines_of: dict[str, list[tuple[str, dict]]] = defaultdict(list)  # item -> (time point, edge)
        self.deadline_edges: list[tuple[str, str, dict]] = []  # (item, time point, edge), in edge order
        self.mentioned_in: dict[str, list[str]] = defaultdict(list)  # entity -> documents
        self.edge_counts: Counter = Counter()
        self.assertion_counts: Counter = Counter()
        self.doc_relations: dict[str, Counter] = defaultdict(Counter)  # doc_id -> assertions by relation
        for u, v, k, a in g.edges(keys=True, data=True):
            self.edge_counts[k] += 1
            if k == MENTIONED_IN:
                self.mentioned_in[u].append(v)
                continue
            assertions = a.get("assertions", [])
            self.assertion_counts[k] += len(assertions)
            for asr in assertions:
                self.doc_relations[asr["doc_id"]][k] += 1
            if k == RESPONSIBLE:
                self.responsible[u].append((v, a))
                self.owners_of[v].append(u)
            elif k == DEADLINE:
                self.deadlines_of[u].append((v, a))
                self.deadline_edges.append((u, v, a))
        self._deadline_rows: list[dict] | None = None

    def documents_of(self, nid: str) -> list[str]:
        nodes = self.g.nodes
        return sorted({nodes[d].get("file") or d for d in self.mentioned_in.get(nid, ())})

    def owner_names(self, item: str) -> list[str]:
        nodes = self.g.nodes
        return sorted(nodes[o].get("name", o) for o in self.owners_of.get(item, ()))

    def deadlines(self, item: str) -> list[tuple[str | None, str]]:
        nodes = self.g.nodes
        out = set()
        for tp, a in self.deadlines_of.get(item, ()):
            date = nodes[tp].get("date")
            texts = {asr.get("time_text") for asr in a.get("assertions", []) if asr.get("time_text")}
            for text in texts or {nodes[tp].get("name", "")}:
                out.add((date, text))
        return sorted(out, key=lambda d: (d[0] or "9999", d[1]))


def _edges(g: nx.MultiDiGraph, edges: Edges | None) -> Edges:
    return edges if edges is not None and edges.g is g else Edges(g)


def owners(g: nx.MultiDiGraph, edges: Edges | None = None) -> list[Owner]:
    """Departments (all of them) and any other body responsible for something, busiest first."""
    ix = _edges(g, edges)
    nodes = g.nodes
    result = []
    for nid, a in g.nodes(data=True):
        duties = []
        for item, ea in ix.responsible.get(nid, ()):
            it = nodes[item]
            duties.append(Duty(
                item=item, name=it.get("name", item), type=it.get("type", ""),
                deadlines=ix.deadlines(item),
                evidence=[(asr["evidence"], asr.get("doc", "")) for asr in ea.get("assertions", [])],
            ))
        if a.get("type") == DEPARTMENT or duties:
            duties.sort(key=lambda d: (d.first_date(), d.name, d.item))
            result.append(Owner(nid, a.get("name", nid), a.get("type", ""), ix.documents_of(nid), duties))
    result.sort(key=lambda o: (-len(o.duties), o.name, o.id))
    return result


def deadline_rows(g: nx.MultiDiGraph, edges: Edges | None = None) -> list[dict]:
    """One row per deadline assertion: the item, who owns it, the date (or None) and evidence."""
    ix = _edges(g, edges)
    if ix._deadline_rows is not None:
        return ix._deadline_rows
    nodes = g.nodes
    rows = []
    for item, tp, a in ix.deadline_edges:
        owner_names = ix.owner_names(item)
        for asr in a.get("assertions", []):
            rows.append({
                "item": nodes[item].get("name", item), "owners": owner_names,
                "date": nodes[tp].get("date"), "time_text": asr.get("time_text") or nodes[tp].get("name"),
                "doc": asr.get("doc", ""), "evidence": asr.get("evidence", ""),
            })
    rows.sort(key=lambda r: (r["date"] or "9999", r["item"], r["doc"], r["evidence"]))
    ix._deadline_rows = rows
    return rows


def timeline(g: nx.MultiDiGraph, top: int = TOP_OWNERS, edges: Edges | None = None) -> tuple[list[str], dict[str, list[int]]]:
    """Months in which some dated deadline falls (in order; months with nothing due are left
    out) and, per department, how many of its undertakings fall due in each: the busiest ``top``
    by name, the rest summed as :data:`OTHER`, then undertakings no one is responsible for."""
    ix = _edges(g, edges)
    nodes = g.nodes
    per_owner: dict[str, Counter] = defaultdict(Counter)
    seen = set()
    for item, tp, _ in ix.deadline_edges:
        date = nodes[tp].get("date")
        if not date:
            continue
        month = date[:7]
        names = sorted({nodes[o].get("name", o) for o in ix.owners_of.get(item, ())}) or [UNASSIGNED]
        for name in names:
            if (name, item, month) not in seen:
                seen.add((name, item, month))
                per_owner[name][month] += 1
    if not per_owner:
        return [], {}
    months = sorted({m for c in per_owner.values() for m in c})
    named = sorted((n for n in per_owner if n != UNASSIGNED), key=lambda n: (-sum(per_owner[n].values()), n))
    series = {n: [per_owner[n][m] for m in months] for n in named[:top]}
    if named[top:]:
        series[OTHER] = [sum(per_owner[n][m] for n in named[top:]) for m in months]
    if UNASSIGNED in per_owner:
        series[UNASSIGNED] = [per_owner[UNASSIGNED][m] for m in months]
    return months, series


def document_rows(g: nx.MultiDiGraph, edges: Edges | None = None) -> list[dict]:
    """Per document: file, title, year, entities it mentions by type, relations it states by type."""
    ix = _edges(g, edges)
    nodes = g.nodes
    entities: dict[str, Counter] = defaultdict(Counter)
    for u, docs in ix.mentioned_in.items():
        utype = nodes[u].get("type")
        for d in docs:
            entities[d][utype] += 1
    rows = []
    for nid, a in g.nodes(data=True):
        if a.get("type") != DOCUMENT:
            continue
        rows.append({"id": nid, "file": a.get("file") or nid, "title": a.get("title"), "year": a.get("year"),
                     "entities": entities[nid], "relations": ix.doc_relations[a.get("doc_id")]})
    rows.sort(key=lambda r: (r["file"], r["id"]))
    return rows


def masked_rows(g: nx.MultiDiGraph, edges: Edges | None = None) -> list[dict]:
    ix = _edges(g, edges)
    rows = [{"name": a.get("name", n), "type": a.get("type"), "documents": ix.documents_of(n)}
            for n, a in g.nodes(data=True) if a.get("masked")]
    return sorted(rows, key=lambda r: (r["type"], r["name"]))


def read_document_warnings(build_dir: Path) -> list[tuple[str, str]]:
    """(document, warning) for every warning in a build directory's per-document JSON."""
    out = []
    docs_dir = Path(build_dir) / DOCUMENTS_DIR
    for path in sorted(docs_dir.glob("*.json")) if docs_dir.is_dir() else []:
        try:
            record = _doc_and_warnings(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("%s: skipped in the report (%s)", path, exc)
            continue
        out.extend((record.get("doc") or path.name, str(w)) for w in record.get("warnings") or [])
    return out


_TOP_KEYS = {key: f'\n "{key}": ' for key in ("doc", "warnings")}
_DECODE = json.JSONDecoder().raw_decode


def _doc_and_warnings(data: str) -> dict:
    """A record's ``doc`` and ``warnings``.  A record as ``kg build`` writes it (indented by one
    space, whole) is not parsed whole: a line that starts with one space and a key is a top-level
    key (no string holds a raw newline), and only the value after it is decoded.  Anything else
    is parsed."""
    if data.endswith("\n}\n"):
        found = {}
        for key, mark in _TOP_KEYS.items():
            i = data.find(mark)
            if i < 0 or data.find(mark, i + 1) >= 0:
                break
            found[key] = _DECODE(data, i + len(mark))[0]
        else:
            return found
    record = json.loads(data)
    return record if isinstance(record, dict) else {}


# ---------------------------------------------------------------------------- HTML

def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _table(headers: list[str], rows: list[list[str]], raw: bool = False) -> str:
    """A table; cells are escaped unless ``raw`` (then the caller escaped them)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c if raw else _e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _deadline_text(deadlines: list[tuple[str | None, str]]) -> str:
    if not deadlines:
        return "—"
    return "；".join(f"{_e(d)}（{_e(t)}）" if d else f'<span class="warn">{_e(t)}（日期未能解析 no date）</span>'
                     for d, t in deadlines)


def _counts_section(g: nx.MultiDiGraph, ix: Edges) -> str:
    types, rels = node_styles(), edge_styles()
    nodes = Counter(a.get("type") for _, a in g.nodes(data=True))
    edges, assertions = ix.edge_counts, ix.assertion_counts
    node_rows = [[t.zh, t.en, str(nodes.get(name, 0))] for name, t in types.items()]
    rel_rows = [[t.zh, t.en, str(edges.get(name, 0)), str(assertions.get(name, 0)) if name != MENTIONED_IN else "—"]
                for name, t in rels.items()]
    chart = charts.bar_chart(
        [f"{t.zh} {t.en}" for t in types.values()], [nodes.get(n, 0) for n in types],
        [t.color for t in types.values()], "节点数 Nodes by type")
    return (
        '<section id="counts"><h2>概况 Counts by type</h2>'
        f'<div class="row"><div>{_table(["类型", "Type", "节点 Nodes"], node_rows)}</div>'
        f'<div>{_table(["关系", "Relation", "边 Edges", "断言 Assertions"], rel_rows)}</div></div>'
        f'<figure class="chart">{chart}</figure></section>'
    )


def _owners_section(g: nx.MultiDiGraph, ix: Edges) -> str:
    types = node_styles()
    parts = ['<section id="departments"><h2>部门及其负责的工作 Departments and the work they own</h2>']
    everyone = owners(g, ix)
    busy = [o for o in everyone if o.duties]
    idle = [o for o in everyone if not o.duties]
    if not busy:
        parts.append('<p class="empty">图中还没有“负责”关系。 The graph has no responsibleFor relations yet.</p>')
    rows = []
    for o in busy:
        kind = types[o.type].zh if o.type in types else o.type
        owner_cell = (f'<td rowspan="{len(o.duties)}" class="owner"><strong>{_e(o.name)}</strong>'
                      f'<small>{_e(kind)} · {len(o.duties)} 项 items<br>{_e("、".join(o.documents) or "—")}</small></td>')
        for i, d in enumerate(o.duties):
            evidence = "".join(f"<blockquote>{_e(s)}<cite>{_e(doc)}</cite></blockquote>" for s, doc in d.evidence)
            rows.append(
                "<tr>" + (owner_cell if i == 0 else "")
                + f"<td>{_e(d.name)}</td><td>{_e(types[d.type].zh if d.type in types else d.type)}</td>"
                + f"<td>{_deadline_text(d.deadlines)}</td>"
                + f"<td><details><summary>{len(d.evidence)} 句 sentences</summary>{evidence}</details></td></tr>"
            )
    if rows:
        head = "".join(f"<th>{_e(h)}</th>" for h in ["部门 Department", "事项 Item", "类型 Type", "完成时限 Deadline", "证据 Evidence"])
        parts.append(f'<table class="owners"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    if idle:
        parts.append(f'<p class="idle"><strong>暂无负责事项的部门 Departments with no work assigned ({len(idle)}):</strong> '
                     f'{_e("、".join(o.name for o in idle))}</p>')
    parts.append("</section>")
    return "".join(parts)


def _heat(count: int, most: int, rgb: str = "0,114,178") -> str:
    """A cell's background: the more work due, the darker (white for none)."""
    if not count:
        return ""
    alpha = 0.15 + 0.65 * count / most
    return f' style="background:rgba({rgb},{alpha:.2f})' + (';color:#fff"' if alpha > 0.5 else '"')


def _timeline_section(g: nx.MultiDiGraph, ix: Edges) -> str:
    months, series = timeline(g, edges=ix)
    parts = ['<section id="timeline"><h2>截止时间线 Deadline timeline</h2>']
    if not months:
        parts.append('<p class="empty">没有可解析日期的完成时限。 No deadline with a resolved date yet.</p></section>')
        return "".join(parts)
    parts.append('<p class="hint">每格：该部门负责、在该月到期的事项数；只列出有事项到期的月份。 '
                 'Each cell: undertakings the department owns that fall due in that month; '
                 'only months with something due are shown.</p>')
    most = max(c for counts in series.values() for c in counts)
    head = "".join(f'<th scope="col" data-month="{m}">{m}</th>' for m in months)
    rows = []
    for name, counts in series.items():
        kind = "unassigned" if name == UNASSIGNED else "other" if name == OTHER else "department"
        rgb = "0,114,178" if kind == "department" else "110,110,110"  # blue for departments, grey for the rest
        cells = "".join(f'<td data-month="{m}"{_heat(c, most, rgb)}>{c or ""}</td>' for m, c in zip(months, counts))
        rows.append(f'<tr class="{kind}"><th scope="row">{_e(name)}</th>{cells}<td class="total">{sum(counts)}</td></tr>')
    totals = [sum(col) for col in zip(*series.values())]
    foot = "".join(f"<td>{t}</td>" for t in totals) + f'<td class="total">{sum(totals)}</td>'
    parts.append(
        '<div class="matrix"><table class="due"><thead><tr><th scope="col">部门 Department</th>'
        f'{head}<th scope="col">合计 Total</th></tr></thead><tbody>{"".join(rows)}</tbody>'
        f'<tfoot><tr><th scope="row">合计 Total</th>{foot}</tr></tfoot></table></div>'
    )
    rows = [[r["date"], r["time_text"], r["item"], "、".join(r["owners"]) or "—", r["doc"]]
            for r in deadline_rows(g, ix) if r["date"]]
    parts.append(_table(["日期 Date", "原文 As written", "事项 Item", "负责 Owner", "文档 Document"], rows))
    parts.append("</section>")
    return "".join(parts)


def _documents_section(g: nx.MultiDiGraph, ix: Edges) -> str:
    types, rels = node_styles(), edge_styles()
    headers = ["文件 File", "标题 Title", "年份 Year"] + [types[t].zh for t in ENTITY_TYPES] + [rels[r].zh for r in RELATION_TYPES]
    rows = [[r["file"], r["title"] or "—", r["year"] or "—"] + [r["entities"].get(t, 0) for t in ENTITY_TYPES]
            + [r["relations"].get(t, 0) for t in RELATION_TYPES] for r in document_rows(g, ix)]
    return ('<section id="documents"><h2>文档及其贡献 Documents and what each contributed</h2>'
            '<p class="hint">实体：该文档提及的各类实体数；关系：该文档陈述的断言数。 '
            'Entities the document mentions, by type; relation assertions it states, by type.</p>'
            f'{_table(headers, rows)}</section>')


def _warnings_section(g: nx.MultiDiGraph, ix: Edges, doc_warnings: list[tuple[str, str]]) -> str:
    types = node_styles()
    masked = masked_rows(g, ix)
    undated = [r for r in deadline_rows(g, ix) if not r["date"]]
    parts = ['<section id="warnings"><h2>抽取警告 Extraction warnings</h2>']
    parts.append(f'<h3>脱敏名称 Masked names ({len(masked)})</h3>')
    parts.append(_table(["类型 Type", "名称 Name", "文档 Documents"],
                        [[types[r["type"]].zh if r["type"] in types else r["type"], r["name"], "、".join(r["documents"])]
                         for r in masked]) if masked else '<p class="empty">无 none</p>')
    parts.append(f'<h3>日期未能解析的完成时限 Deadlines without a resolvable date ({len(undated)})</h3>')
    parts.append(_table(["事项 Item", "原文 As written", "负责 Owner", "文档 Document", "证据 Evidence"],
                        [[r["item"], r["time_text"], "、".join(r["owners"]) or "—", r["doc"], r["evidence"]] for r in undated])
                 if undated else '<p class="empty">无 none</p>')
    if doc_warnings:
        parts.append(f'<h3>文档警告 Document warnings ({len(doc_warnings)})</h3>')
        parts.append(_table(["文档 Document", "警告 Warning"], [[d, w] for d, w in doc_warnings]))
    parts.append("</section>")
    return "".join(parts)


CSS = """
body { margin: 0 auto; max-width: 1100px; padding: 12px 20px 40px; color: #1f1f1f;
  font: 14px/1.55 """ + CSS_FONT_FAMILY + """; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 2px solid #ddd; }
h3 { font-size: 15px; margin: 18px 0 6px; } h3 small { font-weight: normal; color: #666; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td:has(> details) { min-width: 6em; }
blockquote { margin: 4px 0; padding: 2px 8px; border-left: 3px solid #bbb; background: #f6f6f6; }
td.owner small { display: block; color: #666; } table.owners { width: 100%; }
cite { display: block; color: #666; font-size: 12px; font-style: normal; }
nav a { margin-right: 1em; } .row { display: flex; gap: 24px; flex-wrap: wrap; }
.hint, .empty { color: #777; } .warn { color: #a04000; } figure.chart { margin: 8px 0; }
div.matrix { overflow-x: auto; max-width: 100%; }
table.due { font-size: 13px; } table.due td { text-align: right; min-width: 3.2em; font-variant-numeric: tabular-nums; }
table.due thead th { white-space: nowrap; text-align: center; }
table.due tbody th { white-space: nowrap; font-weight: normal; position: sticky; left: 0; background: #fff; }
table.due td.total, table.due tfoot td { font-weight: 600; } table.due tfoot th { background: #f3f3f3; }
table.due tr.other th, table.due tr.unassigned th { color: #666; font-style: italic; }
table.due tr.unassigned { border-top: 2px solid #bbb; }
"""


def render_report(g: nx.MultiDiGraph, doc_warnings: list[tuple[str, str]] | None = None, view_link: str | None = None) -> str:
    docs = sum(1 for _, a in g.nodes(data=True) if a.get("type") == DOCUMENT)
    entities = sum(1 for _, a in g.nodes(data=True) if a.get("type") in ENTITY_TYPES)
    view = f' · <a href="{_e(view_link)}">交互视图 interactive view</a>' if view_link else ""
    ix = Edges(g)
    body = "".join([
        _counts_section(g, ix), _owners_section(g, ix), _timeline_section(g, ix), _documents_section(g, ix),
        _warnings_section(g, ix, list(doc_warnings or [])),
    ])
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        f"<title>知识图谱报告 Graph report</title><style>{CSS}</style></head><body>"
        f"<h1>知识图谱报告 Graph report</h1><p>{docs} 篇文档 documents · {entities} 个实体 entities{view}</p>"
        '<nav><a href="#counts">概况</a><a href="#departments">部门</a><a href="#timeline">时间线</a>'
        '<a href="#documents">文档</a><a href="#warnings">警告</a></nav>'
        f"{body}</body></html>\n"
    )


def write_report(g: nx.MultiDiGraph, path: Path, doc_warnings: list[tuple[str, str]] | None = None,
                 view_link: str | None = None) -> Path:
    return write_atomic(path, render_report(g, doc_warnings, view_link))


def write_report_sink(g: nx.MultiDiGraph, out_dir: Path) -> list[Path]:
    from loaders.html_view import VIEW_FILE

    return [write_report(g, out_dir / REPORT_FILE, read_document_warnings(out_dir), view_link=VIEW_FILE)]


def _prepare_report() -> None:
    """matplotlib imported and its fonts looked up (a third of a second) before the report is due."""
    charts.bar_chart(["a"], [1], ["#000000"], "a")


write_report_sink.prepare = _prepare_report  # type: ignore[attr-defined]
write_report_sink.forkable = True  # type: ignore[attr-defined] # reads the graph and the records, writes its one file
