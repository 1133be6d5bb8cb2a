"""locatedIn: where the text places a project, a body or a place.

- a place inside a name (龙岩市工业和信息化局, 魏家湾湿地公园), by the place-prefix rule
- two places in a row (兰州市城关区): the second lies in the first
- 位于/落户/坐落于/地处/选址 + place
- 天水路等5条绿色景观廊道: places listed before a count and the project
"""
from __future__ import annotations

import re
from bisect import bisect_left

from kg.extract.context import ACTORS, UNDERTAKINGS, Context, evidence
from kg.model import Document
from kg.vocab import EntityType, RelationType



def find_locations(doc: Document) -> Document:
    ctx = Context.of(doc)
    located_in(ctx)
    doc.relations.extend(ctx.relations)
    return doc


def located_in(ctx: Context) -> None:
    text = ctx.text
    places = [m for m in ctx.mentions if m.type == EntityType.Place]
    place_starts = [p.start for p in places]  # ctx.mentions is sorted by start, so places are too
    for m in ctx.mentions:
        if m.type == EntityType.Policy or m.entity.masked:
            continue
        lo, hi = bisect_left(place_starts, m.start), bisect_left(place_starts, m.end)
        inside = [p for p in places[lo:hi] if p.end <= m.end and (p.start, p.end) != (m.start, m.end)]
        if inside and m.type != EntityType.Place:
            # the place nearest the head: 上海市崇明区人民政府办公室 → 崇明区
            ctx.add(RelationType.locatedIn, m.entity, inside[-1].entity.name, (m.start, m.end))
    for a, b in zip(places, places[1:]):
        if a.end == b.start and a.entity is not b.entity:
            ctx.add(RelationType.locatedIn, b.entity, a.entity.name, (a.start, b.end))
    for sent in ctx.doc.sentences:
        for m in re.finditer(r"(?:位于|落户|坐落于|地处|选址)", text[sent.start : sent.end]):
            pos = sent.start + m.end()
            place = next(iter(ctx.in_range(pos, min(sent.end, pos + 12), frozenset({EntityType.Place}))), None)
            thing = ctx.in_range(max(sent.start, pos - 40), sent.start + m.start(), UNDERTAKINGS | ACTORS)
            if place and thing:
                ctx.add(RelationType.locatedIn, thing[-1].entity, place.entity.name, evidence(text, sent, (thing[-1].start, thing[-1].end), (place.start, place.end)))
        # 天水路等5条绿色景观廊道: a place, 等 and a count, then the project
        for m in re.finditer(r"等[\d一二三四五六七八九十两]+[条个处座项]", text[sent.start : sent.end]):
            pos = sent.start + m.start()
            place = [p for p in ctx.in_range(sent.start, pos, frozenset({EntityType.Place})) if p.end == pos]
            proj = [p for p in ctx.in_range(sent.start + m.end(), sent.end, frozenset({EntityType.Project})) if p.start == sent.start + m.end()]
            if place and proj:
                ctx.add(RelationType.locatedIn, proj[0].entity, place[0].entity.name, evidence(text, sent, (place[0].start, place[0].end), (proj[0].start, proj[0].end)))
