"""zhgov-kg: Chinese government speeches, reports and task-division plans → knowledge graph.

The Python API (see :mod:`kg.api` and the README's "In a notebook"):

- ``kg.extract_text(text, year=None, title=None) -> kg.Document``
- ``kg.extract_file(path, year=None) -> kg.Document``
- ``kg.build(paths, out, year=None, workers=1, rebuild=False, validate=True) -> kg.BuildResult``
- ``kg.read_graph(out) -> networkx.MultiDiGraph``

Names load on first use: ``import kg`` alone does not load the tokenizer.
"""

__version__ = "0.1.0"

_API = {
    "extract_text": "kg.api", "extract_file": "kg.api", "build": "kg.api", "read_graph": "kg.api",
    "Document": "kg.model", "Entity": "kg.model", "Relation": "kg.model", "Span": "kg.model",
    "BuildResult": "kg.pipeline", "ReadFailure": "kg.documents",
    "KGError": "kg.errors", "InputError": "kg.errors", "UsageError": "kg.errors", "OutputError": "kg.errors",
    "GraphError": "kg.errors",
}
__all__ = ["__version__", *_API]


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
