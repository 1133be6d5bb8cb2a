"""Which body a department's name denotes, so that one node is one body across documents.

Some names identify one body wherever they are written: 国务院, 国家发改委, 财政部, 中央财经委员会
(national), 上海市静安区发展和改革委员会, 合肥海关 (they name their place).  Those merge across
documents.  The others mean the body *of the document's place*: 区委 in a speech of 城关区 is
城关区's district committee, not 静安区's, and 能源局 or 组织部 in a county's report is that county's.
Such a name is scoped:

- a name that opens with a level word (区委, 市政府, 县发改局, 省委办公厅, 自治区政府) belongs to
  the division of that level the document is about (区 → 城关区, 市 → 兰州市, 省 → 甘肃省);
- a name without a level (能源局, 组织部, 党校) belongs to the document's own place, the
  division it is most about;
- when the document names no such place, the name belongs to the document alone.

A document's places are the administrative divisions among its Place entities (short forms as
their full names: 兰州 → 兰州市) that it names in its frame (the title, the first or the last
:data:`FRAME` characters: heading, issuer, signature) or at least :data:`MIN_MENTIONS` times;
the best of a level is the one in the frame, then the one named most often, then the first.
Organisations are scoped only when they open with a level word (区医院, 市城投公司): a company's
name (海亮集团) is its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.extract.lexicon import load_list
from kg.model import Document
from kg.vocab import EntityType

# Names that open with one of these are bodies of the state or the Party Centre.
NATIONAL_PREFIXES = ("中华人民共和国", "中共中央", "党中央", "国务院", "全国", "国家", "中央", "中国")
NATIONAL_SUFFIXES = ("总局", "总署")  # 国家税务总局, 海关总署, 市场监管总局: local bodies are 局
# Level words of local government, longest first (自治区 before 区).
LOCAL_LEVELS = ("自治区", "自治州", "自治县", "高新区", "开发区", "新区", "街道",
                "省", "市", "区", "县", "州", "盟", "旗", "镇", "乡")
SAME_LEVEL = {"自治州": "州", "自治县": "县"}  # 州委 of a 自治州, 县委 of a 自治县
# A division's name ends with its level word, but not with a bare 州: 兰州, 杭州 are cities.
PLACE_LEVELS = tuple(level for level in LOCAL_LEVELS if level != "州")
# Words that open with a level character without being a level (市场监管局, 乡村振兴局, 区域…).
NOT_LEVEL = ("市场", "市民", "市政工程", "市容", "区域", "县域", "乡村", "乡镇", "镇域",
             "省级", "市级", "区级", "县级", "省属", "市属", "区属", "县属")
# Levels whose divisions no gazetteer lists: a Place entity with that ending is one.
UNLISTED_LEVELS = ("街道", "镇", "乡", "高新区", "开发区", "新区")
FRAME = 100
MIN_MENTIONS = 2
OWN = ""  # the key of the document's own place in :func:`document_places`


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a name is read: in ``place`` (a division's full name), else in document ``doc_id``;
    both None: everywhere (the name identifies one body)."""

    place: str | None = None
    doc_id: str | None = None

    @property
    def scoped(self) -> bool:
        return self.place is not None or self.doc_id is not None


GLOBAL = Scope()


@lru_cache(maxsize=1)
def _divisions() -> frozenset[str]:
    return frozenset(load_list("admin_cities") + load_list("admin_divisions"))


@lru_cache(maxsize=1)
def _divisions_by_start() -> dict[str, tuple[str, ...]]:
    """The divisions of two characters or more, by their first two: what :func:`names_a_place`
    looks up at each character (compiling one alternation of them all took a quarter of a second
    of every worker's first document)."""
    out: dict[str, list[str]] = {}
    for d in sorted(_divisions()):
        if len(d) >= 2:
            out.setdefault(d[:2], []).append(d)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _national_bodies() -> frozenset[str]:
    return frozenset(load_list("national_bodies"))


