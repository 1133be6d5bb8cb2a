"""Task tables of plans: who does which item, by when.

A table (a .docx table, or a web table flattened to one cell per line, as in 附表 … 序号 / 具体工作 /
时间进度 / 责任部门): each row is an item, its unit cell lists the responsible bodies and its time
cell the deadline (年内完成 is a deadline, 全年推进 is not).  Every unit of the row gets
responsibleFor each item; the item is named by the undertakings it mentions and by the objects of
its verbs (编制…清单, 开展…检查).  Brackets and labelled lines are kg/extract/assignments.py.
"""
from __future__ import annotations

import re

from kg.extract.context import ACTORS, GENERIC_UNIT, UNDERTAKINGS, Context, Mention, cues, ends_with_any
from kg.extract.task_names import object_phrases
from kg.extract.times import times_in
from kg.model import Document, Span
from kg.vocab import EntityType, RelationType

UNIT_COLUMN = re.compile(r"^(?:责任(?:部门|单位|主体)|牵头(?:部门|单位)|主责(?:部门|单位)|配合(?:部门|单位)|协办单位|实施主体|承办单位)$")
TIME_COLUMN = re.compile(r"^(?:时间进度|完成时限|完成时间|时间节点|时间安排|时限要求|进度安排|时限)$")
ROW_NUMBER = re.compile(r"^\d{1,3}$")
GROUP_NUMBER = re.compile(r"^[一二三四五六七八九十]{1,3}$")
GROUP_ROW = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]\S{2,30}$")
NOTE_ROW = re.compile(r"^(?:注|备注|说明)[：:]")
TIME_CELL = re.compile(r"(?:完成|推进|前|底|季度|年内|持续|全年|长期|月|日|同步|启动)")
NOT_DEADLINE = re.compile(r"^(?:全年推进|持续推进|长期坚持|长期推进|持续开展|全年开展|常态化推进|与国家安排同步)$")


def find_task_relations(doc: Document) -> Document:
    ctx = Context.of(doc)
    _tables(ctx)
    doc.relations.extend(ctx.relations)
    return doc


def _cells(ctx: Context) -> list[Span]:
    return ctx.doc.paragraphs


def _tables(ctx: Context) -> None:
    text = ctx.text
    paras = _cells(ctx)
    i = 0
    while i < len(paras):
        header_end = _header_at(text, paras, i)
        if header_end is None:
            i += 1
            continue
        rows, i = _rows(text, paras, header_end)
        above: tuple[list[Mention], Span | None] = ([], None)
        for k, row in enumerate(rows):
            # a row with fewer cells than the one above lost a merged cell to the flattening
            merged = k > 0 and len(row) < len(rows[k - 1])
            above = _row_relations(ctx, row, above if merged else ([], None))


def _header_at(text: str, paras: list[Span], i: int) -> int | None:
    """Index just after a header block (short cells, one of them a unit column)."""
    j, has_unit = i, False
    while j < len(paras) and j - i < 8:
        cell = text[paras[j].start : paras[j].end].strip()
        if len(cell) > 8:
            break
        has_unit = has_unit or bool(UNIT_COLUMN.match(cell))
        j += 1
        if has_unit and (j >= len(paras) or len(text[paras[j].start : paras[j].end].strip()) > 8
                         or ROW_NUMBER.match(text[paras[j].start : paras[j].end].strip())
                         or GROUP_NUMBER.match(text[paras[j].start : paras[j].end].strip())):
            return j
    return None


def _rows(text: str, paras: list[Span], start: int) -> tuple[list[list[Span]], int]:
    rows: list[list[Span]] = []
    current: list[Span] | None = None
    i = start
    while i < len(paras):
        cell = text[paras[i].start : paras[i].end].strip()
        if ROW_NUMBER.match(cell):
            if current:
                rows.append(current)
            current = []
        elif GROUP_NUMBER.match(cell) or GROUP_ROW.match(cell):
            if current:
                rows.append(current)
            current = None  # a group heading row (三 / 三、强化市场主体服务): its title is not an item
        elif NOTE_ROW.match(cell):
            break  # 注：… under the table is not a row
        elif current is not None:
            current.append(paras[i])
        elif not rows and i - start > 3:
            break
        i += 1
        if current is not None and len(current) > 6:
            break  # not a table row any more
    if current:
        rows.append(current)
    return rows, i


