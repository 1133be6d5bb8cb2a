"""Read documents from disk: plain text in any common Chinese encoding, .docx, .html, .pdf.

Each reader returns raw text; cleaning happens in :mod:`kg.clean`.  Every failure raises
:class:`~kg.errors.InputError` with a one-line message that names the file.
"""
from __future__ import annotations

import codecs
import errno
import logging
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.clean import BLOCK_TAGS
from kg.errors import InputError, MissingPathError, shown

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}

# Control characters other than tab / newline / carriage return / form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ReadFailure:
    """A path that could not be read: its message names it (escaped) and says why."""

    path: Path
    message: str


@dataclass(frozen=True)
class RawText:
    """What a reader found in a file: the text, and the title the format itself gives, if any."""

    text: str
    title: str | None = None


def iter_paths(paths: Iterable[str | Path | ReadFailure]) -> Iterator[Path | ReadFailure]:
    """Expand PATHS into document files, folders recursively, in a stable (sorted) order.

    A path that does not exist raises :class:`MissingPathError` before anything is read.
    Inside folders, files with unsupported suffixes and hidden files are skipped; symbolic links
    are followed.  What cannot be walked (an unreadable folder, a broken link, a link back to a
    folder it is in) is yielded as a :class:`ReadFailure` in its place, so that it is named like
    any unreadable file and the rest is still read.  A ReadFailure given in ``paths`` passes
    through, so the output of one call can be the input of another.
    """
    roots = [p if isinstance(p, ReadFailure) else Path(p) for p in paths]
    for root in roots:
        if isinstance(root, ReadFailure) or root.exists():
            continue
        if os.path.lexists(root):
            raise MissingPathError(f"{shown(root)}: broken symbolic link (to {shown(os.readlink(root))})")
        raise MissingPathError(f"{shown(root)}: no such file or directory")
    for root in roots:
        if isinstance(root, ReadFailure) or not root.is_dir():
            yield root
        else:
            yield from sorted(_walk(root), key=lambda item: (item.path if isinstance(item, ReadFailure) else item).parts)


def _walk(root: Path) -> list[Path | ReadFailure]:
    """Every document file under ``root`` and every failure to walk a part of it (unsorted)."""
    found: list[Path | ReadFailure] = []
    seen: dict[tuple[int, int], Path] = {}

    def visit(folder: Path, ancestors: dict[tuple[int, int], Path]) -> None:
        try:
            with os.scandir(folder) as entries:
                names = sorted(e.name for e in entries)
        except OSError as exc:
            found.append(ReadFailure(folder, f"{shown(folder)}: cannot read folder ({_reason(exc)})"))
            return
        for name in names:
            if name.startswith("."):
                continue
            path = folder / name
            try:
                st = os.stat(path)
            except OSError as exc:
                failure = _unstattable(path, exc)
                if failure:
                    found.append(failure)
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in ancestors:
                    found.append(ReadFailure(path, f"{shown(path)}: symbolic link loop (back to {shown(ancestors[key])})"))
                elif key in seen:
                    log.warning("%s: skipped, the same folder as %s, already read", path, seen[key])
                else:
                    seen[key] = path
                    visit(path, {**ancestors, key: path})
            elif path.suffix.lower() in SUFFIXES:
                found.append(path)  # not a regular file (a FIFO, a device): reading it says so

    st = os.stat(root)
    seen[(st.st_dev, st.st_ino)] = root
    visit(root, {(st.st_dev, st.st_ino): root})
    return found


def _unstattable(path: Path, exc: OSError) -> ReadFailure | None:
    """A folder entry that cannot be followed: a broken or looping link, or no permission."""
    if exc.errno == errno.ELOOP:
        return ReadFailure(path, f"{shown(path)}: symbolic link loop")
    if path.is_symlink():
        if path.suffix and path.suffix.lower() not in SUFFIXES:
            return None  # a broken link to a file we would not read anyway
        return ReadFailure(path, f"{shown(path)}: broken symbolic link (to {shown(os.readlink(path))})")
    return ReadFailure(path, f"{shown(path)}: cannot read ({_reason(exc)})")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def read_document(path: Path) -> RawText:
    """The raw text of one document (and its own title, for HTML), dispatching on the suffix."""
    suffix = path.suffix.lower()
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{shown(path)}: not a regular file")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{shown(path)}: cannot read ({_reason(exc)})") from None
    if not data.strip():
        raise InputError(f"{shown(path)}: empty file")
    title = None
    if suffix == ".docx":
        text = _read_docx(path, data)
    elif suffix == ".pdf":
        text = _read_pdf(path, data)
    elif suffix in HTML_SUFFIXES:
        text, title = _read_html(path, decode_bytes(data, path))
    else:
        text = decode_bytes(data, path)
    if not text.strip():
        raise InputError(f"{shown(path)}: no text in document")
    return RawText(text, title)


