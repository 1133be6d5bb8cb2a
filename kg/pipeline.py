"""The whole path: files → document records → extraction → graph → sinks.

Reading and extraction run per document, in the calling process or on any
:class:`concurrent.futures.Executor` (a local process pool, a Dask cluster): documents are
independent and extraction is deterministic, so the work is sent out in chunks and the results
are taken back in input order.  What comes back is the record's JSON (``documents/*.json``),
and the graph is always assembled from those records, in the order of the inputs — whether a
record was just extracted or reused from the previous build — so the outputs are byte-identical
however the work was spread and whichever records were reused.

An existing output directory makes the build incremental: ``build.json`` keeps a content hash
per record (with the extractor's own fingerprint and ``--year``), and only documents that are new
or whose bytes changed are extracted again.  Next to each record, ``documents/.parts/`` keeps what
it adds to the graph (its :class:`~kg.graph.Contribution`, node ids worked out), so a reused
record is neither parsed nor slugged again; a part that is missing, unreadable or made for other
inputs is worked out from its record again, with the same result.  Sinks are plain functions
``sink(graph, out_dir) -> list[Path]``, run after the last document on the staged output set
(see :mod:`kg.outdir`); the caller (the CLI) passes them in, so the core never imports
``loaders``.  A sink that can update its previous output says so with a ``fingerprint``
attribute (a function naming the version of everything its output depends on besides the
graph, kept in ``build.json``): on an incremental build whose previous build had the same
fingerprint, it is called as ``sink(graph, out_dir, changes=Changes(...))`` with the nodes the
build changed, and may update the previous output rather than write it anew.  A sink's
``prepare`` attribute, if any, is called in a thread while the documents are read and extracted
(imports, caches: what its first call would otherwise spend after the last document).  A sink
with ``forkable = True`` (it only reads the graph and writes its own files) runs in a forked child
(:mod:`kg.forking`) while graph.json and the other sinks are written here: on two cores the
outputs take about the time of the longest of the two sides, not of all of them in a row.
"""
from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import shutil
import threading
import time
from contextlib import contextmanager
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from kg.documents import ReadFailure, iter_documents, load_document, no_documents_message
from kg.errors import GraphError, InputError, OutputError, shown
from kg.extract import extract
from kg.forking import SideBySide, child_slots
from kg.graph import DOCUMENTS_DIR, GRAPH_FILE, Contribution, GraphBuilder, contribution, write_graph
from kg.model import Document
from kg.outdir import OutputDir, read_manifest, write_manifest
from kg.readers import iter_paths

log = logging.getLogger(__name__)

