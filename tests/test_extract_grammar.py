"""The grammar on sentences written for these tests (not taken from the dev documents)."""
from __future__ import annotations

import datetime as dt

import pytest

from kg.documents import make_document
from kg.extract import extract
from kg.extract.times import find_times


def run(text: str, year: int = 2024):
    return extract(make_document(text, year=year))


def names(doc, etype):
    return {e.name for e in doc.entities if e.type == etype}


def rels(doc, rtype):
    return {(r.head, r.tail) for r in doc.relations if r.type == rtype}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("市住建局要抓好老城区供水管网改造工程。", {"市住建局"}),
        ("县委宣传部、县委组织部要加强督导。", {"县委宣传部", "县委组织部"}),
        ("福州市工业和信息化局牵头制定方案。", {"福州市工业和信息化局"}),
        ("区委、区政府高度重视。", {"区委", "区政府"}),
        ("省委省政府作出部署。", {"省委", "省政府"}),
        ("各部门、相关单位要主动作为，牵头部门要负总责。", set()),
        ("干部队伍建设全部完成，局面稳定。", set()),
        ("区委书记和区长出席会议。", set()),
        # a verb of the body's own wording (投资促进局); the same verb before a name is no part of it
        ("由贵州省投资促进局牵头，市就业局配合。", {"贵州省投资促进局", "市就业局"}),
        ("积极协调银行加大信贷投放，促进就业局面稳定。", set()),
        # a reform-era name joins two functions with 和; a verb before a name is not part of it
        ("区生态环境分局要会同区水利和湖泊局做好河道治理。", {"区生态环境分局", "区水利和湖泊局"}),
        ("我代表县人民政府向大会报告工作。", {"县人民政府"}),
        # a document's name that runs into the body after it (a signature line that lost its break)
        ("附件：重点任务清单贵阳市发展和改革委员会2025年3月1日", {"贵阳市发展和改革委员会"}),
        ("县规划局、市城乡规划设计研究院负责。", {"县规划局"}),
        ("会议听取了落实区时的工作要求和区委部署情况的汇报。", {"区委"}),
    ],
)
def test_departments(text, expected):
    assert names(run(text), "Department") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("深入推进“放管服”改革，全面推行林长制。", {"放管服改革", "林长制"}),
        ("认真落实《成都市城市更新条例》。", {"成都市城市更新条例"}),
        ("严格执行“三重一大”制度，坚决做到“两个维护”。", {"三重一大制度"}),
        ("建立长效机制，完善工作机制。", set()),
        ("扎实开展扫黑除恶专项斗争。", {"扫黑除恶专项斗争"}),
        # a quoted core, a few name words, then its type word
        ("开展“比学赶超”专项督查，实行“红黄绿”三色督办。", {"比学赶超专项督查", "红黄绿三色督办"}),
        ("建立“周调度、月通报”联动机制。", {"周调度、月通报联动机制"}),
        # how a service is done is a slogan; a reform of how it is done is an instrument
        ("实现高频事项“掌上办”“指尖办”，推行“跨省通办”。", {"跨省通办"}),
    ],
)
def test_policies(text, expected):
    assert names(run(text), "Policy") == expected


@pytest.mark.parametrize(
    "text, present, absent",
    [
        ("加快建设合肥滨湖科学城创新园项目。", {"合肥滨湖科学城创新园项目"}, set()),
        ("城东污水处理厂年内建成投入使用。", {"城东污水处理厂"}, set()),
        ("要推进一批重点项目和民生工程。", set(), {"重点项目", "民生工程"}),
    ],
)
def test_projects(text, present, absent):
    found = names(run(text), "Project")
    assert present <= found and not (absent & found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("实施岷江系统治理，整治沿河排污口。", {"岷江"}),
        ("在呼和浩特市新城区召开现场会。", {"呼和浩特市", "新城区"}),
        ("全区上下要把握思路，城区和农村同步推进。", set()),
        # bare names from the gazetteer of administrative divisions, other provinces
        ("支持正定县、滦平县与承德共建物流通道，对接合肥和赤峰。", {"正定县", "滦平县", "承德", "合肥", "赤峰"}),
        ("要保持社会长治久安，让群众来宾馆办事更方便。", set()),
    ],
)
def test_places(text, expected):
    assert names(run(text), "Place") >= expected
    if not expected:
        assert names(run(text), "Place") == set()


