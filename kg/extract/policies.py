"""Policies: named instruments.  Three marks of a name, strongest first:
book-title marks (《重大项目并联审批实施意见》), a quoted core with its type word (“三纠三促”专项行动,
“放管服”改革) or a quoted shorthand alone (“一岗双责”), and a fixed head after a specific body
(河长制, 首问责任制, 乡村振兴战略).  Generic instruments (长效机制, 各项制度) and political slogans
(“四个意识”) are left out.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.grammar import extend_left, head_word_start, starts_generic
from kg.extract.lexicon import alternation, lexicon, load_list
from kg.extract.spans import Candidate
from kg.extract.tokens import segment
from kg.redaction import PLACEHOLDER
from kg.vocab import EntityType

TITLE = re.compile(r"《([^《》\n]{1,120})》")
INNER_TITLE = re.compile(r"[<〈]([^<>〈〉]{2,80})[>〉]")
QUOTE = re.compile(r"[“\"]([^“”\"\n]{1,40})[”\"]")
# Shorthands of policy language: numbered formulas (一岗双责, 三会一课, 四不两直, 六稳), lists of
# short clauses (街道吹哨、部门报到) and names ending in an instrument word (首问责任制).
NUMBERED = re.compile(r"[一二三四五六七八九十百千双两\d]")
INSTRUMENT_END = re.compile(r"(?:制|责|策|办|通|联动|一体化|回头看|走流程|否决|公示)$")
GENERIC_TITLE = re.compile(r"^(?:总体规划|产业策划|控制性详规|环评规划|详细规划|实施方案|工作方案|实施意见|实施细则|规划)$")
MAX_QUOTED = 16
MAX_BODY = 16


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], tuple[str, ...]]:
    return (
        re.compile(alternation(load_list("quoted_policy_heads"))),
        re.compile(alternation(load_list("unquoted_policy_heads"))),
        load_list("title_not_policy"),
    )


def find_policies(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    out.extend(_titles(text))
    out.extend(_quoted(text))
    out.extend(_unquoted(text))
    return out


def _titles(text: str) -> list[Candidate]:
    _, _, not_policy = _patterns()
    out = []
    for m in TITLE.finditer(text):
        inner = m.group(1).strip()
        if not inner or any(inner.endswith(w) for w in not_policy) or not PLACEHOLDER.sub("", inner).strip("*"):
            continue
        start = m.start(1)
        if GENERIC_TITLE.match(inner):
            # 试验区《总体规划》: the document is named with the body that owns it.
            prefix = extend_left(text, m.start(), 6)
            if prefix < m.start():
                start = prefix
        out.append(Candidate(start, m.end(1), EntityType.Policy, text[start : m.end(1)], priority=5))
        for inner_m in INNER_TITLE.finditer(text, m.start(1), m.end(1)):
            out.append(Candidate(inner_m.start(1), inner_m.end(1), EntityType.Policy, inner_m.group(1),
                                 priority=5, nestable=True))
    return out


def _quoted(text: str) -> list[Candidate]:
    heads, _, _ = _patterns()
    slogans = lexicon().policy_slogans
    out = []
    for m in QUOTE.finditer(text):
        core = m.group(1).strip()
        if not core or any(p.search(core) for p in slogans) or re.search(r"[，。；,;：:！？]", core):
            continue
        h = heads.match(text, m.end())
        if h and len(core) <= MAX_QUOTED * 2:
            out.append(Candidate(m.start(1), h.end(), EntityType.Policy, core + h.group(), priority=4))
        elif _shorthand(core):
            out.append(Candidate(m.start(1), m.end(1), EntityType.Policy, core, priority=3))
    return out


def _shorthand(core: str) -> bool:
    if len(core) < 2 or len(core) > MAX_QUOTED:
        return False
    if NUMBERED.search(core) and not re.fullmatch(r"[\d.%％]+", core):
        return True
    if INSTRUMENT_END.search(core):
        return True
    parts = re.split(r"[、，,]", core)
    return len(parts) >= 2 and all(1 <= len(p) <= 5 for p in parts)


def _unquoted(text: str) -> list[Candidate]:
    lx = lexicon()
    _, heads, _ = _patterns()
    out = []
    for m in heads.finditer(text):
        hs, he = m.span()
        if text[hs - 1 : hs] in "”\"》":
            continue  # quoted or titled: found above
        word_start = head_word_start(text, hs, he)
        if word_start < 0:
            continue
        start = min(word_start, extend_left(text, word_start, MAX_BODY))
        name = text[start:he]
        body = PLACEHOLDER.sub("", name[: len(name) - len(m.group())])
        if len(body) < 2 or starts_generic(name, lx.generic_modifiers):
            continue
        words = [w for w, _s, _e in segment(body)]
        if all(w in lx.policy_generic or len(w) == 1 for w in words) and not NUMBERED.search(body):
            continue  # 长效机制, 工作机制, 深化改革
        out.append(Candidate(start, he, EntityType.Policy, name, priority=2))
    return out
