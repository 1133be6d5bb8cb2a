"""locatedIn: where the text places a project, a body or a place.

- a place inside a name (龙岩市工业和信息化局, 魏家湾湿地公园), by the place-prefix rule
- two places in a row (兰州市城关区): the second lies in the first
- 位于/落户/坐落于/地处/选址 + place
- 天水路等5条绿色景观廊道: places listed before a count and the project
"""
from __future__ import annotations

import re
from bisect import bisect_left

from kg.extract.lexicon import lexicon
from kg.extract.context import ACTORS, UNDERTAKINGS, Context, evidence
from kg.model import Document
from kg.vocab import EntityType, RelationType



COUNT_AFTER_LIST = re.compile(r"(?:等)?(?:[\d一二三四五六七八九十两]+[条个处座项所家]|一批|多个|一系列)(?=[\u4e00-\u9fff])")
# 在蒲上镇、白塔镇建设…, 在东盟等国建设…: the place where the clause builds its project
AT_PLACE_BUILT = re.compile(r"在(?P<where>[^，。；：,;:在]{2,30}?)(?:等地|等国|等地区)?(?:集中连片|整体|全面|率先|分批)?"
                            r"(?:新建|建设|建成|实施|开工建设|规划建设|布局|打造|推进|开展|完成|启动|开工)")
PLACE_BUILDS = re.compile(r"(?:新建|建成|开工建设|规划建设|启动建设)")
MAX_LISTED = 12  # places in one list before a project
MAX_NAME = 40  # how far a mention that touches a position can reach
MAX_CLAUSE = 80  # how far after 在X建设 its project is looked for


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = re.compile(r"[，。；,;]").search(text, pos, limit)
    return m.start() if m else limit


def _prefix_chain(text: str, start: int, inside: list) -> list:
    """The places that begin a name, one after another (四川省攀枝花市米易县…, 中国（合肥）…);
    a place further in modifies another word (一键游包头项目, 中国电信龙岩分公司) and is left out."""
    chain, pos = [], start
    for p in inside:
        if p.start < pos:
            continue  # nested in a place already taken
        if p.start == pos or (chain and p.start == pos + 1 and text[pos] in "（("):
            chain.append(p)
            pos = p.end + (1 if text[p.end : p.end + 1] in "）)" else 0)
        else:
            break
    return chain


# a side or a stretch written after a listed place: 尚书苑南侧, 经二路北延, 永禄大街（蒲金路至尧帝路）
PLACE_PART = re.compile(r"(?:[东南西北][侧延段]|沿线|[东南西北]?段)?(?:[（(][^（）()、，。]{1,24}[）)])?$")


def _place_ending_at(ctx: Context, places: list, place_starts: list[int], pos: int, lo: int):
    """The outermost place that ends at ``pos``, or before a side or stretch of it that ends there."""
    part = PLACE_PART.search(ctx.text, max(lo, pos - 28), pos)
    ends = [pos] if part is None or part.start() == pos else [pos, part.start()]
    for end in ends:
        i = bisect_left(place_starts, end) - 1
        while i >= 0 and places[i].end > end:
            i -= 1
        # the outermost place ending there (西显阳村, not 阳村)
        while i > 0 and places[i - 1].end == end and places[i - 1].start < places[i].start:
            i -= 1
        if i >= 0 and places[i].end == end:
            return places[i]
    return None


def _listed_before(ctx: Context, places: list, place_starts: list[int], start: int) -> list:
    """Places joined by 、/和/及 that end right before ``start`` (A、B、C + the project)."""
    out: list = []
    pos = start
    for _ in range(MAX_LISTED):
        if pos < 1 or ctx.text[pos - 1] not in "、和及":
            break
        p = _place_ending_at(ctx, places, place_starts, pos - 1, 0)
        if p is None:
            break
        out.append(p)
        pos = p.start
    return out


DIVISION_ENDS = ("省", "市", "县", "区", "州", "盟", "旗", "镇", "乡", "街道", "自治区")


def _is_division(name: str) -> bool:
    """Can the place hold the next one (兰州市|城关区, 青海|西宁)? A division does; a river or a
    park written before a place (松花江|哈尔滨段) holds nothing."""
    gz = lexicon().gazetteer
    return name.endswith(DIVISION_ENDS) or any(name + s in gz for s in ("省", "市", "县", "自治区"))


DIVISION_SUFFIXES = ("", "市", "县", "省", "区")  # 平江|高新区 lies in 平江县 (a county's short name is no entry of the gazetteer)
STREET_WORDS = ("路", "街", "大道", "大街", "巷", "胡同")


