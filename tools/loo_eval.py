"""Per-document effect of an extraction change on the dev gold, split into the documents a rule
was tuned on and the ones it was not (leave-one-out for hand-written rules).

usage:
  .venv/bin/python tools/loo_eval.py save BASE.jsonl
      extract the dev documents with the code as it is now and keep the predictions
  .venv/bin/python tools/loo_eval.py compare BASE.jsonl [NEW.jsonl] [--tuned d3,d5]
      per-document F1 before → after (core entities, each entity type, locatedIn, all
      relations); then the same figures summed over the documents that were *not* tuned on
      and over those that were.  Without NEW.jsonl the current code is extracted.

A rule is kept only when the documents it was not tuned on do not get worse.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.evaluate import ENTITY_ROWS, PRF, Report, evaluate, load_gold, load_predictions  # noqa: E402
from kg.vocab import RelationType  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold"
TEXTS = [ROOT / "seeds", ROOT / "tests" / "data" / "docs"]
SHORT = {"Department": "Dep", "Project": "Proj", "Place": "Place", "Policy": "Pol", "Organization": "Org"}


def extract_dev() -> list[dict]:
    from kg.documents import load_document
    from kg.extract import extract

    golds = load_gold(GOLD)
    paths = sorted(p for d in TEXTS for p in d.glob("*.txt") if p.name in golds)
    return [extract(load_document(p)).to_json() for p in paths]


def figures(r: Report) -> dict[str, PRF]:
    out = {"core": r.core}
    out.update({SHORT[t]: r.entities[t] for t in ENTITY_ROWS})
    out["locIn"] = r.relations[RelationType.locatedIn]
    out["rel"] = r.relations_total
    return out


def _doc_key(name: str) -> str:
    return Path(name).stem.split("_")[0]


def compare(base: list[dict], new: list[dict], tuned: set[str]) -> str:
    golds = load_gold(GOLD)
    rb, rn = evaluate(base, golds), evaluate(new, golds)
    cols = list(figures(rb))
    lines = [f"{'doc':10}" + "".join(f"{c:>15}" for c in cols), f"{'':10}" + f"{'F1 after, Δ':>15}" * len(cols)]

    def row(label: str, a: Report, b: Report) -> str:
        fa, fb = figures(a), figures(b)
        cells = []
        for c in cols:
            x, y = fa[c].f1, fb[c].f1
            cells.append(f"{y:.3f} {y - x:+.3f}".rjust(15) if (fa[c].tp + fa[c].fp + fa[c].fn) else f"{'-':>15}")
        return f"{label:10}" + "".join(cells)

    groups = {"held-out": (Report(), Report()), "tuned": (Report(), Report())}
    for doc in sorted(rb.per_document):
        a, b = rb.per_document[doc], rn.per_document.get(doc, Report())
        mark = "*" if _doc_key(doc) in tuned else " "
        lines.append(row(mark + _doc_key(doc), a, b))
        ga, gb = groups["tuned" if _doc_key(doc) in tuned else "held-out"]
        ga.add(a)
        gb.add(b)
    lines.append(row(" all", rb, rn))
    for name, (a, b) in groups.items():
        if a.documents:
            lines.append(row(" " + name, a, b))
    lines.append(row(" before", rb, rb).replace(" +0.000", "       "))
    lines.append("(* = tuned on; held-out = summed over the documents not marked; before = all, unchanged code)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("save")
    s.add_argument("out", type=Path)
    c = sub.add_parser("compare")
    c.add_argument("base", type=Path)
    c.add_argument("new", type=Path, nargs="?")
    c.add_argument("--tuned", default="", help="comma-separated document keys tuned on (000, d3, …)")
    args = ap.parse_args(argv)
    if args.cmd == "save":
        preds = extract_dev()
        args.out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8")
        print(f"wrote {len(preds)} predictions to {args.out}")
        return 0
    base = load_predictions(args.base)
    new = load_predictions(args.new) if args.new else extract_dev()
    print(compare(base, new, {t.strip() for t in args.tuned.split(",") if t.strip()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
