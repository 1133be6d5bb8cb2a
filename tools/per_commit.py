"""Per-document figures at each commit of a range: what every change did to every dev document.

usage: .venv/bin/python tools/per_commit.py BASE..HEAD [--what relations|core]

Each commit is checked out into a temporary directory and scored there against the dev gold of
this checkout (tests/data/gold, seeds/, tests/data/docs/), so a change tuned on some documents
shows what it did to the documents it was not tuned on (the leave-one-document-out view of a
rule).  One row per commit: F1 of each document, and the change from the commit before.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORE = """
import json, sys
from pathlib import Path
from kg.documents import load_document
from kg.evaluate import evaluate, load_gold
from kg.extract import extract
root = Path(sys.argv[1])
golds = load_gold(root / "tests/data/gold")
paths = sorted(p for d in (root / "seeds", root / "tests/data/docs") for p in d.glob("*.txt") if p.name in golds)
report = evaluate([extract(load_document(p)).to_json() for p in paths], golds)
rows = {doc: {"core": r.core.f1, "relations": r.relations_total.f1} for doc, r in report.per_document.items()}
rows["ALL"] = {"core": report.core.f1, "relations": report.relations_total.f1}
print(json.dumps(rows))
"""


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def score(rev: str) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(f"git archive {rev} kg | tar -x -C {tmp}", shell=True, cwd=ROOT, check=True)
        out = subprocess.run([sys.executable, "-c", SCORE, str(ROOT)], cwd=tmp, capture_output=True, text=True,
                             env={"PYTHONPATH": tmp, "PATH": "/usr/bin:/bin"})
        if out.returncode:
            raise SystemExit(f"{rev}: {out.stderr.strip().splitlines()[-1]}")
        return json.loads(out.stdout)


def main() -> None:
    if len(sys.argv) < 2 or ".." not in sys.argv[1]:
        raise SystemExit(__doc__)
    what = sys.argv[sys.argv.index("--what") + 1] if "--what" in sys.argv else "relations"
    base, head = sys.argv[1].split("..")
    revs = [base] + git("rev-list", "--reverse", f"{base}..{head}").splitlines()
    before = None
    for rev in revs:
        rows = score(rev)
        docs = sorted(rows)
        if before is None:
            print("commit   " + " ".join(f"{d[:8]:>8}" for d in docs) + "  subject")
        cells = []
        for d in docs:
            now = rows[d][what]
            delta = "" if before is None else f"{now - before.get(d, {}).get(what, 0):+.2f}"
            cells.append(f"{now:.2f}{delta:>5}" if delta not in ("+0.00", "-0.00") else f"{now:.2f}     ")
        print(f"{rev[:7]}  " + " ".join(f"{c:>9}" for c in cells) + "  " + git("log", "-1", "--format=%s", rev)[:60])
        before = rows


if __name__ == "__main__":
    main()
