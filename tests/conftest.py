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
