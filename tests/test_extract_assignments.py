"""Who is responsible for what, by when: every layout of issue 10, on sentences written for these
tests in the style of plans from other provinces (none is taken from the dev documents).

Each case lists relations that must be found (type, head, tail) and some that must not."""
from __future__ import annotations

import pytest

from kg.documents import make_document
from kg.extract import extract

R, D = "responsibleFor", "deadline"


def triples(text: str, year: int = 2024) -> set[tuple[str, str, str]]:
    doc = extract(make_document(text, year=year))
    return {(r.type, r.head, r.tail) for r in doc.relations}


def dates(text: str, year: int = 2024) -> dict[tuple[str, str], str | None]:
    doc = extract(make_document(text, year=year))
    return {(r.head, r.tail): r.date for r in doc.relations if r.type == D}


CASES = [
    # trailing brackets after a sentence: lead and supporting units
    ("1.建设川南物流枢纽信息平台。推动多式联运数据互通。（省交通运输厅牵头，省发展改革委、成都海关配合）",
     {(R, "省交通运输厅", "川南物流枢纽信息平台"), (R, "省发展改革委", "川南物流枢纽信息平台"),
      (R, "成都海关", "川南物流枢纽信息平台")}, set()),
    ("3.编制全省冷链物流设施布局清单。（省商务厅牵头，省农业农村厅、省市场监管局按职责分工配合）",
     {(R, "省商务厅", "冷链物流设施布局清单"), (R, "省农业农村厅", "冷链物流设施布局清单"),
      (R, "省市场监管局", "冷链物流设施布局清单")}, set()),
    ("开展县域商业体系建设试点。（省商务厅负责）",
     {(R, "省商务厅", "县域商业体系建设试点")}, set()),
    ("建立跨境电商公共海外仓名录。（省商务厅、昆明海关负责）",
     {(R, "省商务厅", "跨境电商公共海外仓名录"), (R, "昆明海关", "跨境电商公共海外仓名录")}, set()),
    # labelled fields in one bracket, with a deadline
    ("5.建成全市社会信用信息共享平台二期。（牵头单位：市发展改革委；责任单位：市大数据局；配合单位：各县（市、区）人民政府；完成时限：2024年9月底前）",
     {(R, "市发展改革委", "社会信用信息共享平台二期"), (R, "市大数据局", "社会信用信息共享平台二期"),
      (D, "社会信用信息共享平台二期", "2024年9月底")},
     {(R, "各县（市、区）人民政府", "社会信用信息共享平台二期")}),
    # an item heading that states an aim (优化…) names no task
    ("6.优化口岸营商环境。编制通关时限压缩清单。（昆明海关负责）",
     {(R, "昆明海关", "通关时限压缩清单")}, {(R, "昆明海关", "优化口岸营商环境")}),
    # time first, then the unit to be assessed; 取得…成效并持续推进 still dates it
    ("12．完成不动产登记“一窗受理”改造。（6月底取得明显成效并持续推进，牵头考核单位：市自然资源局）",
     {(R, "市自然资源局", "不动产登记一窗受理改造"), (D, "不动产登记一窗受理改造", "6月底")}, set()),
    ("8．上线运行全市统一预约挂号系统。（持续推进，牵头考核单位：市卫健委）",
     {(R, "市卫健委", "统一预约挂号系统")}, {(D, "统一预约挂号系统", "持续推进")}),
    ("推进智慧停车管理系统建设。（责任单位：市城管局，完成时限：2024年12月）",
     {(R, "市城管局", "智慧停车管理系统"), (D, "智慧停车管理系统", "2024年12月")}, set()),
    # a bracket in the middle of an item binds only the text since the previous one
    ("2.拓展中越跨境贸易。编制中越边境口岸通关指南。（南宁海关负责）建设东兴边民互市交易平台。（区商务厅牵头，防城港市政府配合）",
     {(R, "南宁海关", "中越边境口岸通关指南"), (R, "区商务厅", "东兴边民互市交易平台"),
      (R, "防城港市政府", "东兴边民互市交易平台"), (R, "南宁海关", "拓展中越跨境贸易"),
      (R, "区商务厅", "拓展中越跨境贸易")},
     {(R, "南宁海关", "东兴边民互市交易平台"), (R, "区商务厅", "中越边境口岸通关指南")}),
    # labelled lines after an item
    ("（三）制定城镇燃气管道老化更新改造实施方案\n牵头单位：市住房城乡建设局\n配合单位：市应急管理局\n完成时限：2024年6月30日前",
     {(R, "市住房城乡建设局", "城镇燃气管道老化更新改造实施方案"), (R, "市应急管理局", "城镇燃气管道老化更新改造实施方案"),
      (D, "城镇燃气管道老化更新改造实施方案", "2024年6月30日")}, set()),
    # prose: 由X牵头，Y配合 / X会同Y / X要 / 请X / X牵头负责 / 责成X / 交由X
    ("由市水利局牵头，市财政局配合，年底前完成清水河堤防加固工程。",
     {(R, "市水利局", "清水河堤防加固工程"), (R, "市财政局", "清水河堤防加固工程"), (D, "清水河堤防加固工程", "年底")},
     set()),
    ("县交通运输局要会同市自然资源局抓紧推进乡村公路改造提升工程，确保10月底前完工。",
     {(R, "县交通运输局", "乡村公路改造提升工程"), (R, "市自然资源局", "乡村公路改造提升工程"),
      (D, "乡村公路改造提升工程", "10月底")}, set()),
    ("请市教育局牵头，于本学期内完成中小学校舍安全排查。",
     {(R, "市教育局", "中小学校舍安全排查")}, set()),
    ("市文化广电旅游局牵头负责赣南红色旅游精品线路项目，力争明年一季度开工。",
     {(R, "市文化广电旅游局", "赣南红色旅游精品线路项目"), (D, "赣南红色旅游精品线路项目", "明年一季度")}, set()),
    ("责成县市场监管局在春节前完成农贸市场食品安全专项检查。",
     {(R, "县市场监管局", "农贸市场食品安全专项检查"), (D, "农贸市场食品安全专项检查", "春节")}, set()),
    ("市工信局牵头，市科技局、市财政局配合，编制数字经济发展三年行动方案。",
     {(R, "市工信局", "数字经济发展三年行动方案"), (R, "市科技局", "数字经济发展三年行动方案"),
      (R, "市财政局", "数字经济发展三年行动方案")}, set()),
    ("县发改局、县财政局、县水利局要密切配合，加快推进城西水库除险加固工程。",
     {(R, "县发改局", "城西水库除险加固工程"), (R, "县财政局", "城西水库除险加固工程"),
      (R, "县水利局", "城西水库除险加固工程")}, set()),
    # a generic member of the subject group is skipped; a body after 按照 is the source of a requirement
    ("省政府、各市县政府要扎实做好“菜篮子”工程。", {(R, "省政府", "菜篮子工程")}, set()),
    ("按照省委省政府的要求，加快建设滇中城市群。", set(), {(R, "省委", "滇中城市群"), (R, "省政府", "滇中城市群")}),
    # generic subjects own nothing
    ("各部门、各乡镇要抓好秸秆禁烧工作，相关单位要积极配合。", set(),
     {(R, "各部门", "秸秆禁烧工作"), (R, "各乡镇", "秸秆禁烧工作")}),
    # a list of duties: the body in the heading owns what each clause undertakes
    ("（二）市生态环境局：牵头编制大气污染防治攻坚方案；会同市气象局建设空气质量预报预警平台；负责督查整改落实情况。",
     {(R, "市生态环境局", "大气污染防治攻坚方案"), (R, "市生态环境局", "空气质量预报预警平台"),
      (R, "市气象局", "空气质量预报预警平台")}, set()),
    # a phase with its own time, led by a body
    ("（一）摸底调查（2024年4月底前）。由市农业农村局牵头，组织各县区对高标准农田建设情况进行全面摸底调查。",
     {(D, "摸底调查", "2024年4月底"), (R, "市农业农村局", "摸底调查")}, set()),
    # an item heading that states only an aim names no task
    ("4.加强组织领导。建立工作专班，定期调度进展。（市政府办公室负责）", set(),
     {(R, "市政府办公室", "加强组织领导")}),
    # a manner before the role verb (按计划推进) is no unit; a unit no rule knows still ends as a body
    ("12.建设全市智慧停车管理平台。（按计划推进，牵头考核单位：市城管局）",
     {(R, "市城管局", "智慧停车管理平台")}, {(R, "按计划", "智慧停车管理平台")}),
    # a labelled list that goes on after a comma; a bracket of time after the units (Guangxi)
    ("（二）实施城市道路畅通工程。\n责任单位：市交通运输局，各城区人民政府\n时间节点：2024年11月底前",
     {(R, "市交通运输局", "城市道路畅通工程"), (D, "城市道路畅通工程", "2024年11月底")}, set()),
    ("（三）建设南宁园博园二期。\n责任单位：市园林局（2024年第三季度完成）",
     {(R, "市园林局", "南宁园博园二期"), (D, "南宁园博园二期", "2024年第三季度")},
     {(R, "市园林局（2024年第三季度完成）", "南宁园博园二期")}),
    # a quantifier over the whole (所有, 全部) is not part of the item's name (Hunan)
    ("市住建局负责城镇燃气安全整治，春节前完成所有餐饮场所燃气报警器安装。",
     {(D, "餐饮场所燃气报警器安装", "春节")}, {(D, "所有餐饮场所燃气报警器安装", "春节")}),
    # the preparatory stage of a project (…前期工作) is work on the project it names
    ("请市交通运输局会同市自然资源局抓紧完成G318线改扩建工程前期工作，确保10月底前开工。",
     {(R, "市交通运输局", "G318线改扩建工程"), (R, "市自然资源局", "G318线改扩建工程"), (D, "G318线改扩建工程", "10月底")},
     {(R, "市交通运输局", "G318线改扩建工程前期")}),
    # the principle or the means of the work (按照“…”原则, 依托…平台) is not what it delivers
    ("9.按照“属地管理、分级负责”原则，建立全省危化品运输车辆监管台账。（省应急厅牵头，省交通运输厅配合）",
     {(R, "省应急厅", "危化品运输车辆监管台账")}, {(R, "省应急厅", "属地管理、分级负责原则")}),
    ("7.编制矿山生态修复图斑清单。（柳州钢铁集团、广西电网公司按职责分工落实）",
     {(R, "柳州钢铁集团", "矿山生态修复图斑清单"), (R, "广西电网公司", "矿山生态修复图斑清单")}, set()),
]