def _named_after_division(ctx: Context, m, prefix: list) -> None:
    """合肥|高新区, 宜昌|北站, 中国（安徽）|自由贸易试验区: a zone, a park or a station named after
    its division lies in it (in the bracketed division when there is one)."""
    text = ctx.text
    if prefix:
        if not all(_is_division(p.entity.name) for p in prefix):
            return
        bracketed = [p for p in prefix if text[p.start - 1 : p.start] in "（("]
        for p in bracketed or prefix[-1:]:
            ctx.add(RelationType.locatedIn, m.entity, p.entity.name, (m.start, m.end))
        return
    gz = lexicon().gazetteer
    name = m.entity.name
    k = next((k for k in range(min(6, len(name) - 2), 1, -1)
              if any(name[:k] + suffix in gz for suffix in DIVISION_SUFFIXES) and _is_division(name[:k])), 0)
    if not k or name[k:].startswith(DIVISION_ENDS + STREET_WORDS):
        return  # 西宁市城东区 (two divisions: a chain of its own); 临汾路街道: a street named after a city
    division = next((d for d in (ctx.entity_named(name[:k] + suffix, EntityType.Place) for suffix in DIVISION_SUFFIXES)
                     if d is not None), None)
    if division is not None:  # the division the text names elsewhere (a name inside a name is no mention)
        ctx.add(RelationType.locatedIn, m.entity, division.name, (m.start, m.end))


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
        # a place that ends where the name ends is the thing itself read as a place (宜宾|三江口生态公园)
        inside = [p for p in places[lo:hi] if p.end < m.end]
        prefix = _prefix_chain(text, m.start, inside)
        if m.type in ACTORS and len(prefix) > 1:
            # 青海|盐湖|工业股份有限公司: after the division, a lake or a river names the body's brand
            prefix = prefix[:next((i for i, p in enumerate(prefix) if i and not _is_division(p.entity.name) and text[p.start - 1 : p.start] not in "（("), len(prefix))]
        if prefix and text[prefix[-1].end : prefix[-1].end + 1] in ("至", "到", "-", "—", "－", "–"):
            prefix = []  # 曲靖至陆良高速公路: a route's first end is not where it lies; 中国-东盟…: a pair, not a place
        if prefix and m.type != EntityType.Place:
            # the place nearest the head: 上海市崇明区人民政府办公室 → 崇明区; 中国（合肥）知识产权
            # 保护中心 → 合肥 and 中国 (a bracketed place is part of the prefix)
            targets = prefix[-1:] if not any(text[p.end : p.end + 1] in "（(" for p in prefix) else prefix
            for p in targets:
                ctx.add(RelationType.locatedIn, m.entity, p.entity.name, (m.start, m.end))
        if m.type == EntityType.Place:
            _named_after_division(ctx, m, prefix)
        if m.type != EntityType.Place and not prefix and m.start >= 1 and text[m.start - 1] not in "、和及":
            # 白庙村、西显阳村|片区改造: a project right after a list of places is each one's
            last = _place_ending_at(ctx, places, place_starts, m.start, max(0, m.start - MAX_NAME))
            if last is not None and last.end == m.start and last.start >= 1 and text[last.start - 1] in "、和及":
                listed = [last] + _listed_before(ctx, places, place_starts, last.start)
                if text[max(0, listed[-1].start - 1) : listed[-1].start] in ("至", "到"):
                    listed = []  # …至银坑镇、岭背镇供水主管网: the places end a route
                for p in listed:
                    ctx.add(RelationType.locatedIn, m.entity, p.entity.name, (p.start, m.end))
        if m.type != EntityType.Place and inside and inside[0].start == m.start and not prefix[1:]:
            # 长安路、光复路提档升级工程: the places listed at the start of the name
            listed, pos = [], m.start
            for p in inside:
                if p.start == pos:
                    listed.append(p)
                    pos = p.end + (1 if text[p.end : p.end + 1] in "、和及" else 0)
            if len(listed) > 1 and all(text[p.end : p.end + 1] in "、和及" for p in listed[:-1]):
                for p in listed:
                    ctx.add(RelationType.locatedIn, m.entity, p.entity.name, (m.start, m.end))
        if m.type == EntityType.Project and prefix and prefix[0].start == m.start:
            # 蒲阳河、七节河河道堤防, 东环路、南环路改造提升: places listed before a project that
            # begins with a place share it
            for p in _listed_before(ctx, places, place_starts, m.start):
                ctx.add(RelationType.locatedIn, m.entity, p.entity.name, (p.start, m.end))
    actors = [m for m in ctx.mentions if m.type in ACTORS]
    for a, b in zip(places, places[1:]):
        if a.end == b.start and a.entity is not b.entity and _is_division(a.entity.name) and not (
                not _is_division(b.entity.name) and any(m.start <= a.start and b.end < m.end for m in actors)):
            # (青海|盐湖|工业股份有限公司: the lake is the firm's brand, no place inside Qinghai)
            ctx.add(RelationType.locatedIn, b.entity, a.entity.name, (a.start, b.end))
    for sent in ctx.doc.sentences:
        for m in re.finditer(r"(?:位于|落户|坐落于|地处|选址)", text[sent.start : sent.end]):
            pos = sent.start + m.end()
            near = ctx.in_range(pos, min(sent.end, pos + 30), frozenset({EntityType.Place}))
            place = near[0] if near and near[0].start < pos + 12 else None
            for q in near[1:]:
                if place is not None and q.start == place.end:
                    place = q  # 位于长沙县|黄花镇: the innermost of the chain
            thing = ctx.in_range(max(sent.start, pos - 40), sent.start + m.start(), UNDERTAKINGS | ACTORS)
            if place and not thing:
                # 位于长沙县黄花镇的临空产业园: the place, 的, then what lies there
                if text[place.end : place.end + 1] == "的":
                    after = place.end + 1
                    thing = [t for t in ctx.in_range(after, min(sent.end, after + MAX_NAME), UNDERTAKINGS | ACTORS) if t.start == after][:1]
            if place and thing:
                ctx.add(RelationType.locatedIn, thing[-1].entity, place.entity.name, evidence(text, sent, (thing[-1].start, thing[-1].end), (place.start, place.end)))
        for m in PLACE_BUILDS.finditer(text, sent.start, sent.end):
            # 香坊区幸福镇新建农产品冷链物流中心: the place builds, as 在X建设 does
            where = [p for p in ctx.in_range(max(sent.start, m.start() - MAX_NAME), m.start(), frozenset({EntityType.Place}))
                     if p.end == m.start()]
            proj = [p for p in ctx.in_range(m.end(), min(sent.end, m.end() + MAX_NAME), frozenset({EntityType.Project}))
                    if p.start == m.end()]
            if where and proj:
                ctx.add(RelationType.locatedIn, proj[0].entity, where[-1].entity.name,
                        evidence(text, sent, (where[-1].start, where[-1].end), (proj[0].start, proj[0].end)))
        for m in AT_PLACE_BUILT.finditer(text, sent.start, sent.end):
            wplaces = ctx.in_range(m.start("where"), m.end("where"), frozenset({EntityType.Place}))
            if not wplaces or wplaces[0].start != m.start("where"):
                continue  # 在促开工上下功夫: not a place
            clause_end = _clause_end(text, m.end(), min(sent.end, m.end() + MAX_CLAUSE))
            projects = ctx.in_range(m.end(), clause_end, frozenset({EntityType.Project}))
            if not projects:
                # …大豆精深加工项目在桦川县开工: the project is the subject right before 在
                projects = [p for p in ctx.in_range(max(sent.start, m.start() - MAX_NAME), m.start(), frozenset({EntityType.Project}))
                            if p.end == m.start()]
            if not projects and text[m.start() - 2 : m.start()] in ("重点", "主要", "集中", "分别", "先行", "其中"):
                # 新建高标准农田85万亩，重点在富锦市、同江市集中连片推进: the project said before
                lo = max(sent.start, m.start() - MAX_CLAUSE)
                projects = [p for p in ctx.in_range(lo, m.start(), frozenset({EntityType.Project})) if p.entity.kind != "task"][-1:]
            for proj in projects:
                for p in wplaces:
                    ctx.add(RelationType.locatedIn, proj.entity, p.entity.name, evidence(text, sent, (p.start, p.end), (proj.start, proj.end)))
        # 天水路等5条绿色景观廊道, 白庙村、西显阳村两个片区改造安置区: places (a list), 等 and a
        # count, then the project: each listed place
        for m in COUNT_AFTER_LIST.finditer(text, sent.start, sent.end):
            pos = m.start()
            # only the mentions that touch the count (a long unpunctuated sentence is not scanned)
            first = _place_ending_at(ctx, places, place_starts, pos, sent.start)
            proj = [p for p in ctx.in_range(m.end(), min(sent.end, m.end() + MAX_NAME), frozenset({EntityType.Project})) if p.start == m.end()]
            if first is not None and proj:
                for p in [first] + _listed_before(ctx, places, place_starts, first.start):
                    ctx.add(RelationType.locatedIn, proj[0].entity, p.entity.name, evidence(text, sent, (p.start, p.end), (proj[0].start, proj[0].end)))
