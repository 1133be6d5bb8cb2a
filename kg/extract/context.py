"""What the relation finders share: mentions by position, clauses, evidence windows, cue lists,
and the creation of task entities from verb–object phrases."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from kg.extract.lexicon import lexicon
from kg.extract.tokens import segment
from kg.model import Document, Entity, Relation, Span
from kg.resolve import normalise_name
from kg.vocab import EntityType, RelationType

CLAUSE_BREAK = re.compile(r"[，,：:；;（）()]")
# A work item named like an instrument is a policy (节水型机关创建 is a task, 排污许可管理制度 a policy).
POLICY_ENDINGS = ("制度", "行动", "活动", "资金", "基金", "政策", "战略", "回头看", "专项斗争", "攻坚战",
                  "方案", "规划", "办法", "意见", "指南", "计划", "条例", "导则", "纲要")  # a document drawn up is a policy
MAX_EVIDENCE = 160
# what joins coordinated bodies: 区委、区政府 / 能源局会同发改委
LINKERS = re.compile(r"^(?:|、|和|及|以及|与|同|、以及|(?:要|将|应|并|负责)?(?:会同|配合|联合|协同))$")
# a reference to bodies in general, which names none: 各乡镇, 相关部门, 属地政府
COMPLIES = re.compile(r"(?:执行|符合|满足|达到)[\u4e00-\u9fff（）()]*(?:标准|规定|规范|要求)$")
GENERIC_UNIT = re.compile(r"^(?:各|相关|有关|其他|其它|其余|所在|属地|全市|全省|全区|全县|市直|省直|区直|县直|本级)")
ACTORS = frozenset({EntityType.Department, EntityType.Organization})  # who can own or issue
UNDERTAKINGS = frozenset({EntityType.Project, EntityType.Policy})  # what can be owned or due


@lru_cache(maxsize=1)
def cues() -> dict[str, tuple[str, ...]]:
    """Cue groups of kg/data/lexicon/relation_cues.txt, each sorted longest first."""
    groups: dict[str, list[str]] = {}
    current = None
    text = files("kg").joinpath("data/lexicon/relation_cues.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            groups[current] = []
        elif current:
            groups[current].append(line)
    return {k: tuple(sorted(set(v), key=lambda w: (-len(w), w))) for k, v in groups.items()}


def starts_with_any(text: str, pos: int, words: tuple[str, ...]) -> str | None:
    """The first of ``words`` (in their order: cue lists are longest first) that text has at pos."""
    m = _first_of(words).match(text, pos)
    return m.group() if m else None


@lru_cache(maxsize=256)
def _first_of(words: tuple[str, ...]) -> re.Pattern[str]:
    # an ordered alternation tries the words in their order, as the loop over them did
    return re.compile("|".join(map(re.escape, words)) or "(?!)")


def ends_with_any(text: str, pos: int, words: tuple[str, ...]) -> str | None:
    for w in words:
        if pos - len(w) >= 0 and text.startswith(w, pos - len(w)):
            return w
    return None


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: Entity

    @property
    def type(self) -> str:
        return self.entity.type


# where a thing is extended to, after it: …向企业、社区延伸, …向农村覆盖
SPREAD_TO = re.compile(r"(?:向|往)[^，。；]{1,24}?(?:延伸|拓展|覆盖|推广|辐射|下沉|倾斜|集聚|转移|开放|迁移)")
FUNCTION_OF = re.compile(r"的?(?:基础|核心|服务)?功能(?:扩展|拓展|升级|完善|建设|开发|优化)?")
BUILDING_A_PROJECT = ("建设", "施工")  # work on a project, after its name


@dataclass
class Context:
    """The document and everything the relation finders add to it."""

    doc: Document
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _longest: int = 0  # the longest mention: how far back a mention that holds another can start
    _seen: set[tuple[str, str, str]] = field(default_factory=set)

    @classmethod
    def of(cls, doc: Document) -> "Context":
        ctx = cls(doc)
        ctx.mentions = sorted((Mention(s, e, ent) for ent in doc.entities for s, e in ent.mentions),
                              key=lambda m: (m.start, -m.end))
        ctx._starts = [m.start for m in ctx.mentions]
        ctx._longest = max((m.end - m.start for m in ctx.mentions), default=0)
        # what earlier stages stated is not stated again (one relation per type, head, tail)
        ctx._seen = {(r.type, r.head, r.tail) for r in doc.relations}
        return ctx

    @property
    def text(self) -> str:
        return self.doc.text

    def in_range(self, start: int, end: int, types: frozenset[str] | None = None, top_level: bool = True) -> list[Mention]:
        """Mentions wholly inside [start, end); with ``top_level`` nested ones (places inside names) are left out."""
        i, j = bisect_left(self._starts, start), bisect_right(self._starts, end)
        found = [m for m in self.mentions[i:j] if m.end <= end and (types is None or m.type in types)]
        if top_level:
            found = [m for m in found if not self._held(m, start)]
        return found

    def _held(self, m: Mention, start: int) -> bool:
        """Is ``m`` inside a longer mention that starts at or after ``start``?  Only mentions that
        start within the longest mention's length before ``m`` can hold it, so this stays local
        however long the sentence."""
        lo = bisect_left(self._starts, max(start, m.start - self._longest))
        hi = bisect_right(self._starts, m.start)
        return any(o.end >= m.end and (o.end - o.start) > (m.end - m.start) for o in self.mentions[lo:hi])

    def _in_title(self, start: int, end: int) -> bool:
        """Is text[start:end] inside a longer policy title in 《》?"""
        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_right(self._starts, start)
        return any(o.type == EntityType.Policy and o.end >= end and o.end - o.start > end - start
                   and self.doc.text[o.start - 1 : o.start] in ("《", "〈") for o in self.mentions[lo:hi])

    def in_assignment(self, pos: int) -> bool:
        """Is ``pos`` inside a bracket or labelled line that names units (see assignments.py)?"""
        spans = self.doc.assignments
        i = bisect_right(spans, pos, key=lambda s: s.start) - 1
        return i >= 0 and spans[i].start <= pos < spans[i].end

    def add(self, rtype: str, head: Entity, tail: str, evidence: tuple[int, int], date: str | None = None) -> None:
        key = (rtype, head.name, tail)
        if key in self._seen or (rtype != RelationType.deadline and head.name == tail):
            return
        self._seen.add(key)
        self.relations.append(Relation(type=rtype, head=head.name, tail=tail, evidence=evidence, date=date))

    def entity_named(self, name: str, etype: str) -> Entity | None:
        for e in self.doc.entities:
            if e.type == etype and (e.name == name or name in e.aliases):
                return e
        return None

    def add_task(self, start: int, end: int) -> Entity | None:
        """A work item named by text[start:end]: an existing entity of that name, or a new task.
        A name that a name rule took for a body (全程网办, 办 as a head) but that the text uses as
        the object of a task verb is a task, unless a relation already treats it as a body: then
        there is no task (None)."""
        if self._in_title(start, end):
            return None  # 印发《关于开展“三纠三促”专项行动的通知》: the title holds it, no task of its own
        body = next((m for m in self.in_range(start, end, ACTORS) if m.start == start and m.end < end - 2), None)
        if body is not None:
            start = body.end  # 配合|商务部一次性塑料制品使用…: the body is not part of the work's name
        spread = SPREAD_TO.search(self.text, start, end)
        if spread and spread.start() - start >= 3 and spread.end() == end:
            end = spread.start()  # “鹿城之窗”自助终端|向企业、社区等重点区域延伸: what is spread is the item
        function = FUNCTION_OF.search(self.text, start, end)
        if function and function.end() == end and self.text[start : function.start()].endswith(cues()["deliverable_heads"]):
            end = function.start()  # 智慧养老服务平台|功能, …信息平台|基础功能扩展: the platform is the item
        name = normalise_name(self.text[start:end])
        for etype in (EntityType.Project, EntityType.Policy):
            found = self.entity_named(name, etype)
            if found:
                self.add_mention(found, start, end)
                return found
        if name.endswith(BUILDING_A_PROJECT):
            # 完成…污水管网建设 where …污水管网 is a project: the work on it is the project
            found = self.entity_named(name[:-2], EntityType.Project)
            if found and found.kind == "project":
                self.add_mention(found, start, end - 2)
                return found
        other = next((e for e in self.doc.entities if e.name == name or name in e.aliases), None)
        if other is not None:
            used = any(name in (r.head, r.tail) for r in self.doc.relations + self.relations)
            if used or other.type not in ACTORS:
                return None
            other.type, other.kind = EntityType.Project, "task"
            self.add_mention(other, start, end)
            return other
        if COMPLIES.search(name, 2):
            return None  # 推动新建公共建筑执行超低能耗建筑标准: that a thing keeps to a rule is no work item
        if generic_project_name(name):
            return None  # 抓好58个重点项目建设: a count of unnamed projects names no work item
        if name.endswith(POLICY_ENDINGS):
            task = Entity(type=EntityType.Policy, name=name, mentions=[(start, end)])
        else:
            task = Entity(type=EntityType.Project, name=name, kind="task", mentions=[(start, end)])
        return self.add_entity(task)

    def task_mentions(self, spans: list[tuple[int, int]]) -> list[Mention]:
        """Mentions of the work items named by ``spans`` (see add_task)."""
        out = []
        for s, e in spans:
            task = self.add_task(s, e)
            if task is not None:
                out.append(Mention(s, e, task))
        return out

    def add_entity(self, entity: Entity) -> Entity:
        """A new entity of the document, its mentions indexed like the others'."""
        self.doc.entities.append(entity)
        for start, end in entity.mentions:
            self._index(Mention(start, end, entity))
        return entity

    def add_mention(self, entity: Entity, start: int, end: int) -> Mention:
        """Another mention of a known entity (indexed once)."""
        m = Mention(start, end, entity)
        if (start, end) not in entity.mentions:
            entity.mentions.append((start, end))
            self._index(m)
        return m

    def drop_mention(self, m: Mention) -> None:
        """A mention a later stage read better (组工作专班 inside 省十大新兴产业推进组工作专班); an
        entity left with no mention is dropped too, unless a relation already names it."""
        if (m.start, m.end) in m.entity.mentions:
            m.entity.mentions.remove((m.start, m.end))
        i = bisect_left(self._starts, m.start)
        while i < len(self.mentions) and self.mentions[i].start == m.start:
            if self.mentions[i] == m:
                del self.mentions[i]
                del self._starts[i]
                break
            i += 1
        named = {n for r in self.doc.relations + self.relations for n in (r.head, r.tail)}
        if not m.entity.mentions and m.entity.name not in named:
            self.doc.entities = [e for e in self.doc.entities if e is not m.entity]

    def _index(self, m: Mention) -> None:
        i = bisect_left(self._starts, m.start)
        while i < len(self.mentions) and self.mentions[i].start == m.start and self.mentions[i].end > m.end:
            i += 1  # keep the order (start, longest first)
        self.mentions.insert(i, m)
        self._starts.insert(i, m.start)
        self._longest = max(self._longest, m.end - m.start)


