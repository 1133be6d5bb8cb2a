"""Small hand-made graphs for the RDF, SHACL and export tests.

Documents are built from `kg.model` records with spans computed from their text, so every
expected value (names, evidence, offsets) is known here and not copied from the extractor.
Names include quotes, backslashes, newlines, book-title marks and emoji.
"""
from __future__ import annotations

import networkx as nx

from kg.graph import GraphBuilder
from kg.model import Document, Entity, Relation
from kg.vocab import EntityType, RelationType

# Names that break naive writers: quotes, a backslash, a newline, 《》, emoji, a tab.
TRICKY_NAMES = {
    "dept": '国家"发展改革"委',
    "policy": "《关于推进\\改革的意见》",
    "project": "智慧城市\n建设项目🚀",
    "place": "上海市😀新区",
    "org": "上海'数据'集团\t有限公司",
}


def _span(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    i = text.index(needle, start)
    return i, i + len(needle)


def _sentence(text: str, needle: str) -> tuple[int, int]:
    """The sentence (ending in 。) that contains needle: the evidence span."""
    i = text.index(needle)
    start = max(text.rfind("。", 0, i), text.rfind("\n\n", 0, i)) + 1
    end = text.index("。", i) + 1
    return start, end


def tricky_document() -> Document:
    n = TRICKY_NAMES
    text = (
        f"{n['dept']}负责{n['project']}，确保在2023年9月10日前完成。"
        f"{n['policy']}由国务院印发，年内全面落实。"
        f"{n['project']}位于{n['place']}。"
        f"{n['org']}参与{n['project']}。"
    )
    doc = Document(doc="tricky \"one\".txt", text=text, doc_id="00000000000000aa", title="关于“智慧城市”的讲话\\n", year=2023)
    doc.entities = [
        Entity(EntityType.Department, n["dept"], aliases=["发改委"], mentions=[_span(text, n["dept"])]),
        Entity(EntityType.Project, n["project"], kind="project", mentions=[_span(text, n["project"])]),
        Entity(EntityType.Policy, n["policy"], mentions=[_span(text, n["policy"])]),
        Entity(EntityType.Department, "国务院", mentions=[_span(text, "国务院")]),
        Entity(EntityType.Place, n["place"], mentions=[_span(text, n["place"])]),
        Entity(EntityType.Organization, n["org"], mentions=[_span(text, n["org"])]),
    ]
    doc.relations = [
        Relation(RelationType.responsibleFor, n["dept"], n["project"], _sentence(text, "负责")),
        Relation(RelationType.deadline, n["project"], "2023年9月10日前", _sentence(text, "2023年9月10日前"), date="2023-09-10"),
        Relation(RelationType.issuedBy, n["policy"], "国务院", _sentence(text, "印发")),
        Relation(RelationType.deadline, n["policy"], "年内", _sentence(text, "年内"), date=None),
        Relation(RelationType.locatedIn, n["project"], n["place"], _sentence(text, "位于")),
        Relation(RelationType.responsibleFor, n["org"], n["project"], _sentence(text, "参与")),
    ]
    return doc


def second_document() -> Document:
    """Restates one fact of the first (two assertions on one edge) and adds a masked body."""
    n = TRICKY_NAMES
    text = f"{n['dept']}负责{n['project']}。XX局负责信访工作，9月上旬前完成。"
    doc = Document(doc="second.txt", text=text, doc_id="00000000000000bb", title=None, year=None)
    doc.entities = [
        Entity(EntityType.Department, n["dept"], mentions=[_span(text, n["dept"])]),
        Entity(EntityType.Project, n["project"], mentions=[_span(text, n["project"])]),
        Entity(EntityType.Department, "XX局", masked=True, mentions=[_span(text, "XX局")]),
        Entity(EntityType.Project, "信访工作", kind="task", mentions=[_span(text, "信访工作")]),
    ]
    doc.relations = [
        Relation(RelationType.responsibleFor, n["dept"], n["project"], _sentence(text, "负责")),
        Relation(RelationType.responsibleFor, "XX局", "信访工作", _sentence(text, "XX局")),
        Relation(RelationType.deadline, "信访工作", "9月上旬前", _sentence(text, "9月上旬前"), date="2023-09-10"),
    ]
    return doc


def documents() -> list[Document]:
    return [tricky_document(), second_document()]


def tricky_graph() -> nx.MultiDiGraph:
    builder = GraphBuilder()
    for doc in documents():
        builder.add(doc)
    return builder.graph


def write_documents(out_dir) -> None:
    """The per-document records `kg build` writes, so the evidence check has texts to read."""
    from kg.graph import write_json_atomic

    out_dir.mkdir(parents=True, exist_ok=True)
    for i, doc in enumerate(documents()):
        write_json_atomic(out_dir / f"doc{i}.json", doc.to_json())



def synthetic_documents(n_docs: int, facts_per_doc: int) -> list[Document]:
    """Deterministic documents of `facts_per_doc` sentences, each stating responsibleFor,
    locatedIn and deadline facts, for benchmarks (a realistic mix of nodes, edges and assertions)."""
    docs = []
    for d in range(n_docs):
        parts, entities, relations = [], {}, []
        offset = 0
        for i in range(facts_per_doc):
            dept, project, place = f"第{d}区第{i % 7}局", f"第{d}号{i}工程项目", f"第{i % 11}街道"
            sentence = f"{dept}负责{project}，项目位于{place}，{i % 12 + 1}月底前完成。"
            for name, etype in ((dept, EntityType.Department), (project, EntityType.Project), (place, EntityType.Place)):
                start = offset + sentence.index(name)
                entities.setdefault(name, Entity(etype, name)).mentions.append((start, start + len(name)))
            span = (offset, offset + len(sentence))
            relations += [
                Relation(RelationType.responsibleFor, dept, project, span),
                Relation(RelationType.locatedIn, project, place, span),
                Relation(RelationType.deadline, project, f"{i % 12 + 1}月底前", span, date=f"2023-{i % 12 + 1:02d}-28"),
            ]
            parts.append(sentence)
            offset += len(sentence)
        doc = Document(doc=f"synthetic-{d}.txt", text="".join(parts), doc_id=f"{d:016x}", title=f"第{d}号文件", year=2023)
        doc.entities, doc.relations = list(entities.values()), relations
        docs.append(doc)
    return docs
