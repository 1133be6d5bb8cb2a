"""Regression pins on the dev gold: extraction quality may not drop below what was recorded.

The records live in tests/data/quality_baseline.json, written by tools/record_quality.py; re-record
them as extraction improves."""
from __future__ import annotations

import json

import pytest

from kg.evaluate import evaluate, load_gold

from tests.conftest import GOLD, ROOT

BASELINE = json.loads((ROOT / "tests" / "data" / "quality_baseline.json").read_text(encoding="utf-8"))
TOL = BASELINE["tolerance"]


@pytest.fixture(scope="module")
def report(dev_documents):
    golds = load_gold(GOLD)
    assert set(golds) == set(dev_documents), "every dev gold file must have its document in the repository"
    return evaluate([d.to_json() for d in dev_documents.values()], golds)


def test_core_entity_f1(report):
    assert report.core.f1 >= BASELINE["core_entities"] - TOL, report.to_text()


@pytest.mark.parametrize("etype", sorted(BASELINE["entities"]))
def test_entity_f1_per_type(report, etype):
    assert report.entities[etype].f1 >= BASELINE["entities"][etype] - TOL, report.to_text()


def test_relation_f1(report):
    assert report.relations_total.f1 >= BASELINE["relations_total"] - TOL, report.to_text()


@pytest.mark.parametrize("rtype", sorted(BASELINE["relations"]))
def test_relation_f1_per_type(report, rtype):
    assert report.relations[rtype].f1 >= BASELINE["relations"][rtype] - TOL, report.to_text()


def test_matched_deadlines_carry_the_gold_date(report):
    assert report.deadline_date_accuracy is not None
    assert report.deadline_date_accuracy >= BASELINE["deadline_date_accuracy"], report.to_text()


@pytest.mark.parametrize("doc", sorted(BASELINE["per_document"]))
def test_no_document_drops(report, doc):
    """A rule that helps one document and hurts another is not a gain: each document is pinned too."""
    row = report.per_document[doc]
    pins = BASELINE["per_document"][doc]
    assert row.core.f1 >= pins["core_entities"] - TOL, report.per_document_text()
    assert row.relations_total.f1 >= pins["relations_total"] - TOL, report.per_document_text()


def test_the_fresh_set_does_not_drop():
    """Documents written and annotated for the project in the style of other provinces
    (tests/data/fresh/README.md): a rule tuned on the dev gold must not lose ground there."""
    from kg.documents import load_document
    from kg.extract import extract

    fresh = ROOT / "tests" / "data" / "fresh"
    golds = load_gold(fresh / "gold")
    docs = [extract(load_document(p)).to_json() for p in sorted((fresh / "docs").glob("*.txt"))]
    assert {d["doc"] for d in docs} == set(golds)
    report = evaluate(docs, golds)
    pins = BASELINE["fresh"]
    assert report.core.f1 >= pins["core_entities"] - TOL, report.to_text()
    assert report.relations_total.f1 >= pins["relations_total"] - TOL, report.to_text()

