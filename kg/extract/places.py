"""Places: a gazetteer of names without a suffix to find them by (中国, 京津冀, 黄河, 兰州), and
the suffix grammar of place names (城关区, 湟水河, 天水路, 东洞滩, 泺口片区).

Places are *nestable*: a place that prefixes a department, organisation or project name
(龙岩市工业和信息化局, 魏家湾湿地公园) is kept as a place of its own.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.grammar import clause_tokens, stem_word, function_word_before_level, words_before, compile_heads, extend_left, head_word_start, name_word, single_char_stops, starts_generic
from kg.extract.lexicon import towns, alternation, lexicon, load_list
from kg.extract.spans import Candidate
from kg.extract.tokens import segment, tag
from kg.redaction import PLACEHOLDER, is_masked
from kg.vocab import EntityType

MAX_BODY = 10
ADMIN_HEADS = frozenset({"省", "市", "区", "县", "旗", "盟", "镇", "乡", "村", "自治区", "自治州", "自治县", "街道", "社区"})
PLACE_TAGS = frozenset({"", "ns", "nz", "nr", "nrt", "nt", "kgw"})
# Words that can begin a place name: place and person names, locative words, abbreviations.
PLACE_START_TAGS = frozenset({"ns", "nr", "nrt", "nz", "s", "j", "kgw", "nt"})
NATURAL_HEADS = frozenset("河江湖沟渠川山岭峡谷滩湾岛塬坝路街巷桥淀泊")
# Grid and ring roads of northern towns: 经二路, 纬十三街, 二环路 (numbered, so no word accepts them).
GRID_ROAD = re.compile(r"(?:[经纬][一二三四五六七八九十]{1,3}|[一二三四五六七八九十]环)(?:东|西|南|北|中)?(?:路|街|大街|道)(?![\u4e00-\u9fff]{0,1}(?:网|口|灯|面|段|线))")
# National and provincial road codes: 国道G234, 省道S231, G4京港澳高速.
ROAD_CODE = re.compile(r"(?:国道|省道|县道|乡道)[GSXY]\d{1,4}|(?<![A-Za-z0-9])[GS]\d{1,4}(?=[\u4e00-\u9fff]{1,6}?(?:高速|国道|省道|线|段)|线)")
# Words of a numbered place name (七节河, 十八里铺): numerals with a measure-like character.
NUMBERED_BODY = re.compile(r"^[一二三四五六七八九十百千]+[^条个座处所项批家只片类种次届年月日号大\W\d]$")
_TIME_START = frozenset("今明去前后本上下近当每同")
# Country names are places only when they stand alone (中国－中亚峰会), not as the first word of
# a compound (中国特色, 中国银行, 中华人民共和国消防法).
COUNTRY = frozenset({"中国", "中华人民共和国"})


@lru_cache(maxsize=1)
def abroad() -> frozenset[str]:
    """Countries, world regions and blocs (东盟, 中亚): places abroad."""
    return frozenset(load_list("countries"))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    lx = lexicon()
    return (
        re.compile(alternation(lx.searched_places)),
        compile_heads(lx.place_heads),
        re.compile(alternation(load_list("place_not_before"))),
    )


def is_complete_place(word: str) -> bool:
    """A word that is a place by itself: 兰州市 before 城关区 is its own place."""
    lx = lexicon()
    if word in lx.gazetteer:
        return True
    return len(word) >= 3 and word[-1] in "省市区县" and tag(word) == "ns"


def find_places(text: str) -> list[Candidate]:
    gazetteer, heads, not_before = _patterns()
    out: list[Candidate] = []
    for m in gazetteer.finditer(text):
        s, e = m.span()
        nxt = text[e : e + 1]
        if nxt and (nxt in _HEAD_CHARS or text[e : e + 2] in _SECTION_ROADS) and not is_complete_place(m.group()):
            continue  # 天水 + 路, 天水 + 中路: the suffix grammar names it
        if _not_before(not_before, text, e) or _inside_word(text, s, e) or (
                head_word_start(text, s, e) < 0 and not _opens_a_named_word(text, s, e)):
            continue  # 中国特色, 中国梦, 示范县: not a place here
        if m.group() in COUNTRY and CJK_NEXT.match(text, e):
            continue
        if _level_starts_next_word(text, s, e):
            continue  # 县人大和|县政协, 新|县医院: the level word belongs to the next name
        if text[e : e + 1] in ADMIN_SUFFIX_CHARS and not m.group().endswith(tuple(ADMIN_SUFFIX_CHARS)) and m.group() not in abroad():
            e += 1  # 包头 + 市: the place as written (not 中亚|市场: a country or region takes no level)
        out.append(Candidate(s, e, EntityType.Place, text[s:e], nestable=True))
    for m in heads.finditer(text):
        c = _place_at(text, m.start(), m.end(), m.group(), not_before)
        if c:
            out.append(c)
    for rx in (GRID_ROAD, ROAD_CODE):
        out.extend(Candidate(m.start(), m.end(), EntityType.Place, m.group(), nestable=True) for m in rx.finditer(text)
                   if not (m.start() > 0 and tag(text[m.start() - 1 : m.start() + 1])))  # 已经|五路, 神经: not a grid road
    out.extend(_rivers(text))
    out.extend(_stations(text))
    out.extend(_short_forms(text, out))
    return [c for c in out if not function_word_before_level(text, c.start)]  # 要会同|县…, 新建|区医院


# What only a river has, right after its name or a list of rivers: 贡江、梅江沿岸, 溆水、四都河流域,
# 沅水溆浦段, 瀍河、涧河黑臭水体.
# (the stretch, [two characters]段, is found from its 段: a pattern that opens with a character
# class would be tried at every character of the text)
RIVER_AFTER = re.compile(r"沿岸|两岸|流域|干流|支流|上游|中游|下游|河道|河段|堤防|水质|水系|黑臭水体|水环境|入河排污口")
STRETCH_NEXT = re.compile(r"[^\u4e00-\u9fff]|[防堤河水生综治整航]|$")
RIVER_HEADS = "江河溪水"
RIVER_COUNT = re.compile(r"[一二三四五六七八九十两]+[条水江河]$")
_NUMERALS = frozenset("一二三四五六七八九十两多")
_NOT_A_RIVER_BODY = frozenset("各全本该此等及和与对在把将向沿从于为以的了")


def _rivers(text: str) -> list[Candidate]:
    """Rivers the tokenizer does not know (贡江, 涧河, 溆水, 四都河), found from what follows
    them: one name or a list of names (、 和) that each end with 江, 河, 溪 or 水.  The name next to
    what follows must look like a name; the others of its list need only end like a river."""
    out: list[Candidate] = []
    for pos in _river_contexts(text):
        count = RIVER_COUNT.search(text, max(0, pos - 4), pos)
        if count:
            pos = count.start()  # 湘江、资水、沅水、澧水|四水|流域
        listed = False
        while True:
            member = _river_ending_at(text, pos, listed)
            if member is None:
                break
            out.append(Candidate(member, pos, EntityType.Place, text[member:pos], nestable=True))
            if member == 0 or text[member - 1] not in "、和":
                break
            pos, listed = member - 1, True
    # the same river wherever its name recurs: 实施|涧河|截污纳管工程 (one pass for all names)
    found = frozenset(c.name for c in out if len(c.name) == 2)
    if found:
        seen = {(c.start, c.end) for c in out}
        for m in re.finditer(alternation(found), text):
            if m.span() not in seen and not _inside_word(text, m.start(), m.end()):
                out.append(Candidate(m.start(), m.end(), EntityType.Place, m.group(), nestable=True))
    return out


_NAME_TAGS = ("ns", "nz", "nr", "nrt", "")
_NOT_NAME_TAG = ("v", "p", "c", "d", "u", "r", "m", "q", "f", "t", "a")
_WATER_WORDS = frozenset({"污水", "废水", "雨水", "河水", "江水", "海水", "湖水", "用水", "供水", "排水", "饮水", "溪水", "山水", "流水", "治水", "节水", "引水", "调水"})


def _river_ending_at(text: str, pos: int, listed: bool = False) -> int | None:
    words = words_before(text, pos)
    if not words or words[-1][2] != pos:
        return None
    word, s, _e = words[-1]
    if len(word) >= 2:
        # a whole word: 梅江, 清水河 (not 河水, 江河: the head must close a name); in a list, 资水
        if word[-1] not in RIVER_HEADS or word in _WATER_WORDS or word[0] in _NOT_A_RIVER_BODY or set(word[:-1]) <= _NUMERALS:
            return None
        opener = len(words) >= 2 and len(words[-2][0]) == 1 and bool(CJK_CHAR.match(words[-2][0])) \
            and words[-2][0] not in _NOT_A_RIVER_BODY and words[-2][0] not in single_char_stops() and word not in lexicon().gazetteer
        if set(word) <= set(RIVER_HEADS):
            return words[-2][1] if opener else None  # 漆|水河 is a name, 江河 alone is not
        named = word in lexicon().gazetteer or tag(word) in _NAME_TAGS
        if not (named or (listed and not tag(word).startswith(_NOT_NAME_TAG))):
            return None
        return words[-2][1] if opener else s  # 美|阳河: a character written alone opens the name
    if word not in RIVER_HEADS:
        return None
    # the head alone, after one or two characters written alone (贡|江, 四|都|河) or a noun (漆水|河)
    start = s
    for w, ws, _we in reversed(words[:-1][-2:]):
        if w in _NOT_A_RIVER_BODY or w in single_char_stops() or not CJK_CHAR.match(w):
            break
        stretch = text[pos + 2 : pos + 3] == "段"  # 绵远(a)|河|城区段: a stretch is only a river's
        if len(w) == 2 and start == s and (not tag(w).startswith(_NOT_NAME_TAG) or (stretch and tag(w) == "a")) and w not in _WATER_WORDS:
            start = ws
            break
        if len(w) != 1:
            break
        start = ws
    if start == s or set(text[start:s]) <= _NUMERALS:
        return None  # 四水: a count of rivers
    return start


def _stations(text: str) -> list[Candidate]:
    """宜昌北站, 成都东站: a city's railway station named by its direction is a place."""
    gz = lexicon().gazetteer
    out = []
    at = text.find("站")
    while at >= 0:
        if at >= 3 and text[at - 1] in "东南西北":
            end, city_end = at + 1, at - 1
            for start in range(max(0, city_end - 4), city_end - 1):  # the longest city first: 推进|宜昌北站
                if text[start:city_end] in gz and not _inside_word(text, start, city_end):
                    out.append(Candidate(start, end, EntityType.Place, text[start:end], nestable=True))
                    break
        at = text.find("站", at + 1)
    return out


