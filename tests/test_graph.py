"""Graph building: entity resolution across documents and deterministic, ASCII-safe ids."""
from __future__ import annotations

import json

import pytest

from kg.graph import build_graph, read_graph, to_json, write_graph
from kg.model import Document, Entity, Relation
from kg.resolve import canonical_key, node_id


def doc(name: str, text: str, entities: list[tuple[str, str]], relations=()) -> Document:
    ents = []
    for etype, ename in entities:
        i = text.find(ename)
        ents.append(Entity(type=etype, name=ename, masked="*" in ename, mentions=[(i, i + len(ename))] if i >= 0 else []))
    rels = [Relation(type=t, head=h, tail=tl, evidence=(0, len(text)), date=d) for t, h, tl, d in relations]
    return Document(doc=name, text=text, doc_id=name.replace(".", "-"), entities=ents, relations=rels)


def node_names(g, etype):
    return sorted(a["name"] for _, a in g.nodes(data=True) if a["type"] == etype)


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("国家发改委", "国家发展改革委", True),
        ("国家发改委", "国家发展和改革委员会", True),
        ("区纪委", "区纪委", True),
        ("区纪委", "省纪委", False),
        ("发改委", "国家发改委", False),  # levels disagree
        ("省纪委", "省纪委明察暗访组", False),
    ],
)
def test_department_keys(a, b, same):
    assert (canonical_key("Department", a) == canonical_key("Department", b)) is same


def test_same_entity_in_two_documents_is_one_node_with_both_documents():
    g = build_graph([
        doc("a.txt", "国家发改委批复了项目。区纪委开会。", [("Department", "国家发改委"), ("Department", "区纪委")]),
        doc("b.txt", "国家发展改革委印发通知。省纪委检查。", [("Department", "国家发展改革委"), ("Department", "省纪委")]),
    ])
    assert node_names(g, "Department") == ["区纪委", "国家发展改革委", "省纪委"]
    nid = next(n for n, a in g.nodes(data=True) if a["name"] == "国家发展改革委")
    assert g.nodes[nid]["aliases"] == ["国家发改委"]
    docs = sorted(g.nodes[d]["file"] for _, d, k in g.out_edges(nid, keys=True) if k == "mentionedIn")
    assert docs == ["a.txt", "b.txt"]


def test_masked_names_never_merge_across_documents():
    g = build_graph([doc("a.txt", "**区纪委", [("Department", "**区纪委")]), doc("b.txt", "**区纪委", [("Department", "**区纪委")])])
    assert node_names(g, "Department") == ["**区纪委", "**区纪委"]


def test_relation_evidence_from_two_documents_is_one_edge():
    # 国家能源局: a body of the whole country, so one node in both documents (a bare 能源局 is each
    # document's own, see tests/test_scope.py)
    text = "国家能源局要推进新能源微电网示范项目。"
    rels = [("responsibleFor", "国家能源局", "新能源微电网示范项目", None), ("deadline", "新能源微电网示范项目", "年内", "2023-12-31")]
    ents = [("Department", "国家能源局"), ("Project", "新能源微电网示范项目")]
    g = build_graph([doc("a.txt", text, ents, rels), doc("b.txt", text + "再说一遍。", ents, rels)])
    edges = [(u, v, k, a) for u, v, k, a in g.edges(keys=True, data=True) if k == "responsibleFor"]
    assert len(edges) == 1 and len(edges[0][3]["assertions"]) == 2
    assert {a["evidence"] for a in edges[0][3]["assertions"]} == {text, text + "再说一遍。"}
    times = [a for _, a in g.nodes(data=True) if a["type"] == "TimePoint"]
    assert times == [{"type": "TimePoint", "name": "2023-12-31", "date": "2023-12-31"}]  # only its date


