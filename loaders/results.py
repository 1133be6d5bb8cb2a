"""Query results as plain Python values, the same whichever store answered.

Dates become ISO strings (Neo4j's ``neo4j.time.Date`` and LadybugDB's ``datetime.date`` alike),
nodes and relationships become their property maps, lists and maps are converted element-wise.
"""
from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass, field
from typing import Any


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, decimal.Decimal):  # LadybugDB's sum() of integers is an INT128
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    iso = getattr(value, "iso_format", None)  # neo4j.time.Date / DateTime / Time / Duration
    if callable(iso):
        return iso()
    if isinstance(value, dict):
        # LadybugDB returns nodes and relationships as dicts with internal keys (_id, _label, ...).
        return {k: plain(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    items = getattr(value, "items", None)  # neo4j.graph.Node / Relationship: property maps
    if callable(items):
        return {k: plain(v) for k, v in items()}
    return str(value)
