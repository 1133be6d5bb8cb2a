"""Names of work items from verb–object phrases: 确保5月底前完成全区道路隐患排查、排口支管摸排等工作
→ 道路隐患排查, 排口支管摸排.  The name is the shortest phrase of the text that identifies the
item: scope (全区), quantity (一次), possessor (区上的) and a generic tail (等工作) are dropped,
and coordinated objects become one item each."""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.context import SPREAD_TO, UNDERTAKINGS, Context, Mention, cues, starts_with_any
from kg.extract.lexicon import load_list
from kg.extract.times import times_in
from kg.extract.grammar import clause_tokens
from kg.extract.tokens import segment, tag

LEAD = re.compile(
    r"(?:全区|全市|全县|全省|全镇|(?:我|本)(?:省|市|区|县|州|旗|镇|乡)|本级|全面|各类|各项|各|所有|全部|相关|有关|一次|一个|一批|一项|一些|(?:19|20)\d{2}年度?"
    r"|(?:不少于|不低于|不超过|超过|达到)?[一二两三四五六七八九十\d.]+多?(?:个|项|次|件|批|家|条|场|座|处|所|栋|户|根|台|套|辆|艘|公里|千米|米|万亩|亩|万平方米|平方米))+"
)
# An object that opens with a preposition is an adverbial (以信息化教学为重点, 对…进行), not an item.
PREPOSITION = re.compile(r"(?:以|对|为|向|从|与|同|跟|在|于|按|按照|根据|围绕|通过|依托|借助|利用)(?![\u4e00-\u9fff]{0,1}$)")
# who assesses or supervises whom, before the item: 市级对区政府…评价, 对各乡镇…考核
ASSESSED = re.compile(r"[^，。；、]{0,6}?对(?:全[市区县省]|各|[省市区县镇乡])[^，。；、]{0,8}?(?:政府|部门|单位|乡镇|街道|企业)")
# A list closed by 等 and a generic head names kinds, not one item: 受理、办理、…、媒体通报等机制,
# 编码贯标、…、系统测试等多项工作.
GENERIC_LIST = re.compile(r"、[^、]*等(?:(?:多项|各项|一系列)(?:工作|任务)?|(?:多项|各项|一系列|相关)?(?:机制|功能|措施|内容|服务|渠道|环节|方式|手段|领域|方面))$")
# A measure or a note after the item: 光伏装机规模6380千瓦（以市级下达目标为准）, 口袋公园3个,
# 公共建筑节能改造不少于50万平方米.
MEASURE = re.compile(r"(?:规模)?(?:不少于|不低于|不超过|超过|达到|约|共)?[\d.]+[^\u4e00-\u9fff]*[万千百亿]?[\u4e00-\u9fff]{0,4}$|[（(][^）)]*[）)]$")
TAIL = re.compile(r"(?:等(?:重大|重点|重要|省级|市级)?项目(?:要素保障|前期工作|建设|审批|服务)|相关工作|有关工作|等相关|相关|落地见效|落地|等各项工作|各项工作|等前期工作|等前期准备|前期准备工作|前期工作|前期准备|前期手续|等相关工作|等工作|等任务|等项目建设|等项目|等建设|工作|等)$")
CONJUNCTIONS = frozenset({"和", "及", "以及", "与"})
# Objects too vague to name an item (做好工作, 完成任务, 加强领导).
VAGUE = frozenset({
    "工作方案", "实施方案", "领导机构", "工作机构", "工作专班", "专班", "目标责任", "工作制度",
    "工作", "任务", "准备", "落实", "作用", "目标", "目标任务", "水平", "质量", "力度", "效率", "机制", "长效机制",
    "发展", "建设", "领导", "管理", "服务", "保障", "责任", "要求", "部署", "安排", "措施", "工作任务",
    "前期工作", "前期准备", "各项工作", "相关工作", "重点工作", "工作机制", "协调", "对接", "衔接", "调研",
})
MIN_LEN, MAX_LEN = 3, 30
# work on a deliverable, after its name: …平台建设, …系统升级
WORK_ON = re.compile(r"(?:建设|升级|改造|提升|上线|运行|运维|优化|完善)")
# an action named without its object: 修复重建, 改造提升, 加固维修 (the possessor is its object)
ACTION_NOMINAL = re.compile(r"(?:修复|重建|改造|提升|加固|维修|修缮|拆除|新建|改建|扩建|建设|治理|整治|疏浚|清理|安置){2}")
LISTED_FIELDS = re.compile(r"^[^，,。；;]*?等(?:领域|方面|行业|部门|地区|环节|重点领域|重点行业)的?")
SUBORDINATE = ("的同时", "之际", "过程中", "的过程", "基础上", "前提下", "的时候", "以来", "之后", "之前", "期间")
LONG_ITEM = 20
ACT_TASKS = re.compile(r"(?:全部|各项|年度|既定|剩余)?(?:改造|建设|整改|治理|整治|工作|目标|攻坚|安置|拆迁|征迁)(?:任务|工作任务)"
                       r"|(?:首批|第[一二三四五六七八九十]批|部分|剩余)(?:改造|建设|整改|治理|整治|安置|拆迁|搬迁)"
                       r"|(?:首轮|第[一二三四五六七八九十]轮|新一轮)(?:检查|排查|督查|巡查|抽查|整治|核查|评估)?"
                       r"|[一二三四五六七八九十]期(?:工程|项目)")  # 年内完成一期工程: a phase of the project of the item  # 完成第一轮检查: a round of the work  # 完成首批改造: a batch of the project
