"""Property tests: extraction never raises on any text, and what it returns is well formed."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.documents import make_document
from kg.extract import extract
from kg.resolve import normalise_name

# Chinese government prose pieces mixed with hostile characters.
PIECES = ["区委", "能源局", "要", "推进", "《", "》", "“", "”", "项目", "年内", "确保", "5月底前", "完成",
          "、", "，", "。", "；", "（", "）", "牵头单位：", "责任部门", "\n", "湟水河", "**", "X", "😀", "\x00",
          "制", "改革", "试点", "的", "和", "1", "序号", "\u200b", "＋", "路", "区", "市"]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(PIECES), max_size=120).map("".join),
    st.text(alphabet="《》“”\"'（）()，。、；：*XＸ", max_size=80),
    st.just("区" * 5000),
    st.just(""),
)


def check(doc):
    for e in doc.entities:
        assert e.name and not re.fullmatch(r"[\W_]+", e.name), e.name
        surfaces = {normalise_name(n) for n in e.names()}
        for s, t in e.mentions:
            assert 0 <= s < t <= len(doc.text)
            assert normalise_name(doc.text[s:t]) in surfaces
    for r in doc.relations:
        s, t = r.evidence
        assert 0 <= s < t <= len(doc.text)
        assert doc.entity(r.head) is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_extracts_without_error(text):
    check(extract(make_document(text, year=2023)))


@settings(max_examples=100, deadline=None)
@given(texts, st.integers(min_value=1900, max_value=2100) | st.none())
def test_uncleaned_text_and_any_year(text, year):
    check(extract(make_document(text, year=year, clean=False)))


def test_one_very_long_line_and_unbalanced_marks():
    text = "《" * 300 + "能源局要推进新能源示范项目" * 200 + "“" * 300 + "。" * 100
    check(extract(make_document(text, year=2023)))


# The interval lookups that keep extraction near-linear, against the plain pairwise rules they replace.
spans = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12), st.booleans(), st.sampled_from(["Place", "Project"])),
                 max_size=40)


def _reference_filter(cands):
    ordered = sorted(cands, key=lambda c: (-c.length, c.start, -c.priority, c.type))
    taken, occupied = [], set()
    for c in ordered:
        if not c.nestable and not occupied.intersection(range(c.start, c.end)):
            taken.append(c)
            occupied.update(range(c.start, c.end))
    kept, nest_occupied = [], set()
    for c in ordered:
        if not c.nestable or nest_occupied.intersection(range(c.start, c.end)):
            continue
        inside = any(t.start <= c.start and c.end <= t.end and (t.start, t.end) != (c.start, c.end) for t in taken)
        if inside or not occupied.intersection(range(c.start, c.end)):
            kept.append(c)
            nest_occupied.update(range(c.start, c.end))
    return sorted(taken + kept, key=lambda c: (c.start, c.end, c.type))


@given(spans)
def test_filter_spans_equals_the_pairwise_rule(rows):
    from kg.extract.spans import Candidate, filter_spans

    cands = [Candidate(s, s + n, t, "x", nestable=nest) for s, n, nest, t in rows]
    assert filter_spans(cands) == _reference_filter(cands)


@given(spans, st.integers(0, 70), st.integers(0, 80))
def test_top_level_mentions_equal_the_pairwise_rule(rows, lo, width):
    from kg.extract.context import Context
    from kg.model import Entity

    doc = make_document("区" * 80, clean=False)
    doc.entities = [Entity(type=t, name=f"e{i}", mentions=[(s, s + n)]) for i, (s, n, _nest, t) in enumerate(rows)]
    ctx = Context.of(doc)
    hi = lo + width
    window = [m for m in ctx.mentions if lo <= m.start <= hi]
    expected = [m for m in window if m.end <= hi and not any(
        o is not m and o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start for o in window)]
    assert ctx.in_range(lo, hi) == expected