def test_assignment_deadline_and_place_in_one_sentence():
    doc = run("市住建局要在6月底前完成城东污水处理厂改扩建工程。")
    project = "城东污水处理厂改扩建工程"
    assert rels(doc, "responsibleFor") == {("市住建局", project)}
    deadline = [r for r in doc.relations if r.type == "deadline"]
    assert [(r.head, r.tail, r.date) for r in deadline] == [(project, "6月底", "2024-06-30")]


def test_led_by_and_inline_task_fields():
    text = ("1.建设全市统一的政务数据共享平台。（牵头单位：市大数据局；责任单位：市财政局、市网信办；"
            "完成时限：2025年6月底前）")
    doc = run(text, year=2025)
    owners = {h for h, t in rels(doc, "responsibleFor")}
    assert owners == {"市大数据局", "市财政局", "市网信办"}
    assert {(r.tail, r.date) for r in doc.relations if r.type == "deadline"} == {("2025年6月底", "2025-06-30")}


def test_flattened_task_table():
    text = "\n\n".join(["附表", "序号", "具体工作", "时间进度", "责任部门", "1", "编制年度碳排放清单", "年内完成",
                       "生态环境局、统计局", "2", "推进绿色建筑规模化发展", "全年推进", "住建局"])
    doc = run(text, year=2026)
    assert ("生态环境局", "年度碳排放清单") in rels(doc, "responsibleFor")
    assert ("统计局", "年度碳排放清单") in rels(doc, "responsibleFor")
    assert {(r.head, r.tail, r.date) for r in doc.relations if r.type == "deadline"} == {("年度碳排放清单", "年内", "2026-12-31")}


def test_issued_by_and_located_in():
    doc = run("近日，自治区人民政府办公厅印发了《内蒙古自治区数字经济发展规划》。包头市稀土高新区管委会位于包头市。")
    assert rels(doc, "issuedBy") == {("内蒙古自治区数字经济发展规划", "自治区人民政府办公厅")}
    assert ("包头市稀土高新区管委会", "包头市") in rels(doc, "locatedIn")


@pytest.mark.parametrize("text, issuer", [
    ("市政府于3月5日印发《关于支持民营经济发展的若干措施》。", "市政府"),
    ("省住房和城乡建设厅近日联合印发了《城镇老旧小区改造技术导则》。", "省住房和城乡建设厅"),
    ("县财政局2023年印发《乡村振兴专项资金管理办法》。", "县财政局"),
])
def test_a_time_or_adverb_between_issuer_and_verb(text, issuer):
    assert {t for _, t in rels(run(text), "issuedBy")} == {issuer}


def test_a_document_due_to_be_issued_has_its_deadline():
    doc = run("县农业农村局要在2月10日前印发《全县春耕生产工作方案》。省政府于7月21日印发《农田水利条例》。")
    assert {(r.head, r.date) for r in doc.relations if r.type == "deadline"} == {("全县春耕生产工作方案", "2024-02-10")}


def test_past_dates_are_not_deadlines():
    doc = run("3月5日，市发改委召开了专题会议。该厂已于去年底建成投产。")
    assert not [r for r in doc.relations if r.type == "deadline"]