TOWN_STRETCHES = frozenset({"城区", "市区", "县城", "主城"})  # 绵远河|城区段: the stretch through the town


def _river_contexts(text: str) -> list[int]:
    """Where what only a river has begins: the words of RIVER_AFTER, and a stretch named by its
    county (沅水|溆浦段; not 大江|口镇段, inside a name)."""
    at = [m.start() for m in RIVER_AFTER.finditer(text)]
    k = text.find("段")
    while k >= 0:
        if k >= 2 and STRETCH_NEXT.match(text, k + 1) and (_a_place_word(text[k - 2 : k]) or text[k - 2 : k] in TOWN_STRETCHES):
            at.append(k - 2)
        k = text.find("段", k + 1)
    return sorted(at)


def _a_place_word(word: str) -> bool:
    return word in lexicon().gazetteer or tag(word) == "ns"



_PEOPLES_BODY = re.compile(r"人民(?:政府|法院|检察院|代表大会|武装部|医院)")


def _not_before(not_before: re.Pattern[str], text: str, e: int) -> bool:
    """中国特色, 中国人民: not a place here — but 包头市人民政府 is the city's government."""
    return bool(not_before.match(text, e)) and not _PEOPLES_BODY.match(text, e)


def _after_known_division(text: str, start: int, head_start: int) -> int:
    """The start of a town or village after a known division written before it, or (for a
    village) after a town written before it: 北斗溪镇|坪溪村, 卢峰镇|东门社区."""
    gz = lexicon().gazetteer
    for x in range(head_start - 1, start + 1, -1):
        if text[x - 1] in "省市区县旗" and text[start:x] in gz and head_start - x >= 1:
            return x
    if text[head_start : head_start + 1] in "村社":
        for x in range(head_start - 2, start + 2, -1):  # the village keeps two characters at least
            if text[x - 1] in "镇乡" and x - 1 - start >= 2:
                return x
    return start


