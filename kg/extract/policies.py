"""Policies: named instruments.  Three marks of a name, strongest first:
book-title marks (《重大项目并联审批实施意见》), a quoted core with its type word (“三纠三促”专项行动,
“放管服”改革) or a quoted shorthand alone (“一岗双责”), and a fixed head after a specific body
(河长制, 首问责任制, 乡村振兴战略).  Generic instruments (长效机制, 各项制度) and political slogans
(“四个意识”) are left out.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.grammar import MANNER_DONE, extend_left, head_word_start, name_internal_words, name_word, starts_generic, words_before
from kg.extract.lexicon import alternation, lexicon, load_list
from kg.extract.spans import Candidate
from kg.extract.tokens import segment, tag
from kg.redaction import PLACEHOLDER
from kg.vocab import EntityType

TITLE = re.compile(r"《([^《》]{1,120})》")
INNER_TITLE = re.compile(r"[<〈]([^<>〈〉]{2,80})[>〉]")
QUOTE = re.compile(r"[“\"]([^“”\"\n]{1,40})[”\"]")
# Shorthands of policy language: numbered formulas (一岗双责, 三会一课, 四不两直, 六稳), lists of
# short clauses (街道吹哨、部门报到) and names ending in an instrument word (首问责任制).
NUMBERED = re.compile(r"[一二三四五六七八九十百千双两\d]")
WORK_ON_A_THING = frozenset({"建设", "创建", "提升", "升级"})
FACILITY_ENDS = ("平台", "中心", "系统", "基地", "园区", "产业园", "数据库", "大厦", "馆", "站", "厅")  # not 工程: “强村工程” is a programme
# how a service is done, quoted as a slogan (“掌上办”“马上办”), not an instrument (“跨省通办”)
INSTRUMENT_END = re.compile(r"(?:制|办|通|联动|一体化|回头看|走流程|否决|公示|工程|专项行动|行动|计划|战略|攻坚战|保卫战)$")
COUNTED = re.compile(r"^[一二三四五六七八九十两]+大$")
PERIOD = re.compile(r"^十[一二三四五六七八九]五$|^[一二三四五六七八九十]+[一二三四五六七八九十]?$")
NAMED_DAY = re.compile(r"(?:全国|世界|国际|中国)[\u4e00-\u9fff]{1,6}?(?:宣传周|宣传月|活动周|活动月|日|周)(?:活动)?(?=[、，。；,;等和与及主]|$)")
GENERIC_TITLE = re.compile(r"^(?:总体规划|产业策划|控制性详规|环评规划|详细规划|实施方案|工作方案|实施意见|实施细则|规划)$")
# A document cited by its title without book-title marks, after the bodies that issue it:
# 市人民政府关于加快…的意见, A局B办关于印发《…》的通知 (a red-header notice run into its text)
ABOUT_TITLE = re.compile(r"关于(?:[^。；！？，,：:\n《》“”]|《[^《》\n]{1,80}》|“[^“”\n]{1,20}”){2,100}?的"
                         r"(?:实施意见|指导意见|实施方案|工作方案|通知|意见|决定|批复|通报|请示|复函|函|公告|通告|方案|办法|细则|规定)"
                         r"(?![\u4e00-\u9fff]*》)")
BODY_LAST_CHARS = "局办委府厅部室会院署组队心司行"
MAX_QUOTED = 16
MAX_BODY = 16


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], tuple[str, ...]]:
    return (
        re.compile(alternation(load_list("quoted_policy_heads"))),
        re.compile(alternation(load_list("unquoted_policy_heads") + load_list("weak_policy_heads"))),
        load_list("title_not_policy"),
    )


@lru_cache(maxsize=1)
def _weak_heads() -> frozenset[str]:
    return frozenset(load_list("weak_policy_heads"))


def find_policies(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    out.extend(_titles(text))
    out.extend(_about_titles(text))
    out.extend(_quoted(text))
    out.extend(_unquoted(text))
    out.extend(Candidate(m.start(), m.end(), EntityType.Policy, m.group(), priority=2) for m in NAMED_DAY.finditer(text))
    return out


def document_title_policy(text: str, title: str | None) -> Candidate | None:
    """A notice's own title names a policy document (关于印发《…》的通知)."""
    if not title or not re.search(r"(?:通知|意见|方案|办法|规定|决定|安排|规划|细则|条例|纲要|计划|清单|分工|要点)》?$", title):
        return None
    flat = re.sub(r"\s", "", title)
    # the title may run over a line break in the text: match it ignoring whitespace
    pattern = r"\s*".join(re.escape(ch) for ch in flat)
    m = re.search(pattern, text)
    if not m:
        return None
    name = re.sub(r"[《》〈〉<>]", "", flat)
    return Candidate(m.start(), m.end(), EntityType.Policy, name, priority=6)


