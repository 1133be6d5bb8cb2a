"""Time expressions of deadlines and the ISO date of the END of the period they name.

Resolved against the year the document was given (ANNOTATION.md): 5月底 → YYYY-05-31,
9月上旬 → YYYY-09-10, 9月中旬 → YYYY-09-20, 10月中下旬 → YYYY-10-31, 6月二十日前 → YYYY-06-20,
年内/年底/今冬 → YYYY-12-31, 明年初 → (YYYY+1)-01-31, 明年开春 → (YYYY+1)-03-31, 明年冬天 →
(YYYY+1)-12-31, 一季度 → YYYY-03-31, 今冬明春 → (YYYY+1)-05-31, 今明两年 → (YYYY+1)-12-31,
到2025年 → 2025-12-31, 二〇二五年底 → 2025-12-31, 元旦前 → (YYYY+1)-01-01, 国庆节前 → YYYY-10-01;
本周内/春节前/汛期前 → null (the week, the lunar holiday or the flood season is not known from
the text).  Numerals may be Chinese or Arabic (cn2an reads the Chinese ones: 二十, 三十一, 两).

Forms relative to the day the document was written — 十五日前 (the first 15th from then on), 月底前
/本月底 (the end of that month), 两周内/十五日内/三个月内 (that long after it) — are resolved against
the document's *base date*: the date it states as its own (a dated signature line, 2022年4月19日
or 2022年4月19日印发; :func:`kg.meta.stated_date`), when that date falls in the year the document
is resolved against.  A document without one gets null for these forms (the expression is still
found, so its deadline is kept, undated), and so does N个工作日内 (public holidays are not known).
"""
from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from kg.meta import stated_date

_CN = "一二三四五六七八九"
_NUM = rf"(?:\d{{1,2}}|[二三]?十[{_CN}]?|[{_CN}])"  # a month or a day, 1–39 in either script
_Y = r"(?:(?:19|20)\d{2}|[一二][〇零○一二三四五六七八九]{3})"  # 2023, 二〇二三
_YEAR = rf"(?:(?P<y>{_Y})年|(?P<rel>今年|明年|次年|当年|本年))?"
_SUFFIX = r"(?:底前|底|末|以前|之前|前|内|为止|以内)?"

