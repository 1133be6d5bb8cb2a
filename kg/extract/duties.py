"""Relations stated by the items of a plan, beyond brackets (see assignments.py):

- a list of duties: an item whose heading is a body, then a colon — （一）市工信局：落实…；牵头制定…；
  会同A、B…召开…。 The body is responsible for what each clause undertakes; bodies after 会同/联合
  in a clause share it;
- a phase with its own time: （一）摸底排查（2022年5月底前）。由X牵头，… — the heading names a task
  due then, and the body that leads it in the item's first sentence (由X牵头, X负责) owns it.
"""
from __future__ import annotations

import re

from kg.extract.context import ACTORS, Context, LINKERS, Mention, cues, evidence, generic_project_name
from kg.extract.projects import CATEGORY_END
from kg.redaction import is_masked
from kg.extract.items import Block, blocks, heading_project, heading_task
from kg.extract.task_names import deliverables
from kg.extract.times import times_in
from kg.model import Document, Entity, Span
from kg.vocab import EntityType, RelationType

DUTY_CLAUSE = re.compile(r"[^；;。]+")
CO_UNITS = re.compile(r"(?:会同|联合|协同|牵头会同|配合)")
LEAD_AFTER = re.compile(r"(?:牵头|负责|具体负责|组织)")


def find_item_relations(doc: Document) -> Document:
    ctx = Context.of(doc)
    for block in blocks(ctx.text, doc.paragraphs):
        if _is_duty_list(ctx, block):
            _duties(ctx, block)
        else:
            _timed_phase(ctx, block)
            _project_heading(ctx, block)
    doc.relations.extend(ctx.relations)
    return doc


def _heading_actors(ctx: Context, block: Block) -> list[Mention]:
    if block.heading is None:
        return []
    hs, he = block.heading
    return ctx.in_range(hs, he, ACTORS)


def _is_duty_list(ctx: Context, block: Block) -> bool:
    """（一）市工信局：… / (六)移动公司、电信公司…(简称“各通信运营商”):…: the heading is bodies
    (with an abbreviation note at most), and a colon ends it."""
    actors = _heading_actors(ctx, block)
    if not actors or block.is_section:
        return False
    hs, he = block.heading
    end = block.body_start - 1
    if ctx.text[end : end + 1] not in "：:":
        return False
    covered = sum(a.end - a.start for a in actors)
    rest = re.sub(r"[、，,和及等\s]|[（(][^）)]*[）)]|[\u4e00-\u9fff]{0,4}分公司", "", ctx.text[hs:he])
    return covered >= 0.6 * max(1, len(rest)) or ctx.text[hs:he].startswith(ctx.text[actors[0].start : actors[0].end])


def _duties(ctx: Context, block: Block) -> None:
    text = ctx.text
    owners = _heading_actors(ctx, block)
    for m in DUTY_CLAUSE.finditer(text, block.body_start, block.end):
        cs, ce = m.start(), m.end()
        if ctx.in_range(cs, ce, ACTORS) and _starts_with_other_subject(ctx, cs, ce):
            continue  # a clause with its own subject is the prose stage's
        co = _co_units(ctx, cs, ce)
        for target in deliverables(ctx, cs, ce):
            for a in owners + co:
                # the body is in the heading or in the clause: the evidence runs from it to the clause end
                ev = evidence(text, Span(cs, ce), (a.start, a.end), (target.start, target.end)) if a.start >= cs else (a.start, ce)
                ctx.add(RelationType.responsibleFor, a.entity, target.entity.name, ev)


def _starts_with_other_subject(ctx: Context, cs: int, ce: int) -> bool:
    """各县(市、区)供电公司要加强…: a clause whose subject is a body other than the heading's."""
    first = ctx.in_range(cs, ce, ACTORS)[0]
    return first.start - cs <= 2 and not CO_UNITS.search(ctx.text, max(cs, first.start - 4), first.start)


def _co_units(ctx: Context, cs: int, ce: int) -> list[Mention]:
    """Bodies joined by 、/和 right after 会同/联合 in a clause: 会同市委文明办、市城市管理局、市通管办…"""
    text = ctx.text
    out: list[Mention] = []
    for m in CO_UNITS.finditer(text, cs, ce):
        pos = m.end()
        for a in ctx.in_range(pos, ce, ACTORS):
            gap = text[pos : a.start]
            if a.start == pos or LINKERS.match(gap) or re.fullmatch(r"[（(][^）)]*[）)]|[（(][^）)]*[）)]、", gap):
                out.append(a)
                pos = a.end
            else:
                break
    return out


