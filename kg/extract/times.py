"""Time expressions of deadlines and the ISO date of the END of the period they name.

Resolved against the year the document was given (ANNOTATION.md): 5月底 → YYYY-05-31,
9月上旬 → YYYY-09-10, 9月中旬 → YYYY-09-20, 年内/年底/今冬 → YYYY-12-31, 明年初 →
(YYYY+1)-01-31, 明年开春 → (YYYY+1)-03-31, 明年冬天 → (YYYY+1)-12-31, 一季度 → YYYY-03-31,
今冬明春 → (YYYY+1)-05-31, 今明两年 → (YYYY+1)-12-31, 到2025年 → 2025-12-31, 元旦前 → (YYYY+1)-01-01,
国庆节前 → YYYY-10-01; 本周内/春节前/汛期前 → null (the week, the lunar holiday or the flood
season is not known from the text).
"""
from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12, "两": 2}
_NUM = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
_YEAR = r"(?:(?P<y>(?:19|20)\d{2})年|(?P<rel>今年|明年|次年|当年|本年))?"
_SUFFIX = r"(?:底前|底|末|以前|之前|前|内|为止|以内)?"

# Ordered: the first pattern that matches at a position wins (longest forms first).
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p)) for k, p in (
    ("range", rf"{_YEAR}(?P<m1>{_NUM})月(?P<d1>{_NUM})日?(?:至|到|—|-|～|~)(?:(?P<m2>{_NUM})月)?(?P<d2>{_NUM})日{_SUFFIX}"),
    ("day", rf"{_YEAR}(?P<m>{_NUM})月(?P<d>{_NUM})日{_SUFFIX}"),
    ("xun", rf"{_YEAR}(?P<m>{_NUM})月(?:份)?(?P<x>上中旬|中下旬|上旬|中旬|下旬|初|中|底|末|份){_SUFFIX}"),
    ("month", rf"{_YEAR}(?P<m>{_NUM})月(?:份)?{_SUFFIX}"),
    ("quarter", rf"{_YEAR}(?:第)?(?P<q>[一二三四1-4])季度(?:末|底)?{_SUFFIX}"),
    ("half", rf"{_YEAR}(?P<h>上半年|下半年|年中){_SUFFIX}"),
    ("winter", r"今冬明春" + _SUFFIX),
    ("twoyears", r"今明两年" + _SUFFIX),
    ("season", r"(?P<rel>今年|明年|今|明)(?:年)?(?P<s>初|年初|开春|春天|春季|夏天|夏季|秋天|秋季|冬天|冬季|冬|底|年底|末|年末)" + _SUFFIX),
    ("yearend", rf"(?P<y>(?:19|20)\d{{2}})年(?:底|末|年底|年末){_SUFFIX}"),
    ("year", r"(?P<y>(?:19|20)\d{2})年(?:前(?!后)|以前|之前|内)"),
    ("target", r"(?<=到|至)(?P<y>(?:19|20)\d{2})年(?!\d|度|[一二三四]季|[上下]半年|\d{1,2}月)"),
    ("within", r"(?P<w>年内|年底前|年底|年末|本年度内|今年内|当年)"),
    ("week", r"(?P<k>本周内|本周|下周|本月内|本月底|本月|近期|春节前|元旦前|汛期前|国庆节前|国庆前|中秋节前|“十一”前|十一前|节前)"),
))

SEASON_END = {"初": (1, 31), "年初": (1, 31), "开春": (3, 31), "春天": (5, 31), "春季": (5, 31), "夏天": (8, 31),
              "夏季": (8, 31), "秋天": (11, 30), "秋季": (11, 30), "冬天": (12, 31), "冬季": (12, 31), "冬": (12, 31),
              "底": (12, 31), "年底": (12, 31), "末": (12, 31), "年末": (12, 31)}
HOLIDAY = {"“十一”前": (10, 1), "十一前": (10, 1), "国庆前": (10, 1), "国庆节前": (10, 1)}
NEXT_YEAR_HOLIDAY = {"元旦前": (1, 1)}  # the coming New Year's Day


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    text: str
    date: str | None

    @property
    def label(self) -> str:
        """The time text as the guideline writes it: without a trailing 前 (5月底前 → 5月底)."""
        t = self.text
        for suffix in ("以前", "之前", "前"):
            if t.endswith(suffix) and len(t) > len(suffix) + 1:
                return t[: -len(suffix)]
        return t


def _num(s: str | None) -> int | None:
    if s is None:
        return None
    return int(s) if s.isdigit() else CN_DIGITS.get(s)