def read_document_text(path: Path) -> str:
    """Return the raw text of one document."""
    return read_document(path).text


def decode_bytes(data: bytes, path: Path | str = "<bytes>") -> str:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 (BOM or not), GB18030/GBK.

    UTF-8 with a few stray bytes is still UTF-8: they become U+FFFD and a warning names their
    offsets.  Raises InputError for binary data or bytes that no candidate decodes to plausible
    text.
    """
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode_checked(data, codec, path)
    if data.startswith(codecs.BOM_UTF8):
        text = _decode_utf8(data[len(codecs.BOM_UTF8):], path, len(codecs.BOM_UTF8))
        if text is None:
            first = len(codecs.BOM_UTF8) + _first_bad_utf8(data[len(codecs.BOM_UTF8):])
            raise InputError(f"{shown(path)}: invalid UTF-8 text after its BOM (at byte offset {first})")
        return text
    if b"\x00" in data:
        utf16 = _guess_utf16(data)
        if utf16:
            return _decode_checked(data, utf16, path)
        raise InputError(f"{shown(path)}: binary file (contains NUL bytes), not a text document")
    text = _decode_utf8(data, path, 0)
    if text is not None:
        return text
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible(text):
        return text
    first = _first_bad_utf8(data)
    raise InputError(f"{shown(path)}: cannot decode as UTF-8 (invalid byte at offset {first}), UTF-16 or GB18030 text")


# UTF-8 with stray bytes: at most one bad byte per this many well-formed non-ASCII characters.
# Chinese text in GBK, read as UTF-8, has far more bad bytes than well-formed characters.
_UTF8_CHARS_PER_BAD_BYTE = 5


def _decode_utf8(data: bytes, path: Path | str, base: int) -> str | None:
    """UTF-8 text, or None when it is not UTF-8.  A few stray bytes among plenty of well-formed
    UTF-8 are replaced by U+FFFD, with a warning naming their offsets (``base`` is added to them:
    the length of a BOM)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        escaped = data.decode("utf-8", "surrogateescape")  # each bad byte becomes U+DC80..U+DCFF
        bad = sum(1 for ch in escaped if "\udc80" <= ch <= "\udcff")
        wide = sum(1 for ch in escaped if ord(ch) > 0x7F) - bad
        if bad * _UTF8_CHARS_PER_BAD_BYTE > wide:
            return None
        text = data.decode("utf-8", "replace")
        if not _plausible(text):
            return None
        offsets = _bad_offsets(escaped, base, _SHOWN_OFFSETS + 1)
        where = ", ".join(map(str, offsets[:_SHOWN_OFFSETS])) + (", …" if len(offsets) > _SHOWN_OFFSETS else "")
        log.warning("%s: %d byte(s) that are not UTF-8 replaced by U+FFFD, at byte offset %s", shown(path), bad, where)
        return text
    return text if _plausible(text) else None


_SHOWN_OFFSETS = 5


def _bad_offsets(escaped: str, base: int, limit: int) -> list[int]:
    """Byte offsets where the first ``limit`` runs of bad bytes start."""
    offsets: list[int] = []
    pos, in_run = base, False
    for ch in escaped:
        bad = "\udc80" <= ch <= "\udcff"
        if bad and not in_run:
            if len(offsets) == limit:
                break
            offsets.append(pos)
        in_run = bad
        pos += 1 if bad else len(ch.encode("utf-8"))
    return offsets


def _first_bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def _decode_checked(data: bytes, codec: str, path: Path | str) -> str:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(f"{shown(path)}: invalid {codec} text at byte {exc.start}") from None
    if not _plausible(text):
        raise InputError(f"{shown(path)}: binary content in {codec} text")
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
        raise InputError(f"{shown(path)}: not a valid .docx file ({shown(exc)})") from None
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


def _read_html(path: Path, html: str) -> tuple[str, str | None]:
    """Visible text only, block elements as line breaks; and the page's ``<title>``."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = next((t.get_text(" ", strip=True) for t in soup.find_all("title") if not t.find_parent("svg")), None)
    for tag in soup(["script", "style", "noscript", "template", "svg", "head", "title"]):
        tag.decompose()
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    return re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", text), title or None


def _read_pdf(path: Path, data: bytes) -> str:
    """The PDF's text layer, page by page.  A scanned PDF without text is an error."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputError(f"{shown(path)}: encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{shown(path)}: not a readable PDF ({shown(exc)})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(f"{shown(path)}: PDF has no text layer (scanned image?)")
    return text
