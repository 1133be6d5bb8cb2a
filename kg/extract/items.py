"""Enumerated items and their headings: 一、 / （一） / 1. / （1） / 一是, at a line start or after a
sentence end (text that lost its line breaks keeps its markers inline).

An item's heading is its first short phrase, ended by 。 or ： (1.扩大优势产品出口。…), or the whole
line when the line holds nothing else (（二）政务服务便民热线升级（2分）): then the item is a
section over the items that follow it.  A heading names the item's task unless it states only an
aim (加强组织领导, 推动…高质量发展) or names a body (（一）市工信局：…, a list of duties).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.context import ACTORS, UNDERTAKINGS, Context, Mention, cues, starts_with_any
from kg.extract.lexicon import load_list
from kg.vocab import EntityType
from kg.extract.task_names import LEAD, TAIL, object_phrases

CN = "一二三四五六七八九十"
MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"[{CN}]{{1,3}}、")),
    (2, re.compile(rf"[（(][{CN}]{{1,3}}[）)]")),
    (3, re.compile(r"\d{1,3}[.、．](?![.．]|\d+(?:[.．]\d|[%％米元万亿千百倍个项家条座]))")),  # not 1.5米
    (4, re.compile(r"[（(]\d{1,3}[）)]")),
    (5, re.compile(rf"(?:[{CN}]是|其[{CN}][，,是]|第[{CN}]{{1,2}}[，,、])")),
)
# where a marker can open an item: a line start, or right after a sentence end; a bracketed
# marker anywhere but after 第 (text that lost its line breaks: 三、时间安排(一)摸底排查…)
OPENING = re.compile(r"(?:^|(?<=[。；;！？!?]))[ \u3000\t]*|(?<=[\u4e00-\u9fff])(?<!第)(?=[（(][一二三四五六七八九十]{1,3}[）)])", re.M)
HEADING_END = re.compile(r"[。；;：:！？!?\n]")
COMMA = re.compile(r"[，,]")  # a heading is a phrase: a comma before its end makes it a sentence
SCORE_OR_NOTE = re.compile(r"[（(][^（）()]{1,30}[）)]\s*$")
MAX_HEADING = 30
PHASE = re.compile(r"[一二三四五六七八九十\d]+期(?:工程|项目)?$")  # …平台二期
ORDINAL_PHASE = re.compile(r"第[一二三四五六七八九十\d]{1,3}(?:阶段|步|批|期)|(?:阶段|步骤)[一二三四五六七八九十\d]{1,3}")
# Adverbs before a heading's verb are not part of the task's name: 积极扩大进口 → 扩大进口.
LEADING_ADVERBS = re.compile(r"(?:积极|大力|着力|全力|切实|深入|进一步|持续|不断|全面|扎实|努力|稳步|有序|统筹|加快|加速|主动|坚决|认真|"
                             r"科学|合理|高标准(?!农田)|高质量|高水平|重点|集中|逐步|探索|研究)+")  # not 高标准农田, a kind of farmland


@dataclass(eq=False)
class Block:
    """An enumerated item: [start, end) of the text, the heading span (or none) and the body."""

    start: int
    end: int
    level: int
    marker_end: int
    heading: tuple[int, int] | None
    body_start: int
    is_section: bool
    note: tuple[int, int] | None = None  # the bracket after the heading: a score, a time, units
    parent: "Block | None" = None


def blocks(text: str, paragraphs) -> list[Block]:
    """Every enumerated item of the text, in order, each with its enclosing item as parent."""
    return list(_blocks(text, tuple((p.start, p.end) for p in paragraphs)))


@lru_cache(maxsize=64)
def _blocks(text: str, paras: tuple[tuple[int, int], ...]) -> tuple[Block, ...]:
    marks: list[tuple[int, int, int, int]] = []  # (start, marker_end, level, paragraph end)
    for ps, pe in paras:
        for m in OPENING.finditer(text, ps, pe):
            pos = m.end()
            if pos >= pe:
                continue
            for level, pat in MARKERS:
                mm = pat.match(text, pos, pe)
                if mm:
                    marks.append((pos, mm.end(), level, pe))
                    break
    out: list[Block] = []
    for i, (start, mend, level, pe) in enumerate(marks):
        end = next((s for s, _m, lv, _p in marks[i + 1 :] if lv <= level), len(text))
        if i + 1 < len(marks) and marks[i + 1][0] < pe:
            pe = marks[i + 1][0]  # the next item starts inside this line: the heading ends there
        heading, note, body_start, section = _heading(text, mend, pe)
        out.append(Block(start, end, level, mend, heading, body_start, section, note))
    stack: list[Block] = []
    for b in out:
        while stack and (stack[-1].end <= b.start or stack[-1].level >= b.level):
            stack.pop()
        b.parent = stack[-1] if stack else None
        stack.append(b)
    return tuple(out)


def _heading(text: str, start: int, para_end: int):
    """(heading span, note span, body start, is a section) of the item whose marker ends at start."""
    line = text[start:para_end]
    note = SCORE_OR_NOTE.search(line)
    core = (line[: note.start()] if note else line).rstrip("。 \u3000")
    if core and len(core) <= MAX_HEADING and not HEADING_END.search(core) and not COMMA.search(core):
        # the line is the heading: a section over the items that follow
        return (start, start + len(core)), _span(note, start), para_end, True
    m = HEADING_END.search(text, start, para_end)
    if m and m.start() - start <= MAX_HEADING and m.start() > start and not COMMA.search(text, start, m.start()):
        end = m.start()
        note = SCORE_OR_NOTE.search(text, start, end)
        return (start, note.start() if note else end), _span(note), m.end(), False
    return None, None, start, False


def _span(m: re.Match[str] | None, offset: int = 0) -> tuple[int, int] | None:
    return (offset + m.start(), offset + m.end()) if m else None


def item_at(items: list[Block], pos: int) -> Block | None:
    """The innermost item that holds ``pos``.  Items nest (each is inside its parent), so it is
    the last item that starts at or before pos, or one of that item's ancestors."""
    i = bisect_right(items, pos, key=lambda b: b.start) - 1
    b = items[i] if i >= 0 else None
    while b is not None and b.end <= pos:
        b = b.parent
    return b


