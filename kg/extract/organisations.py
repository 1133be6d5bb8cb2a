"""Departments and other organisations, found from the grammar of their names.

A department name is [level or place prefix] [body] head: 区委, 省政府办公厅, 能源局,
上海市静安区发展和改革委员会, 区委讲师组.  A level word alone takes only a level head (区委,
市政府); a bare head is a name only when it stands alone by convention (人大, 党校).  Names that
begin with a generic modifier (各部门, 相关部门, 牵头单位) are references, not entities.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.grammar import MANNER_DONE, words_before, clause_start, function_word_before_level, single_char_stops, compile_heads, extend_left, head_ends_word, head_word_start, in_generic_list, is_placeholder, starts_generic
from kg.extract.lexicon import alternation, lexicon, load_list
from kg.extract.tokens import segment, tag
from kg.extract.spans import Candidate
from kg.redaction import PLACEHOLDER
from kg.vocab import EntityType

MAX_BODY = 22
_LEVEL_CHARS = frozenset("省市区县镇乡旗")
# A quoted honour (“全国模范检察院”, “省级文明单位”) names a title, not a body.
_HONOUR = re.compile(r"[“\"](?:全国|全省|全市|全区|全县|国家级|省级|市级|县级|中国)[^“”\"]{0,20}$")
_COORDINATOR = re.compile(r"[和与及]")
# verbs that hand work to a body, which the tokenizer may glue to its name (交由县城投公司)
_GOVERNING_LEADS = ("交由", "委托", "责成", "督促", "鼓励", "引导", "会同")


def _after_governing_lead(text: str, start: int, hs: int) -> int:
    """交由|县城投公司, 委托|市城投集团, 交由|市委督查室: the verb that hands work to the body, and
    what precedes it, are no part of its name."""
    cut = max((text.rfind(v, start, hs) + len(v) for v in _GOVERNING_LEADS if text.find(v, start, hs) >= 0), default=start)
    return cut if hs - cut >= 2 else start


def _in_honour(text: str, start: int) -> bool:
    return bool(_HONOUR.search(text[max(0, start - 24) : start + 2]) if text[start : start + 2] else False)


@lru_cache(maxsize=1)
def _split_bigrams() -> frozenset[str]:
    return frozenset(load_list("dept_split_bigrams"))


def _split_head_bigram(text: str, hs: int, he: int) -> bool:
    """破局, 网办: a single-character head glued to the character before it into a word that is
    not a body (攻坚破局, 全程网办), unless the three characters are a name (民政局)."""
    return he - hs == 1 and hs >= 1 and text[hs - 1 : he] in _split_bigrams() and not tag(text[max(0, hs - 2) : he])


def _after_coordinated_body(text: str, start: int, body_end: int) -> int:
    """县人大和县政协: a department, 和, then this one: the name starts after the conjunction."""
    for m in _COORDINATOR.finditer(text, start, body_end):
        before = text[start : m.start()]
        if before and (_ends_with_head(before) or _ends_with_standalone(before)):
            start = m.end()
    return start
_PURE_LEVEL_HEADS = frozenset({"政府", "人民政府", "人大", "政协", "人大常委会"})
_CENTER_NOT_BODY = frozenset("城区市地点位")
_HEAD_NOT_BEFORE = frozenset(load_list("head_not_before"))


@lru_cache(maxsize=16)
def _as_tuple(words: frozenset[str]) -> tuple[str, ...]:
    """A word set as a tuple, for str.startswith / str.endswith (one C call, not a loop)."""
    return tuple(sorted(words))


@lru_cache(maxsize=1)
def _center_generic() -> tuple[str, ...]:
    return load_list("center_generic")


def _ends_with_level(body: str) -> bool:
    lx = lexicon()
    return (body[-1:] in _LEVEL_CHARS or body.endswith(_as_tuple(lx.level_words))
            or body in lx.gazetteer or tag(body) == "ns")
# People's organisations and enterprises that carry an Organization head but read as
# generic when the body is only one of these words.
_GENERIC_ORG_BODY = re.compile(r"^(?:企业|龙头|骨干|开发|国有|民营|中小|施工|物业|中介|平台|金融|商业|各类|大型|本地|外地|重点|相关|有关|这家|一家|该"
                               r"|社区|街道|乡镇|村级|基层|标准化|专业|农民|农村|示范|一体化|央企|国企|城投|[一二三]级|子"
                               r"|电力|燃气|供水|供电|热力|通信|保险|建筑|房地产|物流|运营|投资|潜力|优质|知名|上市|科技型)+$")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lx = lexicon()
    return (
        compile_heads(lx.dept_heads),
        compile_heads(lx.org_heads),
        re.compile(alternation(lx.org_standalone)),
        re.compile(alternation(lx.dept_standalone)),
    )


INSTITUTION_AFTER_CENTRE = ("医院", "卫生院", "血站", "小学", "中学", "幼儿园", "学校")


def _lone_level_before(text: str, start: int) -> bool:
    """A level character written alone before a people's organisation is part of its name (市|妇联,
    县|工商联), not one closing a word (全市|工商联: the scope)."""
    if start < 1 or text[start - 1] not in "省市县区":
        return False
    lo = max(0, start - 4)
    return any(lo + s == start - 1 and e - s == 1 for _w, s, e in segment(text[lo:start]))


def _followed_by_person(text: str, end: int) -> bool:
    """区委书记, 局长, 区委常委会: a person or a meeting, not the body; 办结, 部署: not a head."""
    return text.startswith(lexicon().person_after, end) or text[end - 1 : end + 1] in _HEAD_NOT_BEFORE


def find_departments(text: str) -> list[Candidate]:
    dept_heads, org_heads, org_alone, dept_alone = _patterns()
    out: list[Candidate] = []
    for m in dept_heads.finditer(text):
        c = _department_at(text, m.start(), m.end(), m.group())
        if c:
            out.append(c)
    for m in dept_alone.finditer(text):
        if not _followed_by_person(text, m.end()) and head_ends_word(text, m.start(), m.end()):
            out.append(Candidate(m.start(), m.end(), EntityType.Department, m.group(), priority=1))
    for m in org_heads.finditer(text):
        c = _organisation_at(text, m.start(), m.end(), m.group())
        if c:
            out.append(c)
    for m in org_alone.finditer(text):
        if head_ends_word(text, m.start(), m.end()):
            start = m.start() - 1 if _lone_level_before(text, m.start()) else m.start()  # 市|妇联, 县|工商联
            out.append(Candidate(start, m.end(), EntityType.Organization, text[start : m.end()], priority=1))
    out.extend(_listed_organisations(text))
    return out


# X、Y等(龙头)企业 / 北医三院等三甲医院: the members of a list that a class of organisations closes
ORG_CLASS = re.compile(r"等(?:一批|一些|\d+家)?(?:龙头|骨干|重点|知名|传统|大型|领军|头部|优质|三甲|本地)?"
                       r"(?:企业|商超|院校|高校|医院|公司|学校|银行|金融机构|科研院所|研究机构|集团|民营企业|外资企业|企业集团)")
MAX_MEMBER = 10


def _listed_organisations(text: str) -> list[Candidate]:
    lx = lexicon()
    out = []
    for m in ORG_CLASS.finditer(text):
        end = m.start()
        for _ in range(8):
            start = extend_left(text, end, MAX_MEMBER)
            name = text[start:end]
            if len(name) < 2 or start == end:
                break
            if _brand_like(name) and not (name in lx.gazetteer or name.endswith(lx.dept_heads)
                                          or starts_generic(name, lx.generic_modifiers) or _GENERIC_ORG_BODY.match(name)):
                out.append(Candidate(start, end, EntityType.Organization, name, priority=3))
            if start < 1 or text[start - 1] != "、":
                break
            end = start - 1
    return out


RARE = 200  # jieba frequency under which a word reads as a name (汇源, 绿城) rather than a common noun (家电)
PROPER_TAGS = frozenset({"", "nr", "nrt", "nz", "nt", "ns"})


def _brand_like(name: str) -> bool:
    """Does a list member read as a name (汇源果汁, 华为, 北医三院) rather than an industry or an
    ill (智能家电, 建材, 纪律松弛)?  Its first word is proper, rare, or an unknown name's character."""
    from kg.extract.tokens import tokenizer

    first = segment(name)[0][0]
    if len(first) == 1:
        return first not in single_char_stops()
    t, freq = tag(first), tokenizer().FREQ.get(first) or 0
    if t == "ns":
        return len(name) > len(first)  # 长城精工, not 长城
    return t in PROPER_TAGS or freq < RARE


