"""The extraction metric of tests/data/gold/METRIC.md (what `kg eval` prints).

Entities are matched one to one within a type, exact names first, then lenient names
(one contains the other and the shorter is at least half the longer).  Relations match on
type, head (against the gold entity's names) and tail (for deadlines: time text containment
after stripping a trailing 前).  Masked gold entities and relations touching them are not
scored.  Counts are summed over documents (micro average).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import GoldError
from kg.redaction import is_masked
from kg.vocab import CORE_TYPES, EntityType, RelationType

_METRIC_STRIP = re.compile(r"[“”\"'‘’「」《》〈〉\s]")
ENTITY_ROWS = (EntityType.Department, EntityType.Project, EntityType.Place, EntityType.Policy, EntityType.Organization)
RELATION_ROWS = tuple(RelationType)


def norm(name: str) -> str:
    return _METRIC_STRIP.sub("", name).replace("＋", "+")


def exact_match(pred: str, golds: Iterable[str]) -> bool:
    p = norm(pred)
    return any(p == norm(g) for g in golds)


def lenient_match(pred: str, golds: Iterable[str]) -> bool:
    p = norm(pred)
    for g in map(norm, golds):
        if p == g:
            return True
        short, long = (p, g) if len(p) <= len(g) else (g, p)
        if short and short in long and 2 * len(short) >= len(long):
            return True
    return False


def time_match(pred: str, gold: str) -> bool:
    p, g = norm(pred).removesuffix("前"), norm(gold).removesuffix("前")
    return bool(p and g) and (p in g or g in p)


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "PRF") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Report:
    documents: int = 0
    entities: dict[str, PRF] = field(default_factory=lambda: {t: PRF() for t in ENTITY_ROWS})
    relations: dict[str, PRF] = field(default_factory=lambda: {t: PRF() for t in RELATION_ROWS})
    deadline_dates: Counter = field(default_factory=Counter)  # matched deadlines: "same" / "different"
    unscored: list[str] = field(default_factory=list)  # predicted documents without gold
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)  # (doc, fp|fn, type, what)
    per_document: dict[str, "Report"] = field(default_factory=dict)  # each scored document on its own

    @property
    def core(self) -> PRF:
        total = PRF()
        for t in CORE_TYPES:
            total.add(self.entities[t])
        return total

    @property
    def relations_total(self) -> PRF:
        total = PRF()
        for prf in self.relations.values():
            total.add(prf)
        return total

    @property
    def deadline_date_accuracy(self) -> float | None:
        n = sum(self.deadline_dates.values())
        return self.deadline_dates["same"] / n if n else None

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "entities": {t: prf.to_json() for t, prf in self.entities.items()},
            "core_entities": self.core.to_json(),
            "relations": {t: prf.to_json() for t, prf in self.relations.items()},
            "relations_total": self.relations_total.to_json(),
            "deadline_date_accuracy": self.deadline_date_accuracy,
            "unscored": self.unscored,
            "errors": [{"doc": d, "kind": k, "type": t, "what": w} for d, k, t, w in self.errors],
            "per_document": {doc: {"core_entities": r.core.to_json(), "relations_total": r.relations_total.to_json()}
                             for doc, r in self.per_document.items()},
        }

    def add(self, other: "Report") -> None:
        """Sum another report's counts into this one (micro average)."""
        self.documents += other.documents
        for t, prf in other.entities.items():
            self.entities[t].add(prf)
        for t, prf in other.relations.items():
            self.relations[t].add(prf)
        self.deadline_dates.update(other.deadline_dates)
        self.errors.extend(other.errors)

    def per_document_text(self) -> str:
        """One row per document: core-entity and relation P/R/F1 with counts, weakest relations last."""
        head = f"{'document':28}{'core P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}   {'rel P':>6}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"
        lines = [head]
        for doc in sorted(self.per_document):
            c, r = self.per_document[doc].core, self.per_document[doc].relations_total
            lines.append(f"{doc[:27]:28}{c.precision:7.3f}{c.recall:7.3f}{c.f1:7.3f}{c.tp:5}{c.fp:5}{c.fn:5}   "
                         f"{r.precision:6.3f}{r.recall:7.3f}{r.f1:7.3f}{r.tp:5}{r.fp:5}{r.fn:5}")
        return "\n".join(lines)

    def to_text(self) -> str:
        lines = [f"documents scored: {self.documents}", f"{'':22}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]

        def row(label: str, prf: PRF) -> str:
            return f"{label:22}{prf.precision:7.3f}{prf.recall:7.3f}{prf.f1:7.3f}{prf.tp:6}{prf.fp:6}{prf.fn:6}"

        for t in ENTITY_ROWS:
            lines.append(row(f"entity {t}", self.entities[t]))
        lines.append(row("core entities", self.core))
        for t in RELATION_ROWS:
            lines.append(row(f"relation {t}", self.relations[t]))
        lines.append(row("relations", self.relations_total))
        acc = self.deadline_date_accuracy
        if acc is not None:
            lines.append(f"matched deadlines with the gold ISO date: {acc:.1%} ({self.deadline_dates['same']}/{sum(self.deadline_dates.values())})")
        if self.unscored:
            lines.append(f"not scored (no gold): {len(self.unscored)} document(s)")
        return "\n".join(lines)

    def errors_text(self) -> str:
        """Every false positive and miss, by document and type (for `kg eval --errors`)."""
        return "\n".join(f"{doc}\t{kind}\t{t}\t{what}" for doc, kind, t, what in self.errors)


def _gold_names(e: dict[str, Any]) -> list[str]:
    return [e["name"], *e.get("aliases", [])]


def score_entities(pred: list[dict[str, Any]], gold: list[dict[str, Any]], etype: str,
                   errors: list[tuple[str, str]] | None = None) -> PRF:
    preds = [p for p in pred if p.get("type") == etype]
    golds = [g for g in gold if g.get("type") == etype]
    matched_gold: dict[int, int] = {}
    matched_pred: set[int] = set()
    for matcher in (exact_match, lenient_match):
        for i, p in enumerate(preds):
            if i in matched_pred:
                continue
            for j, g in enumerate(golds):
                if j not in matched_gold and matcher(p["name"], _gold_names(g)):
                    matched_gold[j] = i
                    matched_pred.add(i)
                    break
    prf = PRF()
    for j, g in enumerate(golds):
        masked = bool(g.get("masked"))
        if j in matched_gold:
            if not masked:
                prf.tp += 1
        elif not masked:
            prf.fn += 1
    prf.fp = len(preds) - len(matched_pred)
    if errors is not None:
        errors.extend(("fp", p["name"]) for i, p in enumerate(preds) if i not in matched_pred)
        errors.extend(("fn", g["name"]) for j, g in enumerate(golds) if j not in matched_gold and not g.get("masked"))
    return prf


def score_relations(pred: dict[str, Any], gold: dict[str, Any], report: Report, doc: str = "") -> None:
    entities = {}
    for e in gold["entities"]:
        for n in _gold_names(e):
            entities.setdefault(n, e)

    def gold_masked(name: str) -> bool:
        e = entities.get(name)
        return bool(e.get("masked")) if e else is_masked(name)

    golds = [r for r in gold["relations"] if not gold_masked(r["head"]) and (r["type"] == RelationType.deadline or not gold_masked(r["tail"]))]
    preds = [r for r in pred.get("relations", []) if not is_masked(r["head"]) and (r["type"] == RelationType.deadline or not is_masked(r["tail"]))]

    def names_of(gold_name: str) -> list[str]:
        e = entities.get(gold_name)
        return _gold_names(e) if e else [gold_name]

    for rtype in RELATION_ROWS:
        ps = [r for r in preds if r["type"] == rtype]
        gs = [r for r in golds if r["type"] == rtype]
        used: set[int] = set()
        prf = PRF()
        for p in ps:
            for j, g in enumerate(gs):
                if j in used or not lenient_match(p["head"], names_of(g["head"])):
                    continue
                tail_ok = time_match(p["tail"], g["tail"]) if rtype == RelationType.deadline else lenient_match(p["tail"], names_of(g["tail"]))
                if tail_ok:
                    used.add(j)
                    prf.tp += 1
                    if rtype == RelationType.deadline:
                        report.deadline_dates["same" if p.get("date") == g.get("date") else "different"] += 1
                    break
            else:
                prf.fp += 1
                report.errors.append((doc, "fp", rtype, f"{p['head']} → {p['tail']}"))
        prf.fn = len(gs) - len(used)
        report.errors.extend((doc, "fn", rtype, f"{g['head']} → {g['tail']}") for j, g in enumerate(gs) if j not in used)
        report.relations[rtype].add(prf)


def score_document(pred: dict[str, Any], gold: dict[str, Any], report: Report) -> None:
    """Score one document on its own, keep that row, and add its counts to ``report``."""
    doc = pred.get("doc", "")
    own = Report()
    _score_into(pred, gold, own, doc)
    report.add(own)
    report.per_document[doc] = own


def _score_into(pred: dict[str, Any], gold: dict[str, Any], report: Report, doc: str) -> None:
    report.documents += 1
    for t in ENTITY_ROWS:
        errs: list[tuple[str, str]] = []
        report.entities[t].add(score_entities(pred.get("entities", []), gold["entities"], t, errs))
        report.errors.extend((doc, kind, t, name) for kind, name in errs)
    score_relations(pred, gold, report, doc)


def load_gold(gold_dir: Path) -> dict[str, dict[str, Any]]:
    """Gold files by their "doc" field (the document's file name)."""
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir}: gold directory not found")
    golds: dict[str, dict[str, Any]] = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            golds[data["doc"]] = {"entities": data["entities"], "relations": data["relations"], **data}
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldError(f"{path}: not a gold file ({exc})") from None
    if not golds:
        raise GoldError(f"{gold_dir}: no gold .json files")
    return golds


def load_predictions(jsonl: Path) -> list[dict[str, Any]]:
    preds = []
    for i, line in enumerate(jsonl.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            rec["doc"], rec["entities"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldError(f"{jsonl}:{i}: not a prediction record ({exc})") from None
        preds.append(rec)
    return preds


def evaluate(preds: Iterable[dict[str, Any]], golds: dict[str, dict[str, Any]]) -> Report:
    report = Report()
    for pred in preds:
        gold = golds.get(pred["doc"])
        if gold is None:
            report.unscored.append(pred["doc"])
            continue
        score_document(pred, gold, report)
    return report