@pytest.mark.parametrize("text, must, must_not", CASES, ids=[c[0][:18] for c in CASES])
def test_assignment_layouts(text, must, must_not):
    found = triples(text)
    assert must <= found, sorted(must - found)
    assert not (must_not & found), sorted(must_not & found)


@pytest.mark.parametrize(
    "text, head, tail, date",
    [
        ("市商务局要在元旦前完成年货节系列活动方案。", "年货节系列活动方案", "元旦", "2025-01-01"),
        ("今冬明春，县农业农村局要完成高标准农田建设。", "高标准农田建设", "今冬明春", "2025-05-31"),
        ("编制低空经济发展规划。（牵头单位：市发展改革委；完成时限：2024年四季度前）", "低空经济发展规划", "2024年四季度", "2024-12-31"),
        ("到2026年，市工信局要建成工业互联网标识解析二级节点。", "工业互联网标识解析二级节点", "2026年", "2026-12-31"),
        ("县水利局要在汛期前完成病险水库除险加固。", "病险水库除险加固", "汛期", None),
    ],
)
def test_deadline_phrasing(text, head, tail, date):
    """The time as written (without 前) and the ISO date of the end of its period."""
    found = dates(text)
    assert found.get((head, tail), "missing") == date, found


@pytest.mark.parametrize("text", ["全年推进老旧小区改造工作，由区住建局负责。", "长期坚持河湖巡查制度（区水务局负责）。"])
def test_ongoing_work_has_no_deadline(text):
    doc = extract(make_document(text, year=2024))
    assert not [r for r in doc.relations if r.type == D], [(r.head, r.tail) for r in doc.relations]


GROUPED_TABLE = """附件
2024年全县农村人居环境整治重点任务分工表

序号

工作任务

责任单位

完成时限

一

农村厕所革命

1

完成农村户厕问题摸排整改

县农业农村局、各乡镇人民政府

2024年6月底前

2

建设乡镇污水处理厂提标改造工程

县住建局

2024年12月底前

二

生活垃圾治理

3

开展农村生活垃圾分类试点

县城管局

持续推进
"""

MERGED_TABLE = """黑龙江省2024年冰雪经济重点任务分工表

序号

重点任务

责任单位

完成时限

1

举办哈尔滨国际冰雪节系列活动

省文化和旅游厅

2024年2月底前

2

编制冰雪旅游精品线路目录

3

建设亚布力滑雪场智慧票务系统

省体育局

2024年12月底前
"""


NUMBERED_GROUP_TABLE = """贵阳市2025年数字经济重点任务清单

序号
工作任务
责任单位
完成时限
一、夯实数字基础设施
1
建成贵阳大数据科创城算力调度平台
市大数据局
2025年9月底前
二、发展数字产业
2
编制全市软件和信息技术服务业招商图谱
市投资促进局
2025年6月底前
注：第2项由各区（市、县）配合落实。
"""


