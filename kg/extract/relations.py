"""Relations stated in running text, each with the clause or sentence that states it.

- issuedBy: 省纪委印发《…》, 中共中央办公厅印发的《…》, 公安部、民政部《关于印发…的通知》,
  《…》已获省政府正式批复, 《…》经区政府同意; a notice's title, by the body that heads it or signs it
- responsibleFor: a department that is the subject of an assignment (能源局要…, 由…牵头, 请…,
  …会同…) owns the projects, policies and work items of its sentence
- deadline: a time with a deadline mark (…前, 确保…, 年内必须…, …投入使用) binds the undertaking
  of its clause, else the work item of its clause, else the undertakings before it
(locatedIn is kg/extract/locations.py.)
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.aliases import same_name
from kg.resolve import canonical_key
from kg.extract.context import ACTORS, LINKERS, UNDERTAKINGS, Context, Mention, clause_index, clauses, cues, ends_with_any, evidence, starts_with_any
from kg.extract.items import blocks, heading_project, heading_task, item_at
from kg.extract.task_names import LEAD as TASK_SCOPE, VAGUE, object_phrases, with_longer_items
from kg.extract.times import TimeExpr, times_in
from kg.extract.tokens import segment, tag
from kg.extract.organisations import find_departments
from kg.model import Document, Entity, Span
from kg.vocab import EntityType, RelationType

AFTER_GROUP = re.compile(r"(?:[、和及][省市区县乡镇]*(?:各级|各|有关|相关)[\u4e00-\u9fff]{0,4}?(?:政府|部门|单位|党委|机关))?(?:等(?:[\u4e00-\u9fff]{0,6}?(?:分公司|子公司|公司|企业)|部委|部门|单位|机构)?)?(?:连续|陆续|先后|相继|已经|已|正在|均|都|也|还|分别|共同|近期|目前)*")
PAST = re.compile(r"(?:去年|前年|已于|已经|曾|早在)$")
PAST_AFTER = re.compile(r"^(?:已|已经|以来|发布|印发|召开了|举行|视察|考察|以后|以来)")
AFTER_GAP = 2
_DIGITS = "\\d一二三四五六七八九十〇零○"
ISSUE_ADVERBIAL = re.compile(
    rf"(?:(?:于|在)?(?:[{_DIGITS}]{{4}}年)?[{_DIGITS}]{{1,2}}月(?:[{_DIGITS}]{{1,3}}日)?|(?:于|在)?[{_DIGITS}]{{4}}年"
    r"|近日|日前|近期|先后|相继|已经|已|正式|联合|专门|分别|又)+$")
IN_CHARGE = re.compile(r"(?:要|将|还要|应|具体|牵头|主要)?(?P<v>负责)(?!人|同志)")
DRAFTING = re.compile(r"(?:又)?(?:制定|出台|编制|拿出|起草)")
BEFORE_SUFFIX = ("前", "以前", "之前", "底前")
ISSUE_DUE = re.compile(r"^(?:发布|印发)(?!了)")
DEADLINE_SUFFIX = ("前", "以前", "之前", "内", "为止", "以内", "底前")
MAX_SCOPE_CLAUSES = 3
MAX_BACK_CLAUSES = 4
MAX_SIGNED = 400  # a notice's signature follows its title closely
MAX_GROUP = 300
MAX_TITLE_ISSUERS = 80  # how far into a title its issuers can run (four bodies of a joint notice)
# The stages of a project: a time that dates only one of them dates the project the sentence is about.
PROJECT_STEP = re.compile(r"前期工作|前期准备|规划设计|设计|招标|可研|立项|审批|批复|评审|回迁|安置|征迁|拆迁|开工|启动建设|竣工|完工|"
                          r"通车|全线通车|封顶|投用|投入使用|验收|主体工程|主体结构|主体施工|主体建设|土建工程|土建|征收签约|征收|签约|"
                          r"[一二三四五六七八九十]期(?:工程|项目)?(?=[，。；,;]|$)")  # characters a run of coordinated departments can span


def find_relations(doc: Document) -> Document:
    ctx = Context.of(doc)
    for sent in doc.sentences:
        issued_by(ctx, sent)
        responsible_for(ctx, sent)
        before = len(ctx.mentions)
        deadlines(ctx, sent)
        if len(ctx.mentions) > before:
            responsible_for(ctx, sent)  # the work items the deadlines named (…改造，10月底前全面完成)
    title_issuers(ctx)
    firms_and_their_projects(ctx)
    doc.relations.extend(ctx.relations)
    return doc


# ---------------------------------------------------------------------------- issuedBy
def issued_by(ctx: Context, sent: Span) -> None:
    text = ctx.text
    policies = [m for m in ctx.in_range(sent.start, sent.end, frozenset({EntityType.Policy}), top_level=False)]
    if not policies:
        return
    for p in policies:
        # 省纪委印发《…》 / 公安部、民政部《…》 / 区消防安全委员会制定的《…》
        pos = p.start - 1 if text[p.start - 1 : p.start] in "《〈<" else p.start
        gap_start = max(sent.start, pos - 6)
        head_span = text[gap_start:pos]
        m = _issue_verb_before().search(head_span)
        verb_at = gap_start + m.start() if m else pos
        if m and DRAFTING.fullmatch(m.group()) and text[p.start - 1 : p.start] not in "《〈<":
            continue  # 会同X制定…技术方案: a document still to be drawn up is a task of X, not issued by X
        issuers = _actor_group_ending_at(ctx, verb_at, sent)
        if not issuers and m and m.group():
            # 市政府于3月5日印发《…》 / 省住建厅近日联合印发: an adverbial between body and verb
            adverbial = ISSUE_ADVERBIAL.search(text, max(sent.start, verb_at - 16), verb_at)
            if adverbial:
                issuers = _actor_group_ending_at(ctx, adverbial.start(), sent)
        if not (issuers and (m and m.group() or verb_at == pos)):
            issuers = _heading_bodies(ctx, p)
        for a in issuers:
            ev = evidence(text, sent, (a.start, a.end), (p.start, p.end))
            ctx.add(RelationType.issuedBy, p.entity, a.entity.name, ev)
            for inner in _issued_within(ctx, p, policies):
                ctx.add(RelationType.issuedBy, inner.entity, a.entity.name, ev)
        # 经市人民政府同意，将《…》印发给你们
        before = text[max(sent.start, pos - 40) : pos]
        m0 = re.search(r"经(?P<who>[^，,。；]{2,30})(?:同意|批准|审定)[，,]?(?:现)?(?:将|把)?$", before)
        if m0:
            lo = max(sent.start, pos - 40) + m0.start("who")
            for a in ctx.in_range(lo, lo + len(m0.group("who")), ACTORS):
                ctx.add(RelationType.issuedBy, p.entity, a.entity.name, evidence(text, sent, (a.start, a.end), (p.start, p.end)))
        # 《…》已获省政府正式批复 / 《…》经区政府同意
        after = text[p.end : min(sent.end, p.end + 16)]
        m2 = re.match(r"^》?(?:已|已经)?(?:获|经|由)", after)
        if m2:
            for a in ctx.in_range(p.end + m2.end(), min(sent.end, p.end + 30), ACTORS):
                tail = text[a.end : a.end + 8]
                if _approval_after().match(tail):
                    ctx.add(RelationType.issuedBy, p.entity, a.entity.name, evidence(text, sent, (p.start, p.end), (a.start, a.end)))
                break


@lru_cache(maxsize=1)
def _with_zai() -> tuple[str, ...]:
    return tuple(w + "在" for w in cues()["deadline_before"])


@lru_cache(maxsize=1)
def _issue_verb_before() -> re.Pattern[str]:
    """省纪委印发《 / 区消防安全委员会制定的《: an issue verb (or none) right before a title."""
    return re.compile(r"(?:又)?(?:" + "|".join(cues()["issue_verbs"]) + r")?(?:同意)?(?:了|的)?$")  # 国务院批复同意《…》


@lru_cache(maxsize=1)
def _approval_after() -> re.Pattern[str]:
    """《…》已获省政府正式批复: the approving verb after the body."""
    return re.compile(r"(?:正式)?(?:" + "|".join(cues()["issue_verbs"]) + r"|同意|批准|审定)")


def _heading_bodies(ctx: Context, p: Mention) -> list[Mention]:
    """The bodies a document's title opens with: 龙岩市人民政府关于…的通知, 市政协办关于…的建议,
    A局B办关于印发…的通知 (a joint document names its issuers one after another)."""
    text = ctx.text
    group: list[Mention] = []
    pos = p.start
    for a in ctx.in_range(p.start, p.end, ACTORS, top_level=False):
        if a.start != pos:
            continue
        group.append(a)
        pos = a.end
        while text[pos : pos + 1] in "、和":
            pos += 1
    if group and text.startswith("关于", pos):
        return group
    # a title's own names are inside its span, so no body was kept there: read its opening again
    k = text.find("关于", p.start, min(p.end, p.start + MAX_TITLE_ISSUERS))
    if k <= p.start:
        return []
    return [ctx.add_mention(_department(ctx, p.start + s, p.start + e), p.start + s, p.start + e)
            for s, e in _tiling(text[p.start : k])]


def _tiling(prefix: str) -> list[tuple[int, int]]:
    """The fewest department names that cover ``prefix`` end to end (、 and 和 may join them)."""
    cands = sorted({(c.start, c.end) for c in find_departments(prefix) if c.type == EntityType.Department})
    best: dict[int, list[tuple[int, int]]] = {0: []}
    for pos in range(len(prefix) + 1):
        if pos not in best:
            continue
        if pos == len(prefix):
            return best[pos]
        nxt = pos + 1 if prefix[pos] in "、和" and pos > 0 else None
        if nxt is not None and (nxt not in best or len(best[nxt]) > len(best[pos])):
            best[nxt] = best[pos]
        for s, e in cands:
            if s == pos and (e not in best or len(best[e]) > len(best[pos]) + 1):
                best[e] = best[pos] + [(s, e)]
    return []


def _department(ctx: Context, start: int, end: int) -> Entity:
    name = ctx.text[start:end]
    found = ctx.entity_named(name, EntityType.Department) or _same_body(ctx, name)
    return found or ctx.add_entity(Entity(type=EntityType.Department, name=name))


def _same_body(ctx: Context, name: str) -> Entity | None:
    """A body first named in full here (《龙岩市人民政府关于…的通知》) that the document has called
    by its short form (市政府): the known entity, with this name as an alias."""
    depts = [e for e in ctx.doc.entities if e.type == EntityType.Department and not e.masked]
    keys = [canonical_key(EntityType.Department, e.name) for e in depts] + [canonical_key(EntityType.Department, name)]
    for e in depts:
        if same_name(EntityType.Department, e.name, name, keys):
            e.aliases = sorted({*e.aliases, name})
            return e
    return None


def _issued_within(ctx: Context, p: Mention, policies: list[Mention]) -> list[Mention]:
    """The document a notice issues or forwards: 《关于印发〈高层建筑…工作方案〉的通知》 issues the 方案."""
    text = ctx.text
    return [q for q in policies if q is not p and p.start < q.start and q.end <= p.end
            and re.search(r"(?:印发|转发|发布|颁布)[《〈<“]?$", text[p.start : q.start])]


def _actor_group_ending_at(ctx: Context, pos: int, sent: Span) -> list[Mention]:
    """Departments joined by 、/和/及 whose last member ends at ``pos``."""
    actors = ctx.in_range(max(sent.start, pos - MAX_GROUP), pos, ACTORS)
    group: list[Mention] = []
    end = pos
    for a in reversed(actors):
        gap = ctx.text[a.end : end]
        if a.end == end or (group and LINKERS.match(gap)):
            group.append(a)
            end = a.start
        else:
            break
    return list(reversed(group))


def title_issuers(ctx: Context) -> None:
    """A notice's title is issued by the body that heads it (…办公室转发…的通知), and by the body
    that signs the notice (a department alone on a line before the date line)."""
    doc, text = ctx.doc, ctx.text
    title = next((e for e in doc.entities if e.type == EntityType.Policy and doc.title
                  and re.sub(r"[《》〈〉<>\s]", "", doc.title) == e.name), None)
    if title is None or not title.mentions:
        return
    ts, te = title.mentions[0]
    inner = [m for m in ctx.in_range(ts, te, frozenset({EntityType.Policy}), top_level=False) if m.entity is not title]
    head = ctx.in_range(ts, ts + 30, ACTORS, top_level=False)
    if head and head[0].start == ts and re.match(r"^(?:关于)?(?:转发|印发|发布)", text[head[0].end : head[0].end + 4]):
        for target in [title] + [m.entity for m in inner[:1]]:
            ctx.add(RelationType.issuedBy, target, head[0].entity.name, (ts, te))
    for sig in re.finditer(r"\n([^\n]{2,40})\n+\s*(?:19|20)\d{2}年\d{1,2}月\d{1,2}日", text):
        actors = ctx.in_range(sig.start(1), sig.end(1), ACTORS)
        if actors and actors[0].start == sig.start(1) and actors[0].end == sig.end(1) and sig.end(1) - ts <= MAX_SIGNED:
            # evidence: from the title to the signature, so that it holds both
            for target in [title] + [m.entity for m in inner[:1]]:
                ctx.add(RelationType.issuedBy, target, actors[0].entity.name, (ts, sig.end(1)))
            break


# ---------------------------------------------------------------------------- responsibleFor
def responsible_for(ctx: Context, sent: Span) -> None:
    text = ctx.text
    # units named by a bracket or a labelled line were bound by the assignments stage
    actors = [a for a in ctx.in_range(sent.start, sent.end, ACTORS) if not ctx.in_assignment(a.start)]
    if not actors:
        return
    cls = clauses(text, sent)
    previous: list[Mention] = []
    for group in _subject_groups(ctx, actors, sent, partners=True):
        first, last = group[0], group[-1]
        if CO_VERB_BEFORE.search(text, max(sent.start, first.start - 3), first.start):
            # 由市发改委牵头，会同市工信局、市商务局，在3月底前建立…: the partners share the lead's work
            for a in group:
                for o in previous:
                    ctx.add(RelationType.responsibleFor, a.entity, o.entity.name, evidence(text, sent, (a.start, a.end), (o.start, o.end)))
            continue
        ci = clause_index(cls, last.end - 1)
        scope_end = cls[min(len(cls) - 1, ci + MAX_SCOPE_CLAUSES)].end
        objects = with_longer_items(ctx, [m for m in ctx.in_range(last.end, scope_end, UNDERTAKINGS) if not _issued(ctx, m, group)],
                                    last.end, scope_end)
        if not objects:
            objects = _own_clause_work(ctx, last, cls[ci])
        if not objects and (_closes_its_clause(text, group) or not _work_ahead(text, last.end, cls[ci].end)):
            # …城区排水管网改造，由区住建局负责 / …工程，区水务局牵头: the work was named before its body
            scope_start = cls[max(0, clause_index(cls, first.start) - MAX_SCOPE_CLAUSES)].start
            objects = [m for m in ctx.in_range(scope_start, first.start, UNDERTAKINGS) if not _issued(ctx, m, group)]
            fi = clause_index(cls, first.start)
            if not objects and fi > 0 and cls[fi].start >= first.start - 1:
                objects = _topic_work(ctx, cls[fi - 1])
        if not objects:
            for c in cls[ci : ci + MAX_SCOPE_CLAUSES]:
                start = max(c.start, last.end)
                objects = ctx.task_mentions(object_phrases(text, start, c.end, strong=True))
                if objects:
                    break
        for a in group:
            for o in objects:
                ctx.add(RelationType.responsibleFor, a.entity, o.entity.name, evidence(text, sent, (a.start, a.end), (o.start, o.end)))
        previous = objects


TOPIC_ACT = re.compile(r"(?:改造|建设|整治|治理|提升|改建|扩建|修复|搬迁|拆迁|征迁|排查|清理|整改|提标改造|分流改造)$")


def _topic_work(ctx: Context, clause: Span) -> list[Mention]:
    """The clause before a body that opens its own (老城区雨污分流改造，县住建局要抓紧): a work
    named as the topic, no verb before it, is what the body is told to get on with."""
    text = ctx.text
    s, e = clause.start, clause.end
    while e > s and text[e - 1] in "，,；;。 ":
        e -= 1
    name = text[s:e]
    if not (4 <= len(name) <= 20 and TOPIC_ACT.search(name)) or ctx.in_range(s, e, ACTORS):
        return []
    words = segment(name)
    if tag(words[0][0]).startswith(("v", "p", "c", "d", "r")):
        return []  # 要抓好…改造: a duty, not a topic
    lead = TASK_SCOPE.match(text, s, e)
    return ctx.task_mentions([(lead.end() if lead else s, e)])


def _own_clause_work(ctx: Context, last: Mention, clause: Span) -> list[Mention]:
    """The work the body's own clause gives it: 县住建局负责|城区在建项目施工安全监管 (what it is in
    charge of), 县自然资源局要做好|用地用林要素保障 (the object of its duty verb: an explicit
    assignment, not the aims of running text)."""
    text = ctx.text
    skip = AFTER_GROUP.match(text, last.end)  # 市发改委、市财政局等部门|要负责…
    after = skip.end() if skip else last.end
    charge = IN_CHARGE.match(text, after)
    if charge:
        found = ctx.task_mentions(object_phrases(text, charge.start("v"), clause.end, verbs=("负责",)))
        if found:
            return found
    if DUTY_VERB_AFTER.match(text, after):
        return ctx.task_mentions([(s, e) for s, e in object_phrases(text, after, clause.end) if not _vague(text[s:e])])
    return []


ROLE_CLOSES = re.compile(r"(?:(?:等(?:部门|单位)?)?(?:要|具体|共同|分别)?(?:牵头负责|牵头落实|牵头|负责落实|具体负责|负责|配合|落实|抓落实|组织实施|实施)"
                         r"(?:[，。；,;）)]|$))|[，。；,;）)]|$")


def _closes_its_clause(text: str, group: list[Mention]) -> bool:
    """Is the body the end of its clause (由X负责。/ X牵头，…), so what it does was said before it?
    A body followed by its own verb and object (X要会同Y做好…) looks forward, not back."""
    skip = AFTER_GROUP.match(text, group[-1].end)
    return bool(ROLE_CLOSES.match(text, skip.end() if skip else group[-1].end))


def _work_ahead(text: str, start: int, end: int) -> bool:
    """Does the body's own clause name its work (要会同Y做好黄柏河流域综合治理), rather than follow up
    on what was said before (要跟紧落实, 要及早做好接管准备)?"""
    return any(not _vague(text[s:e]) for s, e in object_phrases(text, start, end))


@lru_cache(maxsize=1)
def _vague_words() -> tuple[str, ...]:
    return tuple(w for w in VAGUE if len(w) >= 2)


def _vague(name: str) -> bool:
    """接管准备, 组织领导: a vague word with at most two characters before it (用地用林要素保障 is not)."""
    return any(name.endswith(w) and len(name) - len(w) <= 2 for w in _vague_words())


# the body's duty verb right after it: 要做好, 要抓好, 负责推进, 要牵头建立
DUTY_VERB_AFTER = re.compile(r"(?:要|将|须|必须|应|要求|负责|牵头|具体)+(?=[\u4e00-\u9fff])")


def firms_and_their_projects(ctx: Context) -> None:
    """湖南金鑫新材料有限公司年产5万吨锂电池负极材料项目: a firm named right before a project carries it out."""
    projects = {m.start: m for m in ctx.mentions if m.type == EntityType.Project}
    for m in ctx.mentions:
        if m.type == EntityType.Organization:
            p = projects.get(m.end) or (projects.get(m.end + 1) if ctx.text[m.end : m.end + 1] == "的" else None)
            if p is not None:
                ctx.add(RelationType.responsibleFor, m.entity, p.entity.name, (m.start, p.end))


def _issued(ctx: Context, m: Mention, group: list[Mention]) -> bool:
    """Did a body of the group issue the document? Issuing is issuedBy, not responsibleFor; a body
    that carries out a document another issued (贯彻落实中央办公厅印发的《…》) is responsible for it."""
    names = {a.entity.name for a in group}
    return any(r.type == RelationType.issuedBy and r.head == m.entity.name and r.tail in names for r in ctx.relations)


CO_VERB_BEFORE = re.compile(r"(?:会同|联合|协同)$")
DUTY_LINK = re.compile(r"^(?:要|将|应|并|负责)(?:会同|配合|联合|协同)$")


TIME_AFTER_BODY = re.compile(r"(?:前|以前|之前|内|以内|起|，)?")


def _after_time(ctx: Context, pos: int, end: int) -> int:
    """Past a time right after a body (市住建局|今明两年|完成…, 县水利局|于6月底前|建成…): the verb follows it."""
    text = ctx.text
    at = pos + 1 if text[pos : pos + 1] in "于在" else pos
    t = next((t for t in times_in(text, ctx.doc.year, at, min(end, at + 16)) if t.start == at), None)
    if t is None:
        return pos
    return TIME_AFTER_BODY.match(text, t.end).end()


def _subject_groups(ctx: Context, actors: list[Mention], sent: Span, partners: bool = False) -> list[list[Mention]]:
    """Runs of departments joined by 、/和/会同 that are the subject of an assignment."""
    text = ctx.text
    c = cues()
    groups: list[list[Mention]] = []
    current: list[Mention] = []
    for a in actors:
        if current and LINKERS.match(text[current[-1].end : a.start]):
            current.append(a)
            continue
        if current:
            groups.append(current)
        current = [a]
    if current:
        groups.append(current)
    out = []
    for g in groups:
        first, last = g[0], g[-1]
        after_pos = last.end
        if starts_with_any(text, after_pos, c["not_subject_after"]):
            continue
        if ends_with_any(text, first.start, c["not_subject_before"]) and not ends_with_any(text, first.start, c["subject_before"]):
            continue
        led = ends_with_any(text, first.start, c["subject_before"]) is not None
        # 县应急管理局要会同县水利局、县气象局修订…: the duty is stated after the first body
        led = led or any(DUTY_LINK.match(text[a.end : b.start]) for a, b in zip(g, g[1:]))
        # 国家工信部、发改委等部委连续出台…: skip 等…, adverbs and a time before the verb
        skip = AFTER_GROUP.match(text, after_pos)
        after_pos = _after_time(ctx, skip.end() if skip else after_pos, sent.end)  # 市住建局|6月底前|完成…
        if starts_with_any(text, after_pos, c["subject_after"]) or led:
            out.append(g)
        elif partners and CO_VERB_BEFORE.search(text, max(sent.start, first.start - 3), first.start):
            out.append(g)  # …牵头，会同Y、Z，…: partners of the group before
    return out


# ---------------------------------------------------------------------------- deadline
@lru_cache(maxsize=1)
def _work_verbs() -> tuple[str, ...]:
    c = cues()
    return tuple(sorted(set(c["task_verbs"]) | set(c["aim_verbs"]), key=lambda w: (-len(w), w)))


COMPLETES_ONLY = re.compile(r"(?:前|以前|之前)?(?:要|必须|务必|确保)?(?:全部|全面|基本|如期)?(?:完成|完工|建成|竣工|办结)[。；，]?")
BARE_COMPLETION = re.compile(r"(?:前|以前|之前)?(?:要|必须|务必|确保)?(?:全部|全面|基本|如期)?(?:完成|完工|建成|竣工|办结)"
                             r"(?:整治|整改|治理|改造|建设|任务|工作|目标)?[。；，]?")
AWAITED = re.compile(r"[》”\"]?[\u4e00-\u9fff]{0,4}(?:之后|以后|后)(?![续期备])")


def deadlines(ctx: Context, sent: Span) -> None:
    text = ctx.text
    cls = clauses(text, sent)
    for t in times_in(text, ctx.doc.year, sent.start, sent.end):
        if not _is_deadline(text, t, sent, cls) or _inside_a_name(ctx, t):
            continue
        ci = clause_index(cls, t.start)
        clause = cls[ci]
        heads = with_longer_items(ctx, ctx.in_range(clause.start, clause.end, UNDERTAKINGS), clause.start, clause.end)
        heads = [h for h in heads if not PROJECT_STEP.fullmatch(h.entity.name)]  # 主体工程 is a stage
        if not heads and ci > 0 and PROJECT_STEP.search(text, t.end, clause.end):
            # the project the sentence is about, when the time's clause names only a stage of it
            # (片区改造，力争年底前完成回迁安置 / 路网建设…，年内必须完成设计、招标等前期工作 /
            # 启动…新院区建设，年内完成主体工程): the nearest project of the clauses before, else of the first
            projects = frozenset({EntityType.Project})
            before = [m for m in ctx.in_range(cls[max(0, ci - 2)].start, clause.start, projects) if m.entity.kind != "task"]
            heads = before[-1:] or [m for m in ctx.in_range(cls[0].start, cls[0].end, projects) if m.entity.kind != "task"][:1]
        if not heads and PROJECT_STEP.search(text, t.end, clause.end):
            # （一）贡江于都段防洪能力提升工程。…确保上半年开工建设: a stage of the project the item is headed by
            hp = _heading_project(ctx, t.start)
            if hp is not None:
                ctx.add(RelationType.deadline, hp.entity, t.label, (hp.start, max(t.end, clause.end)), t.date)
                continue
        if not heads:
            # the work item of the time's clause, or of the next clauses when the time ends its
            # own (区委计划在9月中旬，召开深改领导小组会议 / 本周，由…牵头，召开一次…汇报会)
            for c in cls[ci : ci + 3]:
                heads = ctx.task_mentions(object_phrases(text, c.start, c.end, strong=True)
                                          or [(s, e) for s, e in object_phrases(text, c.start, c.end, verbs=PRODUCE_VERBS)
                                              if text[s:e].endswith(PRODUCED) and e - s > 4])
                # 11月底前形成城市体检报告; a bare 评估报告 is the report of the work said before it
                if not heads and c is not clause:
                    heads = ctx.in_range(c.start, c.end, UNDERTAKINGS)
                if heads or (c is clause and text[t.end : c.end].strip()):
                    break
        if not heads:
            lo = cls[max(0, ci - MAX_BACK_CLAUSES)].start
            # 《控制性详规》批复后要立即行动，年内必须完成…: what a clause waits for is not what its
            # sentence must finish
            heads = [h for h in ctx.in_range(lo, clause.start, UNDERTAKINGS) if not AWAITED.match(text, h.end) and not _gone_by(text, h.start)]
        if not heads and ci > 0 and COMPLETES_ONLY.fullmatch(text[t.end : clause.end]):
            # 各县要抓好小型水库除险加固，汛期前全部完成: a clause that only completes dates the work
            # item of the clause before it
            prev = cls[ci - 1]
            heads = ctx.task_mentions(object_phrases(text, prev.start, prev.end, verbs=_work_verbs()))
        if not heads and BARE_COMPLETION.fullmatch(text[t.end : clause.end]):
            # （二）开展入河排污口整治。…，9月底前完成整治。: a completion that names no item of its
            # own dates the task the item's heading names
            item = item_at(blocks(text, ctx.doc.paragraphs), t.start)
            if item is not None and item.body_start <= t.start:
                heads = heading_task(ctx, item)
        for h in heads:
            ctx.add(RelationType.deadline, h.entity, t.label, evidence(text, sent, (h.start, h.end), (t.start, t.end)), t.date)


BASIS_BEFORE = re.compile(r"(?:按照|根据|依据|对照|参照|遵照|依照|按|执行|遵守)[“\"《]?$")
# a document the work ends in: 形成调查报告, 提交评估报告
PRODUCE_VERBS = ("形成", "提交", "提出")
PRODUCED = ("报告", "方案", "清单", "意见", "建议", "规划", "办法", "细则", "名录", "目录")


def _gone_by(text: str, start: int) -> bool:
    """Is the undertaking at ``start`` what the work goes by (按照“一街一方案”要求): it is not due."""
    return bool(BASIS_BEFORE.search(text, max(0, start - 4), start))


def _inside_a_name(ctx: Context, t: TimeExpr) -> bool:
    """Is the time part of a work item's name (水库汛前检查): it dates nothing then."""
    return any(m.start < t.start and t.end < m.end for m in ctx.in_range(max(0, t.start - 30), t.end + 30, UNDERTAKINGS))


