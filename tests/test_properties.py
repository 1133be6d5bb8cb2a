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