@pytest.mark.parametrize("text, must, must_not", [
    # group rows (一 / 农村厕所革命) are not items; generic units (各乡镇人民政府) own nothing
    (GROUPED_TABLE,
     {(R, "县农业农村局", "农村户厕问题摸排整改"), (D, "农村户厕问题摸排整改", "2024年6月底"),
      (R, "县住建局", "乡镇污水处理厂提标改造工程"), (D, "乡镇污水处理厂提标改造工程", "2024年12月底"),
      (R, "县城管局", "农村生活垃圾分类试点")},
     {(R, "县农业农村局", "农村厕所革命"), (D, "农村生活垃圾分类试点", "持续推进")}),
    # a row that lost its merged unit and time cells to the flattening shares the row above's
    (MERGED_TABLE,
     {(R, "省文化和旅游厅", "冰雪旅游精品线路目录"), (D, "冰雪旅游精品线路目录", "2024年2月底"),
      (R, "省体育局", "亚布力滑雪场智慧票务系统")},
     {(R, "省体育局", "冰雪旅游精品线路目录")}),
    # a group row with its number and title in one cell (二、发展数字产业) is no item, nor the note under the table
    (NUMBERED_GROUP_TABLE,
     {(R, "市大数据局", "贵阳大数据科创城算力调度平台"), (D, "贵阳大数据科创城算力调度平台", "2025年9月底"),
      (R, "市投资促进局", "软件和信息技术服务业招商图谱")},
     {(R, "市大数据局", "数字产业"), (R, "市大数据局", "发展数字产业"), (R, "市投资促进局", "第2项由各区")}),
], ids=["group rows", "merged cells", "numbered group rows"])
def test_flattened_tables(text, must, must_not):
    doc = extract(make_document(text, year=2024))
    for r in doc.relations:  # a merged cell of a row above is inside the evidence too
        ev = doc.text[r.evidence[0] : r.evidence[1]]
        assert r.evidence[0] < r.evidence[1] and (r.tail in ev or r.type != R), r
    found = triples(text)
    assert must <= found, sorted(must - found)
    assert not (must_not & found), sorted(must_not & found)


def test_docx_table(tmp_path):
    """A .docx table: one row per item, its unit and time cells."""
    import docx

    from kg.documents import load_document

    d = docx.Document()
    d.add_paragraph("云南省2024年营商环境提升任务清单")
    rows = [("序号", "工作任务", "牵头单位", "完成时限"), ("1", "编制涉企收费目录清单", "省发展改革委、省财政厅", "2024年9月底前")]
    table = d.add_table(rows=len(rows), cols=4)
    for r, vals in zip(table.rows, rows):
        for c, v in zip(r.cells, vals):
            c.text = v
    path = tmp_path / "plan.docx"
    d.save(path)
    doc = extract(load_document(path, year=2024))
    found = {(r.type, r.head, r.tail) for r in doc.relations}
    assert {(R, "省发展改革委", "涉企收费目录清单"), (R, "省财政厅", "涉企收费目录清单"),
            (D, "涉企收费目录清单", "2024年9月底")} <= found


def test_handed_to_an_enterprise():
    found = triples("这项工作交由县城投公司负责，确保年内建成区域供热管网改造工程。")
    assert (R, "县城投公司", "区域供热管网改造工程") in found


def test_units_for_a_section_heading_apply_to_its_items():
    text = ("（一）建设城市运行管理服务平台（市城管局牵头，市大数据局配合）\n"
            "1.建成城市部件物联感知系统。\n2.编制城市运行体征指标清单。（市统计局负责）")
    found = triples(text)
    assert {(R, "市城管局", "城市部件物联感知系统"), (R, "市大数据局", "城市部件物联感知系统"),
            (R, "市城管局", "城市运行管理服务平台"), (R, "市统计局", "城市运行体征指标清单")} <= found
    assert (R, "市城管局", "城市运行体征指标清单") not in found  # the item names its own unit


def test_a_stage_dates_the_project_of_its_sentence():
    """Work-report prose: the time's clause names only a stage (投入使用, 主体工程, 完工) of the
    project named before it."""
    found = triples("加快推进城南污水处理厂建设，确保6月底前投入使用；启动县人民医院改扩建工程，年内完成主体工程。")
    assert {(D, "城南污水处理厂", "6月底"), (D, "县人民医院改扩建工程", "年内")} <= found
    assert not [t for t in found if t[0] == D and t[1] == "主体工程"]


@pytest.mark.parametrize("text, policy, issuer", [
    ("落实《昆明市人民政府关于加快滇池流域治理的实施意见》要求。", "昆明市人民政府关于加快滇池流域治理的实施意见", "昆明市人民政府"),
    ("根据《市政协办关于推进老旧小区加装电梯的建议》，制定本方案。", "市政协办关于推进老旧小区加装电梯的建议", "市政协办"),
    ("按照公安部、住房和城乡建设部《关于印发〈城镇燃气安全排查整治方案〉的通知》要求，开展排查。", "城镇燃气安全排查整治方案", "住房和城乡建设部"),
    ("经市人民政府同意，现将《哈尔滨市冰雪旅游发展规划》印发给你们。", "哈尔滨市冰雪旅游发展规划", "市人民政府"),
    # a red header run into its text, no title line: the issuers before 关于…的通知 issue it and the plan
    ("成都市商务局成都市财政局关于印发《成都市农村电商提质增效行动方案》的通知各区（市）县商务主管部门：现印发给你们。",
     "关于印发成都市农村电商提质增效行动方案的通知", "成都市财政局"),
    ("成都市商务局成都市财政局关于印发《成都市农村电商提质增效行动方案》的通知各区（市）县商务主管部门：现印发给你们。",
     "成都市农村电商提质增效行动方案", "成都市商务局"),
    # a document cited by its title without marks, after its issuer
    ("认真落实吉林省人民政府关于加快发展冰雪经济的实施意见，办好冰雪旅游节。", "关于加快发展冰雪经济的实施意见", "吉林省人民政府"),
])
def test_issuers_of_titles(text, policy, issuer):
    """A title that opens with its issuer (X关于…), the document a notice issues, 经X同意…印发."""
    assert ("issuedBy", policy, issuer) in triples(text)