@pytest.mark.parametrize(
    "text, base, label, date",
    [
        ("确保5月底前完成", 2023, "5月底", "2023-05-31"),
        ("9月上旬", 2023, "9月上旬", "2023-09-10"),
        ("9月中旬", 2023, "9月中旬", "2023-09-20"),
        ("年内", 2023, "年内", "2023-12-31"),
        ("今冬", 2023, "今冬", "2023-12-31"),
        ("明年初", 2023, "明年初", "2024-01-31"),
        ("明年冬天", 2023, "明年冬天", "2024-12-31"),
        ("明年开春", 2023, "明年开春", "2024-03-31"),
        ("本周内", 2023, "本周内", None),
        # seasons of the work whose day the text does not fix: a deadline, no date
        ("汛前", 2023, "汛前", None),
        ("封冻前", 2023, "封冻", None),
        ("入冬前", 2023, "入冬", None),
        ("节前", 2020, "节前", None),
        ("二季度末", 2024, "二季度末", "2024-06-30"),
        ("2024年2月底前", 2023, "2024年2月底", "2024-02-29"),
        ("9月1日至11月30日", 2017, "9月1日至11月30日", "2017-11-30"),
        ("下半年", 2022, "下半年", "2022-12-31"),
        ("年内", None, "年内", None),
        # numerals past 十二, in Chinese (cn2an) as in Arabic
        ("6月二十日前", 2023, "6月二十日", "2023-06-20"),
        ("10月中下旬", 2023, "10月中下旬", "2023-10-31"),
        ("12月三十一日前", 2023, "12月三十一日", "2023-12-31"),
        ("十二月二十日至二十五日", 2023, "十二月二十日至二十五日", "2023-12-25"),
        ("十一月底前", 2023, "十一月底", "2023-11-30"),
        ("二〇二五年底前", 2023, "二〇二五年底", "2025-12-31"),
        ("6月31日前", 2023, "6月31日", "2023-06-30"),  # the last day of a shorter month
        ("6月三十九日前", 2023, "6月三十九日", None),  # no such day
        # relative to the document's base date: this text states none
        ("十五日前", 2023, "十五日", None),
        ("月底前", 2023, "月底", None),
        ("两周内", 2023, "两周内", None),
        ("力争3年内", 2023, "3年内", None),  # years counted from a date: not 年内 of 2023
        # a stated year with a season or the start of the year
        ("2025年秋季", 2023, "2025年秋季", "2025-11-30"),
        ("二〇二六年初", 2023, "二〇二六年初", "2026-01-31"),
        ("2024年内", 2023, "2024年内", "2024-12-31"),
    ],
)
def test_time_resolution(text, base, label, date):
    t = find_times(text, base)[0]
    assert (t.label, t.date) == (label, date)


@pytest.mark.parametrize(
    "text, base_date, label, date",
    [
        ("十五日前", dt.date(2023, 4, 19), "十五日", "2023-05-15"),  # the 15th of this month is past
        ("十五日前", dt.date(2023, 4, 10), "十五日", "2023-04-15"),
        ("15日前", dt.date(2023, 4, 15), "15日", "2023-04-15"),
        ("二十日前", dt.date(2023, 12, 25), "二十日", "2024-01-20"),
        ("三十一日前", dt.date(2023, 4, 19), "三十一日", "2023-04-30"),
        ("月底前", dt.date(2024, 2, 3), "月底", "2024-02-29"),
        ("本月底", dt.date(2023, 4, 19), "本月底", "2023-04-30"),
        ("当月底前", dt.date(2023, 4, 19), "当月底", "2023-04-30"),
        ("两周内", dt.date(2023, 4, 19), "两周内", "2023-05-03"),
        ("十五日内", dt.date(2023, 12, 20), "十五日内", "2024-01-04"),
        ("10天内", dt.date(2023, 4, 19), "10天内", "2023-04-29"),
        ("3个月内", dt.date(2023, 11, 30), "3个月内", "2024-02-29"),
        ("一个月内", dt.date(2023, 1, 31), "一个月内", "2023-02-28"),
        ("10个工作日内", dt.date(2023, 4, 19), "10个工作日内", None),  # public holidays are not known
        ("3年内", dt.date(2023, 4, 19), "3年内", "2026-04-19"),
        ("两年内", dt.date(2024, 2, 29), "两年内", "2026-02-28"),
        ("十年以内", dt.date(2024, 6, 1), "十年以内", "2034-06-01"),
    ],
)
def test_relative_time_resolution(text, base_date, label, date):
    t = find_times(text, base_date.year, base_date=base_date)[0]
    assert (t.label, t.date) == (label, date)


def test_a_base_date_outside_the_resolution_year_is_not_used():
    assert find_times("十五日前", 2024, base_date=dt.date(2023, 4, 19))[0].date is None


@pytest.mark.parametrize("text", ["每月10日前", "每月10日内", "每月底前", "上月底"])
def test_recurring_and_past_month_forms_are_not_deadlines(text):
    assert find_times(text, 2023, base_date=dt.date(2023, 4, 19)) == []


@pytest.mark.parametrize("signature, date", [("\n\n2023年4月19日\n", "2023-05-15"), ("", None)])
def test_the_base_date_is_the_date_the_document_states(signature, date):
    text = f"关于污水处理的通知\n\n市住建局要在十五日前完成城东污水处理厂改扩建工程。{signature}"
    doc = run(text, year=2023)
    assert [(r.head, r.tail, r.date) for r in doc.relations if r.type == "deadline"] == [
        ("城东污水处理厂改扩建工程", "十五日", date)]


