"""Entity stage: run every finder, resolve overlaps, group mentions into entities."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import replace
from functools import lru_cache

from kg.extract.organisations import find_departments, named_per_level
from kg.extract.places import find_places
from kg.extract.policies import document_title_policy, find_policies
from kg.extract.projects import LEADING_COUNT, find_projects
from kg.extract.grammar import leading_verbs, words_before
from kg.extract.lexicon import alternation, lexicon
from kg.extract.spans import Candidate, filter_spans
from kg.model import Document, Entity
from kg.redaction import PLACEHOLDER, is_masked
from kg.resolve import normalise_name
from kg.vocab import EntityType

# When one name was found as two types, the type the text gives it most often wins; ties go
# to the more specific finder.
MAX_PLACE_LEN = 40  # no place name is longer: the bound of a look back over places
TITLE_PRIORITY = 6  # see policies.document_title_policy
TYPE_ORDER = (EntityType.Policy, EntityType.Department, EntityType.Organization, EntityType.Project, EntityType.Place)


def find_candidates(doc: Document) -> list[Candidate]:
    text = doc.text
    cands: list[Candidate] = []
    cands.extend(find_policies(text))
    cands.extend(find_departments(text))
    cands.extend(find_projects(text, doc.sentences))
    cands.extend(find_places(text))
    title = document_title_policy(text, doc.title)
    if title:
        # 包头市人民政府办公室关于印发…的通知: the title holds its 关于… reading, which gives way
        cands = [c for c in cands if not (c.type == EntityType.Policy and c.name.startswith("关于")
                                          and title.start < c.start and c.end <= title.end)]
        cands.append(title)
    cands = _bracketed_place_prefix(text, cands)
    cands = _facilities_over_bodies(text, cands)
    cands = _institutions_as_actors(text, cands)
    cands = _projects_from_their_place(text, cands)
    cands = _shared_suffix_lists(text, cands)
    cands = _owner_before_project(text, cands)
    return [c for c in cands if not _bare_placeholder(c) and _has_content(c.name)]


def _bracketed_place_prefix(text: str, cands: list[Candidate]) -> list[Candidate]:
    """中国（合肥）|知识产权保护中心, 中国（四川）|自由贸易试验区…: a name that follows a place and a
    bracketed place begins with them (the place-prefix rule; the brackets hold the seat)."""
    places = {(c.start, c.end) for c in cands if c.type == EntityType.Place}
    place_ends = {e: s for s, e in places}
    out = []
    for c in cands:
        if c.type != EntityType.Place and text[c.start - 1 : c.start] in "）)" and c.start >= 2:
            inner_start = place_ends.get(c.start - 1)  # the bracketed place ends at the bracket
            if inner_start is not None and text[inner_start - 1 : inner_start] in "（(":
                outer_start = place_ends.get(inner_start - 1)
                if outer_start is not None:
                    c = replace(c, start=outer_start, name=text[outer_start : c.end])
        out.append(c)
    return out


def _facilities_over_bodies(text: str, cands: list[Candidate]) -> list[Candidate]:
    """A 中心 that its clause builds or runs is a facility (县老年养护服务中心): the department
    reading of the same name, which may reach one level character further, gives way — unless
    the name is the subject of a duty (市政务服务中心负责…, 市大数据中心要…): then it is the body."""
    acting = {c.end for c in cands if c.type == EntityType.Department and c.name.endswith("中心") and SUBJECT_AFTER.match(text, c.end)}
    project_ends = {c.end for c in cands if c.type == EntityType.Project and c.name.endswith("中心")} - acting
    return [c for c in cands
            if not (c.type == EntityType.Department and c.end in project_ends and c.name.endswith("中心"))
            and not (c.type == EntityType.Project and c.end in acting)]


SUBJECT_AFTER = re.compile(r"(?:要|将|负责|牵头|会同|配合|具体负责|统筹)")
INSTITUTIONS = ("医院", "卫生院", "大学", "学院")
# what an institution does as an actor: its duty (县人民医院要…), or a verb with an object of its own
ACTOR_VERB_AFTER = re.compile(r"(?:要|将|负责|牵头|会同|配合|具体负责|联合|与|和)|(?:建设|建成|打造|开展|实施|承办|组建|引进|共建)(?=[\u4e00-\u9fff]{2})")


def _institutions_as_actors(text: str, cands: list[Candidate]) -> list[Candidate]:
    """A hospital or a university that acts (县人民医院要做好…, 衡阳市中心医院|建设胸痛中心, 南华大学与…)
    is an organisation, the guideline's actor; the one a clause builds stays a project."""
    out = []
    for c in cands:
        if c.type == EntityType.Project and c.name.endswith(INSTITUTIONS) and ACTOR_VERB_AFTER.match(text, c.end):
            c = replace(c, type=EntityType.Organization, kind=None)
        out.append(c)
    return out