@pytest.mark.parametrize("text, must, must_not", [
    # a list of kinds closed by 等机制 names no item; the item named after a verb chain drops the second verb
    ("7．建立受理、转办、督办、回访等机制，组织开展政务热线满意度测评。（6月底完成，牵头考核单位：市政务服务中心）",
     {(R, "市政务服务中心", "政务热线满意度测评")}, {(R, "市政务服务中心", "回访等机制"), (R, "市政务服务中心", "回访")}),
    # an adverbial opened by a preposition is no item
    ("9．以智慧课堂应用为重点，建设全市教育资源公共服务平台。（10月底完成，牵头考核单位：市教育局）",
     {(R, "市教育局", "教育资源公共服务平台"), (D, "教育资源公共服务平台", "10月底")},
     {(R, "市教育局", "以智慧课堂应用为重点")}),
    # a list of named works closed by 等工作 keeps its items
    ("确保6月底前完成城区积水点排查、雨水管网清淤等工作（区水务局负责）。",
     {(R, "区水务局", "城区积水点排查"), (R, "区水务局", "雨水管网清淤")}, set()),
    # a verb of a noun compound (完成情况) is no verb of the task
    ("按季度提供全市重点项目完成情况和资金拨付进度分析（市统计局负责）。", set(),
     {(R, "市统计局", "情况和资金拨付进度分析")}),
    # two verbs joined by 和 share one object: the item does not start with the second verb
    ("力争培育和引进2家新能源汽车整车企业（市投资促进局负责）。",
     {(R, "市投资促进局", "新能源汽车整车企业")}, {(R, "市投资促进局", "和引进2家新能源汽车整车企业")}),
    # 好 completes the verb (落实好, 做好): it does not open the item
    ("落实好高校毕业生就业见习补贴清单（市人社局负责）。",
     {(R, "市人社局", "高校毕业生就业见习补贴清单")}, {(R, "市人社局", "好高校毕业生就业见习补贴清单")}),
    # an amount is no item, and a count of unnamed projects names none
    ("全力抓好58个重点项目建设，力争年内完成投资25亿元以上（县发展改革局负责）。", set(),
     {(R, "县发展改革局", "重点项目"), (D, "投资25亿元以上", "年内"), (D, "重点项目", "年内")}),
    # a note cut open at its number does not stay in the name
    ("(三)省电力公司:会同省能源局制定农村电网巩固提升技术导则(附件1);以县(市、区)为单位，摸排农村电网薄弱环节。",
     {(R, "省能源局", "农村电网巩固提升技术导则")}, {(R, "省能源局", "农村电网巩固提升技术导则(附件")}),
    # what a title says it is about is the title's, not a work item of the issuer
    ("6月3日，市委办公室印发《关于开展“作风建设年”活动的通知》，要求各地抓好落实。",
     {("issuedBy", "关于开展作风建设年活动的通知", "市委办公室")}, {(R, "市委办公室", "作风建设年活动的通知")}),
    # a list whose last conjunct ends with an aim head (能力, 要求): every conjunct is that aim
    ("加快建设全省林火视频监控平台。提升森林火情监测预警、应急指挥、协同处置和灾后评估能力。（省林业局负责）",
     {(R, "省林业局", "林火视频监控平台")}, {(R, "省林业局", "应急指挥"), (R, "省林业局", "森林火情监测预警")}),
    # a list counted inside the object says where; the object is what follows the count
    ("完成解放路街道社区卫生服务中心等8个节能改造项目（区机管局负责）。",
     {(R, "区机管局", "节能改造项目")}, {(R, "区机管局", "解放路街道社区卫生服务中心等8个节能改造项目")}),
    # 的 and a word that says nothing: the possessor is the item
    ("做好区建筑能耗监测平台的管理（区建管委负责）。",
     {(R, "区建管委", "区建筑能耗监测平台")}, {(R, "区建管委", "区建筑能耗监测平台的管理")}),
    # a body at the start of the object is no part of the item
    ("配合商务部做好一次性塑料制品使用、回收数据填报（区商务委负责）。", set(),
     {(R, "区商务委", "商务部一次性塑料制品使用")}),
], ids=["kinds list", "preposition", "named works", "noun with a verb", "joined verbs", "verb complement", "amounts and counts",
        "open note", "inside a title", "shared aim head", "counted list", "possessor of a vague act", "body first"])
def test_what_is_no_work_item(text, must, must_not):
    found = triples(text)
    assert must <= found, sorted(must - found)
    assert not (must_not & found), sorted(must_not & found)


def test_a_document_to_draw_up_is_a_policy_task_not_issued_yet():
    text = "市住建局会同市应急管理局制定城镇燃气安全隐患排查整治方案（2024年6月底前完成）。"
    doc = extract(make_document(text, year=2024))
    assert {(e.type, e.name) for e in doc.entities if e.name.endswith("方案")} == {("Policy", "城镇燃气安全隐患排查整治方案")}
    found = {(r.type, r.head, r.tail) for r in doc.relations}
    assert {(R, "市住建局", "城镇燃气安全隐患排查整治方案"), (R, "市应急管理局", "城镇燃气安全隐患排查整治方案"),
            (D, "城镇燃气安全隐患排查整治方案", "2024年6月底")} <= found
    assert not [r for r in doc.relations if r.type == "issuedBy"]
    # drawn up already, and named as a title: issued
    assert ("issuedBy", "基层减负若干措施", "县委办公室") in triples("县委办公室制定的《基层减负若干措施》已经印发。")


def test_a_text_that_opens_with_an_item_has_no_title():
    doc = extract(make_document("（三）制定城镇燃气管道更新改造实施方案\n牵头单位：市住房城乡建设局", year=2024))
    assert doc.title is None
    assert ("Policy", "城镇燃气管道更新改造实施方案") in {(e.type, e.name) for e in doc.entities}


@pytest.mark.parametrize("text", ["完成资金的使用与管理", "做好平台的建设和管理", "做好园区的运营和维护"])
def test_acts_with_no_object_name_no_item(text):
    from kg.extract.task_names import object_phrases

    assert object_phrases(text, 0, len(text)) == []



@pytest.mark.parametrize("text, expected", [
    # a 、 inside quotation marks joins the words of one name
    ("继续实施“批项目、核总量”制度", ["“批项目、核总量”制度"]),
    # a verb that modifies a noun (建设项目, 施工单位) is not the verb of the task
    ("优化建设项目环境影响评价审批", []),
    ("完成施工单位安全生产标准化考评", ["施工单位安全生产标准化考评"]),
])
def test_object_phrases_keep_words_whole(text, expected):
    from kg.extract.task_names import object_phrases

    assert [text[s:e] for s, e in object_phrases(text, 0, len(text))] == expected


@pytest.mark.parametrize("text, must, must_not", [
    # 会同 after a modal of the body's duty is the verb, not the county 会同县
    ("县政府督查室要会同县水利局开展定期督查。",
     {(R, "县政府督查室", "定期督查"), (R, "县水利局", "定期督查")}, {(R, "会同县水利局", "定期督查")}),
    ("县发展改革局并会同县财政局完成项目资金清算（2025年6月底前）。",
     {(R, "县发展改革局", "项目资金清算"), (R, "县财政局", "项目资金清算")}, {("locatedIn", "会同县财政局", "会同县")}),
])
def test_coordinated_bodies_after_a_modal(text, must, must_not):
    found = triples(text, 2025)
    assert must <= found, sorted(must - found)
    assert not (must_not & found), sorted(must_not & found)


def test_the_county_named_huitong_stays_a_place():
    doc = extract(make_document("湖南省会同县要加快建设高椅古村保护工程。", year=2025))
    assert ("Place", "会同县") in {(e.type, e.name) for e in doc.entities}