def _opens_a_named_word(text: str, s: int, e: int) -> bool:
    """北京|工业大学, 佳木斯|大学: the place opens a word the tokenizer keeps whole, which is a body's
    name (it ends with a head of one): by the place-prefix rule the place is a place there."""
    lo, toks = clause_tokens(text, s)
    lx = lexicon()
    heads = _named_word_heads()
    for w, ws, we in toks:
        if lo + ws == s and lo + we > e:
            return w.endswith(heads) and w not in lx.gazetteer
    return False


@lru_cache(maxsize=1)
def _named_word_heads() -> tuple[str, ...]:
    lx = lexicon()
    return tuple(sorted({h for h in lx.org_heads + lx.dept_heads + lx.project_heads if len(h) >= 2}))


def _inside_word(text: str, s: int, e: int) -> bool:
    """Does a word of the clause run across the start of the match (示|范县 in 示范县)?"""
    if s == 0:
        return False
    lo, toks = clause_tokens(text, s)
    return any(lo + ws < s < lo + we and lo + we <= e for _w, ws, we in toks)


def _short_forms(text: str, found: list[Candidate]) -> list[Candidate]:
    """A county or city written in full once (顺平县, 米易县) is the same place where the text
    drops its level word (顺平发展史, 办好顺平的事情).  Only stems of two or more characters, only
    where the stem is a word of its own there."""
    lx = lexicon()
    stems = {}
    for c in found:
        m = _LEVEL_SUFFIX.search(c.name)
        if m and c.name in lx.gazetteer and m.start() >= 2 and c.name[: m.start()] not in lx.place_generic:
            stems[c.name[: m.start()]] = c.name
    out = []
    if not stems:
        return out
    taken = {(c.start, c.end) for c in found}
    for m in re.finditer(alternation(frozenset(stems)), text):  # one pass over the text for all stems
        s, e = m.span()
        if (s, e) in taken or text[e : e + 1] in "省市县区旗州盟" or text[e : e + 1] in _HEAD_CHARS or head_word_start(text, s, e) < 0:
            continue
        out.append(Candidate(s, e, EntityType.Place, m.group(), nestable=True))
    return out


