"""The Cypher text both stores run to load rows: generated from the tables, values only as
parameters (``$rows``).  Labels and relationship types come from the closed ontology, so they are
safe to place in the text.  The same statements run on LadybugDB, Neo4j 5 and ArcadeDB.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from loaders.schema import KEY, NODE_TABLES, REL_TABLES, NodeTable, RelTable, node_rows, rel_rows


def constraint_name(label: str) -> str:
    return f"kg_{label.lower()}_{KEY}"


def constraint(label: str) -> str:
    """Neo4j 5 uniqueness constraint on the node key (also creates the index MERGE uses)."""
    return f"CREATE CONSTRAINT {constraint_name(label)} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{KEY} IS UNIQUE"


def merge_nodes(table: NodeTable) -> str:
    sets = ", ".join(f"n.{c} = r.{c}" for c, _ in table.columns)
    return f"UNWIND $rows AS r MERGE (n:{table.label} {{{KEY}: r.{KEY}}}) SET {sets}"


def merge_rels(table: RelTable, head: str, tail: str) -> str:
    """One relationship per (head, type, tail); its properties are set from the complete edge, so
    loading again (or after a crash) converges to the same relationship.  Two MATCH clauses, not
    one with a comma: LadybugDB then looks both ends up by key (about 3x faster on large loads)."""
    sets = ", ".join(f"e.{c} = r.{c}" for c, _ in table.columns)
    return (
        f"UNWIND $rows AS r MATCH (a:{head} {{{KEY}: r.source}}) MATCH (b:{tail} {{{KEY}: r.target}}) "
        f"MERGE (a)-[e:{table.type}]->(b) SET {sets}"
    )


@dataclass(frozen=True)
class Step:
    """One statement and the rows it is run with, batch by batch."""

    what: str  # "Department nodes", "RESPONSIBLE_FOR Department->Project"
    query: str
    rows: list[dict[str, Any]]
    nodes: bool  # True: node rows; False: relationship rows


def load_plan(g: nx.MultiDiGraph) -> list[Step]:
    """Every node label first, then every relationship type: what a store runs to hold ``g``."""
    nodes = node_rows(g)
    rels = rel_rows(g)
    steps = [Step(f"{t.label} nodes", merge_nodes(t), nodes[t.label], True) for t in NODE_TABLES if t.label in nodes]
    for table in REL_TABLES:
        for head, tail in table.pairs:
            rows = rels.get((table.type, head, tail))
            if rows:
                steps.append(Step(f"{table.type} {head}->{tail}", merge_rels(table, head, tail), rows, False))
    return steps


def batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size}")
    for i in range(0, len(rows), size):
        yield rows[i : i + size]