@pytest.mark.parametrize("text, must", [
    ("县住建局负责城区在建项目施工安全监管。", {(R, "县住建局", "城区在建项目施工安全监管")}),
    ("区住建局负责老旧小区改造，10月底前完成改造42个。", {(R, "区住建局", "老旧小区改造"), (D, "老旧小区改造", "10月底")}),
    ("县农业农村局负责组织开展高标准农田建设项目验收。", {(R, "县农业农村局", "高标准农田建设项目验收")}),
])
def test_what_a_body_is_in_charge_of(text, must):
    found = triples(text, 2025)
    assert must <= found, sorted(must - found)


def test_a_person_in_charge_is_no_work_item():
    assert not [t for t in triples("县水利局负责人要带队检查。", 2025) if t[0] == R and t[2].startswith("人")]


def test_labelled_fields_that_end_a_paragraph_bind_its_item():
    text = ("3.清洁能源基地项目。在宁东建设光伏治沙示范区，年内并网发电。牵头单位：自治区发展改革委；"
            "责任单位：银川市人民政府、吴忠市人民政府。\n\n4.其他事项。加强统筹调度。")
    found = triples(text, 2025)
    must = {(R, "自治区发展改革委", "清洁能源基地项目"), (R, "银川市人民政府", "清洁能源基地项目"),
            (R, "吴忠市人民政府", "清洁能源基地项目")}
    assert must <= found, sorted(must - found)
    assert not [t for t in found if t[0] == R and t[2] in ("其他事项", "统筹调度")]


def test_a_body_that_names_its_own_work_takes_nothing_said_before_it():
    found = triples("全面落实河长制、林长制，深入开展“清四乱”专项行动，区生态环境分局要会同区水利局做好青龙河流域水质提升。", 2025)
    assert not {t for t in found if t[0] == R and t[2] in ("河长制", "林长制", "清四乱专项行动")}, found


def test_a_body_that_follows_up_takes_the_work_said_before_it():
    found = triples("《城区排水防涝专项规划》已完成初稿编制，区住建局要跟紧落实，确保9月底前完成评审。", 2025)
    assert (R, "区住建局", "城区排水防涝专项规划") in found


HEADED_BY_PROJECTS = """三、重点任务
（一）资江益阳段防洪能力提升工程。该工程是全市今年投资规模最大的水利项目，由市水利局牵头，市发展改革委、市财政局配合，抓紧完成初步设计审查。
（二）桃花仑灌区续建配套与节水改造项目。市水利局会同市农业农村局实施，三季度末前完成干渠衬砌。
（三）城建开发类项目。加快推进项目前期工作。
"""


def test_an_item_headed_by_a_project_names_it_for_its_leads():
    found = triples(HEADED_BY_PROJECTS, 2025)
    must = {(R, "市水利局", "资江益阳段防洪能力提升工程"), (R, "市发展改革委", "资江益阳段防洪能力提升工程"),
            (R, "市财政局", "资江益阳段防洪能力提升工程"), (R, "市水利局", "桃花仑灌区续建配套与节水改造项目"),
            (R, "市农业农村局", "桃花仑灌区续建配套与节水改造项目")}
    assert must <= found, sorted(must - found)
    doc = extract(make_document(HEADED_BY_PROJECTS, year=2025))
    projects = {e.name for e in doc.entities if e.type == "Project"}
    assert "城建开发类项目" not in projects  # a kind of project heads that item
    assert "段防洪能力提升工程" not in {e.name for e in doc.entities}


def test_each_body_of_a_sentence_takes_the_work_of_its_own_clause():
    text = ("市发改局要牵头建立重大项目“周调度”机制，市自然资源局、市林业局要做好用地用林要素保障，"
            "市住建局负责城区在建项目施工安全监管。市审计局要对重点项目资金开展跟踪审计。")
    found = triples(text, 2025)
    must = {(R, "市自然资源局", "用地用林要素保障"), (R, "市林业局", "用地用林要素保障"),
            (R, "市住建局", "城区在建项目施工安全监管"), (R, "市审计局", "跟踪审计")}
    assert must <= found, sorted(must - found)
    assert not {t for t in found if t[1] in ("市住建局", "市林业局") and "周调度" in t[2]}, found


def test_a_duty_verb_with_an_aim_names_no_work_item():
    assert not [t for t in triples("区委要加强组织领导，区政府要做好统筹协调。", 2025) if t[0] == R]


def test_a_stage_in_an_item_dates_the_project_the_item_is_headed_by():
    text = ("三、重点任务\n（一）资江益阳段防洪能力提升工程。该工程由市水利局牵头，抓紧完成初步设计审查，"
            "确保上半年开工建设。\n（二）其他事项。加强统筹。")
    assert ("资江益阳段防洪能力提升工程", "上半年") in dates(text, 2025)


def test_units_for_an_item_that_names_nothing_else_go_to_the_object_of_its_aim():
    text = "5.推进农村厕所革命。\n责任单位：市农业农村局（牵头），市卫生健康委\n完成时限：2025年9月底前\n6.加强风险应对。\n责任单位：市商务局"
    found = triples(text, 2025)
    assert {(R, "市农业农村局", "农村厕所革命"), (R, "市卫生健康委", "农村厕所革命"), (D, "农村厕所革命", "2025年9月底")} <= found
    assert not [t for t in found if t[2] == "风险应对"]  # an aim's object that is itself an aim


def test_a_clause_with_its_own_time_is_no_work_item():
    text = "区委全面深化改革委员会要在4月底前制定我区改革任务分工方案。"
    doc = extract(make_document(text, year=2025))
    assert "区委全面深化改革委员会" in {e.name for e in doc.entities if e.type == "Department"}
    assert not [e for e in doc.entities if "要在" in e.name]
    assert ("responsibleFor", "区委全面深化改革委员会", "改革任务分工方案") in {(r.type, r.head, r.tail) for r in doc.relations}


@pytest.mark.parametrize("text, must", [
    ("由市发改委牵头，会同市工信局、市商务局，在3月底前建立全市重大项目储备库。",
     {(R, "市发改委", "重大项目储备库"), (R, "市工信局", "重大项目储备库"), (R, "市商务局", "重大项目储备库")}),
    ("县应急管理局要会同县水利局、县气象局于汛期前修订完善《县防汛抗旱应急预案》。",
     {(R, "县应急管理局", "县防汛抗旱应急预案"), (R, "县水利局", "县防汛抗旱应急预案"), (R, "县气象局", "县防汛抗旱应急预案")}),
])
def test_partners_after_huitong_share_the_work(text, must):
    found = triples(text, 2025)
    assert must <= found, sorted(must - found)


def test_labelled_fields_set_apart_by_spaces_on_one_line():
    # Hebei: three fields on one line, set apart by ideographic spaces
    text = ("2.建设市级政务数据共享交换平台二期。\n"
            "牵头单位：市数据和政务服务局\u3000配合单位：市财政局\u3000完成时限：2025年9月30日前\n")
    doc = extract(make_document(text, year=2025))
    found = {(r.type, r.head, r.tail, r.date) for r in doc.relations}
    assert ("deadline", "市级政务数据共享交换平台二期", "2025年9月30日", "2025-09-30") in found, found
    assert ("responsibleFor", "市财政局", "市级政务数据共享交换平台二期", None) in found, found


