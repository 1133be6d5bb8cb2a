"""Session fixtures for the RDF tests; use with ``pytest_plugins = ["tests.rdf_plugin"]``."""
from __future__ import annotations

from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory):
    """`kg build seeds` once per session (the Turtle sink validates what it writes)."""
    from kg.pipeline import build
    from loaders import SINKS

    out = tmp_path_factory.mktemp("seed-build")
    build([SEEDS], out, sinks=SINKS)
    return out