def heading_project(ctx: Context, block: Block) -> Mention | None:
    """The project an item's heading is the name of (（一）…防洪能力提升工程。), if it is one."""
    if block.heading is None:
        return None
    hs, he = block.heading
    projects = [m for m in ctx.in_range(hs, he, frozenset({EntityType.Project})) if m.entity.kind == "project"]
    if len(projects) == 1 and he - projects[0].end <= 1 and projects[0].start - hs <= 4:
        return projects[0]
    return None


def heading_task(ctx: Context, block: Block, timed: bool = False, aims: bool = False) -> list[Mention]:
    """What an item's heading names: the undertakings in it, else a task named by the heading
    itself (its verb kept, adverbs before it dropped), unless the heading is an aim or a body.
    A heading with its own time (（一）摸底排查（5月底前）) names a task, a phase of the work,
    whatever its verb (``timed``)."""
    if block.heading is None:
        return []
    hs, he = block.heading
    named = ctx.in_range(hs, he, UNDERTAKINGS)
    verbs = cues()["task_verbs"] + cues()["heading_verbs"]
    if named:
        # 完成不动产登记“一窗受理”改造: the named policy is part of a longer work item
        longer = [(s, e) for s, e in object_phrases(ctx.text, hs, he, verbs=verbs)[:1]
                  if any(s <= n.start and n.end <= e and (s, e) != (n.start, n.end) for n in named)]
        return ctx.task_mentions(longer) or named
    actors = ctx.in_range(hs, he, ACTORS)
    if actors:
        partner = PARTNER.match(ctx.text, hs, he)
        after = _after_partners(ctx.text, actors, partner.end(), he) if partner else None
        if after is None:
            return []  # （一）市工信局：… lists a body's duties; the heading names no task
        hs = after  # 配合市发改委|做好…工作: the body the item's units work with, then their work
    lead = None if timed else LEADING_ADVERBS.match(ctx.text, hs, he)
    s = lead.end() if lead else hs
    name = ctx.text[s:he]
    if timed:
        if len(name) < 2 or ORDINAL_PHASE.fullmatch(name):
            return []  # 第一阶段 names no work
    elif len(name) < 4:
        return []
    elif name.startswith(cues()["aim_verbs"]):
        if not aims:
            return []
        # 5.推进农村厕所革命。责任单位：… — units given to an item that names nothing else: the
        # object of its aim names the item, unless that object is itself an aim
        return aim_object(ctx, s, he)
    elif name.endswith(_vague_tails()) and not name.startswith(cues()["heading_verbs"]):
        return []  # 推进…应用: an aim; 提升货物通关效率 names a target
    elif not name.startswith(verbs) and not name.endswith(_task_heads()):
        return []
    # 建设川南物流枢纽信息平台: the deliverable names the task, without the verb
    for obj_s, obj_e in object_phrases(ctx.text, s, he, verbs=verbs)[:1]:
        if PHASE.sub("", ctx.text[obj_s:obj_e]).endswith(cues()["deliverable_heads"]) and obj_e == he:
            return ctx.task_mentions([(obj_s, obj_e)])
    return ctx.task_mentions([(s, he)])


