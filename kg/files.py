"""Writing one output file (or folder) the user named: whole or not at all, and any failure one
:class:`~kg.errors.OutputError` that names the path the user gave.

A file is written to ``NAME.tmp`` next to it and renamed over ``NAME`` once complete, so a reader
never sees half a file; if anything fails the temporary file is removed and whatever was at
``NAME`` before is still there.  The errors name ``NAME`` (never the temporary file) and say what
is in the way: ``-o /`` or ``-o some/folder`` (a folder where a file is wanted), ``-o README.md/x``
(a file where a folder is wanted), a read-only or missing place (``-o /proc/x``).
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kg.errors import OutputError, shown

TMP_SUFFIX = ".tmp"


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _file_in_the_way(path: Path) -> Path | None:
    """The first existing ancestor of ``path`` that is not a folder (README.md in README.md/x)."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


def _make_folder(folder: Path, given: Path) -> None:
    blocker = _file_in_the_way(folder / "_")
    if blocker is not None:
        raise OutputError(f"{shown(given)}: {shown(blocker)} is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{shown(given)}: cannot create the folder {shown(folder)} ({_reason(exc)})") from None


def ensure_folder(path: Path) -> Path:
    """Create the folder ``path`` (and its parents) if needed."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputError(f"{shown(path)}: is a file; give a folder here")
    _make_folder(path, path)
    return path


def _check_file_target(path: Path) -> None:
    if not path.name or path.is_dir():
        raise OutputError(f"{shown(path)}: is a folder; give a file name")
    _make_folder(path.parent, path)


@contextlib.contextmanager
def atomic_output(path: Path, encoding: str = "utf-8", newline: str | None = None) -> Iterator[IO[str]]:
    """``with atomic_output(path) as f:`` write text to ``f``; ``path`` appears when the block ends
    without an exception, and nothing at all is left behind when it does not."""
    path = Path(path)
    _check_file_target(path)
    tmp = path.with_name(path.name + TMP_SUFFIX)
    try:
        try:
            f = open(tmp, "w", encoding=encoding, newline=newline)
        except OSError as exc:
            raise OutputError(f"{shown(path)}: cannot write here ({_reason(exc)})") from None
        with f:
            yield f
        os.replace(tmp, path)
    except OSError as exc:
        if exc.filename not in (None, str(tmp), str(path)):
            raise  # about another file (the caller's own): not ours to rename
        raise OutputError(f"{shown(path)}: cannot write ({_reason(exc)})") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write ``data`` (str as UTF-8) to ``path`` whole; return ``path``."""
    path = Path(path)
    _check_file_target(path)
    tmp = path.with_name(path.name + TMP_SUFFIX)
    try:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise OutputError(f"{shown(path)}: cannot write here ({_reason(exc)})") from None
    return path
