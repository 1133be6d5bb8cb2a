"""The layers import downward only: kg (the core) knows neither its sinks nor its CLI; loaders
know the core but not the CLI.  Every import statement counts, also those inside functions."""
from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT


def imported_modules(package: str) -> set[tuple[str, str]]:
    """(file, module) for every import statement in the package's source."""
    found = set()
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update((path.name, a.name) for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((path.name, node.module))
    return found


@pytest.mark.parametrize("package, forbidden", [("kg", ("loaders", "kgcli")), ("loaders", ("kgcli",))])
def test_package_imports_nothing_above_it(package, forbidden):
    bad = sorted((f, m) for f, m in imported_modules(package) if m.split(".")[0] in forbidden)
    assert not bad, f"{package} imports from a layer above it: {bad}"


def test_the_check_sees_imports_inside_functions():
    assert ("test_layering.py", "ast") in imported_modules("tests")
