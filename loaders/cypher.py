"""The Cypher text both stores run to load rows: generated from the tables, values only as
parameters (``$rows``).  Labels and relationship types come from the closed ontology, so they are
safe to place in the text.  The same statements run on LadybugDB, Neo4j 5 and ArcadeDB.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from loaders.schema import KEY, NODE_TABLES, REL_TABLES, STRING, NodeTable, RelTable, node_rows, rel_rows


def constraint_name(label: str) -> str:
    return f"kg_{label.lower()}_{KEY}"


def constraint(label: str) -> str:
    """Neo4j 5 uniqueness constraint on the node key (also creates the index MERGE uses)."""
    return f"CREATE CONSTRAINT {constraint_name(label)} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{KEY} IS UNIQUE"


def merge_nodes(table: NodeTable, skip: frozenset[str] = frozenset()) -> str:
    """``skip``: columns left out of the SET (see :func:`null_columns`)."""
    sets = ", ".join(f"n.{c} = r.{c}" for c, _ in table.columns if c not in skip)
    return f"UNWIND $rows AS r MERGE (n:{table.label} {{{KEY}: r.{KEY}}})" + (f" SET {sets}" if sets else "")


def merge_rels(table: RelTable, head: str, tail: str, skip: frozenset[str] = frozenset()) -> str:
    """One relationship per (head, type, tail); its properties are set from the complete edge, so
    loading again (or after a crash) converges to the same relationship.  Two MATCH clauses, not
    one with a comma: LadybugDB then looks both ends up by key (about 3x faster on large loads)."""
    sets = ", ".join(f"e.{c} = r.{c}" for c, _ in table.columns if c not in skip)
    return (
        f"UNWIND $rows AS r MATCH (a:{head} {{{KEY}: r.source}}) MATCH (b:{tail} {{{KEY}: r.target}}) "
        f"MERGE (a)-[e:{table.type}]->(b)" + (f" SET {sets}" if sets else "")
    )


def null_columns(step: "Step", batch: list[dict[str, Any]]) -> frozenset[str]:
    """Typed (non-string) columns that are null in every row of a batch.  LadybugDB infers a
    parameter column that holds only nulls as STRING and then refuses to store it in an INT64 or
    DATE property (every document without a year, every deadline without a date), so a store
    that is written fresh leaves such columns out of the batch: they stay null."""
    return frozenset(c for c, kind in step.table.columns if kind != STRING and all(r.get(c) is None for r in batch))


@dataclass(frozen=True)
class Step:
    """One statement and the rows it is run with, batch by batch."""

    what: str  # "Department nodes", "RESPONSIBLE_FOR Department->Project"
    query: str
    rows: list[dict[str, Any]]
    nodes: bool  # True: node rows; False: relationship rows
    table: NodeTable | RelTable
    ends: tuple[str, str] | None = None  # (head, tail) labels of a relationship step

    def query_without(self, skip: frozenset[str]) -> str:
        if not skip:
            return self.query
        if self.ends is None:
            return merge_nodes(self.table, skip)  # type: ignore[arg-type]
        return merge_rels(self.table, *self.ends, skip=skip)  # type: ignore[arg-type]


def load_plan(g: nx.MultiDiGraph) -> list[Step]:
    """Every node label first, then every relationship type: what a store runs to hold ``g``."""
    nodes = node_rows(g)
    rels = rel_rows(g)
    steps = [Step(f"{t.label} nodes", merge_nodes(t), nodes[t.label], True, t) for t in NODE_TABLES if t.label in nodes]
    for table in REL_TABLES:
        for head, tail in table.pairs:
            rows = rels.get((table.type, head, tail))
            if rows:
                steps.append(Step(f"{table.type} {head}->{tail}", merge_rels(table, head, tail), rows, False, table, (head, tail)))
    return steps


def batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size}")
    for i in range(0, len(rows), size):
        yield rows[i : i + size]
