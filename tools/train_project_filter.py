"""Train and judge the Project filter (tools/project_filter.py) on the dev gold and the fresh gold.

usage:
  .venv/bin/python tools/train_project_filter.py loo      [--threshold T] [--json OUT]
      leave-one-document-out over the 18 documents (dev 10 + fresh 8): for each document train
      on the other 17, filter it, score it; the threshold is picked inside the loop (an inner
      leave-one-out over the 17) unless --threshold fixes it.  Prints per-document and summed
      Project / core / relations / responsibleFor / deadline F1 with and without the filter,
      separately for dev and fresh.
  .venv/bin/python tools/train_project_filter.py write --out FILE [--threshold T]
      train on all 18 (threshold by leave-one-out over them unless given) and write the weights
      (what kg/data/project_filter.json would hold if the filter were shipped)
  common options: --l2 (regularisation), --without PREFIXES (leave feature groups out)

Labels: a predicted Project entity is positive when the metric (kg/evaluate.py) matches it one to
one with an unmasked gold Project of its document; one matched to a masked gold entity is left out
of training.  The extraction the filter sees is the pipeline without the filter stage.
Plain Python: L2-regularised logistic regression by full-batch Adam, deterministic.

Result on 2026-12-03 (524 Project entities, 343 matching gold): out-of-fold AUC about 0.66 on
both sets, in-sample 0.92 — annotators keep 建筑节能精细化管理 and drop 预算管理, keep 定期督查 and
drop 监督检查, which shape does not tell apart.  `loo` picked the threshold 0.0 (filter off) in
all 18 folds; fixed thresholds lose on both sets (0.35: dev Project F1 0.675→0.648, relations
0.706→0.674; fresh 0.678→0.651, 0.665→0.643).  So the filter is not in the pipeline.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.documents import load_document  # noqa: E402
from kg.evaluate import PRF, Report, _gold_names, exact_match, lenient_match, load_gold, score_document  # noqa: E402
from kg.extract import PIPELINE, in_document_order  # noqa: E402
sys.path.insert(0, str(ROOT / "tools"))
from project_filter import Model, drop_entities, project_features  # noqa: E402
from kg.model import Document  # noqa: E402
from kg.vocab import EntityType, RelationType  # noqa: E402

SETS = {"dev": (ROOT / "tests/data/gold", [ROOT / "seeds", ROOT / "tests/data/docs"]),
        "fresh": (ROOT / "tests/data/fresh/gold", [ROOT / "tests/data/fresh/docs"])}
# the inner loop may pick 0.0: drop nothing (the filter off)
THRESHOLDS = (0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55)
L2 = 1.0  # on the summed log loss
STEPS = 250
LR = 0.1
MIN_COUNT = 2  # a feature seen in fewer training examples gets no weight


@dataclass
class Item:
    set: str
    name: str
    doc: Document  # extracted without the filter
    gold: dict
    features: list[list[str]] = field(default_factory=list)  # per Project entity, doc.entities order
    labels: list[int | None] = field(default_factory=list)


def unfiltered(doc: Document) -> Document:
    """The pipeline as shipped (the filter is not one of its stages)."""
    for stage in PIPELINE:
        if getattr(stage, "__name__", "") != "filter_projects":
            doc = stage(doc)
    return in_document_order(doc)


def project_labels(doc: Document, gold: dict) -> list[int | None]:
    """The metric's one-to-one matching of kg/evaluate.score_entities, for Projects."""
    preds = [e for e in doc.entities if e.type == EntityType.Project]
    golds = [g for g in gold["entities"] if g.get("type") == EntityType.Project]
    matched: dict[int, int] = {}
    for matcher in (exact_match, lenient_match):
        for i, p in enumerate(preds):
            if i in matched:
                continue
            for j, g in enumerate(golds):
                if j not in matched.values() and matcher(p.name, _gold_names(g)):
                    matched[i] = j
                    break
    return [None if i in matched and golds[matched[i]].get("masked") else int(i in matched) for i in range(len(preds))]


