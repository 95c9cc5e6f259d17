"""Extraction on development articles written for these tests (not taken from the corpus)."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhaoshang.text import decode, extract, process

SIGNING = (
    "12月8日，嘉兴经济技术开发区举行2021年第一季度重大项目集中签约活动，共签约项目8个，总投资126亿元，"
    "其中外资项目3个，合同外资2.6亿美元。\n"
    "签约项目中，德国博世特精密部件集团投资1.5亿欧元建设新能源汽车热管理系统生产基地；香港星河国际控股有限公司"
    "投资5亿港元建设跨境电商物流枢纽；日本大和电机株式会社投资100亿日元建设精密电机项目；浙江恒川新材料有限公司"
    "投资两千三百万元实施智能化技改。\n"
    "据介绍，今年以来该区已累计引进亿元以上项目逾百个，实际利用外资同比增长约三成，高新技术产业投资占比达到百分之六十五。"
)

DISTRACTORS = (
    "十月二十日，第五届长三角G60科创走廊科技成果拍卖会在松江举行。会议提出，“十四五”期间要深化“一网通办”改革，"
    "推动1+5+N产业集群发展，建设世界500强企业集聚区。\n"
    "一是强化平台支撑，二是完善人才政策，三是优化营商环境。1. 加快建设5G基站；2. 推进PM2.5治理。\n"
    "今年前三季度，全市规上工业增加值同比下降2.4%，新增市场主体1.2万户，其中外资企业二十三家。"
    "全市共有国家级高新技术企业一千二百余家，省级研发机构126个。\n"
    "咨询电话：021-57812345，地址：松江区人民北路2号，邮编201600。有效期三年，3个工作日内办结，18个月内完成，"
    "设计时速350公里。"
)

STAGES = (
    "近日，苏州星辰半导体有限公司与吴江经济技术开发区正式签约，拟投资人民币15亿元建设8英寸功率器件生产线，"
    "项目达产后预计年销售收入30亿元。\n"
    "同日，杭州未来智能科技有限公司年产20万台服务机器人项目在余杭区开工建设，该项目总投资6.8亿元，占地约120亩。\n"
    "此外，美国安普生物技术公司已在上海市浦东新区注册成立安普（上海）生物医药有限公司，注册资本3000万美元。"
    "正在洽谈的还有宁波舜宇光电科技有限公司车载镜头项目，计划投资约12亿元。"
)


def figures(text: str) -> list[tuple]:
    return [(m.value, m.unit, m.qualifier) for m in extract(text).metrics]


def test_a_signing_list_gives_one_event_per_investor_in_its_own_currency():
    events = process(SIGNING, "dev")["investments"]
    found = [(e["investor"], e["amount"]["value"], e["amount"]["unit"], e["stage"]) for e in events]
    assert found == [
        ("德国博世特精密部件集团", 150000000, "EUR", "signed"),
        ("香港星河国际控股有限公司", 500000000, "HKD", "signed"),
        ("日本大和电机株式会社", 10000000000, "JPY", "signed"),
        ("浙江恒川新材料有限公司", 23000000, "CNY", "signed"),
    ]
    assert events[0]["project"] == "新能源汽车热管理系统生产基地"
    assert events[0]["location"] == "嘉兴经济技术开发区"


def test_a_signing_list_gives_every_figure_once():
    assert figures(SIGNING) == [
        (8, "count", "exact"), (12600000000, "CNY", "exact"), (3, "count", "exact"),
        (260000000, "USD", "exact"), (150000000, "EUR", "exact"), (500000000, "HKD", "exact"),
        (10000000000, "JPY", "exact"), (23000000, "CNY", "exact"), (100, "count", "more_than"),
        (Decimal("0.3"), "ratio", "about"), (Decimal("0.65"), "ratio", "exact"),
    ]


def test_names_with_digits_dates_phones_and_list_numbers_are_not_figures():
    assert figures(DISTRACTORS) == [
        (Decimal("0.024"), "ratio", "exact"), (12000, "count", "exact"), (23, "count", "exact"),
        (1200, "count", "more_than"), (126, "count", "exact"),
    ]


def test_an_article_without_money_or_companies_has_no_investments():
    result = process(DISTRACTORS, "dev")
    assert result["investments"] == []
    assert result["organizations"] == []


def test_stages_follow_what_the_text_says_has_happened():
    events = {e["investor"]: e for e in process(STAGES, "dev")["investments"]}
    assert events["苏州星辰半导体有限公司"]["stage"] == "signed"  # 达产后 is a forecast, not a fact
    assert events["苏州星辰半导体有限公司"]["amount"] == {"value": 1500000000, "unit": "CNY"}
    assert events["杭州未来智能科技有限公司"]["stage"] == "started"
    assert events["杭州未来智能科技有限公司"]["amount"] == {"value": 680000000, "unit": "CNY"}
    assert events["宁波舜宇光电科技有限公司"]["stage"] == "negotiating"


def test_the_company_set_up_is_not_the_investor():
    events = {e["investor"]: e for e in process(STAGES, "dev")["investments"]}
    assert events["美国安普生物技术公司"]["stage"] == "registered"
    assert events["美国安普生物技术公司"]["amount"] == {"value": 30000000, "unit": "USD"}
    assert "安普（上海）生物医药有限公司" not in events


def test_a_project_announced_first_gets_its_investor_from_the_next_sentence():
    text = ("3月26日，总投资50亿元的天合储能年产10GWh电池项目在长兴县经济技术开发区正式开工。"
            "该项目由江苏天合储能科技集团投资建设，规划用地约380亩。")
    [event] = process(text, "dev")["investments"]
    assert event["investor"] == "江苏天合储能科技集团"
    assert event["amount"] == {"value": 5000000000, "unit": "CNY"}
    assert event["stage"] == "started"
    assert (10_000_000, "kwh", "exact") in figures(text)


def test_a_company_mentioned_in_passing_is_not_an_investor():
    text = "浙江华腾电梯有限公司财务负责人说：“今年公司享受研发费用加计扣除和社保费减免近600万元。”"
    assert process(text, "dev")["investments"] == []


def test_organisations_are_found_by_their_endings_and_deduplicated():
    text = ("南太湖新区深化与上海张江高科技园区合作，开展与上海证券交易所资本市场对接。"
            "记者从德清县自然资源和规划局获悉，浙江大学湖州研究院、湖州市港航管理中心和吉瑞集团参加。"
            "上海吉瑞汽车集团表示支持。")
    names = process(text, "dev")["organizations"]
    assert names == ["南太湖新区", "上海张江高科技园区", "上海证券交易所", "德清县自然资源和规划局",
                     "浙江大学湖州研究院", "湖州市港航管理中心", "上海吉瑞汽车集团"]


@pytest.mark.parametrize(("first", "second"), [("上海吉瑞汽车集团", "杭州吉瑞电子集团"),
                                                ("杭州吉瑞电子集团", "上海吉瑞汽车集团")])
def test_a_short_name_two_full_names_could_stand_for_is_the_one_named_first(first, second):
    # Which of two equally long names was taken used to follow a set's order, which changes with
    # the interpreter's string hashing from one run to the next.
    found = extract(f"{first}和{second}签约。吉瑞集团表示将加快建设。", fast=True).organizations
    assert [o.name for o in found] == [first, second, first]


@pytest.mark.parametrize("not_an_org", ["产业布局", "大学生", "一网通办", "子公司", "上市公司", "企业事项集中办"])
def test_words_with_organisation_endings_are_not_organisations(not_an_org):
    text = f"新区加强对其{not_an_org}的研究，引进各类大学生，推进该公司和科创板上市公司发展。"
    assert all(not_an_org not in name for name in process(text, "dev")["organizations"])


def test_places_are_named_once_in_full_but_not_inside_company_names():
    text = ("湖州加快融入长三角，紧盯上海、杭州、苏州等城市，与南浔区合作，南浔将全力保障。"
            "浙江瑞驰动力科技有限公司落户。南太湖新区位于太湖南岸。")
    assert process(text, "dev")["places"] == ["湖州市", "上海市", "杭州市", "苏州市", "湖州市南浔区"]


def test_place_details_give_each_place_its_code_and_every_mention():
    text = "上海市宝山区与宝山的企业座谈，宝山区表示支持。长春市朝阳区和北京朝阳区也来了。产品销往德国。"
    details = process(text, "dev")["place_details"]
    assert details[0] == {"name": "上海市宝山区", "code": "310113", "spans": [[0, 6], [7, 9], [15, 18]],
                          "written": "上海市宝山区"}
    assert [(d["name"], d["code"]) for d in details[1:]] == [
        ("长春市朝阳区", "220104"), ("北京市朝阳区", "110105"), ("德国", "DE")]


def test_a_province_before_its_city_is_part_of_the_name_and_a_new_city_wins_over_the_old_county():
    result = process("浙江省湖州市吴兴区签约。安徽省广德市和广德的企业。", "dev")
    assert result["places"] == ["湖州市吴兴区", "宣城市广德市"]


def test_a_county_short_name_needs_its_city_or_full_name_nearby():
    assert process("太湖流域水环境治理取得进展。", "dev")["places"] == []
    assert process("安庆市太湖县签约，太湖将加快发展。", "dev")["places"] == ["安庆市太湖县"]


def test_offsets_point_into_the_normalised_text():
    result = process("總投資441.38億元，簽約項(xiàng)目33個(gè)。", "dev")
    for metric in result["metrics"]:
        assert result["text"][metric["start"]:metric["end"]] in metric["span"]
    assert result["metrics"][0]["value"] == 44138000000


def test_decode_reads_utf8_utf16_and_gbk_and_rejects_binary():
    text = "湖州南太湖新区签约项目33个，总投资441.38亿元。"
    assert decode(text.encode("utf-8")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode(text.encode("utf-16")) == text
    assert decode(text.encode("gbk")) == text
    assert decode(text.encode("gb18030")) == text
    assert decode(text.encode("utf-16-le")) == text  # no byte-order mark
    traditional = "長三角區域一體化發展上升為國家戰略，湖州迎來了發展的全新機遇。今年以來，新區共簽約項目33個。"
    assert decode(traditional.encode("big5")) == traditional
    with pytest.raises(ValueError, match="binary"):
        decode(b"\x00\x01\x02PK\x03\x04")
    with pytest.raises(ValueError):
        decode(bytes(range(128, 256)) * 8)


PROGRESS = (
    "9月15日，由杭州海康威视数字技术股份有限公司投资20亿元建设的智能制造基地项目在桐庐经济开发区竣工投产，"
    "项目达产后可实现年产值80亿元。\n"
    "同月，浙江吉利控股集团有限公司（以下简称“吉利”）与宁波杭州湾新区管委会签订投资协议，"
    "吉利计划投资100亿元建设新能源汽车零部件产业园。\n"
    "此外，上海微创医疗器械（集团）有限公司完成3亿元B轮融资，并在嘉兴设立长三角研发中心。"
    "苏州汇川技术有限公司、无锡先导智能装备股份有限公司两家企业正在与园区洽谈，意向投资额合计约15亿元。"
)


def test_financing_is_a_figure_but_not_an_investment():
    events = {e["investor"]: e for e in process(PROGRESS, "dev")["investments"]}
    assert events["上海微创医疗器械（集团）有限公司"]["amount"] is None
    assert (300000000, "CNY", "exact") in figures(PROGRESS)


def test_events_read_by_whom_built_signed_and_negotiating():
    events = [(e["investor"], e["amount"] and e["amount"]["value"], e["stage"])
              for e in process(PROGRESS, "dev")["investments"] if e["kind"] == "project"]
    assert events == [
        ("杭州海康威视数字技术股份有限公司", 2000000000, "operating"),
        ("浙江吉利控股集团有限公司", 10000000000, "signed"),
        ("上海微创医疗器械（集团）有限公司", None, "registered"),
        ("苏州汇川技术有限公司", None, "negotiating"),  # a shared total (合计) is not each one's amount
        ("无锡先导智能装备股份有限公司", None, "negotiating"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("同比增长1.2倍", [(Decimal("1.2"), "ratio", "exact")]),
        ("对新落户的研发机构最高给予1000万元奖励", [(10000000, "CNY", "at_most")]),
        ("亩均税收不低于40万元", [(400000, "CNY", "at_least")]),
        ("集装箱吞吐量突破60万标箱", [(600000, "TEU", "more_than")]),
        ("累计发电1,320万度，每度电便宜两毛钱左右", [(13200000, "kwh", "exact"), (Decimal("0.2"), "CNY", "about")]),
        ("规划面积约5.6平方公里", [(5600000, "m2", "about")]),
        ("增长约6个百分点", [(Decimal("0.06"), "ratio", "about")]),
        ("约占全国1/15的面积", [(Decimal(1) / 15, "ratio", "about")]),
        ("比重约为三分之二", [(Decimal(2) / 3, "ratio", "about")]),
        ("九成五以上的企业", [(Decimal("0.95"), "ratio", "at_least")]),
        ("复工人数两万三千余人", [(23000, "count", "more_than")]),
        ("到位资金四十六点八亿元", [(4680000000, "CNY", "exact")]),
        ("税收按“5:5”比例由两地分享", [(Decimal("0.5"), "ratio", "exact")]),
        ("增资8000万瑞士法郎，装机350万千瓦", []),
        ("坚持“四个全面”，推进“两个一百年”", []),
        ("引进数十家企业、上百个项目，成千上万人受益", []),
        ("时速350公里，3个工作日，18个月，第三届，1至8月", []),
        ("超10亿元项目3个，亿元以上项目41个", [(3, "count", "exact"), (41, "count", "exact")]),
        ("企业约有200家，比重达到约15%", [(200, "count", "about"), (Decimal("0.15"), "ratio", "about")]),
        ("最多可获得50万元奖励", [(500000, "CNY", "at_most")]),
        ("一成不变的政策，七成不到", [(Decimal("0.7"), "ratio", "at_most")]),
        ("近千亿元，3亿多元，1.2 万人", [(100000000000, "CNY", "about"), (300000000, "CNY", "more_than"),
                                     (12000, "count", "exact")]),
    ],
)
def test_figures_in_their_many_written_forms(text, expected):
    assert figures(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789一二两三十百千万亿点成余多约近逾超以上下左右%个家人项元美港欧万平方米亩吨"
                        "公司集团局区县市新区（）()，。；、“”\n長區發(zhǎng)(lai2)签约投资落户开工投产该项目由与和/:-.?©G",
               max_size=120))
def test_any_text_processes_and_offsets_stay_inside_the_body(text):
    result = process(text, "fuzz")
    assert set(result) == {"source", "title", "text", "organizations", "places", "place_details", "metrics",
                           "investments"}
    for metric in result["metrics"]:
        assert 0 <= metric["start"] < metric["end"] <= len(result["text"])
        assert metric["unit"] in {"CNY", "USD", "EUR", "HKD", "JPY", "ratio", "count", "m2", "mu", "km", "ton",
                                  "TEU", "kwh"}


def test_institutions_branches_and_bodies_with_framing_words_inside_their_names():
    text = ("上海交通大学医学院附属瑞金医院与湖州市人民政府签署战略合作协议。此次活动由湖州市商务局、"
            "湖州市投资促进服务中心和上海市浙江商会联合主办，国家开发银行浙江省分行、中国工商银行湖州分行参加。"
            "华为技术有限公司、宁德时代新能源科技股份有限公司代表发言。浙江湖州经济开发区管理委员会推介了投资环境。")
    assert process(text, "dev")["organizations"] == [
        "上海交通大学医学院附属瑞金医院", "湖州市人民政府", "湖州市商务局", "湖州市投资促进服务中心", "上海市浙江商会",
        "国家开发银行浙江省分行", "中国工商银行湖州分行", "华为技术有限公司", "宁德时代新能源科技股份有限公司",
        "浙江湖州经济开发区管理委员会",
    ]


def test_the_extract_command_keeps_input_order_and_reports_bad_files(tmp_path, capsys):
    import json

    from zhaoshang.cli import main

    good = tmp_path / "good.txt"
    good.write_bytes("南浔区签约项目6个，总投资86.5亿元。".encode("gbk"))
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    other = tmp_path / "other.txt"
    other.write_text("湖州港完成集装箱吞吐量61.2万标箱。", encoding="utf-16")
    code = main(["extract", str(good), str(binary), str(other)])
    out, err = capsys.readouterr()
    assert code == 1
    assert err == f"zhaoshang extract: {binary}: binary file (contains NUL bytes)\n"
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["source"] for line in lines] == [str(good), str(other)]
    assert lines[0]["metrics"][1]["value"] == 8650000000
    assert lines[1]["metrics"][0]["unit"] == "TEU"


def test_a_numbered_signing_list_where_落户_says_where_not_how_far():
    text = ("11月26日，湖州（上海）投资合作推介会在上海举行，现场集中签约项目18个，总投资212亿元。主要签约项目如下：\n"
            "1. 上海钧达光伏科技有限公司年产5GW高效电池项目，总投资30亿元，落户长兴县；\n"
            "2. 苏州宝丽迪材料科技有限公司功能性纤维项目，总投资8.5亿元，落户吴兴区；\n"
            "3. 杭州兆丰汽车零部件制造有限公司轮毂轴承项目，总投资6亿元，落户南浔区。\n"
            "此外，上海电气集团股份有限公司与湖州市人民政府签订战略合作框架协议。")
    events = [(e["investor"], e["project"], e["amount"]["value"], e["location"], e["stage"])
              for e in process(text, "dev")["investments"]]
    assert events == [
        ("上海钧达光伏科技有限公司", "年产5GW高效电池项目", 3000000000, "长兴县", "signed"),
        ("苏州宝丽迪材料科技有限公司", "功能性纤维项目", 850000000, "吴兴区", "signed"),
        ("杭州兆丰汽车零部件制造有限公司", "轮毂轴承项目", 600000000, "南浔区", "signed"),
    ]  # the framework agreement puts no money into a project


def test_an_unnamed_subsidiary_and_a_counted_kind_are_not_named():
    text = ("德清县正与中航工业集团旗下一家企业洽谈无人机研发制造项目，意向投资额超过20亿元。"
            "两地将共同打造3个跨区域产业合作园。")
    result = process(text, "dev")
    assert result["organizations"] == ["中航工业集团"]
    assert result["investments"] == []
    assert (2000000000, "CNY", "more_than") in figures(text)


def test_the_last_hard_stop_is_where_a_scan_from_the_left_ends():
    # Organisation names start after the last hard stop before their ending; it is found by backing off
    # from the end of the window, which must agree with scanning every stop from the left.
    import importlib
    import itertools

    orgs = importlib.import_module("zhaoshang.text.orgs")

    def scanned(window: str) -> int:
        end = 0
        for m in orgs._HARD_STOP.finditer(window):
            end = m.end()
        return end

    pieces = ["湖州", "2021年", "G60", "3亿元", "12", "，", " ", "——", "—", "·", "（杭州）", "A", "有限公司", "5个",
              "\n"]
    windows = ["".join(p) for n in range(1, 4) for p in itertools.product(pieces, repeat=n)]
    assert len(windows) > 3000
    for window in windows:
        assert orgs._last_stop_end(window) == scanned(window), window
