"""Aliases within a document: one entity for two surface forms of one name.

- declared:   高层建筑消防安全综合治理协调小组（以下简称“协调小组”）, 建设管理委（交通委）
- abbreviated: 国家发改委 / 国家发展改革委 (same canonical key, see kg.resolve)
- local level: 改革办 / 区委改革办 — an unprefixed department and the one prefixed form that
  adds only a local level (区, 区委, 县政府…) or a place; 深改领导小组 / 中央深改领导小组 stay
  apart (中央 is not local)
- place suffix: 河北 / 河北省, 苏河湾 / 苏河湾功能区
- policy type word: 三纠三促专项行动 / 三纠三促行动, 强村工程 / 强村工程改革
The fuller form becomes the name; masked names merge with nothing.
"""
from __future__ import annotations

import re

from kg.extract.lexicon import lexicon
from kg.model import Document, Entity
from kg.redaction import is_masked
from kg.resolve import canonical_key, normalise_name
from kg.vocab import EntityType

DECLARED = re.compile(r"[（(](?:以下)?简称[：:]?[“\"]?([^”\"）)]{1,20})[”\"]?[）)]")
PARENTHESIS = re.compile(r"[（(]([^（）()]{1,12})[）)]")
_TASK_WORDS = frozenset({"工作", "任务"})
LOCAL_LEVELS = ("区委", "区政府", "县委", "县政府", "市委", "市政府", "镇", "街道", "区", "县", "市")
PLACE_SUFFIXES = ("自治区", "自治州", "省", "市", "区", "县", "镇", "乡", "街道", "功能区", "园区")


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def merge_aliases(doc: Document) -> Document:
    ents = doc.entities
    union = _Union(len(ents))
    index = {(e.type, e.name): i for i, e in enumerate(ents)}
    extra_alias: dict[int, set[str]] = {}
    _declared(doc, ents, index, union, extra_alias)
    _local_forms_of_declared(ents, union, extra_alias)
    by_type: dict[str, list[int]] = {}
    for i, e in enumerate(ents):
        if not e.masked:
            by_type.setdefault(e.type, []).append(i)
    for etype, idx in by_type.items():
        names = [ents[i].name for i in idx]
        keys = [canonical_key(etype, n) for n in names]
        heads = [(n[:2], n[-2:], k[-2:]) for n, k in zip(names, keys)]
        for x, a in enumerate(idx):
            h1, t1, k1 = heads[x]
            for y in range(x + 1, len(idx)):
                # every way two names can be one shares their first two or last two characters
                h2, t2, k2 = heads[y]
                if (h1 == h2 or t1 == t2 or k1 == k2) and _same(etype, names[x], names[y], keys[x], keys[y], keys):
                    union.join(a, idx[y])
    groups: dict[int, list[int]] = {}
    for i in range(len(ents)):
        groups.setdefault(union.find(i), []).append(i)
    merged: list[Entity] = []
    for root in sorted(groups):
        members = [ents[i] for i in groups[root]]
        names = {n for m in members for n in m.names()} | {a for i in groups[root] for a in extra_alias.get(i, ())}
        name = max((m.name for m in members), key=lambda n: (len(n), n))
        kinds = [m.kind for m in members if m.kind]
        merged.append(Entity(
            type=members[0].type, name=name, masked=is_masked(name),
            kind=("project" if "project" in kinds else kinds[0]) if kinds else None,
            aliases=sorted(names - {name}),
            mentions=sorted({m for e in members for m in e.mentions}),
        ))
    doc.entities = merged
    return doc


def _declared(doc: Document, ents: list[Entity], index: dict, union: _Union, extra: dict[int, set[str]]) -> None:
    """X（以下简称“Y”） and X（Y）: the entity that ends right before the bracket gets Y."""
    ends: dict[int, int] = {}
    for i, e in enumerate(ents):
        for _s, t in e.mentions:
            ends[t] = i
    for pattern in (DECLARED, PARENTHESIS):
        for m in pattern.finditer(doc.text):
            i = ends.get(m.start())
            if i is None:
                continue
            short = normalise_name(m.group(1))
            if not short or short == ents[i].name or pattern is PARENTHESIS and len(short) >= len(ents[i].name):
                continue
            j = index.get((ents[i].type, short))
            if j is not None:
                union.join(i, j)
            elif pattern is DECLARED:
                extra.setdefault(i, set()).add(short)


