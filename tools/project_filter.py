"""A small logistic-regression filter over Project entities, as a last extraction stage would run it.

NOT wired into kg.extract.PIPELINE: leave-one-document-out over the dev and fresh gold found no
gain (see tools/train_project_filter.py and its report).  Kept with the training tool so the
experiment can be re-run when the features or the gold change.

The grammar rules before it propose Project names; many of them are task-name choices that the
annotation guideline does not count (宣传推广, 使用机制, 自主可控).  Each Project entity is
described by features of shape and grammar only — its head characters and word, the word tags
of its first and last word, its length, digits and amounts, verbs inside it, the marks around
it, where it stands (a bracketed item, a labelled assignment line, a heading, a line of its own),
how often it recurs and what relations hang on it — never by its name as a whole.  An entity the
model scores below the threshold is dropped with every relation that has it as head or tail.

Weights would be a small JSON file (``kg/data/project_filter.json``) written by
``tools/train_project_filter.py write``; scoring is pure Python.  Without the file
``filter_projects`` does nothing.
"""
from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from kg.extract.grammar import leading_verbs, words_before
from kg.extract.lexicon import lexicon
from kg.extract.tokens import segment, tag
from kg.model import Document, Entity
from kg.vocab import EntityType, RelationType

WEIGHTS_FILE = "project_filter.json"

# heads of a bounded, deliverable thing, and heads of an aim, a manner or a way of working
FACILITY_HEADS = ("工程", "项目", "平台", "中心", "系统", "清单", "目录", "园区", "产业园", "基地", "示范区", "公园",
                  "学校", "医院", "幼儿园", "馆", "站", "厂", "库", "场", "路", "桥", "线", "网", "园", "区", "港", "仓")
ABSTRACT_HEADS = ("机制", "体系", "模式", "能力", "水平", "格局", "环境", "意识", "作用", "职能", "定位", "标准", "理念",
                  "服务", "管理", "监管", "保护", "生产", "推广", "可控", "课程", "任务", "工作", "方面", "领域")
ACTION_HEADS = ("建设", "改造", "整治", "治理", "提升", "升级", "检查", "督查", "排查", "验收", "考核", "调研", "评估",
                "演练", "培训", "应用", "开发", "认定", "填报", "接入", "对接", "整合", "创建", "攻关", "宣讲")
_DIGIT = re.compile(r"[0-9０-９]")
_AMOUNT = re.compile(r"[0-9０-９一二三四五六七八九十百千万两]+(?:\.[0-9]+)?[万亿千百]?"
                     r"(?:个|场|家|户|套|辆|张|条|座|所|项|名|人|次|吨|元|亩|米|公里|千瓦|兆瓦|平方米|立方米|%|％|倍)")
_QUOTE_OPEN, _QUOTE_CLOSE = "“\"‘「『", "”\"’」』"
_PUNCT_CLASS = {"、": "dun", "，": "comma", ",": "comma", "。": "stop", "；": "semi", ";": "semi", "：": "colon",
                ":": "colon", "\n": "eol", "（": "paren", "(": "paren", "）": "cparen", ")": "cparen"}


@lru_cache(maxsize=1)
def _construction_verbs() -> frozenset[str]:
    return frozenset(lexicon().construction_verbs)


def _length_bucket(n: int) -> str:
    for hi, label in ((2, "2"), (3, "3"), (4, "4"), (6, "5-6"), (9, "7-9"), (13, "10-13")):
        if n <= hi:
            return label
    return "14+"


def _tag_of(word: str) -> str:
    t = tag(word)
    if not t and word in lexicon().gazetteer:
        return "ns"
    return (t or ("x" if len(word) == 1 else "unk"))[:2]


def _inside(spans, pos: int) -> bool:
    i = bisect_right(spans, pos, key=lambda s: s.start) - 1
    return i >= 0 and spans[i].start <= pos < spans[i].end


def _in_heading(doc: Document, start: int) -> bool:
    """Is ``start`` inside the heading label of a section (二、推进…工程)?"""
    i = bisect_right(doc.sections, start, key=lambda s: s.start) - 1
    return i >= 0 and doc.sections[i].start <= start < doc.sections[i].start + len(doc.sections[i].label)


def _line_alone(doc: Document, start: int, end: int) -> bool:
    """Does the mention fill its line but for a marker or a mark or two (a table cell)?"""
    text = doc.text
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    hi = len(text) if hi < 0 else hi
    return (hi - lo) - (end - start) <= 4