def _projects_from_their_place(text: str, cands: list[Candidate]) -> list[Candidate]:
    """A project name that starts inside a place starts with that place (顺|高路改造工程: the
    tokenizer split 顺高路; the place finder read it whole): by the place-prefix rule the place
    is part of the name."""
    places = sorted((c.start, c.end) for c in cands if c.type == EntityType.Place)
    if not places:
        return cands
    starts = [s for s, _e in places]
    out = []
    for c in cands:
        if c.type == EntityType.Project:
            i = bisect_right(starts, c.start) - 1
            while i >= 0 and c.start - MAX_PLACE_LEN <= places[i][0] < c.start:
                ps, pe = places[i]
                if c.start < pe < c.end:
                    c = replace(c, start=ps, name=text[ps : c.end])
                    break
                i -= 1
        out.append(c)
    return out


# what a list of places shares when it is an act on them (提档升级工程, 除险加固工程, 改造提升)
SHARED_ACTION = re.compile(r"(?:新建|改建|扩建|改扩建|续建|重建|修复|改造|提升|提质|提档|升级|加固|除险|维修|修缮|拆除|"
                           r"建设|治理|整治|疏浚|清理|安置|硬化|绿化|亮化|美化|拓宽|延伸|打通|贯通|整修|大中修|养护)")


def _acts_only(shared: str) -> bool:
    act = re.sub(r"(?:工程|项目)$", "", shared)  # 提档升级工程 is an act with a generic head
    return bool(SHARED_ACTION.match(act)) and SHARED_ACTION.search(act[-2:]) is not None


LEVEL_SUFFIXES = frozenset("省市县区州盟旗镇乡")


def _shared_suffix_lists(text: str, cands: list[Candidate]) -> list[Candidate]:
    """A list of places sharing one project word (白庙村、西显阳村片区改造, 泸州市、德阳市城市生命线
    安全工程试点): the project read at the last place is that place's and the list's.  Its name is
    what they share (片区改造, 河道堤防), unless that is only an act (改造提升, 提档升级工程): then it
    names nothing alone, and the list is part of the name (东环路、南环路改造提升)."""
    places = sorted((c.start, c.end) for c in cands if c.type == EntityType.Place)
    if not places:
        return cands
    by_start: dict[int, list[int]] = {}
    start_of: dict[int, int] = {}  # end of a place → the earliest start of a place ending there
    for s, e in places:
        by_start.setdefault(s, []).append(e)  # every reading: 西显阳村 and 西显阳村片区
        start_of.setdefault(e, s)
    out = []
    for c in cands:
        listable = c.type == EntityType.Project or (c.type == EntityType.Policy and c.priority < 5)
        readings = sorted(e for e in by_start.get(c.start, ()) if e < c.end) if listable else []
        if readings and c.start >= 2 and text[c.start - 1] in "、和" and c.start - 1 in start_of:
            first = c.start - 1
            while first in start_of:  # walk back over 、-joined places
                first = start_of[first]
                if first < 1 or text[first - 1] not in "、和" or first - 1 not in start_of:
                    break
                first -= 1
            if text[max(0, first - 1) : first] in ("至", "到", "—", "-") or text[first : c.start - 1].endswith(c.name[-2:]):
                # 县城水厂至银坑镇、岭背镇供水主管网: the places end a route; 翠湖公园、滇池湿地公园:
                # the list is of things of the project's own kind, each named in full
                out.append(c)
                continue
            # the place as short as leaves a shared name (西显阳村|片区改造, not 西显阳村片区|改造)
            named = next((e for e in readings if len(text[e : c.end]) >= 4 and not _acts_only(text[e : c.end])
                          and not (e + 1 in readings and text[e] in LEVEL_SUFFIXES)), None)  # not 罗江|区…: 罗江区
            if named is not None:
                count = LEADING_COUNT.match(text, named)
                if count and c.end - count.end() >= 4:
                    named = count.end()  # 卢峰镇、思蒙镇|2所|乡镇卫生院提质改造: how many the places have
                c = replace(c, start=named, name=text[named : c.end])
            elif first < c.start:
                c = replace(c, start=first, name=text[first : c.end])
        out.append(c)
    return out


