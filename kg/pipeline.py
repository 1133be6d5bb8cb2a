"""The whole path: files → document records → extraction → graph → sinks.

Documents stream through one at a time; only the graph (no texts) accumulates.  Sinks are
plain functions ``sink(graph, out_dir) -> list[Path]`` run in order after the last document;
the caller (the CLI) passes them in, so the core never imports ``loaders``.
"""
from __future__ import annotations

import logging
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.documents import ReadFailure, iter_documents
from kg.extract import extract
from kg.graph import DOCUMENTS_DIR, GraphBuilder, write_graph, write_json_atomic
from kg.model import Document

log = logging.getLogger(__name__)

Sink = Callable[[nx.MultiDiGraph, Path], list[Path]]


@dataclass
class BuildResult:
    out_dir: Path
    graph: nx.MultiDiGraph
    documents: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    entity_counts: Counter = field(default_factory=Counter)
    relation_counts: Counter = field(default_factory=Counter)


def extract_documents(paths: Iterable[str | Path], year: int | None = None) -> Iterator[Document | ReadFailure]:
    for item in iter_documents(paths, year=year):
        yield item if isinstance(item, ReadFailure) else extract(item)


def build(
    paths: Iterable[str | Path],
    out_dir: Path,
    year: int | None = None,
    sinks: tuple[Sink, ...] = (),
    on_document: Callable[[Document | ReadFailure], None] | None = None,
) -> BuildResult:
    """Read, extract and write everything ``kg build`` promises into ``out_dir``.

    Per-document JSON goes to ``out_dir/documents/`` as each document is done; the graph and
    the sinks' files are written after the last one, each to a temporary name then renamed.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    docs_dir = out_dir / DOCUMENTS_DIR
    staging = out_dir / (DOCUMENTS_DIR + ".tmp")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    builder = GraphBuilder()
    result = BuildResult(out_dir=out_dir, graph=builder.graph)
    names: Counter = Counter()
    for item in extract_documents(paths, year=year):
        if on_document:
            on_document(item)
        if isinstance(item, ReadFailure):
            result.failures.append(item)
            continue
        result.documents += 1
        builder.add(item)
        result.entity_counts.update(e.type for e in item.entities)
        result.relation_counts.update(r.type for r in item.relations)
        stem = Path(item.doc).stem
        names[stem] += 1
        fname = f"{stem}.json" if names[stem] == 1 else f"{stem}.{names[stem]}.json"
        write_json_atomic(staging / fname, item.to_json())
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    os.replace(staging, docs_dir)
    result.outputs.append(docs_dir)
    result.outputs.append(write_graph(builder.graph, out_dir))
    for sink in sinks:
        result.outputs.extend(sink(builder.graph, out_dir))
    return result
