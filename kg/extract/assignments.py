"""Assignments stated by layout: brackets and labelled lines that say who leads, who supports and
by when, bound to the task items they close.

Layouts (task-division plans, 实施意见, 考评办法, 工作方案 of any province):
- a trailing bracket after a sentence or an item: （X牵头，Y、Z配合）, （X牵头，Y、Z按职责分工配合）,
  （X负责）, （由X牵头）, （牵头单位：X；责任单位：Y；完成时限：…）, （5月底前完成，牵头考核单位：X）,
  （责任单位：X，完成时限：…）, with a score （0.5分） beside it or not;
- labelled lines after a paragraph or an item: 责任单位：… / 牵头单位：… / 完成时限：… / 时间节点：…

A bracket binds the text it closes: from the previous bracket of the same item (or the item's
start) to itself.  Every unit it names is responsible for the undertakings of that text, and its
time (5月底前 / 6月底取得明显成效并持续推进 → 5月底; 持续推进 alone is none) is their deadline.
An item whose heading names a task (1.扩大优势产品出口。…) gives that task every unit and the last
deadline of its brackets; a section heading's named undertakings ((二)政务服务便民热线升级) get the
units of the items under it.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from kg.extract.context import ACTORS, GENERIC_UNIT, UNDERTAKINGS, Context, Mention
from kg.extract.items import LEADING_ADVERBS, Block, aim_object_span, blocks, heading_task, item_at
from kg.extract.lexicon import lexicon
from kg.extract.task_names import deliverables
from kg.extract.times import TimeExpr, times_in
from kg.model import Document, Entity, Span
from kg.vocab import EntityType, RelationType

MAX_BRACKET = 240
OPEN, CLOSE = "（(", "）)"
BRACKET_CHAR = re.compile(r"[（()）\n]")
# Fields break at punctuation, and before a label the line runs into (…市财政局完成时限：…: the
# spaces that set fields apart on one line are gone after cleaning)
SEGMENT_BREAK = re.compile(r"[，,；;。]|(?<=[\u4e00-\u9fff）)])(?<!完成)(?<!办结)(?=(?:牵头|责任|配合|协办|参与|主责)(?:单位|部门)[：:]|(?:完成|办结)?(?:时限|时间节点)[：:])")
UNIT_LABEL = re.compile(r"^(?:由)?(?:牵头|责任|配合|主责|协办|参与|承办|实施|主办|协助|督办|监管|考核|主管|具体负责)"
                        r"(?:考核|落实|实施)?(?:单位|部门|主体|处室|机构)(?:\s*[（(][^）)]*[）)])?[：:]")
TIME_LABEL = re.compile(r"^(?:完成|办结|工作|实施|推进)?(?:时限|时间|期限|时间节点|节点|时限要求|时间安排|进度安排|进度要求|进度)[：:]")
ROLE = re.compile(r"(?:等(?:部门|单位|相关部门|相关单位|有关部门|有关单位)?)?(?:要|按照?职责(?:分工)?|按照?各自职责|分别|共同|协同|按职能)?"
                  r"(?:牵头负责|牵头落实|牵头实施|牵头|具体负责|负责落实|负责|配合|参与|协办|协助|落实|实施|组织实施|推进)$")
SCORE = re.compile(r"^[\d.]+分$")
VAGUE_TIME = re.compile(r"^(?:持续|长期|全年|常态化|逐年|每年|每季度?|每月|每半年|定期|适时|按季度|按年度|分年度|分阶段|分批次?|"
                        r"动态|及时|按期|按时|与国家同步|同步)[\u4e00-\u9fff]{0,8}$")
UNIT_SEPARATORS = re.compile(r"[、和及与]|以及")
ROLE_SUFFIX = re.compile(r"(?:等)?(?:牵头单位|成员单位|责任单位|相关单位|有关单位|组成单位|部门|单位)?"
                         r"(?:[（(](?:牵头|牵头单位|负责|配合|主责|协办|排名第一的为牵头单位)[）)])?$")  # 市农业农村局（牵头）
ORG_ENDINGS = ("公司", "集团", "银行", "协会", "商会", "学会", "大学", "学院", "研究院", "研究所", "中心支行", "分行")
MAX_NEW_UNIT = 25


@dataclass
class Assignment:
    """One bracket or labelled block: the units it names and its deadline, and where it stands."""

    start: int
    end: int
    units: list[Mention] = field(default_factory=list)
    time: TimeExpr | None = None


def find_assignments(doc: Document) -> Document:
    ctx = Context.of(doc)
    found = _brackets(ctx) + _labelled_lines(ctx)
    found.sort(key=lambda a: a.start)
    doc.assignments = [Span(a.start, a.end, "assignment") for a in found]
    if found:
        _bind(ctx, found)
    doc.relations.extend(ctx.relations)
    return doc


# ---------------------------------------------------------------------------- parsing
def _brackets(ctx: Context) -> list[Assignment]:
    out = []
    for start, end in bracket_spans(ctx.text):
        a = _parse_fields(ctx, start + 1, end - 1)
        if a is not None:
            a.start, a.end = start, end
            out.append(a)
    return out


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """Outermost bracketed spans [start, end) on one line, nested brackets inside them allowed
    (（配合单位：各县（市、区）人民政府）), at most MAX_BRACKET characters long."""
    out, stack = [], []
    for m in BRACKET_CHAR.finditer(text):
        i, ch = m.start(), m.group()
        if ch in OPEN:
            stack.append(i)
        elif ch in CLOSE and stack:
            start = stack.pop()
            if not stack and 2 < i - start <= MAX_BRACKET + 1:
                out.append((start, i + 1))
        elif ch == "\n":
            stack.clear()
    return out


def _labelled_lines(ctx: Context) -> list[Assignment]:
    """Paragraphs that hold only labelled fields (责任单位：…；完成时限：…), one or several in a row."""
    text, out = ctx.text, []
    current: Assignment | None = None
    for p in ctx.doc.paragraphs:
        line = text[p.start : p.end]
        stripped = line.lstrip()
        lo = p.start + len(line) - len(stripped)
        if not (UNIT_LABEL.match(stripped) or TIME_LABEL.match(stripped)):
            current = None
            # …年内投产。牵头单位：市工信局；责任单位：…: the fields end the paragraph after a sentence
            inline = _inline_fields(ctx, p.start, p.end)
            if inline is not None:
                out.append(inline)
            continue
        a = _parse_fields(ctx, lo, p.end, need_units=current is None)
        if a is None:
            current = None
            continue
        if current is not None:  # the next line of the same block
            current.units.extend(a.units)
            current.time = current.time or a.time
            current.end = p.end
        else:
            a.start, a.end = p.start, p.end
            out.append(a)
            current = a
    return out


INLINE_LABEL = re.compile(r"(?<=[。；;])[ \u3000]*(?=(?:由)?(?:牵头|责任|配合|主责|协办|承办|实施|主办)(?:单位|部门)[：:])")


def _inline_fields(ctx: Context, start: int, end: int) -> Assignment | None:
    """Labelled fields after the last sentence of a paragraph, running to its end."""
    for m in INLINE_LABEL.finditer(ctx.text, start, end):
        a = _parse_fields(ctx, m.end(), end)
        if a is not None:
            a.start, a.end = m.end(), end
            return a
    return None


def _parse_fields(ctx: Context, start: int, end: int, need_units: bool = True) -> Assignment | None:
    """The fields of a bracket or a labelled line, or None when it is not an assignment: every
    segment must be units, a time or a score, and one at least must name units (unless
    ``need_units`` is off: the time line of a labelled block)."""
    text = ctx.text
    a = Assignment(start, end)
    has_units = False
    after_label = False  # the segment before was a unit label's: 责任单位：市住建局，各城区人民政府
    pos = start
    for m in [*SEGMENT_BREAK.finditer(text, start, end), None]:
        seg_end = m.start() if m else end
        s, e = _strip(text, pos, seg_end)
        pos = m.end() if m else end
        if s >= e:
            continue
        seg = text[s:e]
        if SCORE.match(seg):
            continue
        label = UNIT_LABEL.match(seg)
        if label:
            has_units = True
            e = _time_in_closing_bracket(ctx, a, s + label.end(), e)
            a.units.extend(_units(ctx, s + label.end(), e, labelled=True))
            after_label = True
            continue
        if after_label and not TIME_LABEL.match(seg) and not _starts_with_time(ctx, s, e):
            more = _units(ctx, s, _time_in_closing_bracket(ctx, a, s, e), labelled=True)
            if more or GENERIC_UNIT.match(seg):
                a.units.extend(more)  # the label's list goes on after a comma
                continue
        after_label = False
        label = TIME_LABEL.match(seg)
        if label or _starts_with_time(ctx, s, e) or VAGUE_TIME.match(seg):
            ts = s + label.end() if label else s
            if a.time is None and not VAGUE_TIME.match(text[ts:e]):
                a.time = _time_at(ctx, ts, e)
            continue
        role = ROLE.search(seg)
        if role and role.start() > 0:
            has_units = True
            a.units.extend(_units(ctx, s, s + role.start(), labelled=False))
            continue
        return None
    return a if has_units or not need_units else None


def _time_in_closing_bracket(ctx: Context, a: Assignment, s: int, e: int) -> int:
    """责任单位：市园林局（2024年第三季度完成）: a bracket of time after the units is the deadline;
    the units end before it."""
    text = ctx.text
    if e - s < 4 or text[e - 1] not in CLOSE:
        return e
    k = max(text.rfind("（", s, e), text.rfind("(", s, e))
    time = _time_at(ctx, k + 1, e - 1) if k > s else None
    if time is None:
        return e
    a.time = a.time or time
    return k


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in " \u3000由":
        s += 1
    while e > s and text[e - 1] in " \u3000":
        e -= 1
    return s, e


def _time_at(ctx: Context, s: int, e: int) -> TimeExpr | None:
    """The time that text[s:e] opens with, if any."""
    return next((t for t in times_in(ctx.text, ctx.doc.year, s, e) if t.start == s), None)


def _starts_with_time(ctx: Context, s: int, e: int) -> bool:
    return _time_at(ctx, s, e) is not None


def _units(ctx: Context, start: int, end: int, labelled: bool) -> list[Mention]:
    """The bodies named in text[start:end]: the departments and organisations found there, and any
    other list member that the layout marks as a unit (X牵头 / 牵头单位：X) though no name rule knew
    it; generic references (各县区, 相关部门) name nobody."""
    text = ctx.text
    found = ctx.in_range(start, end, ACTORS)
    out: list[Mention] = list(found)
    pos = start
    pieces = []
    for m in [*UNIT_SEPARATORS.finditer(text, start, end), None]:
        pe = m.start() if m else end
        if m is not None and _inside_brackets(text, pos, pe):
            continue  # 各县（市、区）人民政府: a separator inside brackets separates nothing here
        pieces.append((pos, pe))
        pos = m.end() if m else end
    for ps, pe in pieces:
        ps, pe = _strip(text, ps, pe)
        # …工作专班牵头单位 / 成员单位 / 等部门: the body, or a reference to its members
        name = ROLE_SUFFIX.sub("", text[ps:pe])
        pe = ps + len(name)
        if not name:
            continue
        if any(f.start <= ps and pe <= f.end for f in found):
            continue  # part of a body found across the separator (市规划和自然资源局)
        inside = [f for f in found if f.start < pe and ps < f.end]
        if GENERIC_UNIT.match(name):
            out = [u for u in out if u not in inside]  # 各县（市、区）人民政府 names nobody
            continue
        if inside and (len(inside) > 1 or (inside[0].start, inside[0].end) == (ps, pe)):
            continue  # the piece is the body found there (or holds several)
        # a list member the finders missed, or found only in part (…推进组工作专班 → 组工作专班,
        # 市政府办公室 → 市政府)
        if not (2 <= len(name) <= MAX_NEW_UNIT) or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9（）()]+", name):
            continue
        if not _ends_as_body(name):
            continue  # 按进度推进 / 按计划实施: a manner before the role verb, not a body
        out = [u for u in out if u not in inside]
        for f in inside:
            ctx.drop_mention(f)
        out.append(_new_unit(ctx, ps, pe))
    return sorted(out, key=lambda u: u.start)


# the last character of a body's name: 局 委 办 厅 … 组 班 站 所 队 院 社 行 馆 处 室 团 司 会 校
BODY_LAST = frozenset("局委办厅部署院组班站所队社行馆处室团司会校府")


def _ends_as_body(name: str) -> bool:
    """A unit the name rules missed still ends as bodies do (…推进组工作专班, 包钢集团, 广电网络公司),
    or is a name of letters (ABC) or one a bracket gives (…（市创城办））."""
    lx = lexicon()
    core = re.sub(r"[（(][^）)]*[）)]$", "", name)
    return (core[-1:] in BODY_LAST or core.endswith(lx.dept_heads) or core.endswith(lx.org_heads)
            or core.endswith(("中心", "网络", "电力", "电信", "移动", "联通", "广电", "铁路", "海关")))


def _inside_brackets(text: str, start: int, pos: int) -> bool:
    depth = 0
    for ch in text[start:pos]:
        depth += ch in OPEN
        depth -= ch in CLOSE and depth > 0
    return depth > 0


def _new_unit(ctx: Context, start: int, end: int) -> Mention:
    name = ctx.text[start:end]
    etype = EntityType.Organization if name.endswith(ORG_ENDINGS) else EntityType.Department
    entity = ctx.entity_named(name, etype)
    if entity is None:
        return Mention(start, end, ctx.add_entity(Entity(type=etype, name=name, mentions=[(start, end)])))
    return ctx.add_mention(entity, start, end)


# ---------------------------------------------------------------------------- binding
def _bind(ctx: Context, found: list[Assignment]) -> None:
    text = ctx.text
    items = blocks(text, ctx.doc.paragraphs)
    section_units: dict[int, list[tuple[Block, Assignment]]] = {}
    prev_end = 0
    for a in found:
        item = item_at(items, a.start)
        lo = max(prev_end, item.body_start if item else _paragraph_start(ctx, a.start))
        if a.start == _line_start(text, a.start) and lo >= a.start:
            # a labelled line after its item: it binds the item (or the paragraph) before it
            item = item_at(items, a.start - 1)
            lo = max(prev_end, item.body_start if item else _paragraph_start(ctx, a.start - 1))
        if a.start == _line_start(text, a.start) and a.start > 0:
            before = item_at(items, a.start - 1)
            para = _paragraph_start(ctx, a.start - 1)
            if before is not None and before.start > para and before.parent is not None and before.parent.start < para:
                # 一是…；二是…。\n牵头单位：X — items inline in one paragraph: the line binds them all
                item, lo = before.parent, max(prev_end, para)
        heads = heading_task(ctx, item) if item is not None else []
        targets = deliverables(ctx, lo, a.start, named_only=bool(heads))
        if not heads and not targets and item is not None:
            heads = heading_task(ctx, item, aims=True)  # the item names nothing else
            if not heads and lo == item.body_start:
                heads = _first_aim(ctx, lo, a.start)
        for target in targets:
            _assign(ctx, a, target, lo)
        if item is not None:
            for head in heads:
                _assign(ctx, a, head, item.start)
            parent = item.parent
            if parent is not None and parent.is_section:
                section_units.setdefault(id(parent), []).append((parent, a))
        prev_end = a.end
    for pairs in section_units.values():
        parent = pairs[0][0]
        if any(parent.start <= a.start < parent.end for a in found if a.start < parent.body_start):
            continue  # the section states its own units
        for target in ctx.in_range(parent.start, parent.body_start, UNDERTAKINGS):
            for _p, a in pairs:
                _assign(ctx, a, target, parent.start)
    for a in found:
        section = item_at(items, a.start)
        if section is not None and section.is_section and a.start < section.body_start:
            _down(ctx, a, section, items, found)


def _down(ctx: Context, a: Assignment, section: Block, items: list[Block], found: list[Assignment]) -> None:
    """Units given for a section's heading apply to its items that name no units of their own:
    （一）建设城市大脑（市大数据局牵头） / 1.… / 2.…"""
    for child in items:
        if child.parent is not section or any(child.start <= f.start < child.end for f in found):
            continue
        targets = heading_task(ctx, child) or deliverables(ctx, child.body_start, child.end)
        for target in targets:
            _assign(ctx, a, target, child.start)


CLAUSE_TEXT = re.compile(r"[^，,；;。：:]+")


def _first_aim(ctx: Context, lo: int, end: int) -> list[Mention]:
    """An item that names no deliverable and has no heading is named by the object of the first
    aim its clauses state."""
    for m in CLAUSE_TEXT.finditer(ctx.text, lo, end):
        s = m.start()
        lead = LEADING_ADVERBS.match(ctx.text, s, m.end())
        span = aim_object_span(ctx, lead.end() if lead else s, m.end())
        if span:
            return ctx.task_mentions([span])
    return []


def _assign(ctx: Context, a: Assignment, target: Mention, lo: int) -> None:
    ev = (min(lo, target.start), a.end)
    for u in a.units:
        ctx.add(RelationType.responsibleFor, u.entity, target.entity.name, ev)
    if a.time is not None:
        ctx.add(RelationType.deadline, target.entity, a.time.label, ev, a.time.date)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _paragraph_start(ctx: Context, pos: int) -> int:
    paras = ctx.doc.paragraphs
    i = bisect_right(paras, pos, key=lambda p: p.start) - 1
    if i >= 0 and paras[i].start <= pos <= paras[i].end:
        return paras[i].start
    return _line_start(ctx.text, pos)
