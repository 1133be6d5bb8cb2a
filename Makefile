# The README's two commands are `make demo` and `make test`; `make bench` measures speed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
OUT    ?= out/demo

.PHONY: demo test bench install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the package metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/kg build seeds --out $(OUT)
	$(BIN)/kg query --graph $(OUT) "MATCH (d:Department)-[:MENTIONED_IN]->(doc:Document) RETURN d.name AS department, count(doc) AS documents ORDER BY documents DESC, department LIMIT 5"

test: install-test
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python -m tests.bench
	$(BIN)/python -m tests.bench_store --copies 100 --baseline-copies 10

clean:
	rm -rf $(VENV) out test-artifacts .pytest_cache
