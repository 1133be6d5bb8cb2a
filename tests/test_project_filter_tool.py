"""The Project-filter experiment (tools/project_filter.py, tools/train_project_filter.py).

The filter is not part of the pipeline (leave-one-document-out found no gain); these tests keep
the experiment honest so that it can be re-run: its labels are the metric's matching, dropping an
entity takes exactly its relations, its features describe shape and grammar and never the name
as a whole, and training is deterministic."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parent.parent / "tools"
sys.path.insert(0, str(TOOLS))

import project_filter as pf  # noqa: E402
import train_project_filter as tpf  # noqa: E402

from kg.documents import make_document  # noqa: E402
from kg.evaluate import score_entities  # noqa: E402
from kg.extract import extract  # noqa: E402
from kg.model import Document, Entity, Relation  # noqa: E402
from kg.vocab import EntityType, RelationType  # noqa: E402


def _doc() -> Document:
    ents = [Entity(EntityType.Department, "县住建局", mentions=[(0, 4)]),
            Entity(EntityType.Project, "宣传推广", kind="task", mentions=[(6, 10)]),
            Entity(EntityType.Project, "城南污水处理厂扩建工程", kind="project", mentions=[(12, 23)]),
            Entity(EntityType.Place, "城南", mentions=[(12, 14)])]
    rels = [Relation(RelationType.responsibleFor, "县住建局", "宣传推广", (0, 10)),
            Relation(RelationType.deadline, "宣传推广", "6月底", (0, 10), "2024-06-30"),
            Relation(RelationType.responsibleFor, "县住建局", "城南污水处理厂扩建工程", (0, 23)),
            Relation(RelationType.deadline, "城南污水处理厂扩建工程", "年底", (0, 23), "2024-12-31"),
            Relation(RelationType.locatedIn, "城南污水处理厂扩建工程", "城南", (12, 23))]
    return Document(doc="x.txt", text="x" * 30, entities=ents, relations=rels)


def test_dropping_an_entity_takes_its_relations_and_nothing_else():
    doc = _doc()
    task = doc.entities[1]
    pf.drop_entities(doc, [task])
    assert [e.name for e in doc.entities] == ["县住建局", "城南污水处理厂扩建工程", "城南"]
    assert [(r.type, r.head, r.tail) for r in doc.relations] == [
        (RelationType.responsibleFor, "县住建局", "城南污水处理厂扩建工程"),
        (RelationType.deadline, "城南污水处理厂扩建工程", "年底"),
        (RelationType.locatedIn, "城南污水处理厂扩建工程", "城南")]


def test_a_model_that_scores_a_task_low_drops_it_with_its_relations():
    doc = _doc()
    model = pf.Model(bias=2.0, weights={"kind=task": -5.0}, threshold=0.5)
    pf.filter_projects(doc, model)
    assert {e.name for e in doc.entities if e.type == EntityType.Project} == {"城南污水处理厂扩建工程"}
    assert all("宣传推广" not in (r.head, r.tail) for r in doc.relations)
    assert len(doc.relations) == 3


def test_labels_are_the_metrics_one_to_one_matching():
    doc = _doc()
    doc.entities.append(Entity(EntityType.Project, "污水处理厂扩建工程", kind="project"))  # a second, lenient reading
    doc.entities.append(Entity(EntityType.Project, "XX园区", kind="project"))
    gold = {"entities": [{"type": "Project", "name": "城南污水处理厂扩建工程", "masked": False},
                         {"type": "Project", "name": "XX园区", "masked": True},
                         {"type": "Project", "name": "数字乡村试点", "masked": False}]}
    labels = tpf.project_labels(doc, gold)
    # 宣传推广: no gold; the full name: exact; its shorter reading: the gold is taken; XX园区: masked
    assert labels == [0, 1, 0, None]
    pred = [e.to_json() for e in doc.entities]
    assert labels.count(1) == score_entities(pred, gold["entities"], EntityType.Project).tp


@pytest.fixture(scope="module")
def fresh_doc():
    text = ("二、重点任务\n（一）加快实施遵义市新蒲新区智慧物流园建设项目，由市发展改革委负责，2025年6月底前完成主体工程。\n"
            "（二）做好宣传推广，由市委宣传部负责。\n")
    return extract(make_document(text, year=2025))


def test_features_describe_shape_not_the_name(fresh_doc):
    projects = [e for e in fresh_doc.entities if e.type == EntityType.Project]
    assert projects
    for e in projects:
        feats = pf.project_features(fresh_doc, e)
        assert feats[0] == "bias" and f"kind={e.kind}" in feats
        assert not any(f.endswith("=" + e.name) for f in feats if len(e.name) > 2), feats
        assert pf.project_features(fresh_doc, e) == feats


def test_training_is_deterministic_and_learns_the_sign():
    def item(rows):
        it = tpf.Item("dev", "t.txt", Document(doc="t.txt", text=""), {})
        it.features = [f for f, _y in rows]
        it.labels = [y for _f, y in rows]
        return it

    rows = [(["bias", "head_facility"], 1)] * 6 + [(["bias", "head_abstract"], 0)] * 6 + [(["bias", "rare"], 1)]
    a, b = tpf.train([item(rows)]), tpf.train([item(rows)])
    assert a == b
    bias, w = a
    assert w["head_facility"] > 0 > w["head_abstract"]
    assert "rare" not in w  # seen once: no weight of its own (MIN_COUNT)