def _row_relations(ctx: Context, row: list[Span], above: tuple[list[Mention], Span | None]) -> tuple[list[Mention], Span | None]:
    """Relations of one row; a row short of cells shares the units and time of the row above
    (a merged cell, flattened once).  Returns the units and time cell the row used."""
    text = ctx.text
    units: list[Mention] = []
    time_cell: Span | None = None
    item_cells: list[Span] = []
    for cell in row:
        actors = ctx.in_range(cell.start, cell.end, ACTORS)
        content = text[cell.start : cell.end].strip()
        if actors and _mostly_units(text, cell, actors):
            units.extend(actors)
        elif len(content) <= 10 and TIME_CELL.search(content):
            time_cell = cell
        else:
            item_cells.append(cell)
    units = units or above[0]
    time_cell = time_cell or above[1]
    if not units or not item_cells:
        return units, time_cell
    _assign(ctx, item_cells, units, time_cell)
    return units, time_cell


def _mostly_units(text: str, cell: Span, actors: list[Mention]) -> bool:
    """A cell of bodies: the bodies found cover most of what is not a generic reference
    (各乡镇人民政府, 相关部门) or punctuation."""
    covered = sum(a.end - a.start for a in actors)
    rest = 0
    for piece in re.split(r"[、，,；;和及]", text[cell.start : cell.end]):
        piece = re.sub(r"[等（）()\s]", "", piece)
        if piece and not GENERIC_UNIT.match(piece):
            rest += len(piece)
    return covered >= 0.6 * rest


def _assign(ctx: Context, item_cells: list[Span], units: list[Mention], time_cell: Span | None) -> None:
    text = ctx.text
    items: list[Mention] = []
    for cell in item_cells:
        items.extend(_items_of(ctx, cell.start, cell.end))

    deadline = None
    if time_cell is not None:
        content = text[time_cell.start : time_cell.end].strip()
        times = [] if NOT_DEADLINE.match(content) else times_in(text, ctx.doc.year, time_cell.start, time_cell.end)
        if times:
            deadline = times[-1]
    for item in items:
        # the unit or the time may be a merged cell of a row above: the evidence runs over both ends
        for u in units:
            ctx.add(RelationType.responsibleFor, u.entity, item.entity.name, _both(item.start, item.end, u.start, u.end))
        if deadline is not None:
            ctx.add(RelationType.deadline, item.entity, deadline.label,
                    _both(item.start, item.end, deadline.start, deadline.end), deadline.date)


def _both(s1: int, e1: int, s2: int, e2: int) -> tuple[int, int]:
    return min(s1, s2), max(e1, e2)


def _after_verb(text: str, pos: int, clause_start: int, verbs: tuple[str, ...]) -> bool:
    """Is the item at ``pos`` right after one of ``verbs``?"""
    return ends_with_any(text, pos, verbs) is not None


def _items_of(ctx: Context, start: int, end: int) -> list[Mention]:
    """The undertakings an item text names, and the objects of its verbs, clause by clause.
    When some item is introduced by a verb that names deliverables (完成, 编制, 开展 …), items
    introduced only by verbs of aims (推进, 加强 …) are left out of the row."""
    text = ctx.text
    named_all: list[Mention] = []
    phrases_all: list[tuple[int, int, bool]] = []
    for m in re.finditer(r"[^，,；;。]+", text[start:end]):
        cs, ce = start + m.start(), start + m.end()
        named = ctx.in_range(cs, ce, UNDERTAKINGS)
        phrases = object_phrases(text, cs, ce)
        # a named undertaking inside a longer work item (强化光伏项目事中事后监管) names less than the item
        named = [n for n in named if not any(s <= n.start and n.end <= e and e - s > n.end - n.start for s, e in phrases)]
        named_all.extend(named)
        strong_verbs = cues()["strong_task_verbs"]
        phrases_all.extend((s, e, _after_verb(text, s, cs, strong_verbs)) for s, e in phrases[:2]
                           if not any(n.start <= s and e <= n.end for n in named))
    if any(is_strong for _s, _e, is_strong in phrases_all) or any(n.type == EntityType.Policy for n in named_all):
        phrases_all = [p for p in phrases_all if p[2]]
        named_all = [n for n in named_all if n.type == EntityType.Policy or ends_with_any(text, n.start, cues()["strong_task_verbs"])]
    return named_all + ctx.task_mentions([(s, e) for s, e, _ in phrases_all])
