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
# A sentence runs at most this far (the longest of the dev documents is under 400 characters); a
# longer run, as in text that lost its punctuation, is cut after its last clause break within the
# limit, else at the limit, so that work per sentence stays bounded whatever the input.
MAX_SENTENCE = 500
_SOFT_BREAK = re.compile(r"[，,：:、\s]")
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
                out.extend(_bounded(text, start, m.end()))
            start = m.end()
        if start < p.end and text[start : p.end].strip():
            out.extend(_bounded(text, start, p.end))
    return out


def _bounded(text: str, start: int, end: int) -> list[Span]:
    """text[start:end] as one sentence, or as pieces of at most MAX_SENTENCE characters."""
    out = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = max((m.end() for m in _SOFT_BREAK.finditer(text, start + MAX_SENTENCE // 2, limit)), default=limit)
        out.append(Span(start, cut, "sentence"))
        start = cut
    out.append(Span(start, end, "sentence"))
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