def _titles(text: str) -> list[Candidate]:
    _, _, not_policy = _patterns()
    out = []
    for m in TITLE.finditer(text):
        inner = m.group(1).strip()
        if inner.count("\n") > 2:
            continue
        if not inner or any(inner.endswith(w) for w in not_policy) or not PLACEHOLDER.sub("", inner).strip("*"):
            continue
        start = m.start(1)
        if GENERIC_TITLE.match(inner):
            # 试验区《总体规划》: the document is named with the body that owns it.
            prefix = extend_left(text, m.start(), 6)
            if prefix < m.start():
                start = prefix
        out.append(Candidate(start, m.end(1), EntityType.Policy, text[start : m.end(1)], priority=5))
        for inner_m in INNER_TITLE.finditer(text, m.start(1), m.end(1)):
            out.append(Candidate(inner_m.start(1), inner_m.end(1), EntityType.Policy, inner_m.group(1),
                                 priority=5, nestable=True))
    return out


def _about_titles(text: str) -> list[Candidate]:
    """关于…的通知 right after a body's name (its issuer) or opening a line, outside 《》."""
    out = []
    for m in ABOUT_TITLE.finditer(text):
        s = m.start()
        before = text[s - 1 : s]
        if not (before in BODY_LAST_CHARS or before in ("", "\n")):
            continue
        if text.count("《", max(0, s - 120), s) > text.count("》", max(0, s - 120), s):
            continue  # inside a title: 《…关于…的通知》 is read by _titles
        out.append(Candidate(s, m.end(), EntityType.Policy, m.group(), priority=5))
        for inner in TITLE.finditer(text, s, m.end()):  # the document it issues keeps its own name
            out.append(Candidate(inner.start(1), inner.end(1), EntityType.Policy, inner.group(1), priority=5, nestable=True))
    return out


MAXIM_HEADS = frozenset({"原则", "理念", "思路"})  # what is held to, not an instrument set up


LISTED_KINDS = re.compile(r"(?:[、和及与]?[“\"][^“”\"，。；]{2,16}[”\"])+等?[\u4e00-\u9fff]{0,4}?(?:模式|机制|制度|改革|措施|举措)"
                          r"|等[\u4e00-\u9fff]{0,4}?(?:模式|机制|制度|改革|措施|举措)")


def _quoted(text: str) -> list[Candidate]:
    heads, _, _ = _patterns()
    out = []
    for m in QUOTE.finditer(text):
        core = m.group(1).strip()
        if not core or re.search(r"[，。；,;：:！？]", core):
            continue
        h = _type_word_after(text, m.end(), heads)
        if _slogan(core) and not (h and PERIOD.match(core)):
            continue  # “十四五”规划 names a plan; “十四五” alone is a period
        if h and text[m.end() : h] in WORK_ON_A_THING and core.endswith(FACILITY_ENDS):
            continue  # 深化乡级“一站式法治服务平台”建设: building a platform, not a policy
        if h and ("、" in core or tag(core) in ("i", "l")) and text[m.end() : h].endswith(tuple(MAXIM_HEADS)):
            continue  # “谁主管、谁提供、谁负责”原则, “先易后难”原则: a list of clauses or an idiom is a maxim
        if h and len(core) <= MAX_QUOTED * 2:
            start = _body_before_quote(text, m.start())
            name = re.sub(r"[“”\"]", "", text[start : m.start()]) + core + text[m.end() : h]
            out.append(Candidate(start if start < m.start() else m.start(1), h, EntityType.Policy, name, priority=4))
            continue
        parts = [p for p in re.split(r"[、]", core)]
        if len(parts) > 1 and any(_shorthand(p) for p in parts):
            # “党政同责、一岗双责、终身追责”: several instruments, not one
            pos = m.start(1)
            for p in parts:
                if _shorthand(p):
                    out.append(Candidate(pos, pos + len(p), EntityType.Policy, p, priority=3))
                pos += len(p) + 1
        elif _shorthand(core) or (not h and "、" not in core and 3 <= len(core) <= 8 and LISTED_KINDS.match(text, m.end())):
            # a list of short clauses alone (“小而精、秀而美”, “谁主管、谁负责”) is a slogan;
            # “提前申报”“两步申报”等通关模式: quoted cores listed as kinds of an instrument are each one
            out.append(Candidate(m.start(1), m.end(1), EntityType.Policy, core, priority=3))
    return out