def load_items() -> list[Item]:
    items = []
    for set_name, (gold_dir, texts) in SETS.items():
        golds = load_gold(gold_dir)
        for path in sorted(p for d in texts for p in d.glob("*.txt") if p.name in golds):
            doc = unfiltered(load_document(path))
            it = Item(set_name, path.name, doc, golds[path.name])
            projects = [e for e in doc.entities if e.type == EntityType.Project]
            it.features = [project_features(doc, e) for e in projects]
            it.labels = project_labels(doc, it.gold)
            items.append(it)
    return items


def train(items: list[Item]) -> tuple[float, dict[str, float]]:
    counts: dict[str, int] = {}
    rows = []
    for it in items:
        for feats, y in zip(it.features, it.labels):
            if y is not None:
                rows.append((feats, y))
                for x in set(feats):
                    counts[x] = counts.get(x, 0) + 1
    vocab = sorted(x for x, c in counts.items() if c >= MIN_COUNT and x != "bias")
    index = {x: i for i, x in enumerate(vocab)}
    X = [sorted({index[x] for x in feats if x in index}) for feats, _y in rows]
    Y = [y for _f, y in rows]
    n = len(vocab)
    w = [0.0] * n
    b = 0.0
    m, v = [0.0] * (n + 1), [0.0] * (n + 1)
    b1, b2, eps = 0.9, 0.999, 1e-8
    for step in range(1, STEPS + 1):
        g = [L2 * wi for wi in w]
        gb = 0.0
        for xs, y in zip(X, Y):
            z = b + sum(w[i] for i in xs)
            p = 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0
            d = p - y
            gb += d
            for i in xs:
                g[i] += d
        g.append(gb)
        for i in range(n + 1):
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
            upd = LR * (m[i] / (1 - b1 ** step)) / (math.sqrt(v[i] / (1 - b2 ** step)) + eps)
            if i < n:
                w[i] -= upd
            else:
                b -= upd
    return b, {x: w[i] for x, i in index.items()}


def probabilities(it: Item, bias: float, weights: dict[str, float]) -> list[float]:
    model = Model(bias, weights, 0.5)
    return [model.probability(f) for f in it.features]


def filtered_record(it: Item, probs: list[float] | None, threshold: float) -> dict:
    doc = it.doc
    entities, relations = list(doc.entities), list(doc.relations)
    if probs is not None:
        projects = [e for e in doc.entities if e.type == EntityType.Project]
        view = Document(doc=doc.doc, text=doc.text, entities=list(entities), relations=list(relations))
        drop_entities(view, [e for e, p in zip(projects, probs) if p < threshold])
        entities, relations = view.entities, view.relations
    return {"doc": doc.doc, "entities": [e.to_json() for e in entities],
            "relations": [{"type": r.type, "head": r.head, "tail": r.tail, "date": r.date} for r in relations]}


def score(it: Item, probs: list[float] | None, threshold: float) -> Report:
    report = Report()
    score_document(filtered_record(it, probs, threshold), it.gold, report)
    return report.per_document[it.doc.doc]


def objective(r: Report) -> float:
    return r.entities[EntityType.Project].f1 + r.relations_total.f1


def pick_threshold(items: list[Item]) -> float:
    """The threshold that maximises summed Project F1 + relations F1 over ``items``, each scored
    by a model trained without it (leave-one-out inside ``items``)."""
    oof = []
    for k, it in enumerate(items):
        b, w = train(items[:k] + items[k + 1:])
        oof.append(probabilities(it, b, w))
    best, best_t = None, THRESHOLDS[0]
    for t in THRESHOLDS:
        total = Report()
        for it, probs in zip(items, oof):
            total.add(score(it, probs, t))
        val = objective(total)
        if best is None or val > best + 1e-12:
            best, best_t = val, t
    return best_t


