"""Text → document record: read a file, clean it, find its structure and metadata."""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg import meta, structure
from kg.clean import clean_text
from kg.errors import InputError, shown
from kg.model import Document
from kg.readers import SUFFIXES, ReadFailure, iter_paths, read_document

__all__ = ["ReadFailure", "document_id", "iter_documents", "load_document", "make_document", "no_documents_message"]


def document_id(doc: str, text: str) -> str:
    """One id per file: its name and its cleaned text (two files with the same text are two
    documents; the same file read again, from any folder, is the same one)."""
    return hashlib.sha1(f"{doc}\x00{text}".encode("utf-8")).hexdigest()[:16]


def make_document(
    text: str, doc: str = "<text>", path: str = "", year: int | None = None, clean: bool = True, title: str | None = None,
) -> Document:
    """Build the record for a text: cleaned, with structure, title and year (``year`` overrides;
    ``title``, the title the file itself gives, wins over the inferred one)."""
    text = clean_text(text) if clean else text
    paras = structure.paragraphs(text)
    record = Document(
        doc=doc,
        text=text,
        path=path,
        doc_id=document_id(doc, text),
        content_hash=hashlib.sha1(text.encode("utf-8")).hexdigest(),
        paragraphs=paras,
        sections=structure.sections(text, paras),
        sentences=structure.sentences(text, paras),
        items=structure.items(text, paras),
        title=meta.given_title(title) or meta.infer_title(text, paras),
    )
    if year is not None:
        record.year, record.year_evidence = year, "--year"
    else:
        record.year, record.year_evidence = meta.infer_year(text)
    return record


def load_document(path: Path, year: int | None = None) -> Document:
    raw = read_document(path)
    record = make_document(raw.text, doc=shown(path.name), path=shown(path), year=year, title=raw.title)
    if not record.text.strip():
        raise InputError(f"{shown(path)}: no text left after cleaning")
    return record


def iter_documents(paths: Iterable[str | Path | ReadFailure], year: int | None = None) -> Iterator[Document | ReadFailure]:
    """Stream documents one at a time (a folder of 10,000 speeches is never held in memory).

    A path that does not exist raises MissingPathError before anything is yielded; a file that
    cannot be read, or a part of a folder that cannot be walked, yields a ReadFailure and the
    stream goes on.
    """
    for path in list(iter_paths(paths)):
        if isinstance(path, ReadFailure):
            yield path
            continue
        try:
            yield load_document(path, year=year)
        except InputError as exc:
            yield ReadFailure(path, str(exc))


def no_documents_message(paths: Iterable[str | Path | ReadFailure]) -> str:
    """Why PATHS gave no document: what the folders hold instead, counted by extension."""
    roots = [Path(p) for p in paths if not isinstance(p, ReadFailure)]
    skipped: Counter = Counter()
    for root in roots:
        if not root.is_dir():
            continue
        for p in root.rglob("*"):
            if not p.is_file():
                continue
            if any(part.startswith(".") for part in p.relative_to(root).parts):
                skipped["hidden"] += 1
            elif p.suffix.lower() not in SUFFIXES:
                skipped[p.suffix.lower() or "no extension"] += 1
    where = ", ".join(shown(r) for r in roots)
    readable = " ".join(sorted(SUFFIXES))
    if not skipped:
        return f"no documents found in {where} (nothing to read; readable: {readable})"
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])))
    total = sum(skipped.values())
    return f"no documents found in {where}, {total} file{'s' if total != 1 else ''} skipped ({kinds}); readable: {readable}"
