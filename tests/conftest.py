"""Shared fixtures: the project's seeds, the dev documents and their gold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DEV_DOCS = ROOT / "tests" / "data" / "docs"
GOLD = ROOT / "tests" / "data" / "gold"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def dev_paths() -> list[Path]:
    """Every document that has dev gold: seeds 000–003 and the corpus documents d1–d6."""
    golds = {json.loads(p.read_text(encoding="utf-8"))["doc"] for p in GOLD.glob("*.json")}
    return sorted(p for p in list(SEEDS.glob("*.txt")) + list(DEV_DOCS.glob("*.txt")) if p.name in golds)


@pytest.fixture(scope="session")
def seed_documents(seed_paths):
    """Every seed, read and extracted once per session."""
    from kg.documents import load_document
    from kg.extract import extract

    return {p.name: extract(load_document(p)) for p in seed_paths}


@pytest.fixture(scope="session")
def dev_documents(dev_paths):
    from kg.documents import load_document
    from kg.extract import extract

    return {p.name: extract(load_document(p)) for p in dev_paths}


@pytest.fixture
def unreadable(monkeypatch):
    """``unreadable(path)`` takes read permission away from a file or folder.

    chmod 000 does it for an ordinary user; a privileged process (root, as in many containers)
    reads through it, so then the same refusal is made where the OS would make it: os.scandir,
    os.access and reading a file raise or answer as for EACCES.
    """
    import errno
    import os

    denied: set[str] = set()
    changed: list[Path] = []
    real_scandir, real_access, real_read_bytes = os.scandir, os.access, Path.read_bytes

    def refuse(path) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))

    def scandir(path="."):
        if os.fspath(path) in denied:
            refuse(path)
        return real_scandir(path)

    def access(path, mode, *args, **kwargs):
        if os.fspath(path) in denied and mode & os.R_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    def read_bytes(self):
        if os.fspath(self) in denied:
            refuse(self)
        return real_read_bytes(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)

    def make(path: Path) -> Path:
        path.chmod(0)
        changed.append(path)
        if real_access(path, os.R_OK):  # privileged: chmod alone does not stop us
            denied.add(os.fspath(path))
        return path

    yield make
    for path in changed:
        path.chmod(0o755)