_OFFICE_HEADS = frozenset({"办公室", "办公厅"})


def _is_office(word: str) -> bool:
    return word.endswith(("办公室", "办公厅")) or word in ("、", "和", "及")


def _is_complete_department(word: str) -> bool:
    lx = lexicon()
    return len(word) >= 2 and word.endswith(_as_tuple(lx.dept_level_heads)) and word[0] in _LEVEL_CHARS


DOCUMENT_WORD = re.compile(r"(?:清单|方案|通知|意见|办法|规划|报告|纪要|计划|细则|条例|决定)(?!.*(?:清单|方案|通知|意见|办法|规划|报告|纪要|计划|细则|条例|决定))")
_JOINED_BODY = re.compile(r"[省市区县][\u4e00-\u9fff]{2,10}$")  # 区水利|和湖泊局, 市政务服务管理|和网络理政办
_ROLE = re.compile(r"领导|同志|书记|主任|负责人|部门|单位|会议|全会|会|的|时")


def _last_level_body(before: str) -> re.Match[str] | None:
    """The stretch from the last level character to the end (会同|区水利)."""
    for k in range(len(before) - 3, -1, -1):
        if before[k] in "省市区县":
            return _JOINED_BODY.match(before, k)
    return None


def _joined_body(text: str, start: int) -> int:
    """Reform-era names join two functions with 和 (市政务服务管理和网络理政办): when the text before
    和 is a level-prefixed body with no head, no role and no other body, it belongs to the name."""
    if start < 2 or text[start - 1] not in "和及":
        return start
    lo = clause_start(text, start - 1, 12)
    before = text[lo : start - 1]
    m = _last_level_body(before)
    if not m or _ROLE.search(before[m.start():]) or _ends_with_head(before) or _ends_with_standalone(before):
        return start
    level = lo + m.start()
    # 潍坊|市委网络安全和信息化委员会办公室: the place the level is of opens the name, and 中共 before it
    words = words_before(text, level)
    if words and words[-1][1] >= lo and (words[-1][0] in lexicon().gazetteer or tag(words[-1][0]) == "ns"):
        level = words[-1][1]
        if text[max(lo, level - 2) : level] in _PARTY_PREFIXES:
            level -= 2
    return level