_LEVEL_SUFFIX = re.compile(r"(?:自治县|自治州|县|市|旗|区)$")


ADMIN_SUFFIX_CHARS = frozenset("省市县州盟旗")
# Heads of divisions that the administrative gazetteer lists completely.
GAZETTEER_HEADS = frozenset({"省", "市", "县", "自治州", "自治县", "自治区", "特别行政区"})
_LEVEL_NOUNS = ("(市", "（市", "(区", "（区", "、", "政协", "人大", "政府", "人民政府", "委", "医院", "城", "域", "级", "直", "属", "情", "乡", "委员会", "法院", "检察院")


def _level_starts_next_word(text: str, s: int, e: int) -> bool:
    """A two-character division (和县, 新县) whose first character is a conjunction or an
    adjective, written where its level character opens a body or a common word: 县人大和县政协,
    新县医院 (a new county hospital).  Those are not the county."""
    if e - s != 2 or text[s + 1] not in "县区市":
        return False
    first = text[s]
    if tag(first) not in ("c", "a", "p", "d", "b", "q", "m") and first not in single_char_stops():
        return False
    if _after_complete_place(text, s):
        return False  # 安徽省和县人民政府: after its province it is the county
    return text.startswith(_LEVEL_NOUNS, e)
_SECTION_ROADS = frozenset({"东路", "西路", "南路", "北路", "中路", "大道", "大街"})
STREET_HEADS = frozenset({"路", "街", "大街", "大道", "巷"})
# Streets, towns and villages are often named with one common word (人民路, 建设大街, 石人镇, 白塔村).
COMMON_WORD_HEADS = frozenset({"路", "街", "大街", "镇", "乡", "村"})
CITY_NAMED_HEADS = frozenset({"港", "机场", "高新区", "经开区", "开发区"})  # 宁波舟山港, 合肥高新区
_HEAD_CHARS = frozenset("河江湖沟渠川山岭峡谷滩湾岛路街道巷桥")
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
CJK_NEXT = re.compile(r"[\u4e00-\u9fff](?<![的和与及同在、])")


