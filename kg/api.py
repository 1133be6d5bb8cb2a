"""The Python API: what `kg extract` and `kg build` do, for notebooks and other programs.

    import kg
    doc = kg.extract_text("请省交通运输厅牵头，2025年6月底前建成G75兰海高速扩容工程。", year=2025)
    result = kg.build(["speeches/"], "out/speeches")
    g = kg.read_graph("out/speeches")          # networkx.MultiDiGraph of graph.json

Everything here is importable as ``kg.<name>``; ``import kg`` itself stays light (the tokenizer
and lexicons load on the first extraction).  Errors are :class:`kg.KGError` subclasses with a
one-line message naming the file or value at fault: :class:`kg.InputError` for a document that
cannot be read, :class:`kg.UsageError` for a value out of range, :class:`kg.OutputError` for an
output folder that cannot be written.

The core does not know its outputs (Turtle, the embedded store, the views): :func:`build` asks
the installed distribution for them through the ``zhgov_kg.outputs`` entry point, so the API and
`kg build` write the same folder.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib.metadata import entry_points
from pathlib import Path

import networkx as nx

from kg.documents import load_document, make_document
from kg.errors import InputError, UsageError, shown
from kg.extract import extract
from kg.graph import read_graph as _read_graph
from kg.meta import checked_year
from kg.model import Document
from kg.pipeline import BuildResult, Sink, process_pool
from kg.pipeline import build as _build

OUTPUTS_GROUP = "zhgov_kg.outputs"  # entry point: a function (validate: bool) -> tuple of sinks


def _year(year: int | None) -> int | None:
    return None if year is None else checked_year(year)


def extract_text(text: str, *, year: int | None = None, title: str | None = None, name: str = "<text>") -> Document:
    """Extract entities and relations from one text, as `kg extract` does from a file.

    ``year`` (1900–2099) resolves relative deadlines (年内, 明年初) when the text does not state
    its year; ``title`` is the document's title when the text has none of its own; ``name``
    is the document's name in the record (``doc``).

    Returns a :class:`kg.Document`: ``.text`` (the cleaned text every span points into),
    ``.entities`` (:class:`kg.Entity`: ``type``, ``name``, ``aliases``, ``mentions`` as
    ``(start, end)`` spans), ``.relations`` (:class:`kg.Relation`: ``type``, ``head`` and
    ``tail`` entity names, ``evidence`` span, ``date`` for a deadline), ``.year``, ``.title``
    and ``.to_json()``, the record in the gold annotation format (``evidence`` as text).
    """
    if not isinstance(text, str):
        raise UsageError(f"text: expected a str, got {type(text).__name__}")
    doc = make_document(text, doc=name, year=_year(year), title=title)
    if not doc.text.strip():
        raise InputError(f"{shown(name)}: no text left after cleaning")
    return extract(doc)


def extract_file(path: str | Path, *, year: int | None = None) -> Document:
    """Read one file (.txt .md .docx .html .pdf, any encoding `kg build` reads) and extract it.
    Returns a :class:`kg.Document` as :func:`extract_text` does; raises :class:`kg.InputError`
    naming the file when it cannot be read."""
    return extract(load_document(Path(path), year=_year(year)))  # kg.readers names a file it cannot read


def output_sinks(validate: bool = True) -> tuple[Sink, ...]:
    """The outputs `kg build` writes after graph.json, as the installed distribution declares
    them (entry point ``zhgov_kg.outputs``); none when no distribution declares any."""
    found = [ep for ep in entry_points(group=OUTPUTS_GROUP) if ep.name == "default"]
    if not found:
        return ()
    factory: Callable[..., Iterable[Sink]] = found[0].load()
    return tuple(factory(validate=validate))


def build(
    paths: str | Path | Iterable[str | Path],
    out: str | Path,
    *,
    year: int | None = None,
    workers: int = 1,
    rebuild: bool = False,
    validate: bool = True,
    sinks: Iterable[Sink] | None = None,
) -> BuildResult:
    """Build the graph of ``paths`` (files or folders, read recursively) into the folder ``out``,
    exactly as ``kg build PATHS --out OUT`` does: ``documents/*.json``, ``graph.json``,
    ``graph.ttl``, ``graph.lbdb``, ``graph.html``, ``report.html``, ``build.json``.

    On an existing ``out`` only new and changed documents are extracted again (``rebuild=True``
    extracts everything); ``workers`` processes read and extract; ``validate=False`` skips the
    SHACL check of graph.ttl; ``sinks`` replaces the outputs written after graph.json (``()``
    writes only the records and graph.json).  ``out`` is replaced only when everything is written.

    Returns a :class:`kg.BuildResult`: ``.graph`` (the ``networkx.MultiDiGraph`` that graph.json
    holds), ``.documents`` (how many were built), ``.failures`` (:class:`kg.ReadFailure` with
    ``.path`` and ``.message`` for each file that could not be read; the others are built),
    ``.outputs`` (the paths written), ``.entity_counts`` and ``.relation_counts`` (Counters by
    type), ``.extracted`` / ``.reused`` (records made now / kept from the previous build),
    ``.changed`` and ``.dropped`` (paths).  Raises :class:`kg.InputError` when no document could
    be read, and :class:`kg.OutputError` when ``out`` cannot be written.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise UsageError(f"workers {workers}: give a whole number of processes, 1 or more")
    chosen = output_sinks(validate) if sinks is None else tuple(sinks)
    executor = process_pool(workers)
    try:
        return _build(list(paths), Path(out), year=_year(year), sinks=chosen, executor=executor, workers=workers,
                      rebuild=rebuild)
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def read_graph(location: str | Path) -> nx.MultiDiGraph:
    """The graph of a build folder (or a graph.json file) as a ``networkx.MultiDiGraph``.

    Nodes are keyed by id, with ``type`` (Department, Organization, Project, Place, Policy,
    Document, TimePoint), ``name``, ``aliases``; a time point has its ISO ``date``, a document its
    ``file``, ``title`` and ``year``.  Edges are keyed by relation type (``responsibleFor``,
    ``issuedBy``, ``deadline``, ``locatedIn``; ``mentionedIn`` from an entity to each document
    that names it, with ``mentions`` offsets) and carry ``assertions``: one dict per statement of
    the fact (``doc``, ``doc_id``, verbatim ``evidence``, its ``start``/``end`` offsets, and for a
    deadline its wording ``time_text`` and ``date``).  Raises :class:`kg.GraphError` for a folder
    with no graph.json or a malformed file."""
    return _read_graph(location)