def _local_forms_of_declared(ents: list[Entity], union: _Union, extra: dict[int, set[str]]) -> None:
    """…协调小组（以下简称“协调小组”） and later 区协调小组: the declared short name with a local
    level before it is the same body."""
    for j, shorts in extra.items():
        for i, e in enumerate(ents):
            if i == j or e.type != ents[j].type or e.type not in (EntityType.Department, EntityType.Organization):
                continue
            if any(e.name != a and e.name.endswith(a) and _local_prefix(e.name[: -len(a)]) for a in shorts):
                union.join(i, j)


_PLACE_PREFIX = re.compile(r"^(?:[\u4e00-\u9fff]{1,8}?(?:省|市|区|县))+(?:区委|区政府|县委|县政府|市委|市政府)?$")


def _local_prefix(prefix: str) -> bool:
    """区, 区委, 上海市静安区: a level or a place, not another body (中央, 国家, 省纪委)."""
    return prefix in LOCAL_LEVELS or bool(_PLACE_PREFIX.match(prefix))


def same_name(etype: str, a: str, b: str, all_keys: list[str]) -> bool:
    """Are two names of a document one entity's (the rules of merge_aliases)?"""
    return _same(etype, a, b, canonical_key(etype, a), canonical_key(etype, b), all_keys)


def _same(etype: str, a: str, b: str, key_a: str, key_b: str, all_keys: list[str]) -> bool:
    short, long = sorted((a, b), key=len)
    if etype in (EntityType.Department, EntityType.Organization):
        if key_a == key_b:
            return True
        ca, cb = sorted((key_a, key_b), key=len)
        # 发展改革委 / 上海市静安区发展和改革委员会, 改革办 / 区委改革办: one short name and its one
        # local form (only when no other body of the document ends the same way)
        if cb.endswith(ca) and _local_prefix(cb[: -len(ca)]):
            return sum(1 for k in set(all_keys) if k != ca and k.endswith(ca)) == 1
        # 市城市管理局 / 龙岩市城市管理局: the level word of the short form closes the place of the long
        if len(ca) >= 4 and ca[0] in "省市区县" and cb.endswith(ca[1:]):
            place = cb[: len(cb) - len(ca) + 1]
            if place.endswith(ca[0]) and len(place) >= 3 and (place in lexicon().gazetteer or _PLACE_PREFIX.match(place)):
                # the one body of this level that ends so (麒麟区人民政府 is no second 市人民政府)
                return sum(1 for k in set(all_keys) if k != ca and k.endswith(ca) and len(k) > len(ca)) == 1
        # 移动公司 / 中国移动龙岩分公司: a firm called by its brand and 公司 is the one branch of the
        # document that holds the brand
        if etype == EntityType.Organization and short.endswith("公司") and long.endswith("公司"):
            brand = short[:-2]
            if len(brand) >= 2 and brand in long[:-2] and not long.startswith(short):
                return not any(brand in k for k in set(all_keys) - {key_a, key_b})
        return False
    if etype == EntityType.Project:
        # 清洁能源供暖项目 / 固体式电蓄热清洁能源供暖项目: a later, shorter mention of the same project
        # 泺口片区二期 / 泺口片区二期项目: the same name with and without its head word
        return len(short) >= 5 and long.endswith(short) or (len(short) >= 4 and long.startswith(short) and long[len(short):] in ("项目", "工程"))
    if etype == EntityType.Place:
        return long.startswith(short) and any(long == short + s for s in PLACE_SUFFIXES) or (
            long.startswith(short) and len(short) >= 2 and long[len(short):].endswith(("园区", "功能区")))
    if etype == EntityType.Policy:
        heads = lexicon().policy_heads
        if long.startswith(short) and long[len(short):] in heads and len(short) >= 2:
            return True  # 强村工程 / 强村工程改革, 六稳 / 六稳工作
        for h in heads:  # 三纠三促行动 / 三纠三促专项行动: one core, two forms of one type word
            if short.endswith(h):
                core = short[: -len(h)]
                rest = long[len(core):]
                if len(core) >= 2 and long.startswith(core) and rest in heads and (rest.endswith(h) or {h, rest} <= _TASK_WORDS):
                    return True
        return False
    return False
