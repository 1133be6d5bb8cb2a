"""A real Bolt server for the tests and the benchmark: ArcadeDB (pip ``arcadedb-embedded``, which
bundles its JRE) started with its Bolt plugin in a CHILD process.

Never in the test process: the JVM ignores SIGTERM and can crash at interpreter exit.  The
parent picks nothing: the child chooses free ports, creates the databases, then writes
``bolt_port`` to a ready file; it exits when its stdin closes (the parent stopped or died) and
is killed if it does not.  Nothing in ``kg`` or ``loaders`` imports this.

Child usage (what :class:`BoltServer` runs): ``python -m tests.bolt_server ROOT DATABASE...``
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

USER = "root"
PASSWORD = "kg-test-password"
READY_FILE = "bolt.ready"
LOG_FILE = "server.log"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(root: Path, databases: list[str]) -> None:
    from arcadedb_embedded.server import ArcadeDBServer

    last_error: Exception | None = None
    for _attempt in range(5):  # a port picked free can be taken before the server binds it
        bolt, http, https = _free_port(), _free_port(), _free_port()
        server = ArcadeDBServer(
            root_path=str(root / "data"),
            root_password=PASSWORD,
            config={
                "http_port": http,
                "server_httpsIncomingPort": https,
                "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
                "bolt_port": bolt,
            },
        )
        try:
            server.start()
        except Exception as exc:  # noqa: BLE001 - retried on other ports, reported below
            last_error = exc
            continue
        for name in databases:
            server.create_database(name)
        tmp = root / (READY_FILE + ".tmp")
        tmp.write_text(str(bolt), encoding="utf-8")
        os.replace(tmp, root / READY_FILE)
        sys.stdin.read()  # until the parent closes our stdin or dies
        os._exit(0)  # skip JVM shutdown at interpreter exit: it can crash or hang
    print(f"could not start ArcadeDB: {last_error}", file=sys.stderr, flush=True)
    os._exit(3)


class BoltServer:
    """ArcadeDB with Bolt in a child process: ``start()``, then ``uri``/``USER``/``PASSWORD``."""

    def __init__(self, databases: tuple[str, ...] = ("kg",), startup_timeout: float = 120.0) -> None:
        self.databases = databases
        self.startup_timeout = startup_timeout
        self.root: Path | None = None
        self.process: subprocess.Popen | None = None
        self.port: int | None = None

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def log_tail(self, lines: int = 20) -> str:
        if not self.root or not (self.root / LOG_FILE).exists():
            return ""
        return "\n".join((self.root / LOG_FILE).read_text(errors="replace").splitlines()[-lines:])

    def start(self) -> "BoltServer":
        self.root = Path(tempfile.mkdtemp(prefix="kg-arcadedb-"))
        log = open(self.root / LOG_FILE, "wb")
        repo = Path(__file__).resolve().parent.parent
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.bolt_server", str(self.root), *self.databases],
            stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT, cwd=self.root,
            env={**os.environ, "PYTHONPATH": str(repo) + os.pathsep + os.environ.get("PYTHONPATH", "")},
        )
        log.close()
        deadline = time.monotonic() + self.startup_timeout
        ready = self.root / READY_FILE
        while time.monotonic() < deadline:
            if ready.exists():
                self.port = int(ready.read_text())
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        tail = self.log_tail()
        self.stop()
        raise RuntimeError(f"ArcadeDB did not start within {self.startup_timeout:.0f} s:\n{tail}")

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is not None:
            try:
                if proc.stdin:
                    proc.stdin.close()
                proc.wait(timeout=10)
            except (subprocess.TimeoutExpired, OSError):
                proc.kill()
                proc.wait(timeout=10)
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> "BoltServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


if __name__ == "__main__":
    _serve(Path(sys.argv[1]), sys.argv[2:])
