"""Document metadata inferred from the text: title, and the year the speech was given."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files

from kg.clean import clean_text
from kg.errors import UsageError
from kg.model import Span

# The years a document can state (infer_year reads 19xx and 20xx); relative deadlines (明年)
# stay valid dates from the last of them.
YEAR_MIN, YEAR_MAX = 1900, 2099


def checked_year(value: object, what: str = "year") -> int:
    """``value`` as a year from YEAR_MIN to YEAR_MAX, else :class:`UsageError` naming it."""
    try:
        year = int(value)  # type: ignore[call-overload]
        if isinstance(value, float) or isinstance(value, bool) or str(year) != str(value).strip():
            raise ValueError
    except (TypeError, ValueError):
        raise UsageError(f"{what} {value}: not a year; give a year from {YEAR_MIN} to {YEAR_MAX}") from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise UsageError(f"{what} {year}: out of range; give a year from {YEAR_MIN} to {YEAR_MAX}")
    return year

_SALUTATION = re.compile(r"^[^。，,]{1,20}[：:]$|^同志们")
_TITLE_END_BAD = re.compile(r"[。；;，,：:]$")
MAX_TITLE = 80


# A page title ends with the site's name: "关于…的通知_政府信息公开_某市人民政府", "… - 新华网".
_SITE_SEPARATOR = re.compile(r"\s*[_|｜]\s*|\s+[-–—]+\s+")


def given_title(raw: str | None) -> str | None:
    """The title a file states itself (an HTML ``<title>``), without the site's name after it."""
    if not raw:
        return None
    first = next((part for part in _SITE_SEPARATOR.split(raw) if part.strip()), "")
    title = clean_text(" ".join(first.split()))
    return title or None


_ITEM_NUMBER = re.compile(r"(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,3}[.、．](?!\d))")


def infer_title(text: str, paras: list[Span]) -> str | None:
    """The first short line that is not a salutation; a title split over two lines is joined."""
    for i, p in enumerate(paras[:5]):
        line = text[p.start : p.end].strip()
        if _SALUTATION.search(line):
            return None
        if len(line) > MAX_TITLE or _TITLE_END_BAD.search(line) or _ITEM_NUMBER.match(line):
            return None  # a text that opens with an item (（三）制定…) has lost its title
        if line.count("《") > line.count("》") and i + 1 < len(paras):
            nxt = text[paras[i + 1].start : paras[i + 1].end].strip()
            if len(line) + len(nxt) <= MAX_TITLE:
                return line + nxt
        return line
    return None


@dataclass(frozen=True)
class YearCue:
    pattern: re.Pattern[str]
    year: int
    exact: bool


@lru_cache(maxsize=1)
def year_cues() -> tuple[YearCue, ...]:
    rows = files("kg").joinpath("data/year_cues.tsv").read_text(encoding="utf-8").splitlines()
    cues = []
    for row in rows:
        if not row.strip() or row.startswith("#"):
            continue
        pattern, year, mode = row.split("\t")
        cues.append(YearCue(re.compile(pattern), int(year), mode == "exact"))
    return tuple(cues)


# A dated signature line ("2017年9月6日", "…2022年4月19日印发"), the document's own number
# (龙工信能源〔2022〕9号 on its own line or after 文件), a work report's headings (2023年工作回顾 →
# given in 2024; 2024年工作安排) or "2025年是…" state the year outright.
_SIGNATURE = re.compile(r"^\s*((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$"
                        r"|((?:19|20)\d{2})年\d{1,2}月\d{1,2}日印发", re.M)
_DOC_NUMBER = re.compile(r"(?:^[（(]?|文件)[\u4e00-\u9fff]{1,10}[〔［\[]((?:19|20)\d{2})[〕］\]]\d{1,4}号[）)]?\s*(?:$|[\u4e00-\u9fff])", re.M)
_REPORT_REVIEW = re.compile(r"^[一二三四五六七八九十、\s]*((?:19|20)\d{2})年(?:工作回顾|政府工作回顾)", re.M)
_REPORT_PLAN = re.compile(r"^[一二三四五六七八九十、\s]*((?:19|20)\d{2})年(?:工作安排|工作任务|主要工作|重点工作|工作总体要求)\s*$", re.M)
_YEAR_IS = re.compile(r"((?:19|20)\d{2})年(?:是|，是|,是)")
_YEAR = re.compile(r"(?<![\d])((?:19|20)\d{2})\s*年(?!代)")
# Years that are targets or spans rather than the present: 到2025年, 至2030年, 2035年远景目标.
_FUTURE_BEFORE = re.compile(r"(?:到|至|截至|截止|迄|力争|展望|~|－|-|—)\s*$")
_FUTURE_AFTER = re.compile(r"^\s*年?(?:远景|目标|前后|以后|以前|左右)")


def stated_date(text: str) -> date | None:
    """The date the document gives itself: its dated signature line (2022年4月19日 on a line of its
    own, or 2022年4月19日印发), the first of them; None if there is none or it is no real date."""
    m = _SIGNATURE.search(text)
    if m is None:
        return None
    year, month, day = (int(n) for n in re.findall(r"\d+", m.group())[:3])
    try:
        return date(year, month, day)
    except ValueError:  # 2022年2月30日
        return None


def infer_year(text: str) -> tuple[int | None, str | None]:
    """Return (year, evidence).  Strong cues first: a dated signature, the document's number,
    a work report's headings, "YYYY年是", a named
    event of a known year; otherwise the latest plain year mentioned, raised to the latest
    "no earlier than" event."""
    for pat, offset in ((_SIGNATURE, 0), (_DOC_NUMBER, 0), (_REPORT_PLAN, 0), (_REPORT_REVIEW, 1), (_YEAR_IS, 0)):
        m = pat.search(text)
        if m:
            year = next(int(g) for g in m.groups() if g)
            return year + offset, _context(text, m)
    exact = [(c, m) for c in year_cues() if c.exact for m in [c.pattern.search(text)] if m]
    if exact:
        cue, m = max(exact, key=lambda cm: cm[0].year)
        return cue.year, _context(text, m)
    best: tuple[int, str] | None = None
    for m in _YEAR.finditer(text):
        year = int(m.group(1))
        before = text[max(0, m.start() - 4) : m.start()]
        after = text[m.end() - 1 : m.end() + 6]
        if _FUTURE_BEFORE.search(before) or _FUTURE_AFTER.match(after):
            continue
        if best is None or year > best[0]:
            best = (year, _context(text, m))
    for cue in year_cues():
        if cue.exact:
            continue
        m = cue.pattern.search(text)
        if m and (best is None or cue.year > best[0]):
            best = (cue.year, _context(text, m))
    return best if best else (None, None)


def _context(text: str, m: re.Match[str], width: int = 12) -> str:
    return text[max(0, m.start() - width) : min(len(text), m.end() + width)].replace("\n", " ")
