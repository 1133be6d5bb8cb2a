"""Cleaning that keeps meaning: hosting-site boilerplate, layout spaces, full-width forms.

The cleaned text is what every span refers to and what the JSON output keeps, so cleaning
runs once, before any structure or extraction.
"""
from __future__ import annotations

import re

# Full-width digits and Latin letters → ASCII.  Full-width punctuation (，。：（）＋) is kept:
# it is part of the Chinese text and of names such as 河湖长＋管理模式.
_FULLWIDTH = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for cp in range(r[0], r[1] + 1)}
_INVISIBLE = {0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None, 0x00AD: None}
_SPACES = {0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x202F: " "}
_TRANSLATE = {**_FULLWIDTH, **_INVISIBLE, **_SPACES}

# Lines a document-hosting site adds around the text (seed 002): file size, upload date,
# page count, upload/copyright notices, customer-service contacts.
_BULLET = r"^[\s•·●◆■▪\-–—]*(?:\d+[.、．)]\s*)*"
BOILERPLATE_LINES = (
    re.compile(_BULLET + r"\d+(?:\.\d+)?\s*[KMG]?B\s*$", re.I),
    re.compile(_BULLET + r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*(?:发布|上传|更新)\s*$"),
    re.compile(_BULLET + r"(?:共\s*)?\d+\s*页\s*$"),
    re.compile(r"用户上传|上传发布|文库|版权归属|版权争议|网站客服|客服\s*QQ|付费之前|付费下载|收益归属|本站不保证|阅读全部内容|下载文档|举报"),
)
_BOILERPLATE_ZONE = 30  # only the first and last lines of a document are candidates
_BOILERPLATE_MAX_LEN = 120

# Markup that reached a plain text (a page saved as .txt, a pasted fragment) is not text: tags
# of HTML elements, comments, <!DOCTYPE>, <?xml?>, namespaced Word tags (<o:p>), and what
# <script> and <style> hold.  Only element names are tags, so <水污染防治法> (book-title marks
# written as angle brackets) and <ISO 9001> stay.  Block elements leave a line break.
BLOCK_TAGS = (
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "table", "ul", "ol", "blockquote", "pre", "title",
    "header", "footer", "nav", "aside", "main", "form", "hr", "dl", "dt", "dd", "caption",
    "thead", "tbody", "tfoot", "figure", "figcaption", "html", "head", "body", "center",
)
_INLINE_TAGS = (
    "a", "abbr", "b", "bdi", "bdo", "big", "button", "cite", "code", "col", "colgroup", "data",
    "del", "dfn", "em", "embed", "font", "i", "iframe", "img", "input", "ins", "kbd", "label",
    "legend", "link", "mark", "meta", "meter", "noscript", "object", "option", "param", "q",
    "s", "samp", "script", "select", "small", "source", "span", "strike", "strong", "style",
    "sub", "sup", "svg", "template", "textarea", "time", "tt", "u", "var", "video", "wbr",
)
_TAG_NAMES = "|".join(sorted(BLOCK_TAGS + _INLINE_TAGS, key=len, reverse=True))
_MARKUP = re.compile(
    r"<(script|style)\b[^<>]*>.*?</\1\s*>"  # with what they hold
    r"|<!--.*?-->|<![A-Za-z][^<>]*>|<\?[A-Za-z][^<>]*\?>"
    rf"|</?(?:(?P<name>{_TAG_NAMES})|[A-Za-z]+:[A-Za-z]+)(?![\w:-])(?:\s[^<>]*)?/?>",
    re.IGNORECASE | re.DOTALL,
)
_BLOCK = frozenset(BLOCK_TAGS)

_HSPACE = re.compile(r"[ \t\f\v]+")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


def clean_text(raw: str) -> str:
    """Return the cleaned text of a document (see module docstring)."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATE)
    text = remove_markup(text)
    lines = _drop_boilerplate(text.split("\n"))
    lines = [cell for line in lines for cell in _table_cells(line)]
    lines = [_remove_layout_spaces(line) for line in lines]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = _MIXED_QUOTE.sub(r"“\1”", text)
    return text.strip("\n")


# “一件事"清单: a Chinese opening quote closed by an ASCII one (a word processor's autocorrect
# at work) is one quotation; written with a matching pair, quoted names read as any other
_MIXED_QUOTE = re.compile(r'“([^“”"\n]{1,40})"')


def remove_markup(text: str) -> str:
    """Drop markup tags (see _MARKUP); a block element's tag becomes a line break."""
    if "<" not in text:
        return text

    def replace(m: re.Match[str]) -> str:
        name = m.group("name")
        return "\n" if name and name.lower() in _BLOCK else ""

    return _MARKUP.sub(replace, text)


def is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and len(stripped) <= _BOILERPLATE_MAX_LEN and any(p.search(stripped) for p in BOILERPLATE_LINES)


def _drop_boilerplate(lines: list[str]) -> list[str]:
    n = len(lines)
    zone = set(range(min(_BOILERPLATE_ZONE, n))) | set(range(max(0, n - _BOILERPLATE_ZONE), n))
    return [line for i, line in enumerate(lines) if not (i in zone and is_boilerplate(line))]


_TAB_CELLS = re.compile(r"\t+")
MIN_TAB_CELLS = 3


def _table_cells(line: str) -> list[str]:
    """A row of a table pasted as tab-separated text (序号\t任务内容\t牵头单位\t完成时间): one cell
    per line, the flattened layout the task tables are read from; a line with fewer cells keeps
    its tabs as layout space."""
    cells = [c for c in _TAB_CELLS.split(line.strip(" \t\f\v")) if c.strip()]
    return cells if len(cells) >= MIN_TAB_CELLS else [line]


def _remove_layout_spaces(line: str) -> str:
    """Drop horizontal whitespace except a single space between two ASCII letters/digits."""
    line = line.strip(" \t\f\v")

    def keep(m: re.Match[str]) -> str:
        before = line[m.start() - 1] if m.start() > 0 else ""
        after = line[m.end()] if m.end() < len(line) else ""
        if before and after and _ASCII_ALNUM.match(before) and _ASCII_ALNUM.match(after):
            return " "
        return ""

    return _HSPACE.sub(keep, line)
