"""Session fixtures for the store tests: a Bolt server, either the real Neo4j named by NEO4J_URI
(a THROWAWAY database: the tests empty it) or ArcadeDB started in a child process.

Use with ``pytest_plugins = ["tests.store_fixtures"]`` so that every module shares one server.
"""
from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass

import pytest

# ---------------------------------------------------------------- a Bolt server


@dataclass(frozen=True)
class BoltTarget:
    uri: str
    user: str
    password: str
    database: str | None
    kind: str  # "neo4j" (NEO4J_URI) or "arcadedb" (child process)


def _arcadedb_available() -> bool:
    return importlib.util.find_spec("arcadedb_embedded") is not None


@pytest.fixture(scope="session")
def bolt_target():
    """The real Neo4j named by NEO4J_URI (a THROWAWAY database: the tests empty it), else ArcadeDB."""
    if os.environ.get("NEO4J_URI"):
        yield BoltTarget(
            os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""),
            os.environ.get("NEO4J_DATABASE") or None, "neo4j",
        )
        return
    if not _arcadedb_available():
        pytest.skip("NEO4J_URI is not set and arcadedb-embedded is not installed (pip install -e '.[test]')")
    from tests.bolt_server import PASSWORD, USER, BoltServer

    server = BoltServer(("kg",))
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(f"could not start the ArcadeDB Bolt server: {exc}")
    try:
        yield BoltTarget(server.uri, USER, PASSWORD, "kg", "arcadedb")
    finally:
        server.stop()


@pytest.fixture(scope="session")
def bolt_driver(bolt_target):
    from loaders.bolt import connect

    driver = connect(bolt_target.uri, bolt_target.user, bolt_target.password, retry_seconds=20)
    yield driver
    driver.close()