def project_features(doc: Document, entity: Entity) -> list[str]:
    """The named features of one Project entity in its document (shape and grammar only)."""
    name = entity.name
    text = doc.text
    words = [w for w, _s, _e in segment(name)] or [name]
    first, last = words[0], words[-1]
    f = ["bias", f"kind={entity.kind or '-'}", f"len={_length_bucket(len(name))}", f"nwords={min(len(words), 6)}",
         f"last1={name[-1]}", f"last2={name[-2:]}", f"head={last}" if len(last) > 1 else f"head1={last}",
         f"tag_first={_tag_of(first)}", f"tag_last={_tag_of(last)}", f"tag_fl={_tag_of(first)}|{_tag_of(last)}"]
    if _DIGIT.search(name):
        f.append("digit")
    if _AMOUNT.search(name):
        f.append("amount")
    if "、" in name or "和" in name or "及" in name or "与" in name:
        f.append("joined")
    tags_ = [_tag_of(w) for w in words]
    if "v" in tags_:
        f.append("has_verb")
    if tags_[0] == "v" or first in leading_verbs():
        f.append("starts_verb")
    if len(words) > 1 and tags_[-1] in ("v", "vn") and tags_[-2] in ("v", "vn"):
        f.append("ends_two_verbs")
    if tags_[0] == "ns":
        f.append("place_prefix")
    if entity.masked:
        f.append("masked")
    for label, heads in (("facility", FACILITY_HEADS), ("abstract", ABSTRACT_HEADS), ("action", ACTION_HEADS)):
        if name.endswith(heads):
            f.append(f"head_{label}")
    mentions = sorted(entity.mentions)
    f.append(f"mentions={min(len(mentions), 3)}")
    quoted = booked = item = assigned = heading = alone = False
    for s, e in mentions:
        before, after = text[s - 1 : s], text[e : e + 1]
        booked |= before in "《〈" and bool(before) or after in "》〉" and bool(after)
        quoted |= before in _QUOTE_OPEN and bool(before) or after in _QUOTE_CLOSE and bool(after)
        item |= _inside(doc.items, s)
        assigned |= _inside(doc.assignments, s)
        heading |= _in_heading(doc, s)
        alone |= _line_alone(doc, s, e)
    for flag, on in (("booked", booked), ("quoted", quoted), ("in_item", item), ("in_assignment", assigned),
                     ("in_heading", heading), ("line_alone", alone)):
        if on:
            f.append(flag)
    if mentions:
        s, e = mentions[0]
        prev = words_before(text, s)
        if prev and prev[-1][2] == s:
            w = prev[-1][0]
            f.append(f"prev_tag={_tag_of(w)}")
            if w in leading_verbs():
                f.append("prev_leading_verb")
            if w in _construction_verbs():
                f.append("prev_construction_verb")
        else:
            f.append(f"prev_char={_PUNCT_CLASS.get(text[s - 1 : s], 'other') if s else 'start'}")
        f.append(f"next_char={_PUNCT_CLASS.get(text[e : e + 1], 'word') if e < len(text) else 'end'}")
        nxt = segment(text[e : e + 4])[0][0] if e < len(text) and text[e] not in _PUNCT_CLASS else ""
        if nxt:
            f.append(f"next_tag={_tag_of(nxt)}")
    if "的" in name:
        f.append("has_de")
    names = set(entity.names())
    rel = {r.type for r in doc.relations if r.head in names or r.tail in names}
    for rtype in (RelationType.responsibleFor, RelationType.deadline, RelationType.locatedIn):
        if rtype in rel:
            f.append(f"rel_{rtype}")
    if not rel:
        f.append("no_relation")
    return f


@dataclass(frozen=True)
class Model:
    bias: float
    weights: dict[str, float]
    threshold: float

    def probability(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(x, 0.0) for x in features)
        return 1.0 / (1.0 + math.exp(-z)) if z > -60 else 0.0

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        return cls(bias=float(data["bias"]), weights={k: float(v) for k, v in data["weights"].items()},
                   threshold=float(data["threshold"]))


@lru_cache(maxsize=1)
def shipped_model() -> Model | None:
    """The model of ``kg/data/project_filter.json``, or None when the package ships none."""
    path = files("kg").joinpath("data", WEIGHTS_FILE)
    if not path.is_file():
        return None
    return Model.from_json(json.loads(path.read_text(encoding="utf-8")))


def scores(doc: Document, model: Model) -> list[tuple[Entity, float]]:
    return [(e, model.probability(project_features(doc, e))) for e in doc.entities if e.type == EntityType.Project]


def drop_entities(doc: Document, dropped: list[Entity]) -> Document:
    """``doc`` without ``dropped`` and without every relation that has one of them as head or tail
    (a name another kept entity also carries keeps its relations)."""
    if not dropped:
        return doc
    ids = {id(e) for e in dropped}
    doc.entities = [e for e in doc.entities if id(e) not in ids]
    kept_names = {n for e in doc.entities for n in e.names()}
    gone = {n for e in dropped for n in e.names()} - kept_names
    doc.relations = [r for r in doc.relations
                     if r.head not in gone and (r.type == RelationType.deadline or r.tail not in gone)]
    return doc


def filter_projects(doc: Document, model: Model | None = None) -> Document:
    model = model or shipped_model()
    if model is None:
        return doc
    return drop_entities(doc, [e for e, p in scores(doc, model) if p < model.threshold])
