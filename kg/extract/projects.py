"""Projects: what is built, renovated or run, named by its head (…项目, …工程, …改造, …产业园,
…热源厂, …湿地公园) and announced by a construction verb in the same sentence.

A head that also names ordinary things (市场, 公园, 大道, 学校) counts only when the sentence
builds, starts, moves or opens it.  Names made only of generic modifiers (重点项目, 一批项目,
民生工程) are references, not projects.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from kg.extract.grammar import BREAK_CHARS, compile_heads, extend_left, function_word_before_level, head_word_start, name_word, starts_generic, words_before
from kg.extract.lexicon import alternation, lexicon, load_list
from kg.extract.places import abroad, find_places
from kg.extract.spans import Candidate
from kg.extract.tokens import segment, tag
from kg.model import Span
from kg.redaction import PLACEHOLDER
from kg.vocab import EntityType

MAX_BODY = 24
LEVEL_CHARS = frozenset("区市县省")
CLASSIFIERS = frozenset("处所个座条家项批栋")
LEADING_COUNT = re.compile(r"(?:\d+|[一二两三四五六七八九十]+)[处所个座条家项批栋]")  # 2所, 三座: a count
NAME_TAGS = frozenset({"ns", "nr", "nrt", "nz", "nt", "j", ""})
CATEGORY_END = re.compile(r"(?:类|型|以上|以下|等)$")
# Heads that name an activity unless the body names what is renovated (静安公园改造).
AREA_HEADS = frozenset({"园区", "片区"})
PLACE_BOUND_HEADS = frozenset({"改造", "提升改造", "改造提升", "改扩建", "系统治理", "综合治理", "疏浚", "提档升级", "提质改造", "整治", "加固"})
# A count after a list of places: 顺兴路、仙洲路…等10条|道路改造提升, 白庙村、西显阳村两个|片区改造.
# a count right after the name (…项目32个, …工程12项): the name is a kind; one (1座) still names one
COUNTED_AFTER = re.compile(r"(?:[2-9]|[1-9]\d+|[两二三四五六七八九十百千]+)(?:多)?[个项处座所家批条](?=[，。；、,;]|$)")
# 在芝罘区、莱山区开展|老旧小区改造: the clause names where the renovation is done
AT_PLACES_BEFORE = re.compile(r"在(?P<where>[^，。；：在]{2,30}?)(?:等地)?(?:集中连片|集中|全面|率先|分批)?(?:开展|实施|推进|建设|新建|启动)$")


def _done_at_named_places(text: str, start: int) -> bool:
    m = AT_PLACES_BEFORE.search(text, max(0, start - 40), start)
    return bool(m) and _names_a_place(m.group("where"))


PLACES_COUNTED = re.compile(r"[路街道村镇乡河渠桥区园](?:等)?[\d一二三四五六七八九十两]+[条个处座]$")
# Heads that also name ordinary things (业务系统, 热线平台, 服务中心): only with a specific body.
SPECIFIC_HEADS = frozenset({"项目", "工程", "平台", "云平台", "系统", "数据库", "数据中心", "大数据中心", "管网",
                            "示范区", "试验区", "实验区", "先行区", "园区"})
# Heads that are a body as often as a facility (市公共资源交易中心): a facility only when its own
# clause builds, opens or runs it.
CLAUSE_VERB_HEADS = frozenset({"中心", "数据中心", "大数据中心", "平台", "云平台", "系统", "数据库", "市场"})
PHASE_HEADS = frozenset({"一期", "二期", "三期", "四期"})
# A bracketed segment or phase inside a name: 国道G234（开发区至满城界段）改建工程, （二期）.
BRACKET_SEGMENT = re.compile(r"[（(][^（）()，。；]{1,14}?(?:段|期|线|片区|标段)[）)]$")
# A platform's bracketed scope: 市场监管重点领域智慧监管（风险管控）平台.
BRACKET_BEFORE_PLATFORM = re.compile(r"[（(][^（）()，。；、简称试行暂]{2,8}[）)]$")
QUOTED_CORE = re.compile(r"[“\"]([^“”\"，。；]{1,12})[”\"]$")
# Heads that name a project on their own; the others need a construction verb nearby.
STRONG_HEADS = frozenset({"项目", "示范项目", "试点项目", "工程", "改造工程", "改扩建工程", "改建工程", "扩建工程", "新建工程",
                          "改扩建", "提升改造", "改造提升", "改造",
                          "示范区", "实验区", "试验区", "先行区", "产业园", "工业园", "科技园", "创新园",
                          "小镇", "热源厂", "污水处理厂", "电厂", "综合体", "虚拟电厂", "低碳社区", "示范小区", "示范街",
                          "高速", "高速公路", "山庄", "产业城", "智能装备城", "系统治理", "综合治理", "疏浚", "提档升级", "提质改造"})


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lx = lexicon()
    return compile_heads(lx.project_heads), re.compile(alternation(lx.construction_verbs))


def find_projects(text: str, sentences: list[Span]) -> list[Candidate]:
    heads, verbs = _patterns()
    starts = [s.start for s in sentences]
    out: list[Candidate] = []
    for m in heads.finditer(text):
        # the verb a weak head needs is checked first: it is cheaper than reading the name
        if m.group() == "高速" and text.startswith(("信息", "网络", "发展", "增长", "运转", "宽带", "列车", "成长", "通信", "数据"), m.end()):
            continue  # 立体高速信息网络: 高速 describes the network, it is no motorway
        if m.group() == "工程" and text.startswith(("建设项目", "建设领域", "建设审批"), m.end()):
            continue  # 工程建设项目: a kind of project, not the head of one
        if m.group() in BUILT_ONLY_HEADS:
            if not _market_built(text, m.start(), m.end()):
                continue
        elif m.group() in CLAUSE_VERB_HEADS:
            lo = _comma_clause_start(text, m.start(), MAX_BODY + 40)
            if not verbs.search(text, lo, _clause_end(text, m.end(), 30)):
                continue
        elif m.group() not in STRONG_HEADS:
            i = bisect_right(starts, m.start()) - 1
            sent = sentences[i] if i >= 0 else Span(0, len(text))
            if not verbs.search(text, sent.start, sent.end):
                continue
        c = _project_at(text, m.start(), m.end(), m.group())
        if c is not None:
            out.append(c)
    return out


# A market is a project only where its clause builds, renovates or moves it (新建城东农贸市场,
# 专业市场建设, 钢材市场也将建成), not where a firm expands into it (拓展东盟市场) or lays out its
# markets (规划调整市场布局).
BUILT_ONLY_HEADS = frozenset({"市场"})
MARKET_BUILT = re.compile(r"新建|建设|建成|续建|开建|开工|竣工|改造|改扩建|扩建|搬迁|迁建|打造|升级|投用|投入使用")


def _market_built(text: str, hs: int, he: int) -> bool:
    lo = _comma_clause_start(text, hs, MAX_BODY + 40)
    return bool(MARKET_BUILT.search(text, lo, hs) or MARKET_BUILT.search(text, he, _clause_end(text, he, 30)))


def _comma_clause_start(text: str, pos: int, max_len: int) -> int:
    """Start of the clause (between commas, not quotes) that holds ``pos``: 建设“包头…平台”“…平台”."""
    lo = max(0, pos - max_len)
    for i in range(pos - 1, lo - 1, -1):
        if text[i] in "，。；：！？,;:\n":
            return i + 1
    return lo


def _clause_end(text: str, pos: int, max_len: int) -> int:
    hi = min(len(text), pos + max_len)
    for i in range(pos, hi):
        if text[i] in "，。；：！？,;:\n":
            return i
    return hi


def _quoted_or_bracketed_start(text: str, start: int, platform: bool = False) -> int:
    """Extend a name left over a quoted core (“双创”孵化中心 → 双创孵化中心) or a bracketed segment
    (国道G234（开发区至满城界段）改建工程), and over the name words before them."""
    lo = max(0, start - 20)
    before = text[lo:start]
    m = BRACKET_SEGMENT.search(before) or QUOTED_CORE.search(before) or (platform and BRACKET_BEFORE_PLATFORM.search(before))
    if not m:
        return start
    s = lo + m.start()
    if s == 0 or text[s - 1] in BREAK_CHARS:
        return s if m.re is QUOTED_CORE else start
    code = ROAD_OR_NAME.search(text, max(0, s - 12), s)
    if code and code.end() == s:
        return code.start()
    return min(s, extend_left(text, s, 12, object_verbs=True)) if m.re is QUOTED_CORE else (
        extend_left(text, s, 12) if extend_left(text, s, 12) < s else start)


# a level's own institution keeps the level (区医院改扩建项目, 县人民医院, 县图书馆): without it the name
# is every county's
LEVEL_INSTITUTION = re.compile(r"(?:(?:第[一二三四五六七八九十])?(?:人民|中|中医|妇幼保健)?医院|[图书档案科技美术文化博物]{2,3}馆|体育(?:馆|场|中心)"
                               r"|(?:第?[一二三四五六七八九十]|实验)(?:中学|小学|中)|职业(?:中学|教育中心)|疾控中心|人民法院|看守所|殡仪馆|福利院|敬老院)")
# a coded road and the section of it a work covers, before the work: G241溆浦段（卢峰镇至桥江镇）,
# 国道G210线（城区至大河口段）, S226线龙潭至葛竹坪段
AFTER_DENG = re.compile(r"(?:领域|行业|方面|地区|国家|国|地|省|市|县)")
ROAD_SECTION = re.compile(r"(?:国道|省道|县道)?[GSXY]\d{1,4}线?(?:[\u4e00-\u9fff]{1,8}至[\u4e00-\u9fff]{1,8}段|[\u4e00-\u9fff]{1,6}段)?"
                          r"(?:[（(][^（）()，。；]{1,24}[）)])?(?:[\u4e00-\u9fff]{0,8}段)?")
ROAD_OR_NAME = re.compile(r"(?:国道|省道|县道)?[GSXY]\d{1,4}")
# A capacity or size inside a name: 大唐350兆瓦光伏发电, 年产10万吨…项目.
UNIT_WORDS = frozenset({"兆瓦", "千瓦", "万千瓦", "千伏", "万吨", "吨", "MW", "GW", "kV", "万头", "万只", "万平方米"})
DIGITS = re.compile(r"^\d+(?:\.\d+)?$")


def _project_at(text: str, hs: int, he: int, head: str) -> Candidate | None:
    lx = lexicon()
    word_start = head_word_start(text, hs, he)
    if word_start < 0:
        return None
    if head in SITE_HEADS and text[word_start - 1 : word_start] == "新" and word_start >= 3:
        word_start -= 1  # 县人民医院|新|院区: the new site of an institution, named by it
    start = min(word_start, extend_left(text, word_start, MAX_BODY, accept=_project_word, object_verbs=True))
    start = _numbers_listed(text, start)
    start = _dash_joined(text, start)
    start = _drop_bare_numbers(text, start, word_start)
    start = _after_place_and_verb(text, start, word_start)
    if head in ROUTE_HEADS and start == word_start:
        start = _route_abbreviation(text, start)  # 鹤大|高速, 沪渝蓉|高铁: the route's ends, a character each
    start = _route_start(text, start)  # 桦南县城至|土龙山镇公路大修工程: a route from one place to another
    if start == word_start or text[start - 1 : start] in "”\"）)":
        start = min(start, _quoted_or_bracketed_start(text, start, platform=head in CLAUSE_VERB_HEADS))
    for route in ROAD_SECTION.finditer(text, max(0, start - 40), hs):
        if route.start() < start <= route.end():
            start = route.start()  # G241溆浦段（卢峰镇至桥江镇）|改扩建工程, S226线龙潭至|葛竹坪段提质改造
            break
    for k in range(start, hs):  # 县图书馆和|县体育馆, 新建|区医院: a word of the sentence, then the name
        skip = function_word_before_level(text, k)
        if skip and (k == start or text[k] in "和及与"):
            start = k + skip
    kind = AFTER_DENG.match(text, start) if text[start - 1 : start] == "等" else None
    if kind and he - kind.end() >= len(head) + 2:
        start = kind.end()  # 化工等|领域|绿色示范项目, 印尼等|国|建设合作园区: the kind the list closes with
        verb = next((v for v in lexicon().construction_verbs if text.startswith(v, start)), None)
        if verb and he - start - len(verb) >= len(head) + 2:
            start += len(verb)  # …等国建设|合作园区: the verb that builds it
    name = text[start:he]
    body = name[: len(name) - len(head)]
    lead = next((m for m in ("其它", "其他", "各类", "各种") if name.startswith(m)), None)
    if lead:  # 其它专业市场 → 专业市场
        start += len(lead)
        name, body = name[len(lead):], body[len(lead):]
    while body and (body[0] in CLASSIFIERS or tag(segment(body)[0][0]) in ("a", "ad", "d") and len(segment(body)[0][0]) > 1):
        # 12处|地质灾害治理项目, 高水平|建设…: a count's classifier or an adverb is not the name
        cut = 1 if body[0] in CLASSIFIERS else len(segment(body)[0][0])
        start, name, body = start + cut, name[cut:], body[cut:]
        while body and body[:2] in lexicon().construction_verbs:
            start, name, body = start + 2, name[2:], body[2:]
    plain = PLACEHOLDER.sub("", body)
    if len(plain) < 2 or starts_generic(name, lx.generic_modifiers):
        return None
    if COUNTED_AFTER.match(text, he):
        return None  # 实施老旧小区改造项目32个: a kind counted, not one named project
    level_first = plain[0] in LEVEL_CHARS
    # segment only when the first character could be cut off (most names keep it)
    first = segment(plain)[0][0] if len(plain) > 2 and (level_first or tag(plain[0]) in ("v", "p", "d", "c")) else ""
    if level_first and first == plain[0] and not LEVEL_INSTITUTION.match(name, name.index(plain[0]) + 1):
        # 区新能源微电网示范项目 → 新能源微电网示范项目; not the 市 of 市政, 区 of 区域
        start += name.index(plain[0]) + 1
        name, plain = text[start:he], plain[1:]
    elif len(first) == 1 and tag(first) in ("v", "p", "d", "c"):
        # 已|建光伏项目, 用|能企业…: a verb or a preposition cut from its word does not open a name
        start += name.index(plain[0]) + 1
        name, plain = text[start:he], plain[1:]
    words = [w for w, _s, _e in segment(plain)]
    if all(w in lx.project_generic for w in words):
        return None  # 重点项目, 新项目, 民生工程
    if (words[-1] in lx.project_generic and not (words[-1] in NAMED_GENERIC_ENDS and any(tag(w) == "ns" for w in words[:-1]))
            and not (head in SITE_HEADS and words[-1] == "新" and len(words) > 1)
            and not (head in ROUTE_HEADS and len(words) > 1 and all(len(w) == 1 for w in words))  # 鹤大高速
            or CATEGORY_END.search(plain)):
        return None  # 商贸流通重点项目, 民间投资类项目, 万元以上项目: a category, not a name
    if head in SPECIFIC_HEADS and not _specific(re.sub(r"[“”\"（）()]", "", plain), words):
        return None  # 城建项目, 光伏项目, 绿色低碳项目: a kind of project, not a named one
    if (head in PLACE_BOUND_HEADS and not _names_a_place(plain) and not PLACES_COUNTED.search(text, max(0, start - 8), start)
            and not _done_at_named_places(text, start) and not _opens_with_a_named_place(text, start, hs)
            and not _names_a_facility(words)):
        return None  # 老旧小区改造, 节能改造: an activity, unless a named place is renovated
    if head == "中心" and ((words[-1] in _center_generic() and not _built_here(text, start))
                         or tag(words[-1]) == "ns" or words[-1] in lx.gazetteer
                         or words[-1] in ("流域", "地区", "区域", "城区")):
        return None  # 经济社会发展中心, 黄河流域中心: an aim or a region's centre, not a facility
    if head == "工程" and words[-1] in _programme_words() and not _names_a_place(plain):
        # 教师能力提升工程, 企业上云工程: a programme of a policy, not a construction
        return Candidate(start, he, EntityType.Policy, name, priority=3)
    if head in AREA_HEADS and all(tag(w) in ("ns", "s") or len(w) == 1 for w in words):
        return None  # 市北园区, 泺口片区: a named area is a place; 戈壁农业园区 is a project
    if head in ROUTE_HEADS:
        section = ROUTE_SECTION_AFTER.match(text, he)
        if section and _names_a_place(section.group(1)):
            he = section.end()  # 玉湛高速|容县段: the stretch of the route the work is on
            name = text[start:he]
    return Candidate(start, he, EntityType.Project, name, kind="project", priority=3)


# generic words that end a named project's body after a place (宜昌北站综合交通枢纽|配套|工程)
NAMED_GENERIC_ENDS = frozenset({"配套", "基础设施", "附属", "综合"})
ROUTE_SECTION_AFTER = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:至[\u4e00-\u9fff]{2,6}?)?段(?:改扩建工程|改建工程|扩建工程|工程|项目)?")


@lru_cache(maxsize=1)
def _programme_words() -> frozenset[str]:
    return frozenset(load_list("programme_words"))


@lru_cache(maxsize=1)
def _center_generic() -> frozenset[str]:
    return frozenset(load_list("center_generic"))


CJK = re.compile(r"[\u4e00-\u9fff]")
ROUTE_HEADS = frozenset({"高速", "高速公路", "高铁", "铁路", "公路", "快速路", "轨道交通", "城际铁路", "改扩建工程", "改建工程"})


_NOT_IN_ROUTE_NAME = frozenset({"v", "p", "c", "u", "uj", "ul", "d", "m", "q", "r", "f"})


def _route_abbreviation(text: str, start: int) -> int:
    """鹤大高速 (鹤岗—大连), 沪渝蓉高铁: a route named by one character of each place it joins,
    characters the tokenizer leaves alone, before the route's head."""
    toks = words_before(text, start)
    k = len(toks)
    while k > 0 and len(toks[k - 1][0]) == 1 and CJK.match(toks[k - 1][0]) and tag(toks[k - 1][0]) not in _NOT_IN_ROUTE_NAME and len(toks) - k < 4:
        k -= 1
    if len(toks) - k >= 2:
        return toks[k][1]
    if toks and len(toks[-1][0]) == 2 and tag(toks[-1][0]) in ("f", "s"):
        return toks[-1][1]  # 沿江|高铁, 沿海|高速: the route named by where it runs
    return start


