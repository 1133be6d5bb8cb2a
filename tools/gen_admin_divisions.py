"""Generate kg/data/lexicon/admin_divisions.txt from jionlp's china_location.txt (Apache-2.0).

usage: python tools/gen_admin_divisions.py china_location.txt kg/data/lexicon/place_generic.txt kg/data/lexicon/admin_divisions.txt
writes admin_cities.txt (provinces and prefecture-level cities, full and short forms),
admin_divisions.txt (county-level divisions, full forms) and admin_towns.txt (towns, townships
and subdistricts: 镇, 乡, 街道, full forms of three characters or more) into the same folder.
(china_location.txt is inside jionlp/dictionary/china_location.zip; jionlp is not a dependency)
"""
import sys
src, generic_path, out = sys.argv[1], sys.argv[2], sys.argv[3]
generic = {l.strip() for l in open(generic_path, encoding="utf-8") if l.strip() and not l.startswith("#")}
# short forms that are ordinary words in speeches (来宾 guests, 日照 sunlight, 安康 well-being,
# 白银 silver, 阿里 the company): they count only with their suffix (来宾市)
COMMON = {"来宾", "白银", "日照", "安康", "大同", "清远", "平凉", "新余", "开封", "怀化", "通化", "保定",
          "自贡", "营口", "玉树", "文山", "海北", "海东", "海西", "阿里", "长治", "百色", "河源", "资阳", "运城",
          "恩施", "和田", "昌吉", "德宏", "果洛", "迪庆", "黄南", "海南藏族", "三明", "南平", "大庆"}
names, cities, towns = set(), set(), set()
TOWN_ENDS = ("镇", "乡", "街道")
for line in open(src, encoding="utf-8"):
    depth = len(line) - len(line.lstrip("\t"))
    if depth == 3:
        town = line.strip().split("\t")[0]
        if len(town) >= 3 and town.endswith(TOWN_ENDS) and town not in generic:
            towns.add(town)
        continue
    if depth > 2:
        continue
    parts = line.strip().split("\t")
    full = parts[0]
    short = parts[2] if len(parts) > 2 else ""
    target = cities if depth <= 1 else names
    if full and full not in generic and len(full) >= 2:
        target.add(full)
    if depth <= 1 and short and len(short) >= 2 and short not in generic and short not in COMMON:
        cities.add(short)
header = """# Administrative divisions of China: LEVEL.  Generated from jionlp's china_location.txt
# (jionlp 1.5.31, Apache License 2.0, https://github.com/dongrixinyu/JioNLP) by keeping the
# first three levels; names that are generic words here (城区, 郊区, 新区 …) are left out, and
# so are short forms that are ordinary words (来宾, 日照, 安康: only 来宾市 etc. count).
# Not added to the tokenizer's dictionary.  Cities are searched for in the text; counties
# (found by their suffix anyway) are only looked up.
"""
import os
for path, level, items in ((out, "county-level divisions (full forms)", names - cities),
                           (os.path.join(os.path.dirname(out), "admin_cities.txt"),
                            "provinces and prefecture-level cities (full and short forms)", cities),
                           (os.path.join(os.path.dirname(out), "admin_towns.txt"),
                            "towns, townships and subdistricts (full forms, looked up only)", towns)):
    with open(path, "w", encoding="utf-8") as f:
        head = header.replace("LEVEL", level)
        if items is towns:
            head = head.replace("by keeping the\n# first three levels", "by keeping the\n# fourth level")
            head = head.replace("Cities are searched for in the text; counties\n# (found by their suffix anyway) are only looked up.",
                                "Looked up when the suffix grammar meets 镇, 乡\n# or 街道 after a stem it cannot read as a name (安定|镇: 安定 is a verb).")
        f.write(head)
        for n in sorted(items):
            f.write(n + "\n")
    print(path, len(items))
