"""Bare level names (区委, 市政府, 区住建局) are the bodies of their document's place: two districts'
区委 are two nodes, while 国务院 and 国家发改委 are one node across documents (kg/scope.py)."""
from __future__ import annotations

import json

import pytest

from kg.extract import extract
from kg.graph import build_graph, entity_id, node_documents, to_json
from kg.model import Document, Entity
from kg.scope import GLOBAL, Scope, document_places, full_places, name_level, needs_scope, scope_of
from kg.vocab import EntityType

DEPT, ORG, PLACE = EntityType.Department, EntityType.Organization, EntityType.Place

# Two fresh notices of two districts of two cities, and a speech that names no place.
WUHOU = """成都市武侯区人民政府关于推进老旧小区改造工作的通知

各街道办事处，区级各部门：
为落实市政府关于城市更新的部署，经区委、区政府同意，现将有关事项通知如下。
一、区住建局负责武侯区老旧小区改造项目，2024年6月底前完成首批改造。
二、区委要加强统筹，武侯区各街道配合推进。国务院和国家发改委的有关要求要不折不扣落实。
成都市武侯区人民政府
2024年3月1日
"""
XIHU = """杭州市西湖区人民政府关于加快数字经济发展的实施意见

各镇人民政府、街道办事处，区政府各部门：
根据市政府工作安排，经区委、区政府研究，现提出以下意见。
一、区经信局负责西湖区数字经济产业园建设，2024年9月底前投入使用。
二、区委要统筹推进，西湖区各街道抓好落实。要认真贯彻国务院和国家发改委的部署要求。
杭州市西湖区人民政府
2024年4月2日
"""
NOWHERE = """同志们：
今天召开全区工作会议，区委、区政府高度重视。区住建局负责老旧小区改造项目，年底前完成。国务院的要求要落实到位。
"""


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    from kg.documents import load_document

    folder = tmp_path_factory.mktemp("fresh")
    docs = []
    for name, text in (("wuhou.txt", WUHOU), ("xihu.txt", XIHU), ("nowhere.txt", NOWHERE)):
        (folder / name).write_text(text, encoding="utf-8")
        docs.append(extract(load_document(folder / name)))
    return docs


@pytest.fixture(scope="module")
def graph(fresh):
    return build_graph(fresh)


def nodes_named(g, name, etype=DEPT):
    return sorted((n for n, a in g.nodes(data=True) if a.get("name") == name and a["type"] == etype))


@pytest.mark.parametrize("name, places", [
    ("区委", {"wuhou.txt": "武侯区", "xihu.txt": "西湖区", "nowhere.txt": None}),
    # in wuhou.txt and xihu.txt 区政府 is the district government the notice names in full (see below)
    ("区政府", {"nowhere.txt": None}),
    ("市政府", {"wuhou.txt": "成都市", "xihu.txt": "杭州市"}),
    ("区住建局", {"wuhou.txt": "武侯区", "nowhere.txt": None}),
])
def test_a_bare_level_name_is_one_node_per_place(graph, name, places):
    found = {}
    for n in nodes_named(graph, name):
        (doc,) = node_documents(graph, n)  # one document each: nothing merged across places
        found[doc] = graph.nodes[n].get("place")
        assert graph.nodes[n]["name"] == name  # the display name stays the bare name
    assert found == places


@pytest.mark.parametrize("full", ["成都市武侯区人民政府", "杭州市西湖区人民政府"])
def test_a_bare_government_is_the_one_its_notice_names_in_full(graph, full):
    (node,) = nodes_named(graph, full)
    assert "区政府" in json.loads(graph.nodes[node]["aliases"]) if isinstance(graph.nodes[node]["aliases"], str) \
        else "区政府" in graph.nodes[node]["aliases"]


@pytest.mark.parametrize("name", ["国务院", "国家发改委"])
def test_a_national_body_is_one_node_across_documents(graph, name, fresh):
    (node,) = nodes_named(graph, name)
    expected = sorted(d.doc for d in fresh if name in d.text)
    assert node_documents(graph, node) == expected and len(expected) >= 2
    assert "place" not in graph.nodes[node]


def test_responsibility_of_a_bare_name_stays_with_its_own_place(graph):
    owned = {}
    for n in nodes_named(graph, "区住建局"):
        owned[graph.nodes[n].get("place")] = sorted(graph.nodes[t]["name"] for _, t, k in graph.out_edges(n, keys=True)
                                                     if k == "responsibleFor")
    assert owned == {"武侯区": ["武侯区老旧小区改造项目"], None: ["老旧小区改造项目"]}


def test_scoped_ids_are_ascii_readable_and_the_same_on_every_build(fresh, graph):
    ids = nodes_named(graph, "区委")
    assert all(i.isascii() for i in ids)
    assert any(i.startswith("department/qu-wei-wu-hou-qu-") for i in ids)
    again = build_graph([Document.from_json(json.loads(json.dumps(d.to_json()))) for d in fresh])
    assert to_json(again) == to_json(graph)  # also from records read back (incremental builds)


