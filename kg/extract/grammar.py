"""Shared grammar of Chinese names: clause boundaries and left extension from a head word.

A name is found from its head (局, 项目, 河, 制度 …) by walking left over the words of its own
clause while they can belong to a name: a function word, a verb, a pronoun or a punctuation
mark ends it.  Words are jieba's, on a short window only, so the cost stays local.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache

from kg.extract.lexicon import lexicon, load_list
from kg.extract.tokens import segment, tag
from kg.redaction import PLACEHOLDER

BREAK_CHARS = "，。；：、！？!?,;:（）()“”\"'‘’《》〈〉<>【】[]「」『』·—…\n\t 　/|"
_BREAK = frozenset(BREAK_CHARS)
_BREAK_RE = re.compile("[" + re.escape(BREAK_CHARS) + "]")
CJK = re.compile(r"[\u4e00-\u9fff]")
# Tags (jieba's dictionary) of words that cannot be inside a name: verbs, prepositions,
# conjunctions, particles, adverbs, pronouns, interjections, classifiers.
STOP_TAGS = frozenset({"v", "vd", "vg", "vi", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud",
                       "d", "ad", "r", "rr", "rz", "y", "e", "o", "q", "mq", "f", "i", "t"})
# how a service is done, quoted as a slogan (“掌上办”“马上办”), neither an instrument nor an office
MANNER_DONE = re.compile(r"^(?:掌上|指尖|马上|抓紧|就近|网上|随时|立即|限时|秒)办(?:理)?$")
_ORDINAL = re.compile(r"^(?:第[一二三四五六七八九十百\d]+|[一二三四五六七八九十\d]+期)$")


@lru_cache(maxsize=1)
def name_internal_words() -> frozenset[str]:
    lx = lexicon()
    return frozenset(load_list("name_internal_words")) | frozenset(lx.dept_body_words) | lx.level_words


@lru_cache(maxsize=1)
def single_char_stops() -> frozenset[str]:
    return frozenset(load_list("single_char_stops"))


@lru_cache(maxsize=1)
def leading_verbs() -> frozenset[str]:
    """Words a name does not start with although they can sit inside one (建设, 改造)."""
    return frozenset(lexicon().construction_verbs) | {"发展", "改革", "加强", "深化", "建立", "健全", "建立健全", "保障",
                                                      "开展", "推行", "落实", "探索", "深入", "全面",
                                                      "推广", "推动", "实行", "坚持", "学习", "借鉴", "培育",
                                                      "促进", "协调", "研究", "统筹", "代表", "服务", "支持", "鼓励",
                                                      "引导", "督促", "指导", "帮助", "依托", "运行", "上线运行", "创建", "争创"}


def in_generic_list(text: str, start: int) -> bool:
    """Is the name at ``start`` a later member of a list that opens with 各/相关 (各乡、镇人民政府)?"""
    i = start
    while i > 0 and text[i - 1] == "、":
        j = clause_start(text, i - 1, 16)
        if text.startswith(lexicon().generic_modifiers, j):
            return True
        i = j
    return False


def clause_start(text: str, pos: int, max_len: int) -> int:
    """Start of the clause that ends at ``pos``, looking back at most ``max_len`` characters."""
    lo = max(0, pos - max_len)
    for i in range(pos - 1, lo - 1, -1):
        if text[i] in _BREAK:
            return i + 1
    return lo


# verbs that carry another act or govern the phrase rather than name work on the object
_LIGHT_VERBS = frozenset({"作出", "做出", "进行", "加以", "给予", "予以", "实现", "推动", "推进", "加快", "开展", "组织", "启动", "完成", "实施"})


def _object_verb(word: str) -> bool:
    """A two-or-more character verb that is not a stop word: it may close an object-verb
    compound inside a name."""
    return len(word) >= 2 and word not in lexicon().stop_words and tag(word) in ("v", "vn", "vd")


def _object_word(word: str) -> bool:
    """Can this word be the object before a verb inside a name (动能 in 动能转换)?  Nouns and
    unknown names, not adverbs or adjectives (成功举办, 充分利用, 高水平建设)."""
    return name_word(word) and not _object_verb(word) and (len(word) == 1 or tag(word) not in ("a", "ad", "d", "b", "l", "i"))


def is_placeholder(word: str) -> bool:
    return bool(PLACEHOLDER.fullmatch(word))


def name_word(word: str) -> bool:
    """Can this word be inside a name?  Stop words never; single characters usually (unknown
    proper names fall apart into them); longer words unless tagged as function words/verbs."""
    lx = lexicon()
    if word in name_internal_words():
        return True  # 投资促进局, 协调小组: a verb of the name's own wording
    if word in lx.stop_words:
        return False
    if is_placeholder(word):
        return True
    if len(word) == 1:
        return bool(CJK.match(word)) and word not in single_char_stops()
    t = tag(word)
    if t == "z" and len(word) >= 4 and tag(word[-2:]) in ("v", "vn", "a"):
        return False  # 认真落实, 坚决贯彻: a manner and a verb, filed by jieba as one word
    if t in ("m", "t"):
        return bool(_ORDINAL.match(word))  # 第二, 三期 (filed as a time)
    if t in STOP_TAGS:
        return False
    return bool(CJK.search(word))


CLAUSE_BLOCK = 64  # long clauses are tokenised in aligned blocks of this many characters


def clause_tokens(text: str, pos: int) -> tuple[int, tuple[tuple[str, int, int], ...]]:
    """The words of the clause around ``pos`` as (word, start, end) with absolute offsets.

    Each clause is tokenised once (cached), however many heads it holds; a very long clause is
    cut into aligned blocks so that the cache still serves neighbouring heads."""
    breaks = _breaks(text)
    i = bisect_right(breaks, pos - 1)  # first break at or after pos
    lo = breaks[i - 1] + 1 if i > 0 else 0
    hi = breaks[i] if i < len(breaks) else len(text)
    if hi - lo > CLAUSE_BLOCK:
        block = (pos - lo) // CLAUSE_BLOCK
        lo, hi = lo + block * CLAUSE_BLOCK, min(hi, lo + (block + 1) * CLAUSE_BLOCK)
    return lo, segment(text[lo:hi])


@lru_cache(maxsize=8)
def _breaks(text: str) -> list[int]:
    """Positions of every clause-breaking character of a text (computed once per text)."""
    return [m.start() for m in _BREAK_RE.finditer(text)]


def words_before(text: str, pos: int) -> list[tuple[str, int, int]]:
    """The words of its clause that end at or before ``pos`` (absolute offsets); a word that runs
    across ``pos`` is re-cut at ``pos`` (天水|路 rather than 天|水路)."""
    if pos == 0 or text[pos - 1] in _BREAK:
        return []
    lo, toks = clause_tokens(text, pos - 1)
    out = []
    for w, s, e in toks:
        s, e = lo + s, lo + e
        if e <= pos:
            out.append((w, s, e))
        elif s < pos:
            out.extend((w2, s + s2, s + e2) for w2, s2, e2 in segment(text[s:pos]))
            break
        else:
            break
    return out


def extend_left(text: str, head_start: int, max_body: int, accept: Callable[[str], bool] = name_word,
                stop_before: Callable[[str], bool] | None = None, object_verbs: bool = False) -> int:
    """Leftmost start of a name whose head begins at ``head_start``.

    ``accept`` says whether a word may be part of the name; ``stop_before`` marks words that
    end the walk *and* are left out although acceptable (a complete place before a place);
    ``object_verbs`` lets a verb that follows its object stay inside (project and policy names)."""
    tokens = words_before(text, head_start)
    limit = head_start - max_body
    start = head_start
    words = []
    for k in range(len(tokens) - 1, -1, -1):
        word, s, _e = tokens[k]
        if s < limit or (stop_before is not None and stop_before(word)):
            break
        if object_verbs and 0 < k < len(tokens) - 1 and _object_verb(word) and (
                _a_body(tokens[k - 1][0]) or tokens[k - 1][0].endswith(INSTITUTION_ENDS)):
            # 衡阳市中心医院|建设|胸痛中心: the body builds what follows its verb, no object inside the
            # name (县中医医院|迁建|项目: a verb right before the head is the work on the body)
            break
        if not accept(word) and not _opens_known_place(text, s, s + len(word), head_start):
            # A verb after its object is inside the name (新旧动能转换先行区, 污水收集治理工程);
            # a verb before the name governs it (启动魏家湾湿地公园) and ends the walk.
            # two verbs after one object too (水电站|增效|扩容|改造工程)
            if not (object_verbs and k > 0 and _object_verb(word) and not _a_body(tokens[k - 1][0]) and (
                    _object_word(tokens[k - 1][0])
                    or (k > 1 and _object_verb(tokens[k - 1][0]) and _object_word(tokens[k - 2][0]) and tag(tokens[k - 2][0]).startswith("n")
                        and not {word, tokens[k - 1][0]} & _LIGHT_VERBS))):
                break
        start = s
        words.append(word)
    for word in reversed(words):  # drop leading verbs: 建设黄河流域中心 → 黄河流域中心
        if word not in leading_verbs() and not _manner_and_verb(word):
            break
        start += len(word)
    return start


BODY_ENDS = ("部门", "单位", "机关", "政府", "办公室", "办公厅", "管委会", "公司", "集团")
INSTITUTION_ENDS = ("医院", "卫生院", "大学", "学院")  # bodies too when their verb has an object of its own


def _a_body(word: str) -> bool:
    """A body before a verb (监管部门|制定…计划, 县交通运输|局|建设…): the verb's subject, not an
    object inside the name."""
    return word[-1:] in "局委厅署" or word.endswith(BODY_ENDS) or word in ZONE_WORDS


# a development zone as the subject of its verb (长沙经开区|引进|…项目): it acts, as a body does
ZONE_WORDS = frozenset({"经开区", "高新区", "开发区", "新区", "功能区"})


def _opens_known_place(text: str, s: int, e: int, limit: int) -> bool:
    """Does the word at s:e open a place of the gazetteer that ends by ``limit``?  沾益|区 (沾益
    is a verb in jieba's dictionary), a place all the same before 人民政府; its level character
    may open the head word (沾益|区政府)."""
    gz = lexicon().gazetteer
    if text[limit : limit + 1] in _LEVEL_CHARS:
        limit += 1
    return stem_word(text[s:e]) and any(text[s:k] in gz for k in range(e + 1, min(limit, s + 8) + 1))


def stem_word(word: str) -> bool:
    """Can this word be (part of) a place's stem whatever jieba tags it (沾益 is a verb there)?
    Not a stop word or a function word (监督和|县政协: 和县 is no place here)."""
    return word not in lexicon().stop_words and tag(word) not in _FUNCTION_TAGS


_FUNCTION_TAGS = frozenset({"c", "p", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "rr", "rz", "y", "e", "o"})


_LEVEL_CHARS = frozenset("省市区县州盟旗镇乡")


def _manner_and_verb(word: str) -> bool:
    """严格执行, 全面推行: a manner adverb glued to a governing verb by the tokenizer."""
    for v in ("执行", "落实", "实施", "推行", "推进", "开展", "贯彻"):
        if len(word) > len(v) and word.endswith(v) and tag(word[: -len(v)]) in ("a", "ad", "d", "z"):
            return True
    return False


def head_word_start(text: str, head_start: int, head_end: int, blocklist: frozenset[str] = frozenset()) -> int:
    """Start of the word that ends with the head (民政局 for 局, 经委 for 委), or -1 when the head
    does not end a word here (局 in 局面, 部 in 部署) or that word is a common non-name (干部)."""
    lo, toks = clause_tokens(text, head_start)
    for word, s, e in toks:
        s, e = lo + s, lo + e
        if e == head_end:
            return -1 if _blocked(word, blocklist) else min(s, head_start)
        if s < head_end < e:  # the head runs into the next word: 部署, 办法, 组织
            return -1
    return -1


def _blocked(word: str, blocklist: frozenset[str]) -> bool:
    """A blocklisted word, or a compound ending in one (产业布局, 研究部署, 顾大局) — but not a
    name that merely ends like one (民政局 is not 民 + 政局)."""
    if word in blocklist:
        return True
    for i in range(1, len(word) - 1):
        prefix, rest = word[:i], word[i:]
        if rest in blocklist and ((len(prefix) >= 2 and tag(prefix)) or tag(prefix).startswith("v")):
            return True
    return False


def head_ends_word(text: str, head_start: int, head_end: int, blocklist: frozenset[str] = frozenset()) -> bool:
    return head_word_start(text, head_start, head_end, blocklist) >= 0


def compile_heads(words: tuple[str, ...]) -> re.Pattern[str]:
    from kg.extract.lexicon import alternation

    return re.compile(alternation(words))


def starts_generic(name: str, modifiers: tuple[str, ...]) -> bool:
    return _any_prefix(modifiers).match(name) is not None


@lru_cache(maxsize=32)
def _any_prefix(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, words)) or "(?!)")


# Verbs that open a county's name (会同县, Hunan): after 牵头， or right after a body they coordinate.
_COORDINATING = ("会同",)
# what 会同 follows as a verb: a body (县发改局会同), a modal or adverb of the body's duty (要会同, 并会同)
_AFTER_BODY = re.compile(r"(?:牵头|负责)[，,]?$|[局委办厅部府署院室组司心]$|(?:要|将|应|须|并|积极|主动|具体|共同|还要|必须|应当)$")


# what 新建 follows as a verb: a clause boundary, a modal, a time or an adverb of the plan
_BEFORE_VERB = re.compile(r"(?:^|[，,。；;：:、\n]|要|将|拟|计划|全年|今年|年内|明年|加快|启动|开工|已|并|和|及|新)$")


def function_word_before_level(text: str, start: int) -> int:
    """How many characters at ``start`` are a word of the sentence before a level character, not
    the opening of a division's name (0 when none):

    - 会同|县自然资源局 after a body or a modal (not the county 会同县);
    - 县图书馆和|县体育馆, 县人大的监督和|县政协的监督: 和 between names of one level (not 和县);
    - 新建|区医院改扩建项目 where a verb stands (not 南昌市新建区)."""
    if text.startswith(_COORDINATING, start) and _AFTER_BODY.search(text, max(0, start - 4), start):
        return 2
    nxt = text[start + 1 : start + 2]
    if text[start : start + 1] in "和及与" and nxt in "省市区县" and nxt in text[max(0, start - 16) : start]:
        return 1
    if text.startswith("新建", start) and text[start + 2 : start + 3] in "区县" and _BEFORE_VERB.search(text, max(0, start - 4), start):
        return 2
    return 0