def test_what_is_spread_to_places_is_the_item():
    # Jiangsu: the item names a service point and where it is extended to
    text = "6.推动“苏服办”自助终端向园区、社区等重点区域延伸。（牵头单位：市政务办）\n"
    doc = extract(make_document(text, year=2025))
    found = {(r.head, r.tail) for r in doc.relations if r.type == "responsibleFor"}
    assert ("市政务办", "苏服办自助终端") in found, found


@pytest.mark.parametrize("text, item", [
    # Shandong, Hunan: the functions of a platform are the platform's work
    ("12.拓展智慧医保服务平台功能，实现异地就医备案网上办理。（牵头单位：市医保局）\n", "智慧医保服务平台"),
    ("13.完成城市运行管理服务平台基础功能扩展。（牵头单位：市城管局）\n", "城市运行管理服务平台"),
])
def test_the_functions_of_a_platform_are_the_platform(text, item):
    doc = extract(make_document(text, year=2025))
    tails = {r.tail for r in doc.relations if r.type == "responsibleFor"}
    assert item in tails, tails


def test_listed_projects_whose_support_is_the_task_are_the_items():
    # Jiangsu: support for two named projects, closed by 等重大项目要素保障
    text = ("序号\n工作任务\n责任单位\n完成时限\n"
            "1\n推进徐圩港区30万吨级航道二期工程、涟水机场改扩建工程等重大项目要素保障，开辟审批绿色通道\n市发展改革委\n2025年12月底前\n")
    doc = extract(make_document(text, year=2025))
    tails = {r.tail for r in doc.relations if r.type == "responsibleFor"}
    assert "涟水机场改扩建工程" in tails, tails
    assert not any(t.endswith("要素保障") for t in tails), tails


def test_construction_projects_as_a_kind_are_no_project():
    doc = extract(make_document("建设连云港市工程建设项目“多测合一”服务平台。", year=2025))
    assert not any(e.name.endswith("工程") for e in doc.entities), [e.name for e in doc.entities]


@pytest.mark.parametrize("text, body, document", [
    # Jiangsu, Anhui: a body drafts (起草, 拿出) a document not in 《》: it is the body's task
    ("市水务局要起草全市冬春农田水利建设实施方案。", "市水务局", "冬春农田水利建设实施方案"),
    ("县发改局负责拿出县城总体规划修编方案。", "县发改局", "县城总体规划修编方案"),
])
def test_drafting_a_document_is_the_bodys_task(text, body, document):
    doc = extract(make_document(text, year=2025))
    assert (body, document) in {(r.head, r.tail) for r in doc.relations if r.type == "responsibleFor"}


@pytest.mark.parametrize("text, must", [
    # Yunnan, Guizhou, Hebei: the body, where it works, then its verb and the work
    ("市水务局在麒麟区、陆良县完成南盘江干流河道疏浚80公里。", {(R, "市水务局", "南盘江干流河道疏浚")}),
    ("县交通运输局在城北新区建设城北客运站，年底前投入使用。", {(R, "县交通运输局", "城北客运站")}),
    # the body and a build verb with no duty word: it is credited with the work
    ("县交通运输局建成城北客运站。", {(R, "县交通运输局", "城北客运站")}),
    ("市发展改革委编制全市充电基础设施布局规划。", {(R, "市发展改革委", "充电基础设施布局规划")}),
])
def test_a_body_credited_with_its_work_where_it_does_it(text, must):
    assert must <= triples(text)


def test_a_body_before_its_build_verb_is_no_part_of_the_project():
    # Hunan: the tokenizer leaves 局 alone (县|交通运输|局|建设), the verb still governs the name
    doc = extract(make_document("县交通运输局建设城北客运站。", year=2024))
    assert "城北客运站" in {e.name for e in doc.entities if e.type == "Project"}
    assert "县交通运输局" in {e.name for e in doc.entities if e.type == "Department"}
    assert not [e for e in doc.entities if "局建设" in e.name]


@pytest.mark.parametrize("text, absent", [
    # Sichuan, Hubei: a time inside a modifier says which ones, nothing is due then
    ("重点改造2000年底前建成的城镇老旧小区，年内完成改造。（省住房城乡建设厅负责）", "2000年底"),
    ("市城管局负责整治2010年以前竣工的背街小巷。", "2010年以前"),
])
def test_a_time_that_dates_a_noun_is_no_deadline(text, absent):
    assert not [t for t in triples(text) if t[0] == D and t[2].startswith(absent[:5])], triples(text)


@pytest.mark.parametrize("text, absent", [
    # Jiangsu, Zhejiang: that buildings keep to a standard is a requirement, not a work item
    ("市住建局要推动新建住宅全面执行绿色建筑二星级标准，年内完成。", "新建住宅全面执行绿色建筑二星级标准"),
    ("县教育局推动新建校舍达到抗震设防要求。", "新建校舍达到抗震设防要求"),
])
def test_keeping_to_a_standard_is_no_work_item(text, absent):
    assert not [t for t in triples(text) if absent in t[1:]], triples(text)


def test_a_verb_inside_what_the_work_goes_by_names_no_item():
    # Hainan: 按照创建…标准 is the basis of the work, the item comes after it
    found = triples("省住房城乡建设厅要按照创建国家生态园林城市标准实施城市绿道提升，年底前完成。")
    assert (R, "省住房城乡建设厅", "城市绿道提升") in found, found
    assert not [t for t in found if "标准实施" in t[2]], found


@pytest.mark.parametrize("text, must, absent", [
    # Guangdong: firms listed, then 等 and the kind they are, then their duty
    ("移动公司、电信公司、联通公司等韶关分公司要负责杆路清理整治。",
     {(R, "移动公司", "杆路清理整治"), (R, "联通公司", "杆路清理整治")}, "韶关分公司"),
    # Shaanxi: bodies listed, 等部门, then 要负责
    ("市发展改革委、市财政局等部门要负责重点项目资金统筹。",
     {(R, "市发展改革委", "重点项目资金统筹"), (R, "市财政局", "重点项目资金统筹")}, "部门"),
])
def test_the_kind_a_list_of_bodies_closes_with_is_no_body(text, must, absent):
    found = triples(text)
    assert must <= found, found
    assert not [t for t in found if t[1] == absent], found


def test_a_season_inside_a_work_item_names_it_and_dates_nothing():
    # Guangdong: 汛前 is part of the inspection's name; 5月15日前 is its deadline
    text = "由县水利局牵头，县应急管理局、县自然资源局配合，5月15日前完成全县水库、山塘、堤防汛前检查，发现问题立即整改。"
    found = triples(text, year=2025)
    item = "水库、山塘、堤防汛前检查"
    assert {(R, "县水利局", item), (R, "县应急管理局", item), (R, "县自然资源局", item), (D, item, "5月15日")} <= found, found
    assert not [t for t in found if t[0] == D and t[2] == "汛前"], found