def clauses(text: str, sent: Span) -> tuple[Span, ...]:
    """The clauses of a sentence (split at commas, colons, semicolons and brackets); computed once
    per sentence, however many relations ask (a long unpunctuated text is one sentence)."""
    return _clauses(text, sent.start, sent.end)


@lru_cache(maxsize=4096)
def _clauses(text: str, start: int, end: int) -> tuple[Span, ...]:
    out, pos = [], start
    for m in CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > pos:
            out.append(Span(pos, m.start(), "clause"))
        pos = m.end()
    if pos < end:
        out.append(Span(pos, end, "clause"))
    return tuple(out)


def clause_index(cls: list[Span], pos: int) -> int:
    """The clause that holds ``pos``, else the first clause after it, else the last clause."""
    return min(bisect_right(cls, pos, key=lambda c: c.end), len(cls) - 1)


def evidence(text: str, sent: Span, *spans: tuple[int, int]) -> tuple[int, int]:
    """The shortest run of whole clauses of the sentence that holds every span; the whole
    sentence when it is short enough."""
    lo = min(s for s, _ in spans)
    hi = max(e for _, e in spans)
    if sent.end - sent.start <= MAX_EVIDENCE:
        start, end = sent.start, sent.end
    else:
        cls = clauses(text, sent)
        start = cls[clause_index(cls, lo)].start if cls else lo
        end = cls[clause_index(cls, max(hi - 1, lo))].end if cls else hi
        start, end = min(start, lo), max(end, hi)
    while end > start and text[end - 1] in "。；;，,\n ":
        end -= 1
    return (start, end)


def generic_project_name(name: str) -> bool:
    """重点项目, 重大工程, 在建项目: a name made only of generic project words."""
    generic = lexicon().project_generic
    body = re.sub(r"(?:项目|工程)$", "", name)
    return body != name and (not body or all(w in generic for w, _s, _e in segment(body)))