Sink = Callable[[nx.MultiDiGraph, Path], list[Path]]
MANIFEST_FILE = "build.json"  # the records of a build and the content hash of each one's source
MANIFEST_FORMAT = "zhgov-kg build"
MANIFEST_VERSION = 1
PARTS_DIR = ".parts"  # inside documents/: each record's contribution to the graph, same file name
PART_FORMAT = "zhgov-kg part"
LOOKAHEAD = 4096  # reused records read ahead while the first document being extracted is not back yet
WINDOW_PER_WORKER = 4  # chunks sent ahead per worker: a slow chunk at the head stalls no worker
T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What an incremental build changed in the graph against the previous build in the same
    directory.  Every node not in ``nodes`` has the attributes it had, and every edge out of (or
    into) such a node is as it was: the nodes and edges a document adds come from that document
    alone, both ends of each edge in its ``nodes``, so an edge at an unchanged node comes from
    records reused, merged in the order they were before."""

    previous: Path  # the previous build's directory, its outputs as they are until this build is moved in
    nodes: frozenset[str]  # nodes of the documents extracted again, added or gone (their old and new contributions)


@dataclass
class BuildResult:
    out_dir: Path
    graph: nx.MultiDiGraph
    documents: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    entity_counts: Counter = field(default_factory=Counter)
    relation_counts: Counter = field(default_factory=Counter)
    extracted: int = 0  # documents read and extracted in this build
    reused: int = 0  # records taken unchanged from the previous build
    changed: list[str] = field(default_factory=list)  # paths extracted again: their content changed
    dropped: list[str] = field(default_factory=list)  # paths of the previous build no longer given
    previous: str | None = None  # why nothing was reused, when there was a previous build
    seconds: dict[str, float] = field(default_factory=dict)  # graph.json and each sink: how long it took, wherever it ran


# ---------------------------------------------------------------- one document, anywhere
@dataclass(frozen=True)
class Extracted:
    """One document done: its record as the bytes of ``documents/<name>.json``, and what it adds
    to the graph (worked out where it was extracted, so the merge in input order stays light)."""

    path: Path
    sha256: str
    record: bytes
    contribution: Contribution
    part: bytes = b""  # ``documents/.parts/<name>.json``: the contribution, for the next build to reuse


def record_bytes(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


_ENCODE_PART = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def part_bytes(c: Contribution, sha256: str, year: int | None) -> bytes:
    """A record's contribution, headed by what it was made from (the source's sha256, ``--year``,
    the extractor): a part is only taken for the very inputs that made it."""
    return (_ENCODE_PART({
        "format": PART_FORMAT, "extractor": extractor_fingerprint(), "year": year, "sha256": sha256,
        "doc_node": c.doc_node, "doc_attrs": c.doc_attrs, "entities": c.entities, "relations": c.relations,
        "entity_types": c.entity_types, "relation_types": c.relation_types,
    }) + "\n").encode("utf-8")


def read_part(data: bytes, sha256: str, year: int | None) -> Contribution | None:
    """The contribution a part holds, or None if it is not one made from these inputs by this
    extractor (then the record is read instead)."""
    try:
        p = json.loads(data)
        if (p.get("format"), p.get("extractor"), p.get("year"), p.get("sha256")) != (
                PART_FORMAT, extractor_fingerprint(), year, sha256):
            return None
        entities = [tuple(e) for e in p["entities"]]
        relations = [tuple(r) for r in p["relations"]]
        if any(len(e) != 9 for e in entities) or any(len(r) != 4 or not isinstance(r[3], dict) for r in relations):
            return None
        c = Contribution(str(p["doc_node"]), dict(p["doc_attrs"]), entities, relations,
                         list(p["entity_types"]), list(p["relation_types"]))
        c.file  # noqa: B018 - a part without the document's file is no part
        return c
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def extract_file(path: Path, year: int | None = None) -> Extracted | ReadFailure:
    """Read, extract and serialise one file.  Runs in a worker: it takes and returns plain data."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        doc = load_document(path, year=year)
    except OSError as exc:
        return ReadFailure(path, f"{shown(path)}: cannot read ({exc.strerror or exc})")
    except InputError as exc:
        return ReadFailure(path, str(exc))
    doc = extract(doc)
    part = contribution(doc)
    return Extracted(path, digest, record_bytes(doc.to_json()), part, part_bytes(part, digest, year))


def extract_files(paths: Sequence[Path], year: int | None = None) -> tuple[str, list[Extracted | ReadFailure]]:
    """A chunk of files; with the fingerprint of the extractor that did them (a cluster worker
    running another version of kg would give other records)."""
    return extractor_fingerprint(), [extract_file(p, year) for p in paths]


def warm_up() -> None:
    """Load the tokenizer and lexicons once per worker process, before its first document.
    Ctrl-C is the parent's to handle (it stops the pool): a worker ignores it."""
    import signal

    from kg.documents import make_document

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    extract(make_document("区政府分管领导和能源局要跟紧落实，确保在9月上旬完成评审。", year=2023))


@lru_cache(maxsize=1)
def extractor_fingerprint() -> str:
    """A hash of everything a record depends on: the code and data of ``kg``, and the versions of
    jieba and cn2an (Chinese numerals in dates).  Records made by another fingerprint are never reused."""
    from importlib.metadata import version

    from kg.extract.tokens import jieba_version

    root = Path(__file__).resolve().parent
    h = hashlib.sha256(f"jieba {jieba_version()}\ncn2an {version('cn2an')}\n".encode())
    for p in sorted(root.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".py", ".txt", ".tsv", ".json"):
            h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


