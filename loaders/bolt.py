"""Neo4j over Bolt: idempotent, batched loading of a build and Cypher queries.

The driver is passed in (:func:`connect` makes one).  Loading creates the uniqueness
constraints first, then runs ``UNWIND $rows … MERGE`` per label and relationship type, one
transaction per batch through ``session.execute_write``, which retries a batch whose connection
was lost.  Each batch first reads what the database holds of its nodes and relationships and
writes the union (:func:`loaders.cypher.unite`), so loading a second build adds its evidence,
names and time texts to the first build's, and loading twice, or again after a crash, converges
to the same graph.  Driver errors become :class:`~kg.errors.StoreError` with one clear line.
"""
from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx
from neo4j import READ_ACCESS, WRITE_ACCESS, Driver, GraphDatabase
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from kg.errors import StoreError
from loaders.cypher import Step, batches, constraint, existing_query, key_rows, load_plan, row_key, unite
from loaders.results import QueryResult, plain
from loaders.schema import NODE_TABLES

log = logging.getLogger(__name__)

DEFAULT_URI = "bolt://localhost:7687"
DEFAULT_USER = "neo4j"
BATCH_SIZE = 1000
RETRY_SECONDS = 30.0
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass
class LoadStats:
    nodes: int = 0
    relationships: int = 0
    batches: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class Target:
    """Where to load: for messages, and the database to open sessions on (None: server default)."""

    uri: str
    user: str = DEFAULT_USER
    database: str | None = None


def connect(uri: str, user: str, password: str, retry_seconds: float = RETRY_SECONDS, timeout: float = 10.0) -> Driver:
    """A driver for ``uri``; nothing is sent until it is used."""
    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    if scheme not in BOLT_SCHEMES:
        raise StoreError(f"{uri}: not a usable Bolt URI (expected {', '.join(s + '://' for s in BOLT_SCHEMES)})")
    try:
        return GraphDatabase.driver(
            uri, auth=(user, password), max_transaction_retry_time=retry_seconds, connection_timeout=timeout
        )
    except (ValueError, ConfigurationError) as exc:
        raise StoreError(f"{uri}: not a usable Bolt URI ({_first_line(exc)})") from None


@contextlib.contextmanager
def store_errors(target: Target) -> Iterator[None]:
    """Map the driver's exceptions to one-line StoreErrors that name the server and database."""
    where = target.uri + (f" (database {target.database!r})" if target.database else "")
    try:
        yield
    except AuthError:
        raise StoreError(
            f"{target.uri}: authentication failed for user {target.user!r}; "
            "check --user/--password (or NEO4J_USER/NEO4J_PASSWORD)"
        ) from None
    except (ServiceUnavailable, SessionExpired) as exc:
        raise StoreError(f"{target.uri}: cannot reach the server ({_one_line(exc)})") from None
    except ClientError as exc:
        if exc.code and exc.code.endswith("DatabaseNotFound"):
            raise StoreError(f"{target.uri}: database {target.database!r} does not exist") from None
        raise StoreError(f"{where}: {_neo4j_message(exc)}") from None
    except Neo4jError as exc:
        raise StoreError(f"{where}: {_neo4j_message(exc)}") from None
    except DriverError as exc:
        raise StoreError(f"{where}: {_first_line(exc)}") from None
    except OSError as exc:
        raise StoreError(f"{target.uri}: cannot reach the server ({_first_line(exc)})") from None


def check(driver: Driver, target: Target) -> None:
    """Fail early, with one line, on an unreachable server, bad credentials or unknown database."""
    with store_errors(target):
        driver.verify_connectivity()
        with driver.session(database=target.database) as session:
            session.run("RETURN 1 AS ok").consume()


def create_constraints(driver: Driver, target: Target) -> None:
    with store_errors(target), driver.session(database=target.database) as session:
        for table in NODE_TABLES:
            session.run(constraint(table.label)).consume()


def _write(tx, step: Step, rows: list[dict[str, Any]]) -> None:
    """One batch, one transaction: read what is stored of it, write the union."""
    lookup = existing_query(step)
    if lookup is not None:
        stored = {row_key(step, rec): rec for rec in tx.run(lookup, rows=key_rows(step, rows)).data()}
        if stored:
            rows = [unite(step, r, stored.get(row_key(step, r))) for r in rows]
    tx.run(step.query, rows=rows).consume()


def load_graph(
    driver: Driver,
    g: nx.MultiDiGraph,
    target: Target,
    batch_size: int = BATCH_SIZE,
    plan: list[Step] | None = None,
    on_batch: Callable[[Step, int], None] | None = None,
    constraints: bool = True,
) -> LoadStats:
    """Merge ``g`` into the database: constraints first, then one transaction per batch."""
    start = time.perf_counter()
    check(driver, target)
    if constraints:
        create_constraints(driver, target)
    stats = LoadStats()
    steps = plan if plan is not None else load_plan(g)
    with store_errors(target), driver.session(database=target.database) as session:
        for step in steps:
            for batch in batches(step.rows, batch_size):
                session.execute_write(_write, step, batch)
                stats.batches += 1
                if step.nodes:
                    stats.nodes += len(batch)
                else:
                    stats.relationships += len(batch)
                if on_batch:
                    on_batch(step, len(batch))
            log.info("%s: %d row(s)", step.what, len(step.rows))
    stats.seconds = time.perf_counter() - start
    return stats


def query_bolt(
    driver: Driver, target: Target, cypher: str, params: dict[str, Any] | None = None, write: bool = False,
) -> QueryResult:
    """Run one Cypher statement; rows as plain values (dates as ISO strings).

    The session is a read session unless ``write``: Neo4j then refuses any write in it (and a
    cluster routes it to a reader).  The statement runs in an auto-commit transaction, so
    ``CALL { … } IN TRANSACTIONS`` works too.
    """
    mode = WRITE_ACCESS if write else READ_ACCESS
    with store_errors(target), driver.session(database=target.database, default_access_mode=mode) as session:
        result = session.run(cypher, params or {})
        out = QueryResult(list(result.keys()))
        for record in result:
            out.rows.append([plain(v) for v in record.values()])
        return out


def _neo4j_message(exc: Neo4jError) -> str:
    return _first_line(exc.message or str(exc))


def _one_line(exc: BaseException) -> str:
    """The driver's connection errors span lines ("Couldn't connect …:\n… reason …"): join them."""
    return " ".join(str(exc).split()) or type(exc).__name__


def _first_line(exc: BaseException | str) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
