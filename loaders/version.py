"""The version of what a sink's output depends on besides the graph: the code and data of
``loaders`` and ``ontology``, and the libraries that write the outputs.  ``kg build`` keeps it in
``build.json``; a sink updates a previous output (rather than writing it anew) only if that
output was made by the same version."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

LIBRARIES = ("ladybug", "rdflib", "networkx", "matplotlib")


@lru_cache(maxsize=1)
def outputs_fingerprint() -> str:
    import ontology

    h = hashlib.sha256()
    for lib in LIBRARIES:
        try:
            h.update(f"{lib} {version(lib)}\n".encode())
        except PackageNotFoundError:
            h.update(f"{lib} -\n".encode())
    for root in (Path(__file__).resolve().parent, Path(ontology.__file__).resolve().parent):
        for p in sorted(root.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                h.update(f"{root.name}/{p.relative_to(root).as_posix()}".encode("utf-8") + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]