# ---------------------------------------------------------------- spreading the work
class InProcess(Executor):
    """Runs each task when its result is asked for: ``--workers 1``, no pool, same code path."""

    def submit(self, fn, /, *args, **kwargs):
        from concurrent.futures import Future

        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller through the future
            future.set_exception(exc)
        return future


def process_pool(workers: int) -> Executor:
    """A pool of ``workers`` processes (forkserver: no threads or locks inherited from the caller),
    each loading the tokenizer and lexicons once."""
    import multiprocessing

    if workers <= 1:
        return InProcess()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=warm_up)


class Ahead:
    """The items of ``fn(chunk, *args)`` for every chunk, one at a time in input order, with at most
    ``window`` chunks submitted ahead of the one being waited for (memory stays bounded).  The first
    are submitted at once, so the work runs while the caller does its own; :meth:`ready` says
    whether the next item would come without waiting."""

    def __init__(self, executor: Executor, fn: Callable[..., tuple[str, list]], chunks: Iterable[list], window: int,
                 fingerprint: str, *args: Any) -> None:
        self._executor, self._fn, self._chunks, self._args = executor, fn, iter(chunks), args
        self._fingerprint = fingerprint
        self._pending: deque = deque()
        self._items: deque = deque()
        for _ in range(max(1, window)):
            if not self._submit():
                break

    def _submit(self) -> bool:
        chunk = next(self._chunks, None)
        if chunk is None:
            return False
        self._pending.append(self._executor.submit(self._fn, chunk, *self._args))
        return True

    def ready(self) -> bool:
        return bool(self._items) or bool(self._pending and self._pending[0].done())

    def __iter__(self) -> "Ahead":
        return self

    def __next__(self):
        while not self._items:
            if not self._pending:
                raise StopIteration
            worker_fingerprint, items = self._pending.popleft().result()
            self._submit()
            if worker_fingerprint != self._fingerprint:
                raise OutputError(
                    f"a worker runs another version of kg (extractor {worker_fingerprint}, here {self._fingerprint}); "
                    "install the same kg on every worker"
                )
            self._items.extend(items)
        return self._items.popleft()


