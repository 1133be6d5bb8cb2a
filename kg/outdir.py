"""The output directory of a build: locked while a build writes it, replaced as a whole.

A build writes its whole output set (``documents/``, ``graph.json``, ``build.json`` and every
sink's files) into ``DIR/.kg-staging/``; only when all of it is written are the staged entries
moved into ``DIR``.  Until then ``DIR`` holds the previous build untouched: a failing sink, an
input with no documents or a kill leaves it as it was.  Moving the entries in is a few renames,
journalled by a marker that is written once staging is complete: a build killed during those
renames is rolled forward by the next build on the same ``DIR``, before it does anything else.
Files in ``DIR`` that a build did not stage (exports, the user's own) are never touched.

One build at a time: an exclusive lock (``DIR/.kg-lock``, released by the system when the
process ends, however it ends) makes a second build on the same ``DIR`` fail with one line.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path
from typing import Any

from kg.errors import OutputError, shown

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

LOCK_FILE = ".kg-lock"
STAGING = ".kg-staging"
PREVIOUS = ".kg-previous"
COMPLETE = ".complete"  # inside STAGING: the list of entries to move in; staging is complete
LEGACY_STAGING = "documents.tmp"  # left by builds before this module


class OutputDir:
    """``with OutputDir(path) as out:`` write into ``out.staging``, then ``out.commit()``.

    Leaving the block without a commit (an exception, a failed sink) discards the staging
    area; the lock is released either way.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.staging = self.path / STAGING
        self._lock_fd: int | None = None
        self._created = False

    def __enter__(self) -> "OutputDir":
        if self.path.exists() and not self.path.is_dir():
            raise OutputError(f"{shown(self.path)}: not a directory; --out needs a directory")
        self._created = not self.path.exists()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{shown(self.path)}: cannot create the output directory ({exc.strerror or exc})") from None
        self._lock()
        try:
            recover(self.path)
            _remove(self.path / LEGACY_STAGING)
            self.staging.mkdir()
        except BaseException:
            self._unlock()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self.staging.exists() and not (self.staging / COMPLETE).exists():
                _remove(self.staging)
            if self._created and not _entries(self.path) - {LOCK_FILE}:
                _remove(self.path / LOCK_FILE)  # nothing was built into a directory we made: leave no trace
                self._unlock()
                self.path.rmdir()
        finally:
            self._unlock()

    def commit(self) -> list[str]:
        """Move every staged entry into the directory; return their names (sorted)."""
        names = sorted(_entries(self.staging))
        _write_atomic(self.staging / COMPLETE, json.dumps(names, ensure_ascii=False).encode("utf-8"))
        swap_in(self.path)
        return names

    # ------------------------------------------------------------ the lock
    def _lock(self) -> None:
        path = self.path / LOCK_FILE
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"{shown(self.path)}: cannot write here ({exc.strerror or exc})") from None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                holder = os.read(fd, 32).decode("ascii", "replace").strip()
                os.close(fd)
                who = f" (pid {holder})" if holder.isdigit() else ""
                raise OutputError(
                    f"{shown(self.path)}: another kg build{who} is writing to this directory; "
                    "wait for it to finish or choose another --out"
                ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self._lock_fd = fd

    def _unlock(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            os.close(fd)  # closing releases the flock


def recover(path: Path) -> None:
    """Finish an interrupted swap (staging complete) or discard an incomplete staging area."""
    staging = path / STAGING
    if (staging / COMPLETE).exists():
        log.warning("%s: the previous build was interrupted while replacing its outputs; finishing that first", path)
        swap_in(path)
    elif staging.exists():
        _remove(staging)
    _remove(path / PREVIOUS)


def swap_in(path: Path) -> None:
    """Move the staged entries listed in the marker into ``path``.  Idempotent: after a kill
    at any point it can run again and reaches the same end state."""
    staging, previous = path / STAGING, path / PREVIOUS
    names = json.loads((staging / COMPLETE).read_text(encoding="utf-8"))
    previous.mkdir(exist_ok=True)
    for name in names:
        src, dst = staging / name, path / name
        if not os.path.lexists(src):
            continue  # moved in before an interruption
        wal = path / (name + ".wal")  # an embedded store's log belongs to the file it sits next to
        if wal.exists() and not (staging / wal.name).exists():
            os.replace(wal, previous / wal.name)
        if dst.is_dir() and not dst.is_symlink():
            _remove(previous / name)
            os.replace(dst, previous / name)  # a directory cannot be renamed over a non-empty one
        os.replace(src, dst)
    (staging / COMPLETE).unlink()
    staging.rmdir()
    _remove(previous)


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    _write_atomic(path, (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def read_manifest(path: Path) -> dict[str, Any] | None:
    """The manifest of a previous build, or None if there is none or it is unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("%s: unreadable build manifest (%s); extracting everything again", path, exc)
        return None
    return data if isinstance(data, dict) else None


def _entries(path: Path) -> set[str]:
    return {p.name for p in path.iterdir()} - {COMPLETE}


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()