def test_revising_a_plan_is_a_work_item_with_its_deadline():
    # Fujian: 修订 a document is drafting, as 编制/制定 are; 本级 is the scope
    dated = dates("二、修订防汛应急预案。请各乡镇于4月底前修订完善本级防汛应急预案，报县防汛办备案。", year=2025)
    assert dated.get(("防汛应急预案", "4月底")) == "2025-04-30", dated


def test_a_verb_of_work_in_progress_is_no_verb_of_the_item():
    # Jiangxi: 推进中的 says when the faults arise; the item is what the body does about them
    found = triples("县纪委监委要对项目推进中的不作为、慢作为问题开展专项督查，每季度通报一次。")
    assert (R, "县纪委监委", "专项督查") in found, found
    assert not [t for t in found if "不作为" in t[2]], found


@pytest.mark.parametrize("text, must, absent_tail", [
    # Hunan: the work as the topic, then the body told to get on with it
    ("老城区雨污分流改造，县住建局要抓紧，确保汛期前完工。", {(R, "县住建局", "老城区雨污分流改造")}, None),
    # a clause that is no work stays no item
    ("今年的工作很多，县住建局要抓紧。", set(), "今年的工作很多"),
])
def test_a_work_named_as_the_topic_before_its_body(text, must, absent_tail):
    found = triples(text)
    assert must <= found, found
    assert not [t for t in found if t[2] == absent_tail], found


@pytest.mark.parametrize("text, due", [
    # Zhejiang: 今年 with a duty after it is this year's end; the main works are a stage of the project
    ("滨江新区综合管廊工程交由县城投公司负责实施，今年必须完成主体施工。", ("滨江新区综合管廊工程", "今年")),
])
def test_this_year_with_a_duty_is_a_deadline(text, due):
    assert dates(text, year=2025).get(due) == "2025-12-31", dates(text, year=2025)


def test_this_year_as_a_topic_is_no_deadline():
    assert not dates("今年以来，县住建局完成城东水厂建设。今年是十四五规划收官之年。", year=2025)


def test_the_main_build_is_a_stage_of_the_facility_the_item_names():
    # Guangdong: 主体建设 is a stage; its deadline dates the facility
    text = "（一）实施种业振兴行动。建设国家级南繁育种基地广东分中心，2025年底前完成主体建设。（省农业农村厅牵头，省科技厅按职责分工负责）"
    found = dates(text, year=2024)
    assert found.get(("国家级南繁育种基地广东分中心", "2025年底")) == "2025-12-31", found
    assert ("主体建设", "2025年底") not in found, found


def test_high_standard_farmland_is_a_kind_of_farmland_not_a_manner():
    found = triples("（二）加强高标准农田建设。各地级以上市要统筹整合资金，确保完成年度建设任务。（省农业农村厅负责）")
    assert (R, "省农业农村厅", "高标准农田建设") in found, found


def test_what_the_work_goes_by_is_not_due():
    # Shanghai: 按照“一街一方案”要求 — the rule the blueprint follows takes no deadline
    found = dates("各街道要按照“一街一方案”要求，编制社区生活圈行动蓝图，6月底前报区规划资源局。", year=2024)
    assert not [k for k in found if k[0] == "一街一方案"], found


@pytest.mark.parametrize("text, due, not_due", [
    # Hubei: a named report the work ends in is the item the deadline dates
    ("全面开展2025年度城市体检，11月底前形成城市体检评估报告。（省住房城乡建设厅牵头）", ("城市体检评估报告", "11月底"), None),
    # Anhui: a bare 整改报告 is the report of the work before it; what is only kept to is not due
    ("严格执行中央八项规定精神，市委组织部要开展干部作风专项整治，年底前形成整改报告。", ("干部作风专项整治", "年底"), ("中央八项规定", "年底")),
])
def test_a_report_the_work_ends_in(text, due, not_due):
    found = dates(text, year=2025)
    assert due in found, found
    assert not_due not in found, found


def test_approving_a_plan_is_issuing_it_not_owning_it():
    # Hubei: 批复同意《…》 — the approver is the issuer (issuedBy), not the body responsible
    found = triples("国务院批复同意《长江中游城市群发展规划》。")
    assert ("issuedBy", "长江中游城市群发展规划", "国务院") in found, found
    assert (R, "国务院", "长江中游城市群发展规划") not in found, found


@pytest.mark.parametrize("text, must", [
    # Hunan: the item's heading names the body its unit works with, then their work
    ("7．配合省交通运输厅做好农村公路养护数据核查工作。（9月底前完成，牵头单位：县交通运输局）",
     {(R, "县交通运输局", "农村公路养护数据核查"), (D, "农村公路养护数据核查", "9月底")}),
    # Jiangxi: two partner bodies before the work
    ("（四）协助市财政局、市审计局开展专项资金绩效评价。（市农业农村局负责）",
     {(R, "市农业农村局", "开展专项资金绩效评价")}),
])
def test_a_heading_that_names_a_partner_body_still_names_the_work(text, must):
    found = triples(text, 2025)
    assert must <= found, sorted(must - found)
    assert not [t for t in found if t[2].startswith(("配合", "协助"))], found


def test_a_heading_that_opens_with_a_body_lists_its_duties():
    # Gansu: （一）市工信局：… — the body's duties, no task named by the heading
    found = triples("（一）市工信局：负责全市工业企业节能监察。（10月底前完成）", 2025)
    assert not [t for t in found if "市工信局" in t[2]], found


@pytest.mark.parametrize("text, item", [
    # Zhejiang / Sichuan: acts alone after 的 act on what precedes it, which stays in the name
    ("开展全省电动自行车充电设施的监督检查。（省消防救援总队负责）", "电动自行车充电设施的监督检查"),
    ("开展城市燃气管网的评估验收。（市住建局负责）", "城市燃气管网的评估验收"),
    # but a thing after 的 is the item, its possessor no part of it
    ("召开县上的防汛调度会议。（县水利局负责）", "防汛调度会议"),
])
def test_acts_after_de_keep_their_object(text, item):
    found = {t[2] for t in triples(text, 2025) if t[0] == R}
    assert found == {item}, found


@pytest.mark.parametrize("text, item", [
    # Fujian / Hubei: the bodies told to act (各通信运营商, 各医疗机构), then their act
    ("组织各通信运营商开展现场勘查。（市供电公司负责）", "现场勘查"),
    ("组织各通信运营商现场勘查。（市供电公司负责）", "现场勘查"),
    ("组织各医疗机构开展院感防控培训。（市卫健委负责）", "院感防控培训"),
])
def test_bodies_told_to_act_are_no_part_of_the_item(text, item):
    found = {t[2] for t in triples(text, 2025) if t[0] == R}
    assert found == {item}, found


