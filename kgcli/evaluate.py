"""`kg eval`: score extraction against gold annotations."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kgcli import app
from kgcli.common import YearOpt, error_line, fail, handles_errors
from kg.documents import ReadFailure
from kg.evaluate import evaluate, load_gold, load_predictions
from kg.pipeline import extract_documents


@app.command("eval")
@handles_errors
def eval_command(
    paths: Annotated[list[Path], typer.Argument(help="Documents to extract, or one .jsonl file of predictions.", readable=False)],
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold .json files.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    year: YearOpt = None,
    errors: Annotated[bool, typer.Option("--errors", help="Also list every false positive (fp) and miss (fn).")] = False,
    per_document: Annotated[bool, typer.Option("--per-document", help="Also print one row per document (core entities, relations).")] = False,
) -> None:
    """Precision, recall and F1 per entity type, for core entities, per relation type and overall."""
    golds = load_gold(gold)
    failures = 0
    if len(paths) == 1 and paths[0].suffix == ".jsonl" and paths[0].is_file():
        preds = load_predictions(paths[0])
    else:
        preds = []
        for item in extract_documents(paths, year=year):
            if isinstance(item, ReadFailure):
                failures += 1
                error_line(item.message)
            else:
                preds.append(item.to_json())
    report = evaluate(preds, golds)
    typer.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=1) if as_json else report.to_text())
    if per_document and not as_json:
        typer.echo("\nper document:\n" + report.per_document_text())
    if errors and not as_json:
        typer.echo(report.errors_text())
    if failures:
        raise fail(f"{failures} document(s) could not be read", 1)