COUNTED_LIST = re.compile(r"等(?:[\d一二三四五六七八九十两]+)(?:个|项|条|座|处|所|家)")
_VERBAL = frozenset({"使用", "运营", "维护", "监管", "考核", "运行", "推广", "宣传", "实施", "升级", "改造"})
NOUN_AFTER_VERB = ("项目", "工程", "单位", "主体", "用地", "领域", "行业")  # 建设项目, 施工单位: the verb modifies a noun
MODIFYING_VERBS = frozenset({"建设", "施工", "投资", "实施", "改造", "运营", "管理"})  # …that make nouns of 项目, 单位
NOMINALISED = ("情况", "率", "进度", "进展", "中的", "过程")  # 完成情况, 执行率, 推进中的…: a noun or a phase, not the verb of a task


@lru_cache(maxsize=1)
def _chained_verbs() -> tuple[str, ...]:
    c = cues()
    return tuple(sorted(set(c["task_verbs"]) | set(c["aim_verbs"]) | set(c["heading_verbs"]), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _task_heads() -> tuple[str, ...]:
    return load_list("task_heads")


@lru_cache(maxsize=1)
def _vague_tails() -> tuple[str, ...]:
    return tuple(sorted(load_list("task_vague_tails"), key=len, reverse=True))


def object_phrases(text: str, start: int, end: int, strong: bool = False,
                   verbs: tuple[str, ...] | None = None) -> list[tuple[int, int]]:
    """Spans of the work items named after the first task verb in text[start:end]; with
    ``strong`` only verbs that name items in running text count (召开, 完成, 列出); ``verbs``
    gives another list (longest first)."""
    if verbs is None:
        verbs = cues()["strong_task_verbs" if strong else "task_verbs"]
    starts: set[int] = set()  # word starts of the clause, from its tokens at the first verb seen
    tokenised_to = start
    pos = start
    while pos < end:
        if text[pos] in "将把":
            # 将实施方案、…反馈表报送区协调小组办公室: the object stands between 将 and the verb
            for v in cues()["strong_task_verbs"] + ("报送", "上报", "提交", "纳入", "报"):
                k = text.find(v, pos + 1, end)
                if k > pos + 2:
                    return _items(text, pos + 1, k)
        verb = starts_with_any(text, pos, verbs)
        if verb:
            if pos >= tokenised_to:  # the clause's cached tokens (a long clause: its next block)
                lo, toks = clause_tokens(text, pos)
                starts |= {lo + s for _w, s, _e in toks}
                tokenised_to = lo + toks[-1][2] if toks else pos + 1
            # 线上线下 holds 上线, but no word starts there; 能耗指标完成情况: the verb is a noun's
            after = pos + len(verb)
            if (pos in starts and not _inside_compound(text, pos) and not text.startswith(NOMINALISED, after)
                    and not _modifies_noun(text, verb, after) and text[max(start, pos - 2) : pos] not in BASIS):
                return _items(text, pos + len(verb), end)
        pos += 1
    return []


# a season before a noun is part of the work's name (水库汛前检查, 节前安全检查), not a time of its own
SEASON_WORD = re.compile(r"(?:汛|节|冬|春|夏|秋|汛期)(?:前|后)|汛期|汛中")
DIRECTING = re.compile(r"(?:督促|指导|引导|要求|帮助|动员|协调)(?:各|相关|有关|全[市区县])?")
PIVOT_BODY = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:部门|单位|机关|政府|乡镇|街道|企业|运营商|机构|公司|学校|医院)")
# a verb right after these is inside the adverbial of what the text goes by (根据|创建…测评标准|参与…)
BASIS = frozenset({"根据", "按照", "依据", "对照", "参照", "遵照", "围绕"})
# fixed words that hold a verb of the cue lists, which the tokenizer does not always keep whole
COMPOUNDS_WITH_VERBS = ("线上线下", "线下线上")


def _inside_compound(text: str, pos: int) -> bool:
    return any(text.startswith(c, pos - k) for c in COMPOUNDS_WITH_VERBS for k in range(1, len(c)))


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    while end > start and not re.match(r"[\u4e00-\u9fffA-Za-z0-9）)]", text[end - 1]):
        end -= 1  # sentence-final punctuation and closing quotes
    if text.startswith("好", start) and end - start > MIN_LEN:
        start += 1  # 落实好…, 做好…: 好 completes the verb
    spread = SPREAD_TO.search(text, start, end)
    if spread and spread.end() == end and spread.start() - start >= MIN_LEN:
        end = spread.start()  # …自助终端|向园区、社区等重点区域延伸: the places it reaches are no items
    obj = text[start:end]
    listed = LISTED_FIELDS.search(obj)
    if listed and end - (start + listed.end()) >= MIN_LEN:
        start += listed.end()  # 政务、城管、交通等领域五大主题数据库: the fields modify the item
        obj = text[start:end]
    if obj.endswith(SUBORDINATE):
        return []  # 在完成传统质检的同时: a circumstance, not an object
    if GENERIC_LIST.search(obj) or _opens_with_preposition(obj):
        return []
    target = ASSESSED.match(obj)
    if target and end - start - target.end() >= MIN_LEN:
        start += target.end()  # 市级对区政府碳达峰…评价: who assesses whom frames the item
        obj = text[start:end]
    joined = re.match(r"(?:和|及|与|并|、)", obj)
    verb = starts_with_any(text, start + (joined.end() if joined else 0), _chained_verbs())
    if verb and joined:
        start += joined.end()  # 培育和引进…: two verbs share the object
        obj = text[start:end]
    for _ in range(2):  # 组织发布…课程, 负责组织开展…验收: the verbs of a chain are no part of the item
        if not verb or end - start - len(verb) < MIN_LEN or _modifies_noun(text, verb, start + len(verb)):
            break  # 优化建设项目…: 建设项目 is a noun
        start += len(verb)
        obj = text[start:end]
        verb = starts_with_any(text, start, _chained_verbs())
    direct = DIRECTING.match(text, start, end)
    pivot = PIVOT_BODY.match(text, direct.end(), end) if direct else None
    if pivot and end - pivot.end() >= MIN_LEN + 1:
        # 督促|餐饮单位|安装油烟净化设施: the bodies told to act, then their act (its verb's object
        # when it is a verb of the cue lists)
        start = pivot.end()
        verb = starts_with_any(text, start, _chained_verbs())
        if verb and end - start - len(verb) >= MIN_LEN and not _modifies_noun(text, verb, start + len(verb)):
            start += len(verb)
        obj = text[start:end]
    # possessor phrases: 区上的维稳安保会议 → 维稳安保会议; but the object of an action stays with it
    # (水毁农村公路和24座水毁桥梁的修复重建: 修复重建 alone says nothing)
    whole = False
    if "的" in obj:
        cut = obj.rfind("的") + 1
        rest = obj[cut:]
        whole = cut - 1 > 4 and (bool(ACTION_NOMINAL.fullmatch(rest)) or _acts_only(rest))
        if len(rest) >= 4 and not whole:
            start += cut
        elif rest in VAGUE and cut - 1 >= MIN_LEN:
            end = start + cut - 1  # 区建筑能耗监测平台的管理: the platform is the item, 管理 says nothing
            obj = text[start:end]
    counted = COUNTED_LIST.search(text, start, end)
    if counted and end - counted.end() >= MIN_LEN:
        start = counted.end()  # 江宁路街道社区卫生服务中心等10个|节能改造项目: the list names where
    out: list[tuple[int, int]] = []
    parts = [(start, end)] if whole else _conjuncts(text, start, end)
    if len(parts) > 1 and text[parts[-1][0] : parts[-1][1]].endswith(_vague_tails()):
        # 提升态势感知、威胁发现、应急指挥和攻击溯源能力: the last conjunct's head (能力, 要求) is
        # every conjunct's, so the list names aims, not items
        return []
    for s, e in parts:
        for t in times_in(text, None, s, min(e, s + 12)):
            if t.start == s:
                s = t.end  # 开展节前安全隐患排查 → 安全隐患排查
        lead = LEAD.match(text, s, e)
        if lead:
            s = lead.end()
        pivot = PIVOT_BODY.match(text, s, e) if lead else None  # 各|监管部门, 相关|单位: bodies as a class
        verb = starts_with_any(text, pivot.end(), _chained_verbs()) if pivot else None
        if verb and e - pivot.end() - len(verb) >= MIN_LEN:
            # 组织全市各监管部门|制定|…检查计划: the bodies told to act, then their act; the item is its object
            s = pivot.end() + len(verb)
            again = LEAD.match(text, s, e)  # …制定|2022年度|…计划
            if again and e - again.end() >= MIN_LEN:
                s = again.end()
        elif pivot and e - pivot.end() >= 4 and _ends_in_act(text[pivot.end() : e]):
            s = pivot.end()  # 组织各通信运营商|现场勘查: the bodies, then the act they are to do
        tail = TAIL.search(text[s:e])
        if tail and tail.start() > 0:
            e = s + tail.start()
        while (measure := MEASURE.search(text[s:e])) and measure.start() >= MIN_LEN:
            e = s + measure.start()
        if measure and measure.start() < MIN_LEN and re.search(r"\d", measure.group()):
            continue  # 完成投资40亿元以上: an amount, not an item
        e = _before_open_bracket(text, s, e)
        if text[s:e].endswith(_vague_tails()):
            continue  # 推动可再生能源发展, 加强考核结果应用: an aim, not an item
        work = WORK_ON.search(text, s, e)
        if work and work.end() == e and work.start() - s >= MIN_LEN and text[s : work.start()].endswith(cues()["deliverable_heads"]):
            e = work.start()  # 推进智慧停车管理系统建设: the system is the deliverable
        name = text[s:e]
        if any(t.start > s + 1 and not SEASON_WORD.fullmatch(t.text) for t in times_in(text, None, s, e)):
            continue  # 改革委员会要在4月底前制定…方案: a clause with its own time, not an item
        if ACT_TASKS.fullmatch(name):
            continue  # 完成全部改造任务: the tasks of an act, no item of their own
        if all(w in VAGUE or w in _VERBAL for w in re.split(r"和|与|及|、", name)):
            continue  # 使用与管理, 建设和管理: acts with no object
        if (MIN_LEN <= len(name) <= MAX_LEN and name not in VAGUE and not name.startswith("的")
                and re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9（）()+＋、“”‘’\"]+", name) and name.count("“") == name.count("”")):
            out.append((s, e))
    return out


