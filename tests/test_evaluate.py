"""`kg eval` on small hand-made cases whose P/R/F1 are worked out by hand."""
from __future__ import annotations

import pytest

from kg.evaluate import PRF, Report, evaluate, lenient_match, score_document, time_match


def ent(t, name, masked=False, aliases=()):
    return {"type": t, "name": name, "masked": masked, "aliases": list(aliases)}


def rel(t, head, tail, date=None):
    return {"type": t, "head": head, "tail": tail, "date": date, "evidence": ""}


@pytest.mark.parametrize(
    "pred, gold, ok",
    [
        ("能源局", ["能源局"], True),
        ("“三纠三促”专项行动", ["三纠三促专项行动"], True),  # quotes stripped
        ("《重大项目并联审批实施意见》", ["重大项目并联审批实施意见"], True),
        ("河湖长＋管理模式", ["河湖长+管理模式"], True),  # full-width plus
        ("国家发改委", ["国家发展改革委", "国家发改委"], True),  # alias
        ("泺口片区二期", ["泺口片区二期项目"], True),  # 6 of 8: contained, at least half
        ("片区", ["泺口片区二期项目"], False),  # contained but under half
        ("省纪委", ["区纪委"], False),
        ("关于印发<高层建筑方案>的通知", ["关于印发高层建筑方案的通知"], False),  # <> not stripped
    ],
)
def test_lenient_name_match(pred, gold, ok):
    assert lenient_match(pred, gold) is ok


@pytest.mark.parametrize("pred, gold, ok", [("5月底前", "5月底", True), ("9月上旬", "在9月上旬", True), ("年内", "明年初", False)])
def test_time_match(pred, gold, ok):
    assert time_match(pred, gold) is ok


def test_entity_scores_exact_before_lenient_and_masked_ignored():
    gold = {"entities": [ent("Department", "能源局"), ent("Department", "国家能源局"), ent("Place", "城*区", masked=True),
                         ent("Project", "北苑热源厂"), ent("Policy", "河长制")], "relations": []}
    pred = {"doc": "d", "entities": [
        ent("Department", "国家能源局"),  # exact with 国家能源局, although 能源局 is contained and earlier
        ent("Department", "能源局"),  # exact
        ent("Department", "区纪委"),  # FP
        ent("Place", "城*区"),  # matches a masked gold: neither TP nor FP
        ent("Project", "北苑热源"),  # lenient
        ent("Policy", "河长"),  # lenient (2 of 3)
    ], "relations": []}
    report = Report()
    score_document(pred, gold, report)
    d = report.entities["Department"]
    assert (d.tp, d.fp, d.fn) == (2, 1, 0)
    p = report.entities["Place"]
    assert (p.tp, p.fp, p.fn) == (0, 0, 0)
    core = report.core
    assert (core.tp, core.fp, core.fn) == (4, 1, 0)
    assert core.precision == pytest.approx(0.8) and core.recall == 1.0 and core.f1 == pytest.approx(8 / 9)


def test_relation_scores_with_aliases_deadline_text_and_masked_gold():
    gold = {"entities": [ent("Department", "国家发展改革委", aliases=["国家发改委"]), ent("Project", "新能源微电网示范项目"),
                         ent("Project", "路网建设"), ent("Policy", "**市城市总体规划", masked=True), ent("Department", "省政府")],
            "relations": [rel("responsibleFor", "国家发展改革委", "新能源微电网示范项目"),
                          rel("deadline", "路网建设", "年内", "2023-12-31"),
                          rel("deadline", "路网建设", "明年初", "2024-01-31"),
                          rel("issuedBy", "**市城市总体规划", "省政府")]}
    pred = {"doc": "d", "entities": [], "relations": [
        rel("responsibleFor", "国家发改委", "新能源微电网示范项目"),  # head via alias: TP
        rel("deadline", "路网建设", "明年初前", "2024-01-31"),  # 前 stripped: TP, same date
        rel("deadline", "路网建设", "年内", "2023-12-30"),  # TP, different date
        rel("locatedIn", "路网建设", "东洞滩"),  # FP
        rel("issuedBy", "**市城市总体规划", "省政府"),  # masked: left out on both sides
    ]}
    report = evaluate([pred], {"d": gold})
    assert (report.relations["responsibleFor"].tp, report.relations["responsibleFor"].fn) == (1, 0)
    dl = report.relations["deadline"]
    assert (dl.tp, dl.fp, dl.fn) == (2, 0, 0)
    assert report.deadline_date_accuracy == 0.5
    tot = report.relations_total
    assert (tot.tp, tot.fp, tot.fn) == (3, 1, 0)
    assert report.relations["issuedBy"].fn == 0


def test_documents_without_gold_are_not_scored():
    report = evaluate([{"doc": "other.txt", "entities": [ent("Place", "兰州")], "relations": []}], {"d": {"entities": [], "relations": []}})
    assert report.documents == 0 and report.unscored == ["other.txt"] and report.core.fp == 0


def test_prf_zero_division():
    assert (PRF().precision, PRF().recall, PRF().f1) == (0.0, 0.0, 0.0)


def test_per_document_rows_sum_to_the_total():
    """Each scored document keeps its own counts; the totals are their sums (micro average)."""
    gold_a = {"entities": [ent("Department", "能源局"), ent("Project", "北苑热源厂")],
              "relations": [rel("responsibleFor", "能源局", "北苑热源厂")]}
    gold_b = {"entities": [ent("Place", "湟水河")], "relations": []}
    pred_a = {"doc": "a", "entities": [ent("Department", "能源局"), ent("Project", "北苑热源厂")],
              "relations": [rel("responsibleFor", "能源局", "北苑热源厂")]}
    pred_b = {"doc": "b", "entities": [ent("Place", "黄河")], "relations": [rel("locatedIn", "黄河", "湟水河")]}
    report = evaluate([pred_a, pred_b], {"a": gold_a, "b": gold_b})
    a, b = report.per_document["a"], report.per_document["b"]
    assert (a.core.tp, a.core.fp, a.core.fn) == (2, 0, 0) and a.relations_total.f1 == 1.0
    assert (b.core.tp, b.core.fp, b.core.fn) == (0, 1, 1) and (b.relations_total.tp, b.relations_total.fp) == (0, 1)
    assert (report.core.tp, report.core.fp, report.core.fn) == (2, 1, 1)
    rows = report.per_document_text().splitlines()
    assert len(rows) == 3 and rows[1].startswith("a ") and rows[2].startswith("b ")
    assert set(report.to_json()["per_document"]) == {"a", "b"}