def _ends_with_standalone(s: str) -> bool:
    return s.endswith(_as_tuple(lexicon().dept_standalone))


def _ends_with_head(s: str) -> bool:
    return s.endswith(lexicon().dept_heads)


_PARTY_PREFIXES = ("中共", "中国共产党")
CENTRAL_BANK = ("中国人民银行", "人民银行", "人行")


def _starts_new_name(text: str, i: int) -> bool:
    """Does a new department or organisation name begin at ``i`` (中共…, a place, a level)?"""
    if text.startswith(_PARTY_PREFIXES, i):
        return True
    if text[i : i + 2] not in _gazetteer_openings():
        return False
    gz = lexicon().gazetteer
    return any(text[i : i + k] in gz for k in range(2, 9))


@lru_cache(maxsize=1)
def _gazetteer_openings() -> frozenset[str]:
    """The first two characters of every gazetteer name: most positions open none."""
    return frozenset(name[:2] for name in lexicon().gazetteer)


def _glued_start(text: str, start: int, body_end: int) -> int:
    """Names written one after another with no mark between them (a signature block whose
    spaces were removed: 龙岩市工业和信息化局中共龙岩市委…): the last name starts after the last
    head that is followed by a new name."""
    ends = [m.end() for m in _all_heads().finditer(text, start, body_end) if m.end() < body_end]
    for i in reversed(ends):
        if i > start + 1 and _starts_new_name(text, i) and not _branch_at(text, i, body_end) and head_word_start(text, i - 1, i) >= 0:
            return i
    return start


@lru_cache(maxsize=1)
def _all_heads() -> re.Pattern[str]:
    lx = lexicon()
    return compile_heads(tuple(set(lx.dept_heads + lx.org_heads)))


_BRANCH_HEADS = ("分公司", "子公司", "支行", "分行", "分局", "分院", "分中心", "办事处", "分会")


def _branch_at(text: str, i: int, body_end: int) -> bool:
    """中国出口信用保险公司|安徽分公司: a place and a branch head continue the name before."""
    gz = lexicon().gazetteer
    return any(text[i : i + k] in gz and text.startswith(_BRANCH_HEADS, i + k) and i + k >= body_end - 1
               for k in range(2, 9))


def _over_quoted_core(text: str, start: int, stop) -> int:
    """安徽省推进“三地一区”建设领导小组…办公室: a quoted core inside a body's name is part of it."""
    if start < 2 or text[start - 1] not in "”\"":
        return start
    q = text.rfind("“", max(0, start - 12), start - 1)
    if q < 0 or re.search(r"[，。；、：]", text[q:start]):
        return start
    before = extend_left(text, q, MAX_BODY, stop_before=stop)
    return before if before < q and _starts_new_name(text, before) else start


