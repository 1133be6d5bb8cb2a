"""Read documents from disk: plain text in any common Chinese encoding, .docx, .html, .pdf.

Each reader returns raw text; cleaning happens in :mod:`kg.clean`.  Every failure raises
:class:`~kg.errors.InputError` with a one-line message that names the file.
"""
from __future__ import annotations

import codecs
import logging
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError, MissingPathError

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}

# Control characters other than tab / newline / carriage return / form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def iter_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Expand PATHS into document files, folders recursively, in a stable (sorted) order.

    A path that does not exist raises :class:`MissingPathError` before anything is read.
    Inside folders, files with unsupported suffixes and hidden files are skipped.
    """
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise MissingPathError(f"{root}: no such file or directory")
    for root in roots:
        if root.is_dir():
            for p in sorted(root.rglob("*")):
                rel = p.relative_to(root).parts
                if p.is_file() and p.suffix.lower() in SUFFIXES and not any(s.startswith(".") for s in rel):
                    yield p
        else:
            yield root


def read_document_text(path: Path) -> str:
    """Return the raw text of one document, dispatching on the file suffix."""
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(f"{path}: empty file")
    if suffix == ".docx":
        text = _read_docx(path, data)
    elif suffix == ".pdf":
        text = _read_pdf(path, data)
    elif suffix in HTML_SUFFIXES:
        text = _read_html(path, decode_bytes(data, path))
    else:
        text = decode_bytes(data, path)
    if not text.strip():
        raise InputError(f"{path}: no text in document")
    return text


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> str:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 (BOM or not), GB18030/GBK.

    Raises InputError for binary data or bytes that no candidate decodes to plausible text.
    """
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode_checked(data, codec, path)
    if b"\x00" in data:
        utf16 = _guess_utf16(data)
        if utf16:
            return _decode_checked(data, utf16, path)
        raise InputError(f"{path}: binary file (contains NUL bytes), not a text document")
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible(text):
            return text
    raise InputError(f"{path}: cannot decode as UTF-8, UTF-16 or GB18030 text")


def _decode_checked(data: bytes, codec: str, path: Path | str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: invalid {codec} text at byte {exc.start}") from None
    if not _plausible(text):
        raise InputError(f"{path}: binary content in {codec} text")
    return text


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: ASCII-heavy text has NULs in every other byte; else try both orders."""
    even, odd = data[0::2], data[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        if _plausible(text) and cjk > 0.3 * len(text):
            return codec
    return None


def _plausible(text: str) -> bool:
    """Reject decodings full of control characters or private-use code points (binary data)."""
    if not text:
        return False
    bad = len(_CONTROL.findall(text)) + sum(1 for ch in text if "\ue000" <= ch <= "\uf8ff")
    return bad <= max(2, len(text) // 200)


def _read_docx(path: Path, data: bytes) -> str:
    """Paragraphs and table cells in body order; each cell becomes its own line."""
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(path)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{path}: not a valid .docx file ({exc})") from None
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                seen: set[int] = set()
                for cell in row.cells:  # merged cells repeat; keep each once
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    lines.append(cell.text)
                lines.append("")
    return "\n".join(lines)


_BLOCK_TAGS = (
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "table", "ul", "ol", "blockquote", "pre", "title",
)


def _read_html(path: Path, html: str) -> str:
    """Visible text only; block elements become line breaks."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "svg", "head"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text)


def _read_pdf(path: Path, data: bytes) -> str:
    """The PDF's text layer, page by page.  A scanned PDF without text is an error."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"{path}: encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a readable PDF ({exc})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(f"{path}: PDF has no text layer (scanned image?)")
    return text