# a firm's name ends with one of these; what follows it in a project's name is the project
OWNER_END = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|股份公司|公司)")


def _owner_before_project(text: str, cands: list[Candidate]) -> list[Candidate]:
    """湖南金鑫新材料有限公司|年产5万吨锂电池负极材料项目: a firm, then its project (the firm is an
    organisation of its own, not part of the project's name)."""
    out = []
    for c in cands:
        if c.type == EntityType.Project and OWNER_END.match(text, c.start) and c.start >= 2:
            # 推动兴发|集团宜昌新材料产业园三期: the project read from the firm's head; its name before
            before = words_before(text, c.start)
            word = before[-1][0] if before else ""
            if 2 <= len(word) <= 4 and word not in lexicon().stop_words and word not in leading_verbs() and before[-1][2] == c.start:
                c = replace(c, start=c.start - len(word), name=text[c.start - len(word) : c.end])
        if c.type == EntityType.Project:
            ends = [m.end() for m in OWNER_END.finditer(text, c.start, c.end)]
            cut = ends[-1] if ends else None
            if cut is not None and c.end - cut >= 4 and cut - c.start >= 4:
                out.append(Candidate(c.start, cut, EntityType.Organization, text[c.start : cut], priority=c.priority))
                c = replace(c, start=cut, name=text[cut : c.end])
        out.append(c)
    return out


def _has_content(name: str) -> bool:
    """A name has at least one Chinese character or two letters/digits (never only marks)."""
    return bool(re.search(r"[\u4e00-\u9fff]|[A-Za-z0-9]{2}", name))


def _bare_placeholder(c: Candidate) -> bool:
    """**区, XX项目, *巷: a placeholder and a head word, nothing that names anything."""
    if not is_masked(c.name):
        return False
    content = PLACEHOLDER.sub("", c.name)
    return len(content) <= 1 or content in _all_heads()


@lru_cache(maxsize=1)
def _all_heads() -> frozenset[str]:
    lx = lexicon()
    return frozenset(lx.dept_heads + lx.place_heads + lx.project_heads + lx.policy_heads + lx.org_heads)


def group_entities(cands: list[Candidate]) -> list[Entity]:
    """One entity per distinct (normalised) name; one type per name."""
    by_name: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        by_name[normalise_name(c.name)].append(c)
    entities: list[Entity] = []
    for key in sorted(by_name, key=lambda k: min(c.start for c in by_name[k])):
        group = by_name[key]
        counts = Counter(c.type for c in group)
        etype = max(counts, key=lambda t: (counts[t], -TYPE_ORDER.index(t)))
        members = [c for c in group if c.type == etype]
        name = normalise_name(members[0].name)
        kind = next((c.kind for c in members if c.kind), None) if etype == EntityType.Project else None
        mentions = sorted({(c.start, c.end) for c in group})
        entities.append(Entity(type=etype, name=name, masked=is_masked(name), kind=kind, mentions=mentions))
    return entities


def find_entities(doc: Document) -> Document:
    cands = find_candidates(doc)
    cands.extend(_titles_again(doc.text, cands))
    cands.extend(_projects_again(doc.text, cands))
    # The document's own title names a policy *and* keeps the bodies and places it names
    # (上海市崇明区人民政府办公室转发…的通知): it is laid over the other spans, not against them.
    title = [c for c in cands if c.priority >= TITLE_PRIORITY]
    rest = [c for c in cands if c.priority < TITLE_PRIORITY]
    entities = _without_means_only(doc.text, group_entities(_without_places_that_are_projects(filter_spans(rest)) + title))
    # a place that only opens policy names (江西省“十五五”水利发展规划) locates nothing: policies take no
    # place; one that also opens a body's or a project's name does (上海市崇明区人民政府办公室…)
    policy_starts = ({s for e in entities if e.type == EntityType.Policy for s, _t in e.mentions}
                     - {s for e in entities if e.type in (EntityType.Department, EntityType.Organization, EntityType.Project)
                        for s, _t in e.mentions})
    doc.entities = [e for e in entities if not (e.type == EntityType.Department and named_per_level(doc.text, e.name))
                    and not (e.type == EntityType.Place and e.mentions and all(_in_title(doc.text, s, t) or s in policy_starts
                                                                                for s, t in e.mentions))]
    return doc