def _strip_common_words(text: str, start: int, head_start: int, head_end: int = 0, natural: bool = False,
                        street: bool = False) -> int:
    """Drop leading common words (城市片区 → 片区, 二期清泉路 → 清泉路): a place name starts with a
    place or person name, a locative word or an unknown proper name (single characters)."""
    if start >= head_start:
        return start
    lx = lexicon()
    if head_end - start >= 3 and tag(text[start:head_end]) == "ns":
        return start  # 平安大街: the whole name is a known place, 平安 is not stripped
    words = segment(text[start:head_start])
    for k, (word, s, _e) in enumerate(words):
        if word in _NUMERALS and k + 1 < len(words) and len(words[k + 1][0]) == 1 and words[k + 1][0] not in _CLASSIFIERS:
            return start + s  # 四建美林大厦: a numeral glued to a character is a brand, not a count
        if word in lx.place_generic or word in _NUMERALS or word in single_char_stops():
            continue
        if word in _CLASSIFIERS and text[start + s - 1 : start + s].isdigit():
            continue  # 2座|城市公园: the classifier of a count opens no name
        if (street and k == len(words) - 1 and len(word) == 2 and word not in lx.stop_words and tag(word) not in _STREET_STOP_TAGS
                and (text[head_start : head_end] not in _SETTLEMENT_HEADS or tag(word) in _SETTLEMENT_TAGS
                     or (tag(word) == "a" and _where_a_town_stands(text, start + s)))):
            return start + s  # 人民路, 解放路, 建设大街: streets are named with common words
        if len(word) == 1 or tag(word) in PLACE_START_TAGS or word in lx.gazetteer or (natural and not name_word(word) and _natural_word(word)):
            return start + s
        if k == len(words) - 1 and len(word) >= 3 and text[head_start:head_end] in ("镇", "乡") and word not in lx.stop_words:
            return start + s  # 观音阁|镇: a township named by an ordinary noun of three characters
    return head_start


_NUMERALS = frozenset("一二三四五六七八九十百千两几多")
# Streets are named with common words, verbs included (人民路, 解放路, 建设大街); never function words.
_STREET_STOP_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "d", "ad", "r", "rr", "rz", "y", "e", "o",
                               "q", "mq", "m", "f", "t", "vd", "i", "l"})
# Towns and villages take a noun (石人镇, 白塔村), never a verb or an adjective (壮大村集体经济, 达标村).
_SETTLEMENT_HEADS = frozenset({"镇", "乡", "村"})
_SETTLEMENT_TAGS = frozenset({"n", "nz", "nr", "nrt", "ns", "nt", "j", "", "s"})
_CLASSIFIERS = frozenset("条个座处所项批家只片类种次届年月日号")


def _road_word(word: str, head: str) -> bool:
    """光复路, 解放路, 建设路: a road the tokenizer keeps whole, filed as a fixed phrase or a name
    (思路, 道路, 出路 are two characters and ordinary words)."""
    return head in ("路", "街", "大街", "大道") and len(word) >= 3 and word.endswith(head) and tag(word) in ("l", "nz", "nt")


def _place_word_and_town(words, head: str, lx) -> bool:
    """大江|口镇, 石门|坎乡: a place word, then a town's last character glued to its head."""
    return (head in ("镇", "乡") and len(words) == 2 and len(words[-1][0]) == 2 and words[-1][0] not in lx.place_generic
            and tag(words[0][0]) == "ns")


def _direction_and_head(word: str, head: str) -> bool:
    """和平|北路, 人民|东大街: a direction and the street head, one word for the tokenizer."""
    return len(word) > len(head) and word.endswith(head) and all(ch in "东南西北中" for ch in word[: -len(head)])


def _natural_word(word: str) -> bool:
    """Words of a river, road or street name: name words, and also numbered words (七节河) and
    words jieba files as times that are not times (青年路)."""
    if name_word(word):
        return True
    if NUMBERED_BODY.match(word):
        return True
    return (len(word) >= 2 and tag(word) == "t" and word[0] not in _TIME_START
            and not _NUMERALS.intersection(word) and not re.fullmatch(r"[年月日时春夏秋冬季初底末旬周期间]+", word))