@pytest.mark.parametrize("text, item, deadline", [
    # Jiangsu: an indicator that names no deliverable and has no heading: the first aim's object
    ("12．梳理现有审批系统，对接省级平台，推进全部工程建设项目审批全程网办。（9月底完成，牵头考核单位：市住建局）",
     "工程建设项目审批全程网办", "9月底"),
    # Yunnan: the aim of the first clause that states one
    ("3．整合现有资源，加快建设县域医共体。（年底前完成，牵头单位：县卫健局）", "县域医共体", "年底"),
])
def test_an_item_that_names_nothing_else_is_named_by_its_first_aim(text, item, deadline):
    found = triples(text, 2025)
    assert {(R, t[1], item) for t in found if t[0] == R} and (D, item, deadline) in found, found


@pytest.mark.parametrize("text", [
    # where the work goes, how an act behaves: no item
    "9．摸清底数，积极推进条件成熟的乡镇，分批实现5G覆盖。（6月底完成，牵头考核单位：市通信管理办）",
    "5．规范网络餐饮服务经营行为。（持续推进，牵头考核单位：市市场监管局）",
])
def test_an_aim_at_places_or_behaviour_names_no_item(text):
    assert not [t for t in triples(text, 2025) if t[0] == R], triples(text, 2025)


@pytest.mark.parametrize("text, work, deadline", [
    # Anhui speech: a round of the work dates the work; it is no item of its own
    ("县交通运输局、县公安局要联合开展“两客一危”车辆专项检查，国庆节前完成第一轮检查。", "两客一危车辆专项检查", "国庆节"),
    ("市场监管局要开展电梯安全隐患排查整治，6月底前完成首轮排查。", "电梯安全隐患排查整治", "6月底"),
])
def test_a_round_of_the_work_dates_the_work(text, work, deadline):
    found = triples(text, 2025)
    assert (D, work, deadline) in found, found
    assert not [t for t in found if "轮" in t[2] or "轮" in t[1]], found


@pytest.mark.parametrize("text, item", [
    # Jiangsu / Guizhou: a body that directs others (督促, 指导) owns their act, not the others
    ("市生态环境局负责督促餐饮单位安装油烟净化设施，三季度末前完成。", "安装油烟净化设施"),
    ("县教育局要指导各中小学校开展防溺水安全教育。", "防溺水安全教育"),
])
def test_the_bodies_a_duty_directs_are_no_part_of_the_item(text, item):
    found = {t[2] for t in triples(text, 2025) if t[0] == R}
    assert found == {item}, found


def test_a_phase_of_the_items_project_dates_the_project():
    # Shanxi: 年内完成一期工程 — the first phase of the project the item is headed by
    found = triples("（三）实施乌马河生态修复工程。由榆次区人民政府负责，年内完成一期工程。", 2025)
    assert (D, "乌马河生态修复工程", "年内") in found, found
    assert not [t for t in found if t[1] == "一期工程" or t[2] == "一期工程"], found


@pytest.mark.parametrize("text, task, deadline", [
    # Shanxi / Shaanxi: a completion that names no item of its own dates the item's heading task
    ("（二）开展入河排污口整治。对沿岸排污口开展排查溯源，9月底前完成整治。（市生态环境局负责）", "开展入河排污口整治", "9月底"),
    ("3.开展城中村消防隐患专项整治。逐户排查电动车充电隐患，11月底前全面完成。（区应急管理局牵头）", "城中村消防隐患专项整治", "11月底"),
])
def test_a_bare_completion_dates_the_items_heading_task(text, task, deadline):
    found = triples(text, 2025)
    assert (D, task, deadline) in found, found


def test_a_document_named_by_its_quoted_core_is_the_policy_the_bodies_draw_up():
    # Inner Mongolia speech: 请X牵头，会同Y、Z，…出台“…”实施细则 — no book-title marks
    found = triples("第一，关于项目审批。请市行政审批局牵头，会同市自然资源局、市住建局，4月底前出台重点项目“容缺受理”实施细则。", 2025)
    doc = "重点项目容缺受理实施细则"
    assert {(R, "市行政审批局", doc), (R, "市自然资源局", doc), (R, "市住建局", doc), (D, doc, "4月底")} <= found, found


@pytest.mark.parametrize("text, body", [
    # Inner Mongolia / Hebei speeches: 交由/委托 hand the work to the body; no part of its name
    ("交由市委督查室每季度通报一次项目进展。", "市委督查室"),
    ("交由县农业农村局牵头落实。", "县农业农村局"),
])
def test_the_verb_that_hands_work_to_a_body_is_no_part_of_its_name(text, body):
    names = {e.name for e in extract(make_document(text, year=2025)).entities if e.type == "Department"}
    assert names == {body}, names


def test_labelled_lines_after_inline_items_bind_them_all():
    # Guangdong: 一是…；二是….  then 牵头单位： — the line closes the whole paragraph
    text = ("一、完善分类设施\n一是建设南海区固废处理环保产业园二期项目，年底前投入试运行；二是在禅城区、顺德区新建20座大件垃圾拆解中心。\n"
            "牵头单位：市城管执法局\n配合单位：市发展改革局")
    found = triples(text, 2025)
    assert {(R, "市城管执法局", "南海区固废处理环保产业园二期项目"), (R, "市城管执法局", "大件垃圾拆解中心"),
            (R, "市发展改革局", "南海区固废处理环保产业园二期项目")} <= found, found


@pytest.mark.parametrize("text, body, work, deadline", [
    # Shandong / Jiangsu: a time between the body and its verb (X今明两年完成…, X于6月底前建成…)
    ("市住建局今明两年完成城中村改造。", "市住建局", "城中村改造", "今明两年"),
    ("县水利局于6月底前建成城区防洪排涝调度中心。", "县水利局", "城区防洪排涝调度中心", "6月底"),
])
def test_a_time_between_the_body_and_its_verb(text, body, work, deadline):
    found = triples(text, 2025)
    assert {(R, body, work), (D, work, deadline)} <= found, found


def test_a_tab_separated_task_table():
    # Hubei: a table copied from a spreadsheet — rows of tab-separated cells
    text = ("附件1\n重点任务清单\n序号\t任务内容\t牵头单位\t配合单位\t完成时间\n"
            "1\t建成智慧城管指挥中心\t市城管局\t市大数据局\t2025年8月\n"
            "2\t开展燃气安全专项整治\t市住建局\t市应急局、市市场监管局\t长期坚持\n")
    found = triples(text, 2025)
    assert {(R, "市城管局", "智慧城管指挥中心"), (R, "市大数据局", "智慧城管指挥中心"), (D, "智慧城管指挥中心", "2025年8月"),
            (R, "市住建局", "燃气安全专项整治"), (R, "市市场监管局", "燃气安全专项整治")} <= found, found
    assert not [t for t in found if t[0] == D and t[1] == "燃气安全专项整治"], found
