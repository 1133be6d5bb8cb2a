"""Speed of the RDF sink: `python -m tests.bench_rdf`.

Figures are ratios against a reference measured in the same run (this machine's speed cancels):
- validate / write: the SHACL and evidence check of graph.ttl against writing it (triples + Turtle);
- sparql / python: pyshacl evaluating the three SPARQL shapes against the equivalent Python check;
- build with / without the Turtle sink on the seeds (extraction is the reference).
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from kg.graph import GraphBuilder
from loaders.rdf import serialize_triples, to_rdf, triples, write_turtle_sink
from loaders.shacl import shapes_graph, validate_shapes
from tests.rdf_fixtures import synthetic_documents

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def graph_of(n_docs: int, facts: int):
    builder = GraphBuilder()
    for doc in synthetic_documents(n_docs, facts):
        builder.add(doc)
    return builder.graph


def bench_sizes() -> None:
    shapes_graph()  # parsed once, as in a long build
    print(f"{'graph':>28} {'triples':>8} {'write s':>8} {'validate s':>10} {'validate/write':>15}")
    for n_docs, facts in ((5, 20), (20, 50), (40, 50)):
        g = graph_of(n_docs, facts)
        with tempfile.TemporaryDirectory() as tmp:
            write, _ = timed(lambda: serialize_triples(triples(g), "ttl"))  # what --no-validate does
            total, _ = timed(write_turtle_sink, g, Path(tmp))
            validate = total - write
        n_triples = len(set(triples(g)))
        label = f"{n_docs} docs x {facts} sentences"
        print(f"{label:>28} {n_triples:>8} {write:>8.2f} {validate:>10.2f} {validate / write:>15.2f}")


def bench_sparql() -> None:
    rdf = to_rdf(graph_of(5, 20))
    fast, a = timed(validate_shapes, rdf)
    full, b = timed(validate_shapes, rdf, sparql=True)
    assert a == b
    print(f"shapes with SPARQL in pyshacl / with the Python link check ({len(rdf)} triples): {full / fast:.1f}x")


def bench_build() -> None:
    from kg.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        build([SEEDS], Path(tmp) / "warm-up", sinks=())  # dictionaries and lexicons load once
        bare, _ = timed(build, [SEEDS], Path(tmp) / "a", sinks=())
        full, _ = timed(build, [SEEDS], Path(tmp) / "b", sinks=(write_turtle_sink,))
    print(f"kg build seeds with the validated Turtle sink / without sinks: {full / bare:.2f}x ({bare:.1f}s -> {full:.1f}s)")


if __name__ == "__main__":
    bench_sizes()
    bench_sparql()
    bench_build()
