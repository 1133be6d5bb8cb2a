"""`kg build` and `kg extract`."""
from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer

from kgcli import app
from kgcli.common import YearOpt, error_line, fail, handles_errors
from kg.documents import ReadFailure
from kg.errors import ClusterError, shown
from kg.files import atomic_output
from kg.pipeline import build as run_build
from kg.pipeline import extract_documents, process_pool
from kg.readers import iter_paths
from loaders import sinks as output_sinks
from kg.vocab import EntityType, RelationType

# readable=False: an unreadable file is named like any other that cannot be read (exit 1), not
# refused by the option parser (exit 2).
PathsArg = Annotated[
    list[Path], typer.Argument(help="Files or folders (read recursively): .txt .md .docx .html .pdf", readable=False)
]


WorkersOpt = Annotated[
    Optional[int],
    typer.Option("--workers", "-j", min=1, help="Processes that read and extract documents (default: the machine's cores; one for a small corpus)."),
]
DaskOpt = Annotated[
    Optional[str],
    typer.Option("--dask", metavar="ADDRESS", help="Read and extract on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786)."),
]
RebuildOpt = Annotated[bool, typer.Option("--rebuild", help="Extract every document again, reusing nothing of the previous build in --out.")]
NoValidateOpt = Annotated[
    bool, typer.Option("--no-validate", help="Skip the SHACL check of graph.ttl (very large builds); run `kg validate DIR/graph.ttl` later."),
]


@app.command()
@handles_errors
def build(
    paths: PathsArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path("out"),
    year: YearOpt = None,
    workers: WorkersOpt = None,
    dask: DaskOpt = None,
    rebuild: RebuildOpt = False,
    no_validate: NoValidateOpt = False,
) -> None:
    """Read, extract, build the graph; write per-document JSON, graph.json, Turtle and the stores.

    On an existing --out, only new and changed documents are extracted again."""
    files = list(iter_paths(paths))
    if dask and workers:
        raise fail("give either --workers (this machine) or --dask (a cluster), not both", 2)
    with engine(dask, workers, files) as (executor, slots):
        with progress(len(files)) as advance:
            def on_document(item) -> None:
                if isinstance(item, ReadFailure):  # named as it happens, also when nothing gets built
                    error_line(item.message)
                advance(item)

            result = run_build(paths, out, year=year, sinks=output_sinks(validate=not no_validate), on_document=on_document,
                               executor=executor, workers=slots, rebuild=rebuild)
    typer.echo(summary(result))
    if result.failures:
        raise fail(f"{len(result.failures)} of {len(files)} document(s) could not be read; the others were built", 1)


SMALL_CORPUS_BYTES = 512 * 1024  # about two seconds of extraction on one core


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def default_workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@contextlib.contextmanager
def engine(dask: str | None, workers: int | None, files: list):
    """(executor, how many tasks it runs at once): a Dask cluster, a process pool, or this process."""
    if dask:
        with dask_executor(dask) as pair:
            yield pair
        return
    n = min(workers or default_workers(), max(1, len(files)))
    if workers is None and sum(_size(p) for p in files if isinstance(p, Path)) < SMALL_CORPUS_BYTES:
        n = 1  # starting the workers would cost more than it saves
    executor = process_pool(n)
    try:
        yield executor, n
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


@contextlib.contextmanager
def dask_executor(address: str):
    """Connect to a Dask scheduler; the tasks are the same functions a local pool runs."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--dask needs the distributed package: pip install 'zhgov-kg[cluster]'") from None
    try:
        client = Client(address, timeout=20, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(f"{address}: cannot reach the Dask scheduler ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})") from None
    from distributed import KilledWorker
    from distributed.comm import CommClosedError

    try:
        slots = sum(client.nthreads().values())
        if not slots:
            raise ClusterError(f"{address}: the Dask cluster has no workers")
        executor = client.get_executor()
        try:
            yield executor, slots
        except (KilledWorker, CommClosedError) as exc:
            raise ClusterError(f"{address}: the cluster lost a worker or the scheduler ({type(exc).__name__}); "
                               "the previous build is kept") from None
        finally:
            executor.shutdown(wait=False)
    finally:
        client.close()


clock = time.monotonic  # the progress bar's clock (a test sets its own)


@contextlib.contextmanager
def progress(total: int):
    """A progress bar on stderr with documents per second and the time left (on a terminal only:
    in a log it would be one stray line)."""
    if not sys.stderr.isatty():
        yield lambda _item: None
        return
    start = clock()
    done = 0

    def rate(_item) -> str:
        elapsed = clock() - start
        if elapsed <= 0 or not done:
            return ""
        per_s = done / elapsed
        left = int((total - done) / per_s)
        return f"{per_s:.1f} docs/s, {left // 3600:02d}:{left // 60 % 60:02d}:{left % 60:02d} left"

    with typer.progressbar(length=total, label="building", file=sys.stderr, show_eta=False, show_pos=True,
                           item_show_func=rate) as bar:
        def on_document(_item) -> None:
            nonlocal done
            done += 1
            bar.update(1)

        yield on_document


def summary(result) -> str:
    g = result.graph
    node_types = Counter(a["type"] for _, a in g.nodes(data=True))
    edge_types = Counter(k for _, _, k in g.edges(keys=True))
    lines = [f"documents read: {result.documents}" + (f" ({len(result.failures)} failed)" if result.failures else "")]
    lines += incremental_lines(result)
    lines.append("entities by type (graph nodes, merged across documents):")
    for t in EntityType:
        lines.append(f"  {t:<13}{node_types.get(t, 0):>6}")
    lines.append("relations by type (graph edges; per-document mentions in brackets):")
    for t in RelationType:
        lines.append(f"  {t:<15}{edge_types.get(t, 0):>6}  [{result.relation_counts.get(t, 0)}]")
    lines.append("outputs:")
    for p in result.outputs:
        lines.append(f"  {shown(p)}")
    return "\n".join(lines)


def incremental_lines(result, listed: int = 10) -> list[str]:
    """What an incremental build reused, extracted again and dropped."""
    lines = []
    if result.previous:
        lines.append(f"  extracted everything: {result.previous}")
    elif result.reused:
        changed = f", {len(result.changed)} changed" if result.changed else ""
        lines.append(f"  {result.reused} unchanged (records reused), {result.extracted} extracted{changed}")
    if result.dropped:
        names = ", ".join(result.dropped[:listed]) + (f", … ({len(result.dropped) - listed} more)" if len(result.dropped) > listed else "")
        lines.append(f"  dropped the records of {len(result.dropped)} document(s) no longer in the inputs: {names}")
    return lines


@app.command()
@handles_errors
def extract(
    paths: PathsArg,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="JSON Lines file (default: stdout).")] = None,
    year: YearOpt = None,
) -> None:
    """Extract entities and relations; one JSON document per line, in the gold format."""
    files = list(iter_paths(paths))  # a missing path fails here, before anything is written
    failures = 0
    with atomic_output(output) if output else contextlib.nullcontext(sys.stdout) as sink:
        for item in extract_documents(files, year=year):
            if isinstance(item, ReadFailure):
                failures += 1
                error_line(item.message)
                continue
            sink.write(json.dumps(item.to_json(), ensure_ascii=False) + "\n")
    if failures:
        raise fail(f"{failures} document(s) could not be read; the others were extracted", 1)
