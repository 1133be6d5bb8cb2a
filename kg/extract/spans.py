"""Candidates as character spans, and the one rule that resolves their overlaps."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    type: str
    name: str
    kind: str | None = None
    priority: int = 0  # breaks ties between same-span candidates of different types
    nestable: bool = False  # may sit inside a longer kept span (a place prefixing a name)

    @property
    def length(self) -> int:
        return self.end - self.start


def filter_spans(cands: list[Candidate]) -> list[Candidate]:
    """Keep non-overlapping candidates: longest first, then earliest, then highest priority
    (spaCy's filter_spans rule).  Nestable candidates are kept when they lie wholly inside a
    kept span or touch none."""
    ordered = sorted(cands, key=lambda c: (-c.length, c.start, -c.priority, c.type))
    taken: list[Candidate] = []
    occupied: set[int] = set()
    for c in ordered:
        if c.nestable:
            continue
        if not occupied.intersection(range(c.start, c.end)):
            taken.append(c)
            occupied.update(range(c.start, c.end))
    kept_nest: list[Candidate] = []
    nest_occupied: set[int] = set()
    by_start = sorted(taken, key=lambda t: t.start)  # kept spans do not overlap: one can hold c
    starts = [t.start for t in by_start]
    for c in ordered:
        if not c.nestable or nest_occupied.intersection(range(c.start, c.end)):
            continue
        k = bisect_right(starts, c.start) - 1
        t = by_start[k] if k >= 0 else None
        inside = t is not None and c.end <= t.end and (t.start, t.end) != (c.start, c.end)
        touches = occupied.intersection(range(c.start, c.end))
        if inside or not touches:
            kept_nest.append(c)
            nest_occupied.update(range(c.start, c.end))
    return sorted(taken + kept_nest, key=lambda c: (c.start, c.end, c.type))