COLS = (("Proj", lambda r: r.entities[EntityType.Project]), ("core", lambda r: r.core),
        ("rel", lambda r: r.relations_total), ("resp", lambda r: r.relations[RelationType.responsibleFor]),
        ("dl", lambda r: r.relations[RelationType.deadline]), ("locIn", lambda r: r.relations[RelationType.locatedIn]))


def _cells(a: Report, b: Report) -> str:
    out = []
    for _name, get in COLS:
        x, y = get(a), get(b)
        out.append(f"{x.f1:.3f}→{y.f1:.3f}".rjust(14))
    return "".join(out)


def _prf(p: PRF) -> str:
    return f"P {p.precision:.3f} R {p.recall:.3f} F1 {p.f1:.3f} ({p.tp} tp, {p.fp} fp, {p.fn} fn)"


def loo(items: list[Item], fixed: float | None) -> dict:
    rows = {}
    for k, it in enumerate(items):
        rest = items[:k] + items[k + 1:]
        t = fixed if fixed is not None else pick_threshold(rest)
        b, w = train(rest)
        probs = probabilities(it, b, w)
        rows[it.name] = (it.set, t, score(it, None, t), score(it, probs, t),
                         sum(p < t for p in probs), len(probs))
        print(f"  {it.set:5} {it.name:28} threshold {t:.2f}  dropped {rows[it.name][4]}/{rows[it.name][5]}",
              file=sys.stderr, flush=True)
    lines = ["F1 without the filter → with it", f"{'set':6}{'document':28}{'thr':>5}{'drop':>8}" + "".join(f"{n:>14}" for n, _g in COLS)]
    summary = {}
    for set_name in SETS:
        before, after = Report(), Report()
        for name, (s, t, rb, ra, nd, np_) in rows.items():
            if s != set_name:
                continue
            before.add(rb)
            after.add(ra)
            lines.append(f"{s:6}{name[:27]:28}{t:5.2f}{f'{nd}/{np_}':>8}" + _cells(rb, ra))
        lines.append(f"{set_name:6}{'SUM':28}{'':5}{'':8}" + _cells(before, after))
        summary[set_name] = {n: {"before": get(before).to_json(), "after": get(after).to_json()} for n, get in COLS}
        lines.append(f"   {set_name} Project before: {_prf(before.entities[EntityType.Project])}")
        lines.append(f"   {set_name} Project after:  {_prf(after.entities[EntityType.Project])}")
        lines.append(f"   {set_name} relations before: {_prf(before.relations_total)}")
        lines.append(f"   {set_name} relations after:  {_prf(after.relations_total)}")
    print("\n".join(lines))
    return summary


def main(argv: list[str] | None = None) -> int:
    global L2
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cmd", choices=("loo", "write"))
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--json", type=Path, default=None, help="loo: also write the summed figures here")
    ap.add_argument("--out", type=Path, default=None, help="write: the weights file")
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--without", default="", help="comma-separated feature prefixes to leave out (last1=,head=)")
    args = ap.parse_args(argv)
    L2 = args.l2
    items = load_items()
    prefixes = tuple(x for x in args.without.split(",") if x)
    if prefixes:
        for it in items:
            it.features = [[x for x in f if not x.startswith(prefixes)] for f in it.features]
    n = sum(len(it.labels) for it in items)
    pos = sum(1 for it in items for y in it.labels if y == 1)
    print(f"{len(items)} documents, {n} Project entities, {pos} match gold", file=sys.stderr)
    if args.cmd == "loo":
        summary = loo(items, args.threshold)
        if args.json:
            args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return 0
    if args.out is None:
        ap.error("write needs --out FILE")
    t = args.threshold if args.threshold is not None else pick_threshold(items)
    b, w = train(items)
    out = args.out
    data = {"_comment": "Project filter weights (tools/project_filter.py), written by tools/train_project_filter.py write",
            "threshold": t, "bias": round(b, 4), "weights": {x: round(v, 4) for x, v in sorted(w.items()) if abs(v) >= 1e-3}}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"threshold {t}, {len(data['weights'])} weights, wrote {out} ({out.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
