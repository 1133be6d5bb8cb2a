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
or whose bytes changed are extracted again.  Sinks are plain functions
``sink(graph, out_dir) -> list[Path]``, run after the last document on the staged output set
(see :mod:`kg.outdir`); the caller (the CLI) passes them in, so the core never imports
``loaders``.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
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
from kg.graph import DOCUMENTS_DIR, Contribution, GraphBuilder, contribution, write_graph
from kg.model import Document
from kg.outdir import OutputDir, read_manifest, write_manifest
from kg.readers import iter_paths

log = logging.getLogger(__name__)

Sink = Callable[[nx.MultiDiGraph, Path], list[Path]]
MANIFEST_FILE = "build.json"  # the records of a build and the content hash of each one's source
MANIFEST_FORMAT = "zhgov-kg build"
MANIFEST_VERSION = 1
WINDOW_PER_WORKER = 4  # chunks sent ahead per worker: a slow chunk at the head stalls no worker
T = TypeVar("T")
R = TypeVar("R")


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


# ---------------------------------------------------------------- one document, anywhere
@dataclass(frozen=True)
class Extracted:
    """One document done: its record as the bytes of ``documents/<name>.json``, and what it adds
    to the graph (worked out where it was extracted, so the merge in input order stays light)."""

    path: Path
    sha256: str
    record: bytes
    contribution: Contribution


def record_bytes(record: dict[str, Any]) -> bytes:
    return (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


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
    return Extracted(path, digest, record_bytes(doc.to_json()), contribution(doc))


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

    import jieba

    root = Path(__file__).resolve().parent
    h = hashlib.sha256(f"jieba {getattr(jieba, '__version__', '?')}\ncn2an {version('cn2an')}\n".encode())
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


def ordered_map(executor: Executor, fn: Callable[..., R], items: Iterable[T], window: int, *args: Any) -> Iterator[R]:
    """``fn(item, *args)`` for every item on ``executor``, yielded in input order, with at most
    ``window`` tasks submitted ahead of the one being waited for (memory stays bounded)."""
    pending: deque = deque()
    for item in items:
        pending.append(executor.submit(fn, item, *args))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


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
    with OutputDir(out_dir) as out:
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
    jobs = _plan(files, None if rebuild else read_manifest(out.path / MANIFEST_FILE), fingerprint, year, old_docs, result)
    todo = [j.path for j in jobs if j.reuse is None and j.failure is None]
    chunks = chunked(todo, chunk_size(len(todo), workers))
    done = _checked(ordered_map(executor, extract_files, chunks, WINDOW_PER_WORKER * workers, year), fingerprint)
    names: Counter = Counter()
    entries = []
    for job in jobs:
        if job.failure is not None:
            item: Extracted | ReadFailure = job.failure
        else:
            item = _reused(job, old_docs / str(job.reuse)) if job.reuse else next(done)
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
            _link_or_copy(old_docs / job.reuse, docs_dir / fname, item.record)
            result.reused += 1
        else:
            (docs_dir / fname).write_bytes(item.record)
            result.extracted += 1
        builder.merge(part)
        result.documents += 1
        result.entity_counts.update(part.entity_types)
        result.relation_counts.update(part.relation_types)
        entries.append({"path": shown(job.path), "sha256": item.sha256, "record": fname})
    if not result.documents:
        return result
    write_manifest(staging / MANIFEST_FILE, {
        "format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "extractor": fingerprint, "year": year,
        "documents": entries,
    })
    result.outputs = [docs_dir, write_graph(builder.graph, staging)]
    for sink in sinks:
        result.outputs.extend(sink(builder.graph, staging))
    return result


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


def _checked(results: Iterator[tuple[str, list[Extracted | ReadFailure]]], fingerprint: str) -> Iterator[Extracted | ReadFailure]:
    for worker_fingerprint, items in results:
        if worker_fingerprint != fingerprint:
            raise OutputError(
                f"a worker runs another version of kg (extractor {worker_fingerprint}, here {fingerprint}); "
                "install the same kg on every worker"
            )
        yield from items


def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # extracting it will name the problem


def _reused(job: Job, path: Path) -> Extracted:
    """A record of the previous build, read back: the same contribution as when it was made."""
    try:
        data = path.read_bytes()
        record = json.loads(data)
        doc = Document.from_json(record, path=shown(job.path), structure=False)
    except OSError as exc:
        raise GraphError(f"{shown(path)}: cannot read the previous build's record ({exc.strerror or exc}); "
                         "run kg build again with --rebuild") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise GraphError(f"{shown(path)}: unreadable record of the previous build ({exc}); "
                         "run kg build again with --rebuild") from None
    return Extracted(job.path, job.sha256, data, contribution(doc))


def _link_or_copy(src: Path, dst: Path, data: bytes) -> None:
    """Records are never modified in place, so the new build can share the old one's file."""
    try:
        os.link(src, dst)
    except OSError:
        dst.write_bytes(data)