def _timed_phase(ctx: Context, block: Block) -> None:
    """（一）摸底排查（2022年5月底前）。由国网龙岩供电公司牵头，…"""
    if block.heading is None or block.note is None or ctx.in_assignment(block.note[0]):
        return
    text = ctx.text
    ns, ne = block.note
    times = times_in(text, ctx.doc.year, ns + 1, ne - 1)
    if not times:
        return
    t = times[-1]
    label = text[ns + 1 : ne - 1].strip()
    for task in heading_task(ctx, block, timed=True):
        span = (block.start, ne)
        # a range (9月1日至11月30日) keeps its whole text; its end date is the deadline
        ctx.add(RelationType.deadline, task.entity, t.label if len(times) == 1 and t.text == label else _label(label), span, t.date)
        lead = _lead_of(ctx, block)
        for a in lead:
            ctx.add(RelationType.responsibleFor, a.entity, task.entity.name, (block.start, a.end))


def _project_heading(ctx: Context, block: Block) -> None:
    """（一）贡江于都段防洪能力提升工程。该工程…，由县水利局牵头，县发展改革委、县财政局配合，…: an
    item headed by a project's name is that project; the bodies that lead and support it in the
    item's first sentence are responsible for it."""
    if block.heading is None or block.is_section:
        return
    project = heading_project(ctx, block) or _heading_as_project(ctx, *block.heading)
    if project is None:
        return
    first = DUTY_CLAUSE.match(ctx.text, block.body_start, block.end)
    if not first:
        return
    for group in _role_groups(ctx, first.start(), first.end()):
        for a in group:
            ctx.add(RelationType.responsibleFor, a.entity, project.entity.name, (block.start, max(a.end, project.end)))


HEADING_PROJECT_HEAD = r"(?:工程|项目|电站|水库|大桥|枢纽|园区|产业园)"
PROJECT_HEADING = re.compile(r"[\u4e00-\u9fffA-Za-z0-9（）()]{4,30}" + HEADING_PROJECT_HEAD)


def _heading_as_project(ctx: Context, hs: int, he: int) -> Mention | None:
    """A heading that is nothing but a project's name (贡江于都段防洪能力提升工程: a river the
    gazetteer does not know) names the project whole; a shorter reading inside it gives way."""
    text = ctx.text
    if not PROJECT_HEADING.fullmatch(text, hs, he) or text.startswith(cues()["task_verbs"] + cues()["aim_verbs"], hs):
        return None
    if ctx.in_range(hs, he, ACTORS):
        return None
    name = text[hs:he]
    body = re.sub(HEADING_PROJECT_HEAD + "$", "", name)
    if CATEGORY_END.search(body) or generic_project_name(name) or is_masked(name):
        return None  # 二是城建开发类项目: a kind of project, not one
    known = ctx.entity_named(name, EntityType.Project)
    if known is not None:
        return ctx.add_mention(known, hs, he)
    for m in ctx.in_range(hs, he, frozenset({EntityType.Project, EntityType.Policy})):
        if m.end == he:
            ctx.drop_mention(m)  # 段防洪能力提升工程 read inside the name
    entity = ctx.add_entity(Entity(type=EntityType.Project, name=name, kind="project", mentions=[(hs, he)]))
    return Mention(hs, he, entity)


def _role_groups(ctx: Context, start: int, end: int) -> list[list[Mention]]:
    """Runs of bodies joined by 、/和 that end with a role (由X牵头, Y、Z配合, W负责)."""
    text = ctx.text
    groups: list[list[Mention]] = []
    current: list[Mention] = []
    for a in ctx.in_range(start, end, ACTORS):
        if current and LINKERS.match(text[current[-1].end : a.start]):
            current.append(a)
            continue
        if current and ROLE_AFTER.match(text, current[-1].end):
            groups.append(current)
        current = [a]
    if current and ROLE_AFTER.match(text, current[-1].end):
        groups.append(current)
    return groups


ROLE_AFTER = re.compile(r"(?:等(?:部门|单位)?)?(?:按职责分工|按照职责分工|按职责)?(?:要|共同|具体)?(?:牵头负责|牵头|具体负责|负责|配合|协助|参与|会同|组织实施|实施)")


def _label(text: str) -> str:
    for suffix in ("以前", "之前", "前"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text


def _lead_of(ctx: Context, block: Block) -> list[Mention]:
    """The bodies that lead the item in its first sentence: 由X牵头 / X、Y负责."""
    text = ctx.text
    m = re.compile(r"[^。；;]+").match(text, block.body_start, block.end)
    if not m:
        return []
    group: list[Mention] = []
    for a in ctx.in_range(m.start(), m.end(), ACTORS):
        if group and LINKERS.match(text[group[-1].end : a.start]):
            group.append(a)
            continue
        if group:
            break
        before = text[max(m.start(), a.start - 1) : a.start]
        if a.start == m.start() or before in ("由", "请"):
            group = [a]
    if group and LEAD_AFTER.match(text, group[-1].end):
        return group
    return []