# Type words that may follow a quoted core after a few words; generic ones (任务, 工作, 建设, 创建)
# there describe an aim (“十四五”目标任务, “六保”民生工作).
GAP_TYPE_WORDS = frozenset({"模式", "计划", "体系", "机制", "制度", "战略", "行动", "专项行动", "工程", "改革", "保卫战", "攻坚战", "方针", "格局",
                            "督查", "督办", "整治", "活动"})
MAX_TYPE_GAP = 6  # “三赢、四统、五联”共享经营模式: a few words between the quote and its type word


def _type_word_after(text: str, pos: int, heads: re.Pattern[str]) -> int | None:
    """End of the type word that follows a quoted core, directly or after a few name words
    (“强链增效”计划, “1530”工程, “三赢、四统、五联”共享经营模式); None when there is none."""
    h = heads.match(text, pos)
    if h:
        return h.end()
    best = None
    for gap in range(1, MAX_TYPE_GAP + 1):
        ch = text[pos + gap - 1 : pos + gap]
        if not ch or not CJK_CHAR.match(ch) or ch in "的和与及等在是":
            break
        h = heads.match(text, pos + gap)
        if h and h.group() in GAP_TYPE_WORDS and name_word_run(text, pos, pos + gap):
            best = h.end()  # the longest: “一处跑、跑一次”行政审批制度改革, not …制度
    return best


_NOUN_TAGS = frozenset({"n", "vn", "nz", "nr", "ns", "nt", "j", "l", "an"})
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


_FUNCTION_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "rr", "rz", "d", "y", "e", "o", "f", "q", "m"})


def name_word_run(text: str, start: int, end: int) -> bool:
    """Words that can stand between a quoted core and its type word: content words, verbs
    included (共享经营), never function words."""
    stops, inside = lexicon().stop_words, name_internal_words() | MECHANISM_VERBS
    return all(w in inside or (w not in stops and tag(w) not in _FUNCTION_TAGS) for w, _s, _e in segment(text[start:end]))


MECHANISM_VERBS = frozenset({"推进", "联动", "会商", "协调", "调度", "督导"})  # “四个一”推进机制


def _body_before_quote(text: str, quote_start: int) -> int:
    """The name words before a quoted core that its type word names with it: 专用设备制造产业
    “小巨人”计划, 12345热线“接诉即办”改革 — not a verb, a body or a place (省委“三纠三促”专项行动)."""
    lx = lexicon()
    before = words_before(text, quote_start)
    if before and tag(before[-1][0]) in ("v", "vd", "vi"):
        return quote_start  # 科学编制“十四五”规划: a verb governs the quoted name
    start = extend_left(text, quote_start, MAX_BODY_BEFORE_QUOTE, object_verbs=True,
                        stop_before=lambda w: PLACEHOLDER.search(w) is not None or w in lx.level_words or tag(w) == "ns" or w in lx.gazetteer
                        or w.endswith(lx.dept_heads))
    return start


MAX_BODY_BEFORE_QUOTE = 10
# A weak type word names an instrument when a launching verb governs it: 实施城市更新行动,
# 推进婚丧习俗改革 (but not 深化改革 alone: the body must be specific).
LAUNCHED_HEADS = {"行动": r"(?:实施|开展|启动|推行)$", "改革": r"(?:推进|深化|实施|推行|启动)$",
                  "革命": r"(?:推进|深化|实施|推行|启动|抓好|开展|推动)$"}
# a campaign named 革命 is short (厕所革命): two characters of body are enough
SHORT_LAUNCHED = frozenset({"革命"})


def _slogan(core: str) -> bool:
    """Political slogans, plan periods and dates are not instruments (四个意识, 四种理念, 十四五, 十一)."""
    return (any(p.search(core) for p in lexicon().policy_slogans) or bool(PERIOD.match(core))
            or "个" in core or "种" in core or bool(re.fullmatch(r"[一二三四五六七八九十\d]+对[一二三四五六七八九十\d]+", core)))


