"""Read documents from disk: plain text in any common Chinese encoding (:mod:`kg.decoding`),
.docx, .html, .pdf; and walk folders for them.

Each reader returns raw text (and the title the format gives); cleaning happens in
:mod:`kg.clean`.  Every failure raises :class:`~kg.errors.InputError` with a one-line message
that names the file, escaped (:func:`kg.errors.shown`).
"""
from __future__ import annotations

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
from kg.decoding import decode_bytes
from kg.errors import InputError, MissingPathError, shown

__all__ = ["RawText", "ReadFailure", "SUFFIXES", "decode_bytes", "iter_paths", "read_document", "read_document_text"]

log = logging.getLogger(__name__)

TEXT_SUFFIXES = frozenset({".txt", ".md", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".docx", ".pdf"}

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