def _year(m: re.Match[str], base: int | None) -> int | None:
    gd = m.groupdict()
    if gd.get("y"):
        return int(gd["y"])
    rel = gd.get("rel")
    if base is None:
        return None
    if rel in ("明年", "次年", "明"):
        return base + 1
    return base


def _iso(y: int | None, month: int, day: int | None = None) -> str | None:
    if y is None or not 1 <= month <= 12:
        return None
    last = calendar.monthrange(y, month)[1]
    day = last if day is None else min(day, last)
    return f"{y:04d}-{month:02d}-{day:02d}"


def resolve(kind: str, m: re.Match[str], base: int | None) -> str | None:
    y = _year(m, base)
    g = m.groupdict()
    if kind == "range":
        month = _num(g["m2"]) or _num(g["m1"])
        return _iso(y, month, _num(g["d2"]))
    if kind == "day":
        return _iso(y, _num(g["m"]), _num(g["d"]))
    if kind == "xun":
        month, x = _num(g["m"]), g["x"]
        day = {"上旬": 10, "初": 10, "中旬": 20, "中": 20, "上中旬": 20}.get(x)
        return _iso(y, month, day)
    if kind == "month":
        return _iso(y, _num(g["m"]))
    if kind == "quarter":
        q = _num(g["q"]) if not g["q"].isdigit() else int(g["q"])
        return _iso(y, 3 * q) if q else None
    if kind == "half":
        return _iso(y, 6) if g["h"] in ("上半年", "年中") else _iso(y, 12)
    if kind == "season":
        month, day = SEASON_END[g["s"]]
        return _iso(y, month, day)
    if kind in ("yearend", "year", "target"):
        return _iso(y, 12) if kind in ("yearend", "target") or m.group().endswith(("内", "前")) else None
    if kind == "winter":  # 今冬明春: to the end of next spring
        return _iso(base + 1, 5, 31) if base is not None else None
    if kind == "twoyears":
        return _iso(base + 1, 12) if base is not None else None
    if kind == "within":
        return _iso(base, 12)
    if kind == "week":
        hol = HOLIDAY.get(g["k"])
        if g["k"] in NEXT_YEAR_HOLIDAY:
            return _iso(base + 1, *NEXT_YEAR_HOLIDAY[g["k"]]) if base is not None else None
        return _iso(base, *hol) if hol else None
    return None


def _search(pat: re.Pattern[str], text: str, pos: int, end: int) -> re.Match[str] | None:
    """The first non-empty match of ``pat`` in text[pos:end]."""
    while pos < end:
        m = pat.search(text, pos, end)
        if m is None or m.end() > m.start():
            return m
        pos = m.start() + 1
    return None


def find_times(text: str, base_year: int | None, start: int = 0, end: int | None = None) -> list[TimeExpr]:
    """Every time expression in text[start:end], leftmost-longest, with its resolved end date."""
    return [TimeExpr(m.start(), m.end(), m.group(), resolve(kind, m, base_year))
            for kind, m in _leftmost(text, start, len(text) if end is None else end)]


def _leftmost(text: str, start: int, end: int):
    """(kind, match) of each time expression in text[start:end], leftmost-longest."""
    pos = start
    # each pattern's next match from pos, searched again only once pos has passed it: a pattern
    # with no match left costs one scan of the text, not one per expression found
    ahead: dict[str, re.Match[str] | None] = {}
    while pos < end:
        best: tuple[str, re.Match[str]] | None = None
        for kind, pat in PATTERNS:
            m = ahead.get(kind, False)
            if m is False or (m is not None and m.start() < pos):
                m = ahead[kind] = _search(pat, text, pos, end)
            if m and (best is None or m.start() < best[1].start()
                      or (m.start() == best[1].start() and m.end() > best[1].end())):
                best = (kind, m)
        if best is None:
            return
        yield best
        pos = best[1].end()


def times_in(text: str, base_year: int | None, start: int, end: int) -> list[TimeExpr]:
    """The time expressions wholly inside text[start:end], from one scan of the whole text (kept
    for the last few texts): a sentence asks without scanning again.  Sentence breaks never fall
    inside a time expression, so per sentence this equals find_times on the sentence."""
    starts, found = _scan(text)
    out = []
    for kind, m in found[bisect_left(starts, start):]:
        if m.start() >= end:
            break
        if m.end() <= end:
            out.append(TimeExpr(m.start(), m.end(), m.group(), resolve(kind, m, base_year)))
    return out


@lru_cache(maxsize=8)
def _scan(text: str) -> tuple[list[int], list[tuple[str, re.Match[str]]]]:
    found = list(_leftmost(text, 0, len(text)))
    return [m.start() for _k, m in found], found