def _route_start(text: str, start: int) -> int:
    """凉山州会理至攀枝花高速公路: a route from one place to another is one name."""
    if start >= 2 and text[start - 1] in "至到" :
        before = extend_left(text, start - 1, 10)
        if before < start - 1 and _names_a_place(text[before : start - 1]):
            return before
    return start


GOVERNING_VERBS = frozenset({"建设", "新建", "实施", "打造", "开工建设", "启动", "建成", "规划建设", "创建", "争创"})
DIGIT_IN = re.compile(r"\d")


def _built_here(text: str, start: int) -> bool:
    """Is the name the object of a verb that builds (新建农产品冷链物流中心, not 打造区域物流中心)?"""
    return text[max(0, start - 4) : start].endswith(BUILD_VERBS)


BUILD_VERBS = ("新建", "建成", "开工建设", "续建", "改扩建", "扩建", "投用", "启用")


@lru_cache(maxsize=1)
def _governing_verbs() -> re.Pattern[str]:
    return re.compile(alternation(GOVERNING_VERBS))


def _after_place_and_verb(text: str, start: int, end: int) -> int:
    """(在)白塔镇建设|粮食仓储项目, 会同市气象局建设|…平台: a place or a body and a verb that builds
    are the frame, not the name."""
    if not _governing_verbs().search(text, start, end):
        return start
    words = segment(text[start:end])
    for k in range(len(words) - 1, 0, -1):
        w, _s, e = words[k]
        prev = words[k - 1][0]
        if w in GOVERNING_VERBS and (_names_a_place(prev) or prev[-1:] in "省市县区镇乡村" or _ends_with_body_head(prev)
                                     or prev in BODY_HEAD_CHARS):  # 县交通运输|局|建设: the tokenizer's lone head
            return start + e
    return start


