"""Projects: what is built, renovated or run, named by its head (…项目, …工程, …改造, …产业园,
…热源厂, …湿地公园) and announced by a construction verb in the same sentence.

A head that also names ordinary things (市场, 公园, 大道, 学校) counts only when the sentence
builds, starts, moves or opens it.  Names made only of generic modifiers (重点项目, 一批项目,
民生工程) are references, not projects.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from kg.extract.grammar import compile_heads, extend_left, head_word_start, starts_generic
from kg.extract.lexicon import alternation, lexicon
from kg.extract.spans import Candidate
from kg.extract.tokens import segment, tag
from kg.model import Span
from kg.redaction import PLACEHOLDER
from kg.vocab import EntityType

MAX_BODY = 24
LEVEL_CHARS = frozenset("区市县省")
CLASSIFIERS = frozenset("处所个座条家项批栋")
NAME_TAGS = frozenset({"ns", "nr", "nrt", "nz", "nt", "j", ""})
CATEGORY_END = re.compile(r"(?:类|型|以上|以下|等)$")
# Heads that name an activity unless the body names what is renovated (静安公园改造).
AREA_HEADS = frozenset({"园区", "片区"})
PLACE_BOUND_HEADS = frozenset({"改造", "提升改造", "改扩建", "系统治理", "综合治理"})
# Heads that name a project on their own; the others need a construction verb nearby.
STRONG_HEADS = frozenset({"项目", "示范项目", "试点项目", "工程", "改造工程", "改扩建", "提升改造", "改造",
                          "示范区", "实验区", "试验区", "先行区", "产业园", "工业园", "科技园", "创新园",
                          "小镇", "热源厂", "污水处理厂", "电厂", "综合体", "虚拟电厂", "低碳社区", "示范小区", "示范街",
                          "高速", "高速公路", "山庄", "产业城", "智能装备城", "系统治理", "综合治理"})


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lx = lexicon()
    return compile_heads(lx.project_heads), re.compile(alternation(lx.construction_verbs))


def find_projects(text: str, sentences: list[Span]) -> list[Candidate]:
    heads, verbs = _patterns()
    starts = [s.start for s in sentences]
    out: list[Candidate] = []
    for m in heads.finditer(text):
        c = _project_at(text, m.start(), m.end(), m.group())
        if c is None:
            continue
        if m.group() not in STRONG_HEADS:
            i = bisect_right(starts, m.start()) - 1
            sent = sentences[i] if i >= 0 else Span(0, len(text))
            if not verbs.search(text, sent.start, sent.end):
                continue
        out.append(c)
    return out


def _project_at(text: str, hs: int, he: int, head: str) -> Candidate | None:
    lx = lexicon()
    word_start = head_word_start(text, hs, he)
    if word_start < 0:
        return None
    start = min(word_start, extend_left(text, word_start, MAX_BODY, object_verbs=True))
    name = text[start:he]
    body = name[: len(name) - len(head)]
    lead = next((m for m in ("其它", "其他", "各类", "各种") if name.startswith(m)), None)
    if lead:  # 其它专业市场 → 专业市场
        start += len(lead)
        name, body = name[len(lead):], body[len(lead):]
    while body and (body[0] in CLASSIFIERS or tag(segment(body)[0][0]) in ("a", "ad", "d") and len(segment(body)[0][0]) > 1):
        # 12处|地质灾害治理项目, 高水平|建设…: a count's classifier or an adverb is not the name
        cut = 1 if body[0] in CLASSIFIERS else len(segment(body)[0][0])
        start, name, body = start + cut, name[cut:], body[cut:]
        while body and body[:2] in lexicon().construction_verbs:
            start, name, body = start + 2, name[2:], body[2:]
    plain = PLACEHOLDER.sub("", body)
    if len(plain) < 2 or starts_generic(name, lx.generic_modifiers):
        return None
    if plain[0] in LEVEL_CHARS and len(plain) > 2:
        start += name.index(plain[0]) + 1  # 区新能源微电网示范项目 → 新能源微电网示范项目
        name, plain = text[start:he], plain[1:]
    words = [w for w, _s, _e in segment(plain)]
    if all(w in lx.project_generic for w in words):
        return None  # 重点项目, 新项目, 民生工程
    if words[-1] in lx.project_generic or CATEGORY_END.search(plain):
        return None  # 商贸流通重点项目, 民间投资类项目, 万元以上项目: a category, not a name
    if head in ("项目", "工程") and not _specific(plain, words):
        return None  # 城建项目, 光伏项目, 绿色低碳项目: a kind of project, not a named one
    if head in PLACE_BOUND_HEADS and not _names_a_place(plain):
        return None  # 老旧小区改造, 节能改造: an activity, unless a named place is renovated
    if head in AREA_HEADS and all(tag(w) in ("ns", "s") or len(w) == 1 for w in words):
        return None  # 市北园区, 泺口片区: a named area is a place; 戈壁农业园区 is a project
    return Candidate(start, he, EntityType.Project, name, kind="project", priority=3)


def _specific(body: str, words: list[str]) -> bool:
    """A project name is specific when it carries a name (a place, a firm, a placeholder, a
    number) or a long technical description (新能源微电网示范, 排口可视化在线监控)."""
    if len(body) >= 5 or body.startswith("第") or re.search(r"\d", body):
        return True
    return any(tag(w) in ("ns", "nr", "nrt", "nt", "nz", "s", "j") for w in words if len(w) > 1)


def _names_a_place(body: str) -> bool:
    lx = lexicon()
    return any(tag(w) == "ns" or w in lx.gazetteer for w, _s, _e in segment(body) if w not in lx.place_generic)