def test_the_per_document_records_are_unchanged_by_scoping(fresh):
    record = fresh[0].to_json()
    names = {n for e in record["entities"] if e["type"] == "Department" for n in [e["name"], *e.get("aliases", [])]}
    assert names >= {"区委", "区政府", "市政府"}
    assert all("place" not in e for e in record["entities"])


def doc_with(text: str, places: list[tuple[str, int]], title: str | None = None) -> Document:
    """A record whose Place entities are ``(name, how many mentions)``, mentioned mid-text."""
    ents = [Entity(PLACE, name, mentions=[(500 + 10 * k, 502 + 10 * k) for k in range(n)]) for name, n in places]
    return Document(doc="x.txt", text=text, doc_id="d0", title=title, entities=ents)


LONG = "。" * 2000


@pytest.mark.parametrize("places, title, expected", [
    # the most named division of each level; short forms as full names (兰州 → 兰州市)
    ([("城关区", 30), ("兰州", 16), ("甘肃", 3)], None, {"": "城关区", "区": "城关区", "市": "兰州市", "省": "甘肃省"}),
    # a division in the title comes first, however often another is named
    ([("合肥市", 13), ("安徽省", 10)], "安徽省推进开放的实施意见", {"": "安徽省", "省": "安徽省", "市": "合肥市"}),
    # named once, outside the title and the signature: not the document's place
    ([("张掖", 1), ("嘉峪关", 1)], None, {}),
    # rivers, regions and unknown 区 are no divisions; 自治区 is not 区
    ([("黄河", 9), ("北园区", 5), ("内蒙古", 2)], None, {"": "内蒙古自治区", "自治区": "内蒙古自治区"}),
])
def test_document_places(places, title, expected):
    assert document_places(doc_with(LONG, places, title)) == expected


@pytest.mark.parametrize("name, level", [
    ("区委", "区"), ("市政府", "市"), ("县发改局", "县"), ("省委办公厅", "省"), ("自治区政府", "自治区"),
    ("州委", "州"), ("街道办事处", "街道"), ("市场监管局", None), ("乡村振兴局", None), ("能源局", None),
])
def test_name_level(name, level):
    assert name_level(name) == level


@pytest.mark.parametrize("etype, name, scoped", [
    (DEPT, "区委", True), (DEPT, "省委办公厅", True), (DEPT, "能源局", True), (DEPT, "组织部", True),
    (DEPT, "国务院", False), (DEPT, "国家发改委", False), (DEPT, "中共中央", False), (DEPT, "党中央", False),
    (DEPT, "财政部", False), (DEPT, "住建部", False), (DEPT, "海关总署", False), (DEPT, "市场监管总局", False),
    (DEPT, "审计署", False), (DEPT, "全国政协", False),
    (DEPT, "上海市静安区发展和改革委员会", False), (DEPT, "合肥海关", False), (DEPT, "城关区委", False),
    (ORG, "区医院", True), (ORG, "海亮集团", False), (ORG, "国网龙岩供电公司", False),
    (PLACE, "城关区", False),
])
def test_which_names_depend_on_their_place(etype, name, scoped):
    assert needs_scope(etype, name) is scoped


@pytest.mark.parametrize("name, full", [
    ("兰州", ("兰州市",)), ("吉林", ("吉林市", "吉林省")), ("武侯区", ("武侯区",)), ("临汾路街道", ("临汾路街道",)),
    ("黄河", ()), ("京津冀", ()), ("北园区", ()),
])
def test_full_places(name, full):
    assert full_places(name) == full


def test_a_name_without_a_place_of_its_level_is_read_in_its_document():
    places = {"": "兰州市", "市": "兰州市"}
    assert scope_of(DEPT, "区委", places, "d0") == Scope(doc_id="d0")
    assert scope_of(DEPT, "市委", places, "d0") == Scope(place="兰州市")
    assert scope_of(DEPT, "能源局", places, "d0") == Scope(place="兰州市")
    assert scope_of(DEPT, "国务院", places, "d0") == GLOBAL


def test_the_scope_is_part_of_the_key_and_the_id():
    here, there = Scope(place="武侯区"), Scope(place="西湖区")
    assert entity_id(DEPT, "区委", "a", here) != entity_id(DEPT, "区委", "b", there)
    assert entity_id(DEPT, "区委", "a", here) == entity_id(DEPT, "区委", "b", here)
    assert entity_id(DEPT, "区委", "a", Scope(doc_id="a")) != entity_id(DEPT, "区委", "b", Scope(doc_id="b"))
    assert entity_id(DEPT, "区委", "a", here)[0] == "区委@武侯区"
