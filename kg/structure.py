"""Document structure with character offsets: paragraphs, sections, sentences, enumerated items."""
from __future__ import annotations

import re

from kg.model import Span

CN_NUM = "一二三四五六七八九十百零〇两"

# Section headings, by level.  Level 1: 一、 / 第一句话 / 第一部分 / 第一章;  level 2: （一）;
# level 3: 1. / 1、 / 1．;  level 4: （1） / (1).
HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"[{CN_NUM}]{{1,3}}、")),
    (1, re.compile(rf"第[{CN_NUM}]{{1,3}}(?:句话|部分|章|篇|个方面|条)")),
    (2, re.compile(rf"[（(][{CN_NUM}]{{1,3}}[）)]")),
    (3, re.compile(r"\d{1,2}[.、．](?!\d)")),
    (4, re.compile(r"[（(]\d{1,2}[）)]")),
)
# An inline level-1 heading that cleaning joined into a paragraph: "…。第二句话,…"
_INLINE_HEADING = re.compile(rf"(?<=[。！？!?；;])第[{CN_NUM}]{{1,3}}(?:句话|部分)")

SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」』）)]*|\n")
ITEM_MARKER = re.compile(rf"(?:(?<=^)|(?<=[。；;：:，,！？!?\n]))(?:[{CN_NUM}]{{1,3}}是|其[{CN_NUM}]{{1,3}}[，,是])")
_HEADING_LABEL_END = re.compile(r"[。！？!?；;：:\n]")
MAX_HEADING_LABEL = 60


def paragraphs(text: str) -> list[Span]:
    """Non-empty lines, stripped of nothing (cleaning already trimmed them)."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append(Span(pos, pos + len(line), "paragraph"))
        pos += len(line) + 1
    return spans


def sentences(text: str, paras: list[Span] | None = None) -> list[Span]:
    """Sentences split at 。！？； (closing quotes stay with their sentence) and line ends."""
    out: list[Span] = []
    for p in paras if paras is not None else paragraphs(text):
        start = p.start
        for m in SENTENCE_END.finditer(text, p.start, p.end):
            if m.end() > start and text[start : m.end()].strip():
                out.append(Span(start, m.end(), "sentence"))
            start = m.end()
        if start < p.end and text[start : p.end].strip():
            out.append(Span(start, p.end, "sentence"))
    return out


def headings(text: str, paras: list[Span]) -> list[Span]:
    """Heading markers: at a paragraph start, or an inline 第X句话 after a sentence end."""
    found: list[Span] = []
    for p in paras:
        for level, pat in HEADING_PATTERNS:
            m = pat.match(text, p.start, p.end)
            if m:
                found.append(_heading_span(text, p.start, p.end, level))
                break
        for m in _INLINE_HEADING.finditer(text, p.start, p.end):
            found.append(_heading_span(text, m.start(), p.end, 1))
    return found


def _heading_span(text: str, start: int, limit: int, level: int) -> Span:
    m = _HEADING_LABEL_END.search(text, start, limit)
    end = m.start() if m else limit
    end = min(end, start + MAX_HEADING_LABEL)
    return Span(start, end, text[start:end], level)


def sections(text: str, paras: list[Span] | None = None) -> list[Span]:
    """Each heading opens a section that runs to the next heading of the same or higher level."""
    heads = headings(text, paras if paras is not None else paragraphs(text))
    out: list[Span] = []
    for i, h in enumerate(heads):
        end = len(text)
        for nxt in heads[i + 1 :]:
            if nxt.level <= h.level:
                end = nxt.start
                break
        out.append(Span(h.start, end, h.label, h.level))
    return out


def items(text: str, paras: list[Span] | None = None) -> list[Span]:
    """Enumerated items inside paragraphs: 一是… 二是… / 其一，…; each runs to the next marker."""
    out: list[Span] = []
    for p in paras if paras is not None else paragraphs(text):
        marks = [m for m in ITEM_MARKER.finditer(text, p.start, p.end)]
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else p.end
            out.append(Span(m.start(), end, m.group()))
    return out