def _where_a_town_stands(text: str, pos: int) -> bool:
    """香坊区|幸福镇, 在|太平镇: after its county or 在, a town may be named with an adjective (not
    达标村, 先进村 in running text)."""
    return text[pos - 1 : pos] == "在" or _after_complete_place(text, pos) or (
        text[pos - 1 : pos] in "区县旗" and any(text[pos - k : pos] in lexicon().gazetteer for k in range(2, 8)))


def _after_complete_place(text: str, start: int) -> bool:
    """Is ``start`` right after a city or province (呼和浩特市|新城区)?"""
    before = text[max(0, start - 10) : start]
    if not before or before[-1] not in "省市":
        return False
    words = segment(before[:-1])
    return bool(words) and _a_place_word(words[-1][0])


# a town or village of a kind, a title it earns (国家农业产业强镇, 美丽乡村示范村, 历史文化名镇), not one place
TITLE_BEFORE_SETTLEMENT = re.compile(r"(?:产业强|示范|重点|特色|名|强|中心|美丽|文明|卫生|样板|标杆)$")


def _division_before_body(text: str, hs: int, he: int, head: str) -> int:
    """Start of a known division whose level character the tokenizer glued to the body after it
    (沾益|区政府, 沾益|区委): the rest of that word is a government's or a party committee's head.
    -1 otherwise."""
    lx = lexicon()
    if head not in ADMIN_HEADS:
        return -1
    lo, toks = clause_tokens(text, hs)
    word = next((w for w, ws, we in toks if lo + ws == hs and lo + we > he), None)
    if word is None or word[len(head):] not in lx.dept_level_heads:
        return -1
    start = next((he - k for k in range(min(8, he), len(head), -1) if text[he - k : he] in lx.gazetteer), -1)
    stem = [w for w, ws, we in toks if start <= lo + ws and lo + we <= hs]
    if start < 0 or len(text[start:hs]) < 2 or "".join(stem) != text[start:hs] or not all(stem_word(w) for w in stem):
        return -1  # 监督和|县政协: 和县 is no place here
    return start


INTO_WATER = frozenset("入出跨沿临")
_NO_RIVER_OPENER = frozenset({"p", "c", "u", "uj", "d", "r", "m", "f", "q", "y"})  # 至|桥江: a preposition opens no river
TOWN_HEADS = frozenset({"镇", "乡", "街道"})


def _town_inside_words(text: str, start: int, head_start: int) -> bool:
    """Does the town's name start inside a word of the clause (入选全国千强镇: 强镇 is no town)?"""
    lo, toks = clause_tokens(text, start)
    return not any(lo + s == start for _w, s, _e in toks)


def _lone_char(text: str, pos: int) -> bool:
    """Is the character at ``pos`` a word of its own in its clause?"""
    lo, toks = clause_tokens(text, pos)
    return any(lo + s == pos and e - s == 1 for _w, s, e in toks)