TIME_SPAN = re.compile(r"[一二三四五六七八九十百千两半\d]+(?:分钟|小时|天|周|个月|年)")


def _shorthand(core: str) -> bool:
    """Numbered formulas that open with their number (一岗双责, 三会一课, 双公示 — not 统一领导)
    and names ending in an instrument word (首问责任制).  Not an ordinary word of the dictionary
    (一站式, 一览无遗) and not a promise of time (三分钟见绿, 一年开好局)."""
    if len(core) < 3 or len(core) > MAX_QUOTED or "、" in core:
        return False
    if tag(core) in ("i", "b", "a", "d", "z") or TIME_SPAN.search(core) or MANNER_DONE.match(core):
        return False
    if NUMBERED.match(core) and not re.fullmatch(r"[\d.%％]+", core):
        return True
    return bool(INSTRUMENT_END.search(core))


def _head_in_word(text: str, word_start: int, head_end: int) -> bool:
    return head_end - word_start > 1 and text[word_start:head_end] not in ("责任制", "负责制", "问责制", "承包制", "包干制")


def _named_system(body: str) -> bool:
    """排污许可管理制度, 会商联审制度: a system named by what it governs — not 各项管理制度, not a verb
    phrase (扎紧织密制度), not a task with an adverb (整治工作定期通报制度)."""
    lx = lexicon()
    words = [w for w, _s, _e in segment(body)]
    return (len("".join(w for w in words if w not in lx.policy_generic)) >= 3
            and any(tag(w) in _NOUN_TAGS or (len(w) > 1 and not tag(w)) for w in words)
            and not any(w in ("工作", "任务") or tag(w) in ("d", "ad") for w in words))


FORMULA_COUNT = re.compile(r"[一二三四五六七八九十两]+[项条大]")


def _policy_word(word: str) -> bool:
    """Name words, and the count of a numbered formula (中央|八项|规定)."""
    return name_word(word) or bool(FORMULA_COUNT.fullmatch(word))


def _unquoted(text: str) -> list[Candidate]:
    lx = lexicon()
    _, heads, _ = _patterns()
    out = []
    for m in heads.finditer(text):
        hs, he = m.span()
        if text[hs - 1 : hs] in "”\"》":
            continue  # quoted or titled: found above
        word_start = head_word_start(text, hs, he)
        if word_start < 0:
            continue
        start = min(word_start, extend_left(text, word_start, MAX_BODY, accept=_policy_word, object_verbs=True))
        name = text[start:he]
        body = PLACEHOLDER.sub("", name[: len(name) - len(m.group())])
        if len(body) < 2 or starts_generic(name, lx.generic_modifiers) or FORMULA_COUNT.fullmatch(body):
            continue  # …, 两项机制: a count of kinds
        head = m.group()
        if head == "制" and _head_in_word(text, word_start, he):
            continue  # 编制, 控制, 体制: 制 inside an ordinary word
        numbered = bool(NUMBERED.search(body))
        if head in SHORT_LAUNCHED:
            numbered = False  # 新一轮科技革命: a trend, however it counts
        launched = head in LAUNCHED_HEADS and len(body) >= (2 if head in SHORT_LAUNCHED else 4) and re.search(LAUNCHED_HEADS[head], text[max(0, start - 2) : start])
        if head in _weak_heads() and not numbered and not launched and not (head == "制度" and _named_system(body)):
            continue  # 管理体系, 工作机制, 综合改革: descriptions, not names (实施城市更新行动 is one)
        words = [w for w, _s, _e in segment(body)]
        if head in MAXIM_HEADS and len(words) == 1 and tag(words[0]) in ("i", "l"):
            continue  # 先易后难原则: an idiom's maxim, not an instrument
        if all(w in lx.policy_generic or COUNTED.match(w) for w in words) and not (numbered and len(body) > 3):
            continue  # 长效机制, 工作机制, 深化改革
        if head == "试点" and body.endswith(BUILT_PILOT):
            # 完整社区建设试点, 城市生命线安全工程试点: a pilot of building something is a project;
            # 综合改革试点, 营改增试点 pilot a policy
            out.append(Candidate(start, he, EntityType.Project, name, kind="project", priority=3))
            continue
        out.append(Candidate(start, he, EntityType.Policy, name, priority=2))
    return out


BUILT_PILOT = ("建设", "工程", "改造")