def chunked(items: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def chunk_size(n_items: int, workers: int) -> int:
    """Enough chunks per worker to balance uneven documents, few enough to keep overhead low."""
    return max(1, min(8, n_items // max(1, workers * 16)))


# ---------------------------------------------------------------- the build
@dataclass(frozen=True)
class Job:
    path: Path
    reuse: str | None = None  # record file of the previous build to take as it is
    sha256: str = ""  # of the file, when it was hashed to decide on reuse
    failure: ReadFailure | None = None  # a part of PATHS that could not even be listed


def extract_documents(paths: Iterable[str | Path], year: int | None = None) -> Iterator[Document | ReadFailure]:
    for item in iter_documents(paths, year=year):
        yield item if isinstance(item, ReadFailure) else extract(item)


def build(
    paths: Iterable[str | Path],
    out_dir: Path,
    year: int | None = None,
    sinks: tuple[Sink, ...] = (),
    on_document: Callable[[Extracted | ReadFailure], None] | None = None,
    executor: Executor | None = None,
    workers: int = 1,
    rebuild: bool = False,
) -> BuildResult:
    """Read, extract and write everything ``kg build`` promises into ``out_dir``.

    ``executor`` runs the extraction (default: in this process); ``workers`` is how many tasks it
    runs at once (it sizes the chunks and how far ahead work is sent).  ``out_dir`` is replaced as
    a whole, and only when every output is written; with ``rebuild`` nothing is reused.
    """
    paths = list(paths)
    files = list(iter_paths(paths))
    if not files:
        raise InputError(no_documents_message(paths))
    out_dir = Path(out_dir)
    with OutputDir(out_dir) as out, _collector_paused():
        try:
            result = _build_into(out, files, year, sinks, on_document, executor or InProcess(), workers, rebuild)
        except BrokenProcessPool:
            raise OutputError(f"{shown(out_dir)}: a worker process died (out of memory?); the previous build is kept") from None
        if not result.documents:
            raise InputError(f"none of the {len(files)} document(s) could be read; the previous build in {shown(out_dir)} is kept")
        out.commit()
    result.outputs = [out_dir / p.relative_to(out.staging) for p in result.outputs]
    return result


def _build_into(out: OutputDir, files: list[Path | ReadFailure], year: int | None, sinks: tuple[Sink, ...], on_document,
                executor: Executor, workers: int, rebuild: bool) -> BuildResult:
    staging, old_docs = out.staging, out.path / DOCUMENTS_DIR
    docs_dir = staging / DOCUMENTS_DIR
    docs_dir.mkdir()
    builder = GraphBuilder()
    result = BuildResult(out_dir=out.path, graph=builder.graph)
    fingerprint = extractor_fingerprint()
    previous = None if rebuild else read_manifest(out.path / MANIFEST_FILE)
    jobs = _plan(files, previous, fingerprint, year, old_docs, result)
    todo = [j.path for j in jobs if j.reuse is None and j.failure is None]
    chunks = chunked(todo, chunk_size(len(todo), workers))
    done = Ahead(executor, extract_files, chunks, WINDOW_PER_WORKER * workers, fingerprint, year)
    preparing = threading.Thread(target=_prepare, args=(sinks,), name="kg-prepare-sinks", daemon=True)
    preparing.start()
    parts_dir = docs_dir / PARTS_DIR
    parts_dir.mkdir()
    old_parts = old_docs / PARTS_DIR
    names: Counter = Counter()
    entries = []
    touched: set[str] = set()  # nodes of the documents extracted in this build
    ahead: dict[int, tuple[Extracted, bool]] = {}  # reused records read while extraction runs
    next_ahead = 0
    for i, job in enumerate(jobs):
        if job.failure is not None:
            item: Extracted | ReadFailure = job.failure
        elif job.reuse:
            item, part_reused = ahead.pop(i, None) or _reused(job, old_docs, old_parts, year)
        else:
            # While the next extracted document is not back, read the records that follow it.
            next_ahead = max(next_ahead, i + 1)
            while not done.ready() and next_ahead < len(jobs) and len(ahead) < LOOKAHEAD:
                if jobs[next_ahead].reuse:
                    ahead[next_ahead] = _reused(jobs[next_ahead], old_docs, old_parts, year)
                next_ahead += 1
            item = next(done)
        if on_document:
            on_document(item)
        if isinstance(item, ReadFailure):
            result.failures.append(item)
            continue
        part = item.contribution
        stem = Path(part.file).stem
        names[stem] += 1
        fname = f"{stem}.json" if names[stem] == 1 else f"{stem}.{names[stem]}.json"
        if job.reuse:
            _link_or_copy(old_docs / job.reuse, docs_dir / fname)
            if part_reused:
                _link_or_copy(old_parts / job.reuse, parts_dir / fname)
            else:
                (parts_dir / fname).write_bytes(item.part)
            result.reused += 1
        else:
            (docs_dir / fname).write_bytes(item.record)
            (parts_dir / fname).write_bytes(item.part)
            result.extracted += 1
            touched.update(_nodes_of(part))
        builder.merge(part)
        result.documents += 1
        result.entity_counts.update(part.entity_types)
        result.relation_counts.update(part.relation_types)
        entries.append({"path": shown(job.path), "sha256": item.sha256, "record": fname})
    preparing.join()
    if not result.documents:
        return result
    versions = {sink.__name__: sink.fingerprint() for sink in sinks if callable(getattr(sink, "fingerprint", None))}
    changes = _changes(out.path, previous, result, jobs, touched, year)
    before = (previous or {}).get("outputs") if changes is not None else None

    def call(sink: Sink) -> Callable[[], list[Path]]:
        if isinstance(before, dict) and sink.__name__ in versions and before.get(sink.__name__) == versions[sink.__name__]:
            return lambda: sink(builder.graph, staging, changes=changes)
        return lambda: sink(builder.graph, staging)

    aside = [i for i, sink in enumerate(sinks) if getattr(sink, "forkable", False)]  # run by forked children
    written: list[list[Path]] = [[] for _ in sinks]
    with SideBySide([call(sinks[i]) for i in aside], [sinks[i].__name__ for i in aside], child_slots(), shown(out.path)) as side:
        began = time.perf_counter()
        graph_file = write_graph(builder.graph, staging, *_previous_graph(out.path, previous, changes))
        manifest: dict[str, Any] = {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "extractor": fingerprint, "year": year,
                                    "graph": hashlib.sha256(graph_file.read_bytes()).hexdigest()}
        if versions:
            manifest["outputs"] = versions
        manifest["documents"] = entries
        write_manifest(staging / MANIFEST_FILE, manifest)
        result.seconds[GRAPH_FILE] = time.perf_counter() - began
        for i, sink in enumerate(sinks):
            if i not in aside:
                began = time.perf_counter()
                written[i] = call(sink)()
                result.seconds[sink.__name__] = time.perf_counter() - began
        for i, (paths, seconds) in zip(aside, side.results()):
            written[i] = paths
            result.seconds[sinks[i].__name__] = seconds
    result.outputs = [docs_dir, graph_file, *(p for paths in written for p in paths)]
    return result


def _previous_graph(out_dir: Path, previous: dict[str, Any] | None, changes: Changes | None) -> tuple[bytes | None, frozenset[str] | None]:
    """The previous build's graph.json and what changed since, when that file is the one the
    previous build wrote (its sha256 in build.json): most of its lines are taken as they are."""
    if changes is None or previous is None or not isinstance(previous.get("graph"), str):
        return None, None
    try:
        data = (out_dir / GRAPH_FILE).read_bytes()
    except OSError:
        return None, None
    if hashlib.sha256(data).hexdigest() != previous["graph"]:
        return None, None
    return data, changes.nodes


def _prepare(sinks: tuple[Sink, ...]) -> None:
    for sink in sinks:
        prepare = getattr(sink, "prepare", None)
        if callable(prepare):
            try:
                prepare()
            except Exception as exc:  # noqa: BLE001 - the sink itself will say what is wrong, when it runs
                log.debug("preparing %s: %s", getattr(sink, "__name__", sink), exc)


def _nodes_of(c: Contribution) -> set[str]:
    nodes = {c.doc_node}
    nodes.update(e[0] for e in c.entities)
    for head, tail, _, _ in c.relations:
        nodes.add(head)
        nodes.add(tail)
    return nodes


def _changes(out_dir: Path, previous: dict[str, Any] | None, result: BuildResult, jobs: list[Job], touched: set[str],
             year: int | None) -> Changes | None:
    """The nodes this build changed against the previous one, or None when that cannot be told
    (nothing reused, reused records in another order, a part of a gone record unreadable)."""
    if previous is None or result.previous is not None or not result.reused:
        return None
    entries = previous.get("documents")
    if not isinstance(entries, list):
        return None
    position = {str(e.get("record")): i for i, e in enumerate(entries) if isinstance(e, dict)}
    reused = [j.reuse for j in jobs if j.reuse]
    order = [position.get(str(r), -1) for r in reused]
    if any(o < 0 for o in order) or any(b <= a for a, b in zip(order, order[1:])):
        return None  # a record moved before another (or was taken twice): the merge order changed
    nodes = set(touched)
    kept = set(reused)
    old_parts = out_dir / DOCUMENTS_DIR / PARTS_DIR
    for e in entries:
        if str(e.get("record")) in kept:
            continue
        try:  # a record this build does not take again: what it added is gone or changed
            part = read_part((old_parts / str(e.get("record"))).read_bytes(), str(e.get("sha256")), year)
        except OSError:
            part = None
        if part is None:
            return None
        nodes.update(_nodes_of(part))
    return Changes(out_dir, frozenset(nodes))


def _plan(items: list[Path | ReadFailure], previous: dict[str, Any] | None, fingerprint: str, year: int | None,
          old_docs: Path, result: BuildResult) -> list[Job]:
    """Which files to extract and which records to reuse; notes what changed and what is gone."""
    jobs = [Job(i.path, failure=i) if isinstance(i, ReadFailure) else Job(i) for i in items]
    files = [j.path for j in jobs if j.failure is None]
    if previous is None:
        return jobs
    entries = previous.get("documents") if previous.get("format") == MANIFEST_FORMAT else None
    if not isinstance(entries, list):
        result.previous = "the previous build has no usable build.json"
        return jobs
    given = {shown(p) for p in files}
    gone = {str(e.get("path")): e.get("record") for e in entries if str(e.get("path")) not in given}
    result.dropped = sorted(gone)
    if previous.get("extractor") != fingerprint:
        result.previous = "the extractor changed since the previous build"
        return jobs
    if previous.get("year") != year:
        result.previous = f"--year changed since the previous build ({previous.get('year')} -> {year})"
        return jobs
    # A record depends on the file's bytes and its name only, so a moved or copied file reuses it too.
    reusable = {(e.get("sha256"), shown(Path(str(e.get("path"))).name)): e.get("record") for e in entries}
    before = {str(e.get("path")) for e in entries}
    planned = []
    for job in jobs:
        p = job.path
        if job.failure is not None:
            planned.append(job)
            continue
        digest = _sha256_of(p)
        record = reusable.get((digest, shown(p.name)))
        if record and (old_docs / str(record)).is_file():
            planned.append(Job(p, str(record), digest))
        else:
            planned.append(job)
            if shown(p) in before:
                result.changed.append(shown(p))
    jobs = planned
    # A gone path whose record went on to a file moved or copied elsewhere is not a loss.
    reused = {j.reuse for j in jobs if j.reuse}
    result.dropped = sorted(path for path, record in gone.items() if record not in reused)
    return jobs


def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # extracting it will name the problem


def _reused(job: Job, old_docs: Path, old_parts: Path, year: int | None) -> tuple[Extracted, bool]:
    """What a record of the previous build adds to the graph: from its part when that is sound
    (True), else from the record itself (False: the part is written anew).  Either way the same."""
    try:
        part = read_part((old_parts / str(job.reuse)).read_bytes(), job.sha256, year)
    except OSError:
        part = None
    if part is not None:
        return Extracted(job.path, job.sha256, b"", part), True
    path = old_docs / str(job.reuse)
    try:
        record = json.loads(path.read_bytes())
        doc = Document.from_json(record, path=shown(job.path), structure=False)
    except OSError as exc:
        raise GraphError(f"{shown(path)}: cannot read the previous build's record ({exc.strerror or exc}); "
                         "run kg build again with --rebuild") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise GraphError(f"{shown(path)}: unreadable record of the previous build ({exc}); "
                         "run kg build again with --rebuild") from None
    c = contribution(doc)
    return Extracted(job.path, job.sha256, b"", c, part_bytes(c, job.sha256, year)), False


def _link_or_copy(src: Path, dst: Path) -> None:
    """Records and parts are never modified in place, so the new build can share the old one's file."""
    try:
        os.link(src, dst)
    except OSError:
        try:
            shutil.copyfile(src, dst)
        except OSError as exc:
            raise GraphError(f"{shown(src)}: cannot read the previous build's record ({exc.strerror or exc}); "
                             "run kg build again with --rebuild") from None


@contextmanager
def _collector_paused():
    """The graph is millions of small objects that live to the end of the build: the cyclic
    collector would walk them all, again and again, as they are made, and find nothing to free
    (reading 1,000 records back took twice as long).  Paused for the build, restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()  # what the build made goes to the oldest generation unscanned: re-enabling
            gc.unfreeze()  # would otherwise walk all of it at the next allocation, as the youngest
            gc.enable()
