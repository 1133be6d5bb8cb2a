"""Tasks run side by side in forked children of the build, each reading the parent's graph as
it is in memory (copy-on-write: nothing is pickled, nothing is read again from disk).

The sinks of a build only read the graph, and each writes its own files, so those that may
(``sink.forkable = True``) run in up to :func:`child_slots` children while the build writes
``graph.json`` and runs the others itself.  The children take the tasks from one pipe, a byte
each, so a child that finishes early takes the next one.  What a child sends back, once, when the pipe is empty: each task's result (or
exception), how long it took, and what it logged and warned, which the parent logs and warns
again, so a task says the same wherever it ran.  Results and errors come back in task order: the
first task that failed raises its own exception in the parent, as if it had run there.  A child
that dies without a word (killed, out of memory) is an :class:`~kg.errors.OutputError` naming
the tasks it had taken.
"""
from __future__ import annotations

import logging
import os
import pickle
import signal
import time
import traceback
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from kg.errors import KGError, OutputError

log = logging.getLogger(__name__)

SLOTS_ENV = "KG_SINK_PROCESSES"  # how many children at most (0: everything in the build's process)


def child_slots() -> int:
    """Children to fork besides the build itself: one per core but the build's own, or what
    :data:`SLOTS_ENV` says; none where there is no fork."""
    if not hasattr(os, "fork"):
        return 0
    given = os.environ.get(SLOTS_ENV, "").strip()
    if given.isdigit():
        return int(given)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(0, cores - 1)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


class SideBySide:
    """``with SideBySide(tasks, names, slots, where) as side:`` the children start on ``tasks`` at once;
    the block does the parent's own work; ``side.results()`` then waits for the children (or, with
    no slots, runs the tasks itself) and returns ``(result, seconds)`` per task, in order.  Leaving the block
    any other way kills the children still running."""

    def __init__(self, tasks: Sequence[Callable[[], Any]], names: Sequence[str], slots: int, where: str) -> None:
        if len(tasks) > 255:
            raise ValueError("at most 255 tasks side by side")
        self._tasks, self._names, self._where = list(tasks), list(names), where
        self._slots = min(slots, len(self._tasks)) if hasattr(os, "fork") else 0
        self._children: list[tuple[int, int]] = []  # (pid, read end of its result pipe)
        self._claims = -1  # read end of the pipe of task numbers

    def __enter__(self) -> "SideBySide":
        if not self._slots:
            return self
        claims_r, claims_w = os.pipe()
        os.write(claims_w, bytes(range(len(self._tasks))))  # a few bytes: far below a pipe's buffer
        os.close(claims_w)
        self._claims = claims_r
        for _ in range(self._slots):
            result_r, result_w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: never returns
                os.close(result_r)
                self._child(result_w)
            os.close(result_w)
            self._children.append((pid, result_r))
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        for pid, fd in self._children:
            _kill(pid)
            os.close(fd)
        self._children = []
        if self._claims >= 0:
            os.close(self._claims)
            self._claims = -1

    def _claim(self) -> int | None:
        if self._claims < 0:
            return None
        b = os.read(self._claims, 1)
        return b[0] if b else None

    def _child(self, result_w: int) -> None:
        code = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops us
            collect = _Collect()
            root = logging.getLogger()
            root.handlers = [collect]  # said again by the parent, through its own handlers
            done: dict[int, tuple[str, Any, float]] = {}
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("default")
                while (i := self._claim()) is not None:
                    began = time.perf_counter()
                    try:
                        done[i] = ("ok", self._tasks[i](), time.perf_counter() - began)
                    except BaseException as exc:  # noqa: BLE001 - sent to the parent, raised there
                        done[i] = ("error", _sendable(exc), time.perf_counter() - began)
                        break
            said = [(str(w.message), w.category, w.filename, w.lineno) for w in caught]
            payload = pickle.dumps((done, collect.records, said))
            view = memoryview(payload)
            while view:
                view = view[os.write(result_w, view):]
            code = 0
        finally:
            os._exit(code)

    def results(self) -> list[tuple[Any, float]]:
        done: dict[int, tuple[str, Any, float]] = {}
        if not self._slots:  # no children: the parent runs every task
            for i, task in enumerate(self._tasks):
                began = time.perf_counter()
                try:
                    done[i] = ("ok", task(), time.perf_counter() - began)
                except BaseException as exc:  # noqa: BLE001 - raised below, in task order
                    done[i] = ("error", exc, time.perf_counter() - began)
                    break
        lost: list[str] = []
        while self._children:
            pid, fd = self._children[0]
            data = _read_all(fd)
            _, status = os.waitpid(pid, 0)
            self._children.pop(0)
            os.close(fd)
            try:
                theirs, records, said = pickle.loads(data)
            except Exception:  # noqa: BLE001 - nothing, or not all of it: the child died
                lost.append(_how(status))
                continue
            for record in records:
                logging.getLogger(record.name).handle(record)
            for message, category, filename, lineno in said:
                warnings.warn_explicit(message, category, filename, lineno)
            done.update(theirs)
        for i in range(len(self._tasks)):
            if i not in done:
                continue
            state, value, _ = done[i]
            if state == "error":
                raise value
        if lost or len(done) < len(self._tasks):
            missing = [self._names[i] for i in range(len(self._tasks)) if i not in done]
            raise OutputError(f"{self._where}: a process writing {', '.join(missing)} died ({'; '.join(lost) or 'no result'}); "
                              "the previous build is kept")
        return [(done[i][1], done[i][2]) for i in range(len(self._tasks))]


def _sendable(exc: BaseException) -> BaseException:
    """The exception itself when it survives pickling; else one of its type's name and message.
    An error that is no KGError (a bug) carries the child's traceback as a note."""
    if not isinstance(exc, KGError):
        exc.add_note("in a forked child of the build:\n" + "".join(traceback.format_exception(exc)).rstrip())
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - an exception whose arguments do not pickle
        plain = RuntimeError(f"{type(exc).__name__}: {exc}")
        for note in getattr(exc, "__notes__", ()):
            plain.add_note(note)
        return plain


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _how(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            return f"killed by {signal.Signals(sig).name}"
        except ValueError:
            return f"killed by signal {sig}"
    return f"exit status {os.WEXITSTATUS(status)}" if os.WIFEXITED(status) else f"status {status}"


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