# 各 and levels (各县（市、区）, 各市州, 各乡镇) before a unit distribute it over every body of the level
_LEVELS_EACH = r"各(?:[省市区县乡镇街州盟旗]|[（(][省市区县乡镇街州盟旗、]{1,8}[）)])+"
# 县（市、区）工科局: a unit named under a list of levels is every such body's, as with 各
_DISTRIBUTIVE = re.compile("(?:" + _LEVELS_EACH + r"|[省市区县乡镇州盟旗][（(][省市区县乡镇街州盟旗]、[省市区县乡镇街州盟旗、]{1,6}[）)])$")
_DISTRIBUTED_LIST = re.compile(_LEVELS_EACH + r"[^，。；：:;,\n]*$")


def named_per_level(text: str, name: str) -> bool:
    """Is a bare unit's name (电力执法办, no place or level of its own) written elsewhere in the
    text for every body of a level (各县（市、区）电力执法办, 属地电力执法办)?  Then the bare mention
    (由电力执法办通知) is that generic unit too."""
    if not name or name[0] in _LEVEL_CHARS or _starts_new_name(name, 0):
        return False
    i = text.find(name)
    while i >= 0:
        if text[max(0, i - 2) : i] in ("属地", "所在") or text[i - 1 : i] == "各" or _DISTRIBUTIVE.search(text, max(0, i - 14), i):
            return True
        i = text.find(name, i + 1)
    return False


def _distributed(text: str, start: int, level_head: bool) -> bool:
    """Is the unit at ``start`` named per level (各县（市、区）工信局), or a later member of a list
    that opens so (各县（市、区）委文明办、工信科技局、城市管理局) and has no place or level of its own
    (各街道办事处、彭浦镇政府: a government is named by its own place)?"""
    if text[start - 1 : start] == "各" or _DISTRIBUTIVE.search(text, max(0, start - 14), start):
        return True  # 各城区人民政府, 各开发区管委会: each of them
    if level_head or text[start] in _LEVEL_CHARS or _starts_new_name(text, start):
        return False
    if text[start - 1 : start] not in ("、", "和", "及"):
        return False
    lo = max(0, start - 60)
    seg_start = max((text.rfind(ch, lo, start) for ch in "，。；：:;,\n"), default=-1) + 1
    each = text.rfind("各", max(seg_start, lo), start)
    return each >= 0 and bool(_DISTRIBUTED_LIST.match(text, each, start))


def _place_start(text: str, start: int, body_end: int) -> int:
    """A government or legislature is named from its place or level (我代表顺平县人民政府 →
    顺平县人民政府): words before the first place or level word are not part of it."""
    if text.startswith(_PARTY_PREFIXES, start) or text[start] in _LEVEL_CHARS or _starts_new_name(text, start):
        return start
    for i in range(start + 1, body_end):
        if text.startswith(_PARTY_PREFIXES, i) or _starts_new_name(text, i):
            return i
    return start