# Ordered: the first pattern that matches at a position wins (longest forms first).
# What the forms that may open with a year can start with: a lookahead on one character class
# lets the search skip every other position at once (the optional year defeats re's prefix scan).
_OPEN = "(?=[\\d〇零○一二三四五六七八九十今明次当本{}])"
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p)) for k, p in (
    ("range", _OPEN.format("") + rf"{_YEAR}(?P<m1>{_NUM})月(?P<d1>{_NUM})日?(?:至|到|—|-|～|~)(?:(?P<m2>{_NUM})月)?(?P<d2>{_NUM})日{_SUFFIX}"),
    ("day", _OPEN.format("") + rf"{_YEAR}(?P<m>{_NUM})月(?P<d>{_NUM})日{_SUFFIX}"),
    ("xun", _OPEN.format("") + rf"{_YEAR}(?P<m>{_NUM})月(?:份)?(?P<x>上中旬|中下旬|上旬|中旬|下旬|初|中|底|末|份){_SUFFIX}"),
    ("month", _OPEN.format("") + rf"{_YEAR}(?P<m>{_NUM})月(?:份)?{_SUFFIX}"),
    ("quarter", _OPEN.format("第") + rf"{_YEAR}(?:第)?(?P<q>[一二三四1-4])季度(?:末|底)?{_SUFFIX}"),
    ("half", _OPEN.format("上下年") + rf"{_YEAR}(?P<h>上半年|下半年|年中){_SUFFIX}"),
    # Forms counted from the base date.  Each opens with a character class, not a lookbehind (a
    # pattern that opens with a lookbehind is tried at every position: three times slower).
    # 十五日前: a day of no month (not 6月二十日前, not 每月10日前), the next one from the base date
    ("monthday", rf"(?P<d>[\d{_CN}十](?<![\d{_CN}十月].)[\d{_CN}十]{{0,2}})日(?:以前|之前|前)"),
    # 月底前, 本月底, 当月内 (not 5月底, 每月底, 上月底)
    ("monthend", rf"(?P<k>[本当]月(?:底前|底|末|内)?|月(?<![\d{_CN}十每上下]月)(?:底前|底|末前|末))"),
    # 两周内, 十五日内, 3个月内, 10个工作日内 (not 每月10日内)
    ("duration", rf"(?P<n>[\d{_CN}十两百](?<![\d{_CN}十两百月].)[\d{_CN}十两百]{{0,3}})"
                 r"(?P<u>个工作日|个星期|个月|周|天|日)(?:以内|之内|内)"),
    # 3年内, 两年内, 十年以内: years counted from the base date (not 2023年内, a calendar year)
    ("years", rf"(?P<n>[1-9{_CN}十两](?<![\d{_CN}十两百].)[\d{_CN}十]?)(?P<u>年)(?:以内|之内|内)"),
    ("winter", r"今冬明春" + _SUFFIX),
    ("twoyears", r"今明两年" + _SUFFIX),
    ("season", r"(?=[12一二今明])" + rf"(?:(?P<y>{_Y})年|(?P<rel>今年|明年|今|明)(?:年)?)(?P<s>初|年初|开春|春天|春季|夏天|夏季|秋天|秋季|冬天|冬季|冬|底|年底|末|年末)" + _SUFFIX),
    ("yearend", r"(?=[12一二])" + rf"(?P<y>{_Y})年(?:底|末|年底|年末){_SUFFIX}"),
    ("year", r"(?=[12一二])" + rf"(?P<y>{_Y})年(?:前(?!后)|以前|之前|内)"),
    ("target", rf"(?<=到|至)(?P<y>{_Y})年(?!\d|度|[一二三四]季|[上下]半年|{_NUM}月)"),
    # 今年必须完成…: this year, when a duty or completion follows (not 今年以来, 今年是…)
    ("within", r"(?P<w>年内|年底前|年底|年末|本年度内|今年内|当年|今年(?=必须|务必|确保|力争|要完成|要建成|完成|建成|实现|全面完成))"),
    ("week", r"(?P<k>本周内|本周|下周|近期|春节前|元旦前|主汛期前|汛期前|汛前|封冻前|入冬前|雨季前|开学前|国庆节前|国庆前|中秋节前|“十一”前|十一前|节前)"),
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


@lru_cache(maxsize=512)
def _num(s: str | None) -> int | None:
    """The value of a numeral: 9, 十五, 二十一, 两, 二〇二三 (cn2an reads the Chinese ones)."""
    if s is None:
        return None
    if s.isdigit() and s.isascii():
        return int(s)
    import cn2an  # a third of a second to import: only once a Chinese numeral is met

    try:
        return int(cn2an.cn2an(s, "normal"))
    except ValueError:  # not a numeral cn2an knows (the patterns admit only numerals)
        return None


def _year(m: re.Match[str], base: int | None) -> int | None:
    gd = m.groupdict()
    if gd.get("y"):
        return _num(gd["y"])
    rel = gd.get("rel")
    if base is None:
        return None
    if rel in ("明年", "次年", "明"):
        return base + 1
    return base


def _iso(y: int | None, month: int | None, day: int | None = None) -> str | None:
    if y is None or month is None or not 1 <= month <= 12:
        return None
    last = calendar.monthrange(y, month)[1]
    day = last if day is None else min(day, last)
    return f"{y:04d}-{month:02d}-{day:02d}"


def _day_date(y: int | None, month: int | None, day: int | None) -> str | None:
    """A stated day: None past the 31st (三十九日); the 31st of a shorter month is its last day."""
    if month is None or day is None or not 1 <= day <= 31:
        return None
    return _iso(y, month, day)


def _relative(kind: str, g: dict[str, str | None], base: date) -> str | None:
    """A form counted from the document's base date."""
    if kind == "monthend":
        return _iso(base.year, base.month)
    if kind == "monthday":
        day = _num(g["d"])
        if day is None or not 1 <= day <= 31:
            return None
        year, month = base.year, base.month
        if base.day > day:  # that day of this month is past: the next month's
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return _iso(year, month, day)
    if kind in ("duration", "years"):
        n, unit = _num(g["n"]), g["u"]
        if not n or unit == "个工作日":
            return None
        if unit == "年":  # 3年内 from 2023-04-19: to 2026-04-19 (29 February: the 28th)
            return _iso(base.year + n, base.month, base.day)
        if unit == "个月":
            months = base.month - 1 + n
            y, month = base.year + months // 12, months % 12 + 1
            return _iso(y, month, base.day)
        return (base + timedelta(days=n * (7 if unit in ("周", "个星期") else 1))).isoformat()
    return None


RELATIVE = ("monthday", "monthend", "duration", "years")


def resolve(kind: str, m: re.Match[str], base: int | None, base_date: date | None = None) -> str | None:
    g = m.groupdict()
    if kind in RELATIVE:
        usable = base_date is not None and (base is None or base_date.year == base)
        return _relative(kind, g, base_date) if usable else None
    y = _year(m, base)
    if kind == "range":
        month = _num(g["m2"]) or _num(g["m1"])
        return _day_date(y, month, _num(g["d2"]))
    if kind == "day":
        return _day_date(y, _num(g["m"]), _num(g["d"]))
    if kind == "xun":
        month, x = _num(g["m"]), g["x"]
        day = {"上旬": 10, "初": 10, "中旬": 20, "中": 20, "上中旬": 20}.get(x)
        return _iso(y, month, day)
    if kind == "month":
        return _iso(y, _num(g["m"]))
    if kind == "quarter":
        q = _num(g["q"])
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


def find_times(text: str, base_year: int | None, start: int = 0, end: int | None = None,
               base_date: date | None = None) -> list[TimeExpr]:
    """Every time expression in text[start:end], leftmost-longest, with its resolved end date.
    Relative forms count from ``base_date`` (default: the date ``text`` states as its own)."""
    base_date = base_date or stated_date(text)
    return [TimeExpr(m.start(), m.end(), m.group(), resolve(kind, m, base_year, base_date))
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
    inside a time expression, so per sentence this equals find_times on the sentence, but for the
    base date of relative forms, which is the whole document's (the text is the document's)."""
    starts, found, base_date = _scan(text)
    out = []
    for kind, m in found[bisect_left(starts, start):]:
        if m.start() >= end:
            break
        if m.end() <= end:
            out.append(TimeExpr(m.start(), m.end(), m.group(), resolve(kind, m, base_year, base_date)))
    return out


@lru_cache(maxsize=8)
def _scan(text: str) -> tuple[list[int], list[tuple[str, re.Match[str]]], date | None]:
    found = list(_leftmost(text, 0, len(text)))
    return [m.start() for _k, m in found], found, stated_date(text)