# Locative words that belong to a place-derived name (白洋淀上游流域综合治理, 长江沿岸…).
LOCATIVES_IN_NAMES = frozenset({"上游", "下游", "中游", "沿线", "沿岸", "两岸", "周边"})
FACILITY_CHARS = frozenset("厂站馆院校场桥库港")


BODY_HEAD_CHARS = frozenset("局委厅署")
SITE_HEADS = frozenset({"院区"})


def _ends_with_body_head(word: str) -> bool:
    lx = lexicon()
    return len(word) >= 2 and (word.endswith(lx.dept_heads) or word.endswith(lx.org_heads))


def _project_word(word: str) -> bool:
    return name_word(word) or word in UNIT_WORDS or bool(DIGITS.match(word)) or word in LOCATIVES_IN_NAMES or word in TIMES_SIGNS or bool(PHASE_WORD.fullmatch(word))


TIMES_SIGNS = frozenset({"×", "x", "X", "*"})  # 2×66万千瓦: units times their capacity
PHASE_WORD = re.compile(r"[一二三四五六七八九十]期")  # 托克托电厂|五期|2×100万千瓦煤电项目


DASHES = "-—－–"


def _dash_joined(text: str, start: int) -> int:
    """中国-东盟经贸创新发展示范区: two places joined by a dash open the name together."""
    if start < 3 or text[start - 1] not in DASHES:
        return start
    gz = lexicon().gazetteer
    here = next((k for k in range(2, 7) if text[start : start + k] in gz or text[start : start + k] in abroad()), None)
    if here is None:
        return start
    return next((start - 1 - k for k in range(6, 1, -1) if start - 1 - k >= 0 and (text[start - 1 - k : start - 1] in gz
                 or text[start - 1 - k : start - 1] in abroad())), start)


