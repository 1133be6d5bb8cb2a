"""Store loading speed: batched loader vs one row per transaction, over Bolt and embedded.

    python -m tests.bench_store [--copies 100] [--baseline-copies N] [--batch-size 1000]

The corpus is the seeds' graph (built by the pipeline) copied ``--copies`` times with renamed
ids, so it has the seeds' shape at 100× their size.  Each store loads it with the batched loader
(``UNWIND $rows … MERGE``, one transaction per batch) and with the baseline (the same statements,
one row per transaction) on the same data, into an empty store; the figures are nodes +
relationships per second and their ratio.  The baseline may run on the first
``--baseline-copies`` copies only (it is slow by design); the ratio then compares it with the
batched loader on that same subset as well.  Over Bolt one untimed load warms the server's JVM
up first.  Bolt runs against ArcadeDB in a child process
(tests/bolt_server.py), or against the Neo4j named by NEO4J_URI (a throwaway database: emptied).
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.pipeline import build
from loaders.bolt import Target, connect, create_constraints, load_graph
from loaders.cypher import load_plan
from loaders.embedded import write_embedded

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seeds_graph() -> nx.MultiDiGraph:
    with tempfile.TemporaryDirectory() as out:
        return build([SEEDS], Path(out), sinks=()).graph


def replicate(g: nx.MultiDiGraph, copies: int) -> nx.MultiDiGraph:
    """``copies`` disjoint copies of ``g``: ids and names get a copy suffix, edges are kept."""
    out = nx.MultiDiGraph()
    for i in range(copies):
        rename = {n: f"{n}~{i}" for n in g}
        for n, a in g.nodes(data=True):
            out.add_node(rename[n], **{**a, "name": f"{a['name']}#{i}"})
        for u, v, k, a in g.edges(keys=True, data=True):
            out.add_edge(rename[u], rename[v], key=k, **a)
    return out


def size(g: nx.MultiDiGraph) -> int:
    return g.number_of_nodes() + g.number_of_edges()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def report(store: str, full: nx.MultiDiGraph, batched_full: float, sub: nx.MultiDiGraph, batched_sub: float, per_row: float) -> None:
    rate_full, rate_sub, rate_row = size(full) / batched_full, size(sub) / batched_sub, size(sub) / per_row
    print(f"{store}: batched {size(full)} items in {batched_full:.1f} s = {rate_full:,.0f} nodes+rels/s")
    if sub is not full:
        print(f"{store}: batched {size(sub)} items (baseline subset) in {batched_sub:.1f} s = {rate_sub:,.0f} nodes+rels/s")
    print(f"{store}: one row per transaction {size(sub)} items in {per_row:.1f} s = {rate_row:,.0f} nodes+rels/s")
    print(f"{store}: batched / per-row = {rate_sub / rate_row:.1f}x on the same data (target >= 10x)", flush=True)


def bench_embedded(full, sub, batch_size: int, tmp: Path) -> None:
    path = tmp / "bench.lbdb"
    batched_full = timed(lambda: write_embedded(full, path, batch_size=batch_size))
    batched_sub = batched_full if sub is full else timed(lambda: write_embedded(sub, path, batch_size=batch_size))
    per_row = timed(lambda: write_embedded(sub, path, batch_size=1))
    report("embedded (LadybugDB)", full, batched_full, sub, batched_sub, per_row)


def bench_bolt(full, sub, batch_size: int) -> None:
    server = None
    if os.environ.get("NEO4J_URI"):
        uri, user, password = os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), os.environ["NEO4J_PASSWORD"]
        database, name = os.environ.get("NEO4J_DATABASE"), "Bolt (Neo4j)"
    else:
        from tests.bolt_server import PASSWORD, USER, BoltServer

        server = BoltServer(("kg",)).start()
        uri, user, password, database, name = server.uri, USER, PASSWORD, "kg", "Bolt (ArcadeDB)"
    driver = connect(uri, user, password)
    target = Target(uri, user, database)

    def fresh():
        with driver.session(database=database) as s:
            s.run("MATCH (n) DETACH DELETE n").consume()
        create_constraints(driver, target)

    def load(g, n):
        fresh()
        return timed(lambda: load_graph(driver, g, target, batch_size=n, plan=load_plan(g), constraints=False))

    try:
        load(sub, batch_size)  # warm-up, not timed: a JVM server (ArcadeDB, Neo4j) compiles its hot paths first
        batched_full = load(full, batch_size)
        batched_sub = batched_full if sub is full else load(sub, batch_size)
        per_row = load(sub, 1)
        report(name, full, batched_full, sub, batched_sub, per_row)
    finally:
        driver.close()
        if server:
            server.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--baseline-copies", type=int, default=None, help="copies for the per-row baseline (default: all)")
    ap.add_argument("--batch-size", type=int, default=1000)
    args = ap.parse_args()
    seeds = seeds_graph()
    full = replicate(seeds, args.copies)
    base = args.baseline_copies
    sub = full if base is None or base >= args.copies else replicate(seeds, base)
    print(f"corpus: seeds x{args.copies} = {full.number_of_nodes()} nodes + {full.number_of_edges()} relationships"
          f" ({seeds.number_of_edges() - sum(1 for *_, k in seeds.edges(keys=True) if k == 'mentionedIn')} extracted relations in the seeds)")
    if sub is not full:
        print(f"baseline subset: seeds x{base} = {size(sub)} nodes + relationships")
    with tempfile.TemporaryDirectory() as tmp:
        bench_embedded(full, sub, args.batch_size, Path(tmp))
    bench_bolt(full, sub, args.batch_size)


if __name__ == "__main__":
    main()