def test_a_time_point_is_only_its_date_and_each_deadline_keeps_its_own_wording():
    text_a, text_b = "商务局年内完成专业市场搬迁。", "规划局今年年底前完成片区规划。"
    g = build_graph([
        doc("a.txt", text_a, [("Department", "商务局"), ("Project", "专业市场搬迁")],
            [("deadline", "专业市场搬迁", "年内", "2023-12-31")]),
        doc("b.txt", text_b, [("Department", "规划局"), ("Project", "片区规划")],
            [("deadline", "片区规划", "今年年底", "2023-12-31")]),
    ])
    assert g.nodes["timepoint/2023-12-31"] == {"type": "TimePoint", "name": "2023-12-31", "date": "2023-12-31"}
    wording = {g.nodes[u]["name"]: [x["time_text"] for x in a["assertions"]]
               for u, _, k, a in g.edges(keys=True, data=True) if k == "deadline"}
    assert wording == {"专业市场搬迁": ["年内"], "片区规划": ["今年年底"]}


def test_ids_are_ascii_deterministic_and_readable():
    nid = node_id("Department", canonical_key("Department", "国家发改委"))
    assert nid.isascii() and nid.startswith("department/guo-jia-fa-zhan-gai-ge-wei-yuan-hui-")
    assert nid == node_id("Department", canonical_key("Department", "国家发展改革委"))
    assert node_id("Place", "😀《》").isascii()


def test_graph_json_is_byte_identical_across_runs_and_round_trips(tmp_path, seed_documents):
    docs = list(seed_documents.values())
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    write_graph(build_graph(docs), a)
    write_graph(build_graph(list(reversed(docs))[::-1]), b)
    assert (a / "graph.json").read_bytes() == (b / "graph.json").read_bytes()
    again = read_graph(a)
    assert to_json(again) == json.loads((a / "graph.json").read_text(encoding="utf-8"))


def test_read_graph_errors_name_the_path(tmp_path):
    from kg.errors import GraphError

    with pytest.raises(GraphError, match="no graph.json"):
        read_graph(tmp_path)
    (tmp_path / "graph.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(GraphError, match="malformed"):
        read_graph(tmp_path)


# ---------------------------------------------------------------- one Document per file (issue 13.9)

SPEECH = "同志们：\n区政府分管领导和国家能源局要跟紧落实，确保在9月上旬完成评审。\n"


@pytest.mark.parametrize(
    "first, second, same_node",
    [
        (("a.txt", SPEECH), ("b.txt", SPEECH), False),  # same text, two files: two documents
        (("a.txt", SPEECH), ("a.txt", SPEECH + "补充。"), False),
        (("a.txt", SPEECH), ("a.txt", SPEECH), True),  # the same file read again (from any folder)
    ],
)
def test_one_document_node_per_file_with_its_content_hash(first, second, same_node):
    from kg.documents import make_document
    from kg.extract import extract

    docs = [extract(make_document(text, doc=name, year=2023)) for name, text in (first, second)]
    g = build_graph(docs)
    nodes = {n: a for n, a in g.nodes(data=True) if a["type"] == "Document"}
    files = [first[0]] if same_node else sorted([first[0], second[0]])
    assert sorted(a["file"] for a in nodes.values()) == files
    hashes = {a["content_hash"] for a in nodes.values()}
    assert (len(hashes) == 1) is (first[1] == second[1])
    energy = next(n for n, a in g.nodes(data=True) if a.get("name") == "国家能源局")
    mentioned_in = sorted(g.nodes[d]["file"] for _, d, k in g.out_edges(energy, keys=True) if k == "mentionedIn")
    assert mentioned_in == files


def test_document_ids_depend_on_name_and_text_only():
    from kg.documents import make_document

    a = make_document(SPEECH, doc="a.txt", path="/one/place/a.txt")
    again = make_document(SPEECH, doc="a.txt", path="elsewhere/a.txt", year=2020)
    other = make_document(SPEECH, doc="b.txt")
    assert a.doc_id == again.doc_id != other.doc_id
    assert a.content_hash == other.content_hash and len(a.content_hash) == 40