def _place_at(text: str, hs: int, he: int, head: str, not_before: re.Pattern[str]) -> Candidate | None:
    lx = lexicon()
    if head in ("镇", "乡", "村") and TITLE_BEFORE_SETTLEMENT.search(text, max(0, hs - 3), hs):
        return None
    if head in "河江湖海" and hs >= 2 and text[hs - 1] in INTO_WATER and CJK_CHAR.match(text[hs - 2]) and _lone_char(text, hs - 1):
        return None  # 什拉乌素河|入|河排污口, 跨|江大桥: into or across the water, no name ends here
    if head == "灌区" and text[max(0, hs - 2) : hs] == "水库":
        return None  # 阿岗水库|灌区: the reservoir's irrigation works, not a place of its own
    word_start = head_word_start(text, hs, he)
    if word_start < 0:
        word_start = _division_before_body(text, hs, he, head)
    if word_start < 0 or _not_before(not_before, text, he):
        return None
    known = next((he - k for k in range(min(8, he), len(head), -1) if text[he - k : he] in lx.gazetteer), None)
    if known is None and head in TOWN_HEADS:
        # 安定|镇: a town whose stem the tokenizer reads as a verb is in the towns of the gazetteer
        known = next((he - k for k in range(min(7, he), len(head) + 1, -1) if text[he - k : he] in towns()
                      and not _town_inside_words(text, he - k, hs)), None)
    if known is not None and _inside_word(text, known, he):
        return None  # 示范县: a county's name inside an ordinary word
    if known is not None:
        start = known  # 正定县, 黄河: a known division or place ending at this head
    elif text[word_start:he] in lx.gazetteer:
        start = word_start
    else:
        # a street may be named after a city (天水中路, 兰州路): the city is then part of the name
        stop = None if head in STREET_HEADS or head in CITY_NAMED_HEADS else is_complete_place
        accept = _natural_word if head in NATURAL_HEADS or head in STREET_HEADS else name_word
        start = min(word_start, extend_left(text, word_start, MAX_BODY, accept=accept, stop_before=stop))
        if start == word_start and head in COMMON_WORD_HEADS and text[word_start:he] == head:
            before = words_before(text, word_start)
            if (before and len(before[-1][0]) == 2 and tag(before[-1][0]) not in _STREET_STOP_TAGS
                    and (head not in _SETTLEMENT_HEADS or tag(before[-1][0]) in _SETTLEMENT_TAGS
                         or (tag(before[-1][0]) == "a" and _where_a_town_stands(text, before[-1][1])))):
                start = before[-1][1]  # 建设大街: a verb that names a street (the walk drops it as a leading verb)
    if text[start - 1 : start] == "等" and text.startswith(("国", "地", "领域", "行业"), start):
        return None  # 越南、泰国等|国建设合作园区: the kind a list closes with opens no place
    if is_masked(text[start:he]):
        return None  # XX北路, 城*区*沟: too little of the name is left to place anything
    after_division = False
    if head in ADMIN_HEADS and known is None:
        cut = _after_known_division(text, start, hs)  # 呼兰区|石人镇: the district is a place of its own
        after_division, start = cut > start, cut
    if text[start] in ADMIN_SUFFIX_CHARS and start < word_start:
        start += 1  # 包头|市稀土高新区: the 市 closes the place before, it does not open this one
    if known is None and not after_division:
        start = _strip_common_words(text, start, hs, he, natural=head in NATURAL_HEADS or head in STREET_HEADS,
                                    street=head in COMMON_WORD_HEADS)
    opened = None
    if head in RIVER_HEADS and known is None and start < hs and set(text[start + 1 : he]) <= set(RIVER_HEADS):
        opened = _river_ending_at(text, he)  # 蒸|水河 (蒸 is a verb in jieba): a lone character opens the name
        if opened is not None and opened <= start and tag(text[opened]) not in _NO_RIVER_OPENER:
            start = opened
        else:
            opened = None
    name = text[start:he]
    if len(name) == 2 and _level_starts_next_word(text, start, he):
        return None  # 县人大和|县政协
    body = name[: len(name) - len(head)]
    plain = PLACEHOLDER.sub("", body)
    if not plain or is_masked(name) or starts_generic(name, lx.generic_modifiers):
        return None
    district = _after_complete_place(text, start)  # 新城区 is generic, 呼和浩特市新城区 a district
    if name in lx.place_generic and not (district and head[-1] in "区县旗"):
        return None  # 呼和浩特市新城区 is a district; 绵阳市城中村改造 is a kind of village, not one
    words = segment(name)
    last = words[-1][0]
    proper = ("ns", "nz", "kgw", "nr", "nrt") if head in ADMIN_HEADS else ("ns", "nz", "kgw")  # 白塔村 is filed as a person
    if head in "山河江湖岭峰峡谷溪":
        proper = proper + ("nr", "nrt")  # 雪峰山, 黄山: a mountain or a river may bear a person's name
    if last != head and not district and known is None and opened is None and not _direction_and_head(last, head) and not _place_word_and_town(words, head, lx) and not _road_word(last, head) and (
            last in lx.place_generic or (tag(last) not in proper and last not in lx.gazetteer)):
        return None  # 智慧城市, 老旧小区, 道路, 思路: the head is inside an ordinary word
    if head in ADMIN_HEADS and len(plain) < 2 and name not in lx.gazetteer:
        return None  # 我区, 本市, 该镇
    if head in GAZETTEER_HEADS and known is None and name not in lx.gazetteer and not district:
        return None  # 联通市: every province, city and county is in the gazetteer
    if head in NATURAL_HEADS and len(plain) < 2 and tag(name) != "ns":
        return None  # 青山, 一街
    if len(body) > MAX_BODY:
        return None
    return Candidate(start, he, EntityType.Place, name, nestable=True)