def aim_object(ctx: Context, s: int, e: int) -> list[Mention]:
    """The object of the aim verb text[s:e] opens with (推进农村厕所革命 → 农村厕所革命), as the
    item's task, unless it is itself an aim (加强组织领导, 推动…发展) or too short to name one."""
    span = aim_object_span(ctx, s, e)
    return ctx.task_mentions([span]) if span else []


def aim_object_span(ctx: Context, s: int, e: int) -> tuple[int, int] | None:
    verb = starts_with_any(ctx.text, s, cues()["aim_verbs"])
    if verb is None:
        return None
    obj_s = s + len(verb)
    inner = LEADING_ADVERBS.match(ctx.text, obj_s, e)
    obj_s = inner.end() if inner else obj_s
    scope = LEAD.match(ctx.text, obj_s, e)
    if scope and e - scope.end() >= 4:
        obj_s = scope.end()  # 推进全部|工程建设项目审批全程网办: scope and quantity name nothing
    tail = TAIL.search(ctx.text, obj_s, e)
    if tail and tail.start() - obj_s >= 4:
        e = tail.start()  # 做好…对接工作: 工作 names nothing
    obj = ctx.text[obj_s:e]
    if len(obj) < 4 or obj.endswith(_vague_tails()) or obj.endswith(AIM_OBJECT_ENDS) or obj.endswith(NO_ITEM_ENDS):
        return None
    return obj_s, e


# an aim's object that is where the work is done (推进条件较好旗县区), how some act behaves
# (规范…经营行为), where it applies (创新…应用场景) or what a system does (优化系统功能): no item
NO_ITEM_ENDS = ("县区", "旗县", "乡镇", "街道", "社区", "地区", "区域", "村", "行为", "场景", "功能")


# a verb of working with a body, before that body: 配合市发改委做好…, 协助省交通运输厅开展…
PARTNER = re.compile(r"(?:积极|主动)?(?:配合|协助|会同|协同|联合|支持|督促|指导)")


def _after_partners(text: str, actors: list[Mention], pos: int, end: int) -> int | None:
    """Where the work starts after the bodies a partner verb names (市发改委、县财政局), or None
    when some body of the heading is not among them or no verb follows."""
    for a in actors:
        if a.start != pos:
            return None
        pos = a.end
        while pos < end and text[pos] in "、和及与等":
            pos += 1
    return pos if starts_with_any(text, pos, cues()["task_verbs"] + cues()["aim_verbs"] + cues()["heading_verbs"]) else None


@lru_cache(maxsize=1)
def _vague_tails() -> tuple[str, ...]:
    return tuple(load_list("task_vague_tails"))


@lru_cache(maxsize=1)
def _task_heads() -> tuple[str, ...]:
    return tuple(load_list("task_heads"))


# what an aim verb's object is when it names no item: 组织领导, 监管机制, 宣传引导, 高质量发展
AIM_OBJECT_ENDS = ("领导", "机制", "体系", "引导", "发展", "保障", "监督", "协调", "统筹", "合作", "创新", "融合",
                   "管理", "服务", "责任", "意识", "宣传", "作风", "队伍", "力度", "督导", "考核", "落实", "支持",
                   "应对", "防范", "防控", "指导")
