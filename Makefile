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
	@echo
	@echo 'Example: which department owns which undertaking, due when (Cypher on the embedded store, no server):'
	@echo '  kg query --graph $(OUT) "MATCH (d:Department)-[:RESPONSIBLE_FOR]->(p)-[r:DEADLINE]->(t:TimePoint) RETURN d.name AS department, p.name AS undertaking, r.text AS due, t.date AS date ORDER BY date, department LIMIT 8"'
	@$(BIN)/kg query --graph $(OUT) "MATCH (d:Department)-[:RESPONSIBLE_FOR]->(p)-[r:DEADLINE]->(t:TimePoint) RETURN d.name AS department, p.name AS undertaking, r.text AS due, t.date AS date ORDER BY date, department LIMIT 8"

test: install-test
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python -m tests.bench
	$(BIN)/python -m tests.bench_rdf
	$(BIN)/python -m tests.bench_store --copies 100 --baseline-copies 10
	$(BIN)/python -m tests.bench_scale
	$(BIN)/python -m tests.bench_view

clean:
	rm -rf $(VENV) out test-artifacts .pytest_cache