# what a clause uses, not what it builds: 依托合肥高新区国家数字服务出口基地, 发挥…示范区作用
USED_BEFORE = re.compile(r"(?:依托|依靠|借助|利用|发挥|用好|用活|立足)(?:好)?(?:[\u4e00-\u9fff]{2,8}?(?:省|市|县|区|开区|新区))?$")
PARTNER_AFTER = re.compile(r"[”\"]?(?:合作|对接|衔接|联动|共建)")
TOGETHER_AFTER = re.compile(r"(?:[、和与][^，。；、和与]{2,15}?)*(?:协同联动|联动发展|错位发展|协同发展|一体化发展)")
BUILT_BEFORE = re.compile(r"(?:新建|建设|建成|开工|改扩建|扩建|续建)[^，。；]*$")
USED_AFTER = re.compile(r"^[^，。；]{0,2}(?:作用|优势|功能|平台作用|载体作用|引领作用|带动作用)")


def _in_title(text: str, s: int, e: int) -> bool:
    """Is text[s:e] inside book-title marks (《河南省农村人居环境整治提升五年行动实施方案》)?"""
    open_ = text.rfind("《", max(0, s - 120), s)
    return open_ >= 0 and text.find("》", open_, s) < 0 and text.find("》", e, e + 120) >= 0


def _without_means_only(text: str, entities: list[Entity]) -> list[Entity]:
    """A zone or base the text only leans on (依托X, 发挥X作用) is not an undertaking of the
    document: a project every mention of which is such a means is dropped."""
    def used(s: int, e: int) -> bool:
        before = s - 1 if text[s - 1 : s] in "“\"" else s
        if text[before - 1 : before] in "与同" and PARTNER_AFTER.match(text, e):
            return True  # 推进与“海外智慧物流平台”合作: a partner's platform
        if TOGETHER_AFTER.match(text, e) and not BUILT_BEFORE.search(text, max(0, s - 12), s):
            return True  # 推动合肥新桥、芜宣机场协同联动: what works together already stands
        m = USED_BEFORE.search(text, max(0, s - 12), s)
        if not m:
            return False
        return not m.group().startswith("发挥") or bool(USED_AFTER.match(text[e : e + 8]))
    return [e for e in entities if not (e.type == EntityType.Project and e.kind == "project" and e.mentions
                                        and all(used(s, t) for s, t in e.mentions))]


def _without_places_that_are_projects(kept: list[Candidate]) -> list[Candidate]:
    """A place read inside a project and ending with it is the project itself (宜宾市|三江口生态公园
    being built): only the places before its head locate it."""
    first_start: dict[int, int] = {}  # end of a project → the earliest start of a project ending there
    for c in kept:
        if c.type == EntityType.Project:
            first_start[c.end] = min(c.start, first_start.get(c.end, c.start))
    return [c for c in kept if not (c.type == EntityType.Place and first_start.get(c.end, c.start) < c.start)]


def _projects_again(text: str, cands: list[Candidate]) -> list[Candidate]:
    """A project the text names once (要加快专业市场建设) is the same project where its name
    recurs in a clause that does not build it (紧盯其它专业市场的规划评审工作)."""
    names = {c.name: c for c in cands if c.type == EntityType.Project and len(c.name) >= 4 and not is_masked(c.name)}
    if not names:
        return []
    taken = {(c.start, c.end) for c in cands if c.type == EntityType.Project}
    pattern = re.compile(alternation(frozenset(names)))  # a trie: thousands of names stay fast
    out = []
    for m in pattern.finditer(text):
        if (m.start(), m.end()) not in taken:
            c = names[m.group()]
            out.append(Candidate(m.start(), m.end(), EntityType.Project, c.name, kind=c.kind, priority=c.priority))
    return out


def _titles_again(text: str, cands: list[Candidate]) -> list[Candidate]:
    """A document named once in book-title marks is the same policy wherever its name recurs
    without them (a heading line, a later reference)."""
    titles = {c.name for c in cands if c.type == EntityType.Policy and c.priority >= 5 and len(c.name) >= 6}
    taken = {(c.start, c.end) for c in cands if c.type == EntityType.Policy}
    out = []
    for name in titles:
        for m in re.finditer(re.escape(name), text):
            if (m.start(), m.end()) not in taken:
                out.append(Candidate(m.start(), m.end(), EntityType.Policy, name, priority=5))
    return out
