"""The Cypher text both stores run to load rows: generated from the tables, values only as
parameters (``$rows``).  Labels and relationship types come from the closed ontology, so they are
safe to place in the text.  The same statements run on LadybugDB, Neo4j 5 and ArcadeDB.

Loading into a database that already holds another build unites, never replaces: for each batch
the loader first reads what the database holds of the batch's nodes and relationships
(:func:`existing_query`), unites it with the rows in Python (:func:`unite`: assertions keyed by
document and span, names and aliases, time texts), then writes the united rows, in the same
transaction.  Plain Cypher, no APOC; the result does not depend on the order the builds were
loaded in, and loading the same build again changes nothing.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from loaders.schema import (
    KEY, NODE_TABLES, REL_TABLES, STRING, TEXT_SEPARATOR, NodeTable, RelTable, node_rows, rel_rows, span_order,
)


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


def create_nodes(table: NodeTable, skip: frozenset[str] = frozenset()) -> str:
    """For a store written fresh, where no node exists yet: CREATE, not MERGE (half the time in LadybugDB)."""
    props = ", ".join([f"{KEY}: r.{KEY}"] + [f"{c}: r.{c}" for c, _ in table.columns if c not in skip])
    return f"UNWIND $rows AS r CREATE (n:{table.label} {{{props}}})"


def create_rels(table: RelTable, head: str, tail: str, skip: frozenset[str] = frozenset()) -> str:
    """For a store written fresh: each edge of the graph is one (head, type, tail), created once."""
    props = ", ".join(f"{c}: r.{c}" for c, _ in table.columns if c not in skip)
    return (
        f"UNWIND $rows AS r MATCH (a:{head} {{{KEY}: r.source}}) MATCH (b:{tail} {{{KEY}: r.target}}) "
        f"CREATE (a)-[e:{table.type}" + (f" {{{props}}}" if props else "") + "]->(b)"
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

    def create_query(self, skip: frozenset[str] = frozenset()) -> str:
        """The statement for a store written fresh (see :func:`create_nodes`)."""
        if self.ends is None:
            return create_nodes(self.table, skip)  # type: ignore[arg-type]
        return create_rels(self.table, *self.ends, skip=skip)  # type: ignore[arg-type]


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


# ---------------------------------------------------------------- uniting with what is there
NODE_UNION = ("name", "aliases", "kind")  # node columns united with the stored values
ASSERTION_LISTS = ("spans", "evidence", "documents")  # parallel lists, one entry per assertion


def united_columns(step: Step) -> tuple[str, ...]:
    columns = {c for c, _ in step.table.columns}
    if step.ends is None:
        wanted = NODE_UNION if "aliases" in columns else ()
    else:
        wanted = ASSERTION_LISTS + (("text",) if "text" in columns else ()) if "spans" in columns else ()
    return tuple(c for c in wanted if c in columns)


def existing_query(step: Step) -> str | None:
    """What the store holds of a batch's nodes (by ``id``) or relationships (by ``source``,
    ``target``), in the columns :func:`unite` needs; None when the step has nothing to unite."""
    columns = united_columns(step)
    if not columns:
        return None
    if step.ends is None:
        returned = ", ".join(f"n.{c} AS {c}" for c in columns)
        return f"UNWIND $rows AS r MATCH (n:{step.table.label} {{{KEY}: r.{KEY}}}) RETURN n.{KEY} AS {KEY}, {returned}"
    head, tail = step.ends
    returned = ", ".join(f"e.{c} AS {c}" for c in columns)
    return (
        f"UNWIND $rows AS r MATCH (a:{head} {{{KEY}: r.source}}) MATCH (b:{tail} {{{KEY}: r.target}}) "
        f"MATCH (a)-[e:{step.table.type}]->(b) RETURN a.{KEY} AS source, b.{KEY} AS target, {returned}"
    )


def row_key(step: Step, row: dict[str, Any]) -> tuple:
    return (row[KEY],) if step.ends is None else (row["source"], row["target"])


def key_rows(step: Step, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The batch with only the columns :func:`existing_query` looks up by."""
    keys = (KEY,) if step.ends is None else ("source", "target")
    return [{k: r[k] for k in keys} for r in batch]


def unite(step: Step, row: dict[str, Any], stored: dict[str, Any] | None) -> dict[str, Any]:
    """The row to write so that the store keeps what it held and gains what the row adds."""
    if not stored:
        return row
    out = dict(row)
    if step.ends is None:
        if "aliases" in out:
            names = {n for n in (row.get("name"), stored.get("name"), *(row.get("aliases") or []), *(stored.get("aliases") or [])) if n}
            out["name"] = max(names, key=lambda n: (len(n), n))
            out["aliases"] = sorted(names - {out["name"]})
            if "kind" in out and stored.get("kind") not in (None, "task"):
                out["kind"] = stored["kind"]  # the graph's rule: the first kind other than "task" stays
        return out
    out.update(_unite_assertions(row, stored))
    if "text" in out:
        texts = {t for value in (row.get("text"), stored.get("text")) if value for t in value.split(TEXT_SEPARATOR)}
        out["text"] = TEXT_SEPARATOR.join(sorted(texts)) or None
    return out


def _unite_assertions(row: dict[str, Any], stored: dict[str, Any]) -> dict[str, list[str]]:
    """Union keyed by span; what a store loaded before spans were kept (no ``spans``) is matched by
    document and evidence instead, and sorts first."""
    new = list(zip(row["spans"], row["evidence"], row["documents"]))
    evidence, documents = stored.get("evidence") or [], stored.get("documents") or []
    spans = stored.get("spans") or [""] * len(evidence)
    entries = {span: (span, ev, doc) for span, ev, doc in new}
    seen = {(doc, ev) for _, ev, doc in new}
    for span, ev, doc in zip(spans, evidence, documents):
        if span:
            entries.setdefault(span, (span, ev, doc))
        elif (doc, ev) not in seen:
            seen.add((doc, ev))
            entries[f"\x00{doc}\x00{ev}"] = ("", ev, doc)
    ordered = sorted(entries.values(), key=lambda e: span_order(e[0]) if e[0] else ("", -1, -1))
    return {name: [e[i] for e in ordered] for i, name in enumerate(ASSERTION_LISTS)}