def _ends_in_act(words: str) -> bool:
    toks = segment(words)
    return len(toks) >= 2 and tag(toks[-1][0]) in ("v", "vn")


def _acts_only(words: str) -> bool:
    """监督检查, 评估验收: acts alone (two verbs or more), whose object is the possessor before 的."""
    toks = segment(words)
    return len(toks) >= 2 and all(tag(w) in ("v", "vn") for w, _s, _e in toks)


def _modifies_noun(text: str, verb: str, after: int) -> bool:
    """建设项目, 施工单位, 建设领域: the verb makes a noun of what follows it."""
    return verb in MODIFYING_VERBS and text.startswith(NOUN_AFTER_VERB, after)


def _before_open_bracket(text: str, s: int, e: int) -> int:
    """…技术方案(附件1) cut inside its note leaves 技术方案(附件: a bracket left open ends the name."""
    depth_at: list[int] = []
    for k in range(s, e):
        if text[k] in "（(":
            depth_at.append(k)
        elif text[k] in "）)" and depth_at:
            depth_at.pop()
    return depth_at[0] if depth_at else e


def _in_quote(text: str, start: int, pos: int) -> bool:
    """Is ``pos`` inside a quotation opened since ``start``?"""
    stretch = text[start:pos]
    return stretch.count("“") > stretch.count("”") + stretch.count('"')