def test_a_plan_from_another_province_end_to_end():
    """A task-division notice written for this test in the style of the held-out plans
    (tests/data/heldout_style/chengdu_plan.txt); every expectation was written by hand."""
    from tests.conftest import ROOT

    text = (ROOT / "tests" / "data" / "heldout_style" / "chengdu_plan.txt").read_text(encoding="utf-8")
    doc = run(text, year=2024)
    depts = names(doc, "Department")
    assert {"成都市人民政府办公厅", "市政务服务管理和网络理政办", "市发展改革委", "市经信局", "天府新区管委会",
            "市住建局", "市规划和自然资源局", "龙泉驿区政府", "市交通运输局"} <= depts
    assert not {d for d in depts if d.endswith("县人民政府")}  # 各区（市）县人民政府 is generic
    owners = rels(doc, "responsibleFor")
    assert {("市政务服务管理和网络理政办", "一网通办"), ("市经信局", "一网通办"),
            ("天府新区管委会", "天府新区企业服务中心"), ("市规划和自然资源局", "天府新区企业服务中心"),
            ("市住建局", "东安湖体育公园配套道路工程"), ("龙泉驿区政府", "东安湖体育公园配套道路工程"),
            ("市交通运输局", "成都天府国际机场二期扩建工程")} <= owners
    due = {(r.head, r.date) for r in doc.relations if r.type == "deadline"}
    assert {("一网通办", "2024-06-30"), ("天府新区企业服务中心", "2024-12-31"),
            ("东安湖体育公园配套道路工程", "2024-09-30"), ("成都天府国际机场二期扩建工程", "2025-03-31")} <= due
    issued = rels(doc, "issuedBy")
    assert ("成都市2024年优化营商环境重点任务分工方案", "成都市人民政府办公厅") in issued
    assert ("成都市2024年优化营商环境重点任务分工方案", "市政府") in issued
    assert ("龙泉驿区政府", "龙泉驿区") in rels(doc, "locatedIn")


def test_a_quotation_closed_by_an_ascii_mark_is_one_quotation():
    doc = run('市审批服务局要形成新的“一件事"清单（5月底前完成）。')
    assert '“一件事”清单' in doc.text
    assert "一件事清单" in names(doc, "Project")



def test_what_a_clause_waits_for_does_not_take_the_sentence_deadline():
    # Ningxia: the plan must be approved first; 年内 and 明年 date the work, not the plan
    doc = run("《滨河新区控制性详细规划》批复后要立即行动，年内完成征地拆迁，明年6月底前全面开工。")
    due = {h for h, _t in rels(doc, "deadline")}
    assert "滨河新区控制性详细规划" not in due, due


@pytest.mark.parametrize("text, item, due", [
    # Jiangsu, Henan: a clause that only completes dates the work item of the clause before it
    ("各县（市、区）要抓好小型水库除险加固，汛期前全部完成。", "小型水库除险加固", "汛期"),
    ("县住建局要抓好背街小巷改造，10月底前全面完成。", "背街小巷改造", "10月底"),
])
def test_a_clause_that_only_completes_dates_the_work_before_it(text, item, due):
    assert (item, due) in rels(run(text), "deadline")


def test_the_tasks_of_an_act_date_the_project_before_them():
    # Hunan: 年底前完成全部改造任务 dates the project of the sentence, it names no item
    doc = run("加快实施城区供水管网改造工程，年底前完成全部改造任务。")
    assert ("城区供水管网改造工程", "年底") in rels(doc, "deadline"), rels(doc, "deadline")
    assert not any(e.name.endswith("改造任务") for e in doc.entities)


def test_the_work_item_a_deadline_names_belongs_to_the_body_of_its_sentence():
    # Henan: the body of the sentence owns the item its deadline clause names
    doc = run("县住建局要抓好背街小巷改造，10月底前全面完成。")
    assert ("县住建局", "背街小巷改造") in rels(doc, "responsibleFor"), rels(doc, "responsibleFor")


def test_a_batch_of_the_work_dates_the_project():
    # Sichuan: 完成首批改造 is a batch of the project, whose deadline it gives
    doc = run("区住建局负责青羊区老旧小区改造项目，2024年6月底前完成首批改造。")
    assert ("青羊区老旧小区改造项目", "2024年6月底") in rels(doc, "deadline"), rels(doc, "deadline")
    assert not any(e.name == "首批改造" for e in doc.entities)