def _numbers_listed(text: str, start: int) -> int:
    """建国东路67、68街坊旧改项目: numbers listed with 、 are one name's, and the name goes on before them."""
    moved = start
    while moved >= 2 and text[moved - 1] == "、" and text[moved].isdigit() and text[moved - 2].isdigit():
        k = moved - 2
        while k > 0 and text[k - 1].isdigit():
            k -= 1
        moved = k
    if moved == start:
        return start
    return min(moved, extend_left(text, moved, MAX_BODY, accept=_project_word, object_verbs=True))


def _drop_bare_numbers(text: str, start: int, end: int) -> int:
    """A number belongs to a name only before its unit (350兆瓦): 2024|新建项目 loses the number."""
    if not DIGIT_IN.search(text, start, end):
        return start
    for word, s, _e in segment(text[start:end]):
        if DIGITS.match(word):
            rest = text[start + _e : end]
            if not any(rest.startswith(u) for u in UNIT_WORDS) and not (rest[:1] in TIMES_SIGNS and rest[1:2].isdecimal()):
                continue
        return start + s
    return end


def _specific(body: str, words: list[str]) -> bool:
    """A project name is specific when it carries a name (a place, a firm, a placeholder, a
    number) or a long technical description (新能源微电网示范, 排口可视化在线监控)."""
    if len(body) >= 5 or body.startswith("第") or re.search(r"\d", body):
        return True
    return any(tag(w) in ("ns", "nr", "nrt", "nt", "nz", "s", "j") for w in words if len(w) > 1)


def _names_a_facility(words: list[str]) -> bool:
    """污水处理厂提标改造, 县体育馆改造: what is renovated is a named kind of facility."""
    generic = lexicon().project_generic
    return any(w[-1] in FACILITY_CHARS and w not in generic and (
        len(w) >= 3 or (len(w) == 2 and i > 0 and tag(words[i - 1]) in ("", "ns", "nr", "nrt", "nz", "kgw")))  # 托克托|电厂
        for i, w in enumerate(words))


def _opens_with_a_named_place(text: str, start: int, end: int) -> bool:
    """西显阳村片区|改造: a village, road or river by its head (the tokenizer knows no such word)."""
    return any(c.start == 0 and c.end >= 3 for c in find_places(text[start:end]))


def _names_a_place(body: str) -> bool:
    lx = lexicon()
    return any(tag(w) == "ns" or w in lx.gazetteer for w, _s, _e in segment(body) if w not in lx.place_generic)