@lru_cache(maxsize=1)
def _full_forms() -> dict[str, tuple[str, ...]]:
    """Short form → full names of the provinces and cities (兰州 → 兰州市; 吉林 → 吉林市, 吉林省)."""
    cities = load_list("admin_cities")
    full = [c for c in cities if place_level(c)]
    out: dict[str, tuple[str, ...]] = {}
    for short in cities:
        if place_level(short):
            continue
        out[short] = tuple(sorted(f for f in full if f.startswith(short) and f != short))
    return out


def place_level(place: str) -> str | None:
    """The level word a division's name ends with (城关区 → 区, 临夏回族自治州 → 州), or None."""
    for level in PLACE_LEVELS:
        if place.endswith(level) and len(place) > len(level):
            return SAME_LEVEL.get(level, level)
    return None


def name_level(name: str) -> str | None:
    """The level word a department's name opens with (区委 → 区, 自治区政府 → 自治区), or None."""
    if name.startswith(NOT_LEVEL):
        return None
    for level in LOCAL_LEVELS:
        if name.startswith(level) and len(name) > len(level):
            return SAME_LEVEL.get(level, level)
    return None


def is_national(name: str) -> bool:
    return name.startswith(NATIONAL_PREFIXES) or name.endswith(NATIONAL_SUFFIXES) or name in _national_bodies()


def names_a_place(name: str) -> bool:
    """Does the name contain an administrative division (城关区政府, 人行合肥中心支行)?"""
    index = _divisions_by_start()
    return any(name.startswith(d, i) for i in range(len(name) - 1) for d in index.get(name[i : i + 2], ()))


def needs_scope(entity_type: str, name: str) -> bool:
    """Is this a name whose body depends on the place it is read in?"""
    if entity_type == EntityType.Department:
        return not is_national(name) and not names_a_place(name)
    if entity_type == EntityType.Organization:
        return name_level(name) is not None and not is_national(name) and not names_a_place(name)
    return False


def full_places(name: str) -> tuple[str, ...]:
    """The divisions a Place entity's name stands for: itself when it is one, its full names when
    it is a short form, nothing when it is not a division (黄河, 京津冀, 北园区)."""
    if name in _divisions():
        return (name,) if place_level(name) else _full_forms().get(name, ())
    if name.endswith(UNLISTED_LEVELS) and place_level(name):
        return (name,)
    return ()


def document_places(doc: Document) -> dict[str, str]:
    """The document's place at each level it names one (``{"区": "城关区", "市": "兰州市"}``),
    and its own place under :data:`OWN`."""
    text, title = doc.text, doc.title or ""
    tally: dict[str, list] = {}  # full name -> [in frame, mentions, first offset]
    for ent in doc.entities:
        if ent.type != EntityType.Place or ent.masked:
            continue
        framed = bool(title) and ent.name in title
        framed = framed or any(s < FRAME or e > len(text) - FRAME for s, e in ent.mentions)
        first = min((s for s, _ in ent.mentions), default=len(text))
        for full in full_places(ent.name):
            t = tally.setdefault(full, [False, 0, first])
            t[0] = t[0] or framed
            t[1] += len(ent.mentions)
            t[2] = min(t[2], first)
    ranked = sorted((not framed, -count, first, full) for full, (framed, count, first) in tally.items()
                    if framed or count >= MIN_MENTIONS)
    out: dict[str, str] = {}
    for _, _, _, full in ranked:
        out.setdefault(OWN, full)
        out.setdefault(place_level(full), full)
    return out


def scope_of(entity_type: str, name: str, places: dict[str, str], doc_id: str) -> Scope:
    """Where a name of this document is read (``places`` from :func:`document_places`)."""
    if not needs_scope(entity_type, name):
        return GLOBAL
    place = places.get(name_level(name) or OWN)
    return Scope(place=place) if place else Scope(doc_id=doc_id)