def _department_at(text: str, hs: int, he: int, head: str) -> Candidate | None:
    lx = lexicon()
    if head == "办" and hs >= 3 and text[hs - 3] in "“\"" and text[he : he + 1] in ("”", "\"") and MANNER_DONE.fullmatch(text[hs - 2 : he]):
        return None  # “掌上办”“指尖办”: how a service is done, no office
    if _followed_by_person(text, he) or text[he : he + 2] in ("发〔", "发[", "〔2", "[2"):
        return None  # 包府办发〔2022〕: a document number's issuer code, not a name
    if head == "中心" and text.startswith(INSTITUTION_AFTER_CENTRE, he):
        return None  # 衡阳市中心|医院: the centre names the hospital, no body ends here
    word_start = head_word_start(text, hs, he, lx.dept_blocklist)
    if word_start < 0 or _split_head_bigram(text, hs, he):
        return None
    # A level head (政府, 委) after a complete body is a coordination: 省委省政府 is two bodies.
    # An office (办公室, 办公厅) belongs to the body before it (县政府办公室); only another office ends it.
    stop = _is_office if head in _OFFICE_HEADS else _is_complete_department if head in lx.dept_level_heads else None
    start = min(word_start, extend_left(text, word_start, MAX_BODY, stop_before=stop))
    if stop is not None and start < hs and text[start] not in _LEVEL_CHARS and not _starts_new_name(text, start):
        # 中共龙岩市委|精神文明建设办公室: an office of the body before, not a second body
        start = min(start, extend_left(text, word_start, MAX_BODY))
    start = _over_quoted_core(text, start, stop)
    start = _joined_body(text, start)
    start = _after_coordinated_body(text, start, hs)
    start = _glued_start(text, start, hs)
    if head in lx.dept_level_heads:
        start = _place_start(text, start, hs)
    doc_word = DOCUMENT_WORD.search(text, start, hs)
    if doc_word and hs - doc_word.end() >= 2 and _starts_new_name(text, doc_word.end()):
        start = doc_word.end()  # …整治工作清单|龙岩市工业和信息化局: a document's name ends before the body
    skip = function_word_before_level(text, start)
    if skip and hs - start > skip:
        start += skip  # 牵头，会同|县自然资源局; 县人大和|县政协
    start = _after_governing_lead(text, start, hs)  # 交由|市委督查室
    name = text[start:he]
    body = name[: len(name) - len(head)]
    plain_body = PLACEHOLDER.sub("", body)
    if not body:
        return None  # a bare head (委, 局) or a standalone word handled elsewhere
    if starts_generic(name, lx.generic_modifiers) or _in_honour(text, start):
        return None
    if all(ch in _LEVEL_CHARS for ch in plain_body) and (in_generic_list(text, start) or "各" in text[max(0, start - 6) : start]):
        return None  # 各乡、镇人民政府, 各区（市）县人民政府: 各 makes level-only members generic
    if _distributed(text, start, head in lexicon().dept_level_heads):
        return None  # 各县（市、区）发改局, 各市州教育局: each level's unit, no one body
    if head in _PURE_LEVEL_HEADS and not _ends_with_level(body):
        return None  # 关系政府: 政府 needs a level or a place before it
    long_center = len(plain_body) > 8 or (len(plain_body) > 6 and not (body[0] in _LEVEL_CHARS or _starts_new_name(text, start)))
    if head == "中心" and (text[he : he + 1] in _CENTER_NOT_BODY or text.startswith("工作", he) or long_center
                         or body.endswith(_center_generic())):
        return None
    if body in lx.level_words and len(head) == 1 and head not in lx.dept_level_heads:
        return None  # 区局, 市办: colloquial, not a name
    if len(head) == 1 and len(plain_body) < 2 and body not in lx.level_words:
        return None  # 该局, 本部, 两委
    if not plain_body:
        return None  # **局: nothing but a placeholder
    if len(body) >= 2 and all(ch in _LEVEL_CHARS for ch in body):
        return None  # 省市委, 省市区委: a joint reference to several levels, not one body
    return Candidate(start, he, EntityType.Department, name, priority=2)


# A firm's registered name puts its place in brackets after the brand: 益海嘉里（佳木斯）粮油工业有限公司,
# 中粮（成都）粮油工业有限公司.
_BRACKETED_PLACE = re.compile(r"[（(][\u4e00-\u9fff]{2,8}[）)]$")


def _bracketed_place_start(text: str, start: int) -> int:
    m = _BRACKETED_PLACE.search(text, max(0, start - 10), start)
    if not m or m.end() != start:
        return start
    place = text[m.start() + 1 : m.end() - 1]
    lx = lexicon()
    if not (place in lx.gazetteer or tag(place) == "ns" or place.rstrip("省市区县") in lx.gazetteer):
        return start
    brand = extend_left(text, m.start(), 10)
    return brand if m.start() - brand >= 2 else start


_LIST_KIND_BEFORE = frozenset("司团行会络")  # the last character of a listed firm before 等


def _organisation_at(text: str, hs: int, he: int, head: str) -> Candidate | None:
    lx = lexicon()
    if _followed_by_person(text, he) or not head_ends_word(text, hs, he):
        return None
    start = extend_left(text, hs, MAX_BODY)
    start = _bracketed_place_start(text, start)
    start = _glued_start(text, start, hs)
    # 交由|县城投公司, 委托|市城投集团: the verb that hands work to the firm, and what precedes it
    start = _after_governing_lead(text, start, hs)
    name = text[start:he]
    body = name[: len(name) - len(head)]
    plain_body = PLACEHOLDER.sub("", body)
    if len(plain_body) < 2 or starts_generic(name, lx.generic_modifiers) or _GENERIC_ORG_BODY.match(plain_body):
        return None
    if all(is_placeholder(ch) for ch in body):
        return None
    if text[start - 1 : start] == "等" and start >= 2 and text[start - 2] in _LIST_KIND_BEFORE:
        return None  # 移动公司、电信公司等|龙岩分公司: the branches of the firms listed, no firm of its own
    if name.startswith(CENTRAL_BANK):
        # 人行合肥中心支行, 中国人民银行成都分行: branches of the central bank are government bodies
        return Candidate(start, he, EntityType.Department, name, priority=4)
    return Candidate(start, he, EntityType.Organization, name, priority=4)