def _opens_with_preposition(obj: str) -> bool:
    """以信息化教学为重点, 对…进行: an adverbial; not 跟踪审计, 对接平台 (the character opens a word)."""
    m = PREPOSITION.match(obj)
    return bool(m) and segment(obj)[0][0] == m.group()


def _bare_thing(text: str, s: int, e: int) -> bool:
    """A list member that is one short noun (全县|水库, 山塘): a thing, no work of its own."""
    lead = LEAD.match(text, s, e)
    s = lead.end() if lead else s
    words = segment(text[s:e])
    return 0 < e - s <= 3 and len(words) == 1 and tag(words[0][0]) in ("n", "ns", "nz", "")


def _conjuncts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split at 、 always, and at a conjunction word only after a complete item (…清单和…清单)."""
    parts: list[tuple[int, int]] = []
    pos = start
    for word, s, e in segment(text[start:end]):
        s, e = start + s, start + e
        if word == "、" and _in_quote(text, pos, s):
            continue  # “双随机、一公开”监管: one name
        if word == "、" or (word in CONJUNCTIONS and text[pos:s].endswith(_task_heads()) and end - e >= 4):
            if s > pos:
                parts.append((pos, s))
            pos = e
    if pos < end:
        parts.append((pos, end))
    if len(parts) > 1 and all(_bare_thing(text, s, e) for s, e in parts[:-1]) and parts[-1][1] - parts[-1][0] >= 2 * MIN_LEN:
        # 水库、山塘、堤防汛前检查: bare things sharing the last one's work are one item, the list in its name
        return [(start, end)]
    if len(parts) == 1 and end - start > LONG_ITEM:
        # (a conjunction right after a single character is inside a word the tokenizer missed: 碳中和)
        # 高层建筑底数和采用易燃可燃外保温材料高层建筑底数排查: too long to name an item; its first
        # conjunct names it
        words = segment(text[start:end])
        for k, (word, s, _e) in enumerate(words):
            if word in CONJUNCTIONS and s >= MIN_LEN and len(words[k - 1][0]) > 1:
                return [(start, start + s)]
    return parts


SENTENCE = re.compile(r"[^。；;！？!?\n]+")
CLAUSE = re.compile(r"[^，,：:]+")


def deliverables(ctx: Context, start: int, end: int, named_only: bool = False) -> list[Mention]:
    """The work items a stretch of text (an item, or the text a bracket closes) undertakes: per
    sentence, the projects and policies it names, else the deliverable of its first clause that
    has one (the object of a verb that names items, or an object ending with a deliverable head:
    …清单, …平台, …改造).  With ``named_only`` (the item's heading already names its task) only
    named deliverables count: the undertakings the text names and objects ending with the head of
    a deliverable (…清单, …中心, …试点)."""
    text = ctx.text
    out: list[Mention] = []
    for sm in SENTENCE.finditer(text, start, end):
        named = [n for n in ctx.in_range(sm.start(), sm.end(), UNDERTAKINGS) if not _means(text, n.start)]
        if named_only:
            named = _governed_only(text, named, sm.start())
            quoted = [n for n in named if text[n.end : n.end + 1] in "”\"" and QUOTED_MODIFIER.match(text, n.end + 1)]
            if quoted:
                # 开展“回头看”排查整改: a quoted name that modifies the work after it names less than the work
                named = [n for n in named if n not in quoted] + with_longer_items(ctx, quoted, sm.start(), sm.end())
                named.sort(key=lambda m: m.start)
        elif named:
            named = with_longer_items(ctx, named, sm.start(), sm.end())
        if named:
            out.extend(named)
            continue
        for cm in CLAUSE.finditer(text, sm.start(), sm.end()):
            if named_only:
                spans = [(s, e) for s, e in object_phrases(text, cm.start(), cm.end())
                         if text[s:e].endswith(cues()["deliverable_heads"])]
            else:
                # the object of a verb that names items (开通全程网办, 完成目录数据挂载), or of an aim
                # verb when the object is a deliverable (推进…应用 no, 加强…平台建设 no, 完善…机制 yes)
                spans = object_phrases(text, cm.start(), cm.end(), verbs=_item_verbs())
                if not spans:
                    spans = [(s, e) for s, e in object_phrases(text, cm.start(), cm.end(), verbs=cues()["aim_verbs"])
                             if text[s:e].endswith(cues()["deliverable_heads"])]
            if spans:
                out.extend(ctx.task_mentions(spans))
                break
    return out


def _governed_only(text: str, named: list[Mention], lo: int) -> list[Mention]:
    """The names that are objects of a verb of work (see _governed); a conjunct shares its verb
    (建立进口关键原材料检测中心和验放监管改革试点)."""
    governed: list[Mention | None] = []
    for n in named:
        prev = governed[-1] if governed else None
        joined = prev is not None and CONJUNCTION.fullmatch(text[prev.end : n.start])
        governed.append(n if joined or _governed(text, n.start, lo) else None)
    return [n for n in governed if n is not None]


def with_longer_items(ctx: Context, named: list[Mention], start: int, end: int) -> list[Mention]:
    """A name inside a longer work item names less than the item: 完成“一窗受理”改造, 完成农贸市场
    食品安全专项检查 — the object of the verb replaces the name it holds."""
    text = ctx.text
    longer = [(s, e) for cm in CLAUSE.finditer(text, start, end)
              for s, e in object_phrases(text, cm.start(), cm.end(), verbs=_item_verbs())
              if any(s <= n.start and n.end <= e and (s, e) != (n.start, n.end) for n in named)]
    kept = [n for n in named if not any(s <= n.start and n.end <= e for s, e in longer)]
    return sorted(kept + ctx.task_mentions(longer), key=lambda m: m.start)


QUOTED_MODIFIER = re.compile(r"[\u4e00-\u9fff]{2}")
GOVERN_WINDOW = 10
# a preposition of manner or means right before a name: 按照“…”原则, 依托…平台, 本着…
MEANS = re.compile(r"(?:按照|本着|遵循|依照|依据|依托|借助|利用|参照|对标|对照)[“\"‘]?$")


def _means(text: str, pos: int) -> bool:
    """Is the name at ``pos`` the principle or the means of the work (按照“谁主管、谁负责”原则,
    依托…公示系统), not what the work delivers?"""
    return bool(MEANS.search(text, max(0, pos - 3), pos))
CONJUNCTION = re.compile(r"[、和及与]|以及|和“|、“|”和|”、|”“|”")


def _governed(text: str, pos: int, lo: int) -> bool:
    """Is the name at ``pos`` the object of a verb of work in its clause (建立…检测中心, 申建…示范区),
    rather than a means or a setting (依托…试验区, 发挥…试点作用, 对…市场)?  The verb stands at most
    GOVERN_WINDOW characters before it, with no clause break between."""
    start = max(lo, pos - GOVERN_WINDOW)
    window = text[start:pos]
    cut = max(window.rfind(c) for c in "，,；;：:")
    window = window[cut + 1 :]
    return any(v in window for v in _item_verbs() + cues()["aim_verbs"])


@lru_cache(maxsize=1)
def _item_verbs() -> tuple[str, ...]:
    """Verbs whose object names a work item in a plan's item: task and heading verbs that are not
    verbs of aims."""
    c = cues()
    verbs = set(c["task_verbs"]) | set(c["heading_verbs"]) | set(c["strong_task_verbs"])
    return tuple(sorted(verbs - set(c["aim_verbs"]), key=lambda w: (-len(w), w)))