def _heading_project(ctx: Context, pos: int) -> Mention | None:
    """The project whose name is the heading of the innermost item holding ``pos``."""
    item = item_at(blocks(ctx.text, ctx.doc.paragraphs), pos)
    if item is None or item.body_start > pos:
        return None
    return heading_project(ctx, item)


VERB_AND_DE = re.compile(r"([\u4e00-\u9fff]{1,4})的(?=[\u4e00-\u9fff])")


def _dates_a_noun(after: str) -> bool:
    """Is the time inside a modifier of the noun after it: a verb and 的 (…前建成的小区, 年底前
    竣工的项目)?"""
    m = VERB_AND_DE.match(after)
    if not m:
        return False
    words = segment(m.group(1))
    return len(words) <= 2 and tag(words[-1][0]) in ("v", "vi")


def _is_deadline(text: str, t: TimeExpr, sent: Span, cls: tuple[Span, ...]) -> bool:
    c = cues()
    before = text[max(sent.start, t.start - 4) : t.start]
    after = text[t.end : min(sent.end, t.end + 8)]
    if PAST.search(before):
        return False
    if PAST_AFTER.match(after) and not (t.text.endswith(BEFORE_SUFFIX) and ISSUE_DUE.match(after)):
        return False  # 7月21日印发 dates an event; 2月10日前印发《…》 is due (not 前印发了)
    if _dates_a_noun(after):
        return False  # 2000年底前建成的|城镇老旧小区: the time says which ones, nothing is due
    if t.text.endswith(DEADLINE_SUFFIX):
        return True
    if before.endswith(c["deadline_before"]) or before.endswith(_with_zai()):
        return True
    # …前完成 / 明年冬天必须投入使用 / 今冬供暖投入使用: a completion word right after the time,
    # or after one short word (up to AFTER_GAP characters) between them
    head = after.lstrip("，,")
    if head.startswith(c["deadline_after"]) or head[AFTER_GAP:].startswith(c["deadline_after"]):
        return True
    # a time alone before the sentence's comma (本周，… / 9月30日前，…), unless it is a plain
    # calendar day, which dates an event (7月21日，总书记…)
    first = cls[0] if cls else None
    return (first is not None and first.start == t.start and first.end <= t.end + 1
            and not re.fullmatch(r"(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:[-—至到～~](?:\d{1,2}月)?\d{1,2}日)?", t.text))
