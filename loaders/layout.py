"""Deterministic starting positions for ``graph.html``: documents on a ring, each entity in a
sunflower (phyllotaxis) disc around the document(s) that mention it.

Force-directed layouts in Python take half a minute at 3000 nodes; this one is linear, gives
the same coordinates for the same graph, and already separates what each document talks
about.  The page then runs a short, bounded physics pass from here and freezes it.
"""
from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from kg.graph import DOCUMENT, MENTIONED_IN

SPACING = 28.0  # distance between neighbouring nodes in a disc (vis-network pixels at scale 1)
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def sunflower(count: int, spacing: float = SPACING) -> list[tuple[float, float]]:
    """``count`` points filling a disc evenly, the first at the centre."""
    return [
        (spacing * math.sqrt(k) * math.cos(k * GOLDEN_ANGLE), spacing * math.sqrt(k) * math.sin(k * GOLDEN_ANGLE))
        for k in range(count)
    ]


def disc_radius(count: int, spacing: float = SPACING) -> float:
    return spacing * math.sqrt(max(count, 1))


def initial_positions(g: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Node id → (x, y), rounded to whole pixels so the page's bytes are stable."""
    docs = sorted(n for n, a in g.nodes(data=True) if a.get("type") == DOCUMENT)
    is_doc = set(docs)
    mentioned_in: dict[str, set[str]] = defaultdict(set)  # one pass over the edges, not one per node
    for u, nbrs in g._adj.items():  # not the views of g.edges: twice as fast on a large graph
        for v, keys in nbrs.items():
            if MENTIONED_IN in keys:
                mentioned_in[u].add(v)
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    loose: list[str] = []
    for n in sorted(g.nodes):
        if n in is_doc:
            continue
        mentioned = tuple(sorted(mentioned_in.get(n, ())))
        (groups[mentioned] if mentioned else loose).append(n)

    # Documents on a ring wide enough for the discs of the entities only they mention.
    own = {d: len(groups.get((d,), [])) for d in docs}
    ring = sum(2 * disc_radius(own[d] + 3) + 2 * SPACING for d in docs) / (2 * math.pi)
    ring = max(ring, 4 * SPACING) if len(docs) > 1 else 0.0
    pos: dict[str, tuple[float, float]] = {}
    for i, d in enumerate(docs):
        angle = 2 * math.pi * i / len(docs)
        pos[d] = (ring * math.cos(angle), ring * math.sin(angle))

    for signature in sorted(groups):
        members = groups[signature]
        cx = sum(pos[d][0] for d in signature) / len(signature)
        cy = sum(pos[d][1] for d in signature) / len(signature)
        if len(signature) > 1:  # shared entities sit between their documents, pulled inwards
            cx, cy = cx * 0.6, cy * 0.6
        offset = 3 if len(signature) == 1 else 0  # the document's (large) star holds the disc's centre
        points = sunflower(len(members) + offset)[offset:]
        for n, (dx, dy) in zip(members, points):
            pos[n] = (cx + dx, cy + dy)

    # Nodes no document mentions (time points): next to the first neighbour already placed.
    placed_near: dict[str, int] = defaultdict(int)
    unplaced: list[str] = []
    for n in loose:
        anchor = next((m for m in sorted(set(g.predecessors(n)) | set(g.successors(n))) if m in pos), None)
        if anchor is None:
            unplaced.append(n)
            continue
        placed_near[anchor] += 1
        k = placed_near[anchor]
        ax, ay = pos[anchor]
        pos[n] = (ax + SPACING * 1.5 * math.cos(k * GOLDEN_ANGLE), ay + SPACING * 1.5 * math.sin(k * GOLDEN_ANGLE))
    for n, (dx, dy) in zip(unplaced, sunflower(len(unplaced))):
        pos[n] = (dx, dy + (ring + 2 * SPACING if docs else 0.0))
    return {n: (round(x), round(y)) for n, (x, y) in pos.items()}
