"""Normalisation: pinyin annotations out, simplified script, Chinese punctuation, boilerplate split off."""

import pytest

from zhaoshang.text.normalize import normalize


def body(raw: str) -> str:
    return normalize(raw).text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("風(fēng)從海上來(lái)", "风从海上来"),
        ("未來(lai2)的發(fa1)展", "未来的发展"),
        ("潮涌長(zhǎng)三角", "潮涌长三角"),  # a wrong reading is still an annotation
        ("國（guó）家戰（zhàn）略", "国家战略"),  # full-width parentheses
        ("為(wèi)了", "为了"),
        ("長江(cháng jiāng)沿岸", "长江沿岸"),
    ],
)
def test_pinyin_annotations_are_removed(raw, clean):
    assert body(raw) == clean


@pytest.mark.parametrize(
    "kept",
    [
        "湖州南太湖新区(杭州)创新中心",
        "安吉（上海）科创飞地正式启用。",
        "会议通过了方案(2020)。",
        "人工智能(AI)产业加快发展。",
        "看东方(上海)传媒有限公司参与报道。",
        "数据中心能效(PUE)控制在1.3以下。",
    ],
)
def test_real_parentheses_are_kept(kept):
    assert body(kept) == kept


def test_traditional_becomes_simplified_at_phrase_level():
    assert body("長三角區域一體化發展上升為國家戰略。") == "长三角区域一体化发展上升为国家战略。"
    assert body("頭髮與計畫裡面的軟體。") == "头发与计划里面的软体。"
    assert body("隨著產業升級，他笑著說。") == "随着产业升级，他笑着说。"  # Taiwan-standard 著 for 着
    assert body("著名企業的顯著成績") == "著名企业的显著成绩"


def test_simplified_text_is_left_unchanged():
    text = ("今年以来，新区共签约亿元以上项目33个，总投资441.38亿元。著名企业于是在这里发展，后来干部面条系统里面的"
            "钟表、云计算、制造业、余额、范围、乾坤、台风都没有变。")
    assert body(text) == text


def test_ascii_punctuation_between_chinese_becomes_full_width():
    assert body("湖州,迎来了机遇;记者:张三?是的!") == "湖州，迎来了机遇；记者：张三？是的！"


def test_numbers_and_latin_keep_their_punctuation():
    text = "总投资1,200万元，时间10:32，比例3.5%，Kankanews.com, Inc."
    assert body(text) == text


def test_full_width_digits_and_letters_become_ascii():
    assert body("投资４４１．３８亿元，建设５Ｇ基站") == "投资441.38亿元，建设5G基站"


def test_lost_copyright_sign_and_replacement_characters_are_repaired():
    doc = normalize("正文第一句。\nCopyright ? 2016 Kankanews.com Inc. All Rights Reserved.\n湖州\ufffd新区")
    assert "Copyright © 2016 Kankanews.com Inc. All Rights Reserved." in doc.boilerplate
    assert doc.text == "正文第一句。\n湖州新区"


SEED_TAIL = """今年以来，新区共签约项目33个。
(看看新聞Knews記者:謝丹青 編輯:小真)
劍網行動舉報電話:12318(市文化執法總隊)、021-64334547(市版權局)
Copyright ? 2016 Kankanews.com Inc. All Rights Reserved. 看東方(上海)傳媒有限公司 版權所有
全部評論
暫無評論,快來發表你的評論吧
5721"""


def test_byline_hotline_copyright_comments_and_counter_leave_the_body():
    doc = normalize(SEED_TAIL)
    assert doc.text == "今年以来，新区共签约项目33个。"
    assert doc.byline == "看看新闻Knews记者：谢丹青 编辑：小真"
    assert len(doc.boilerplate) == 6


WRAPPED = """首页 > 新闻中心 > 区域经济 > 正文
南浔经济开发区集中签约6个项目 总投资86.5亿元
来源：湖州在线  2020-11-18 10:32  责任编辑：刘洋
分享到：微信 微博 QQ空间
11月18日上午，南浔经济开发区举行集中签约仪式，共签约项目6个，总投资86.5亿元。
此次签约的项目涵盖新能源汽车零部件、高端装备等领域。
（湖州在线记者：张文斌 编辑：刘洋）
阅读 5,721
点赞 42
相关新闻
· 湖州举办第三届人才峰会
· 南浔区集中签约12个项目 总投资56亿元
网友评论
0条评论
暂无评论
违法和不良信息举报电话：0572-2021688 举报邮箱：jubao@hzzx.com.cn
Copyright ? 2016-2020 hzzx.com.cn All Rights Reserved. 湖州在线 版权所有 浙ICP备05012345号
8812"""


def test_a_wrapped_page_gives_title_date_byline_and_a_clean_body():
    doc = normalize(WRAPPED)
    assert doc.title == "南浔经济开发区集中签约6个项目 总投资86.5亿元"
    assert doc.date == "2020-11-18"
    assert doc.byline == "湖州在线记者：张文斌 编辑：刘洋"
    assert doc.text == ("11月18日上午，南浔经济开发区举行集中签约仪式，共签约项目6个，总投资86.5亿元。\n"
                        "此次签约的项目涵盖新能源汽车零部件、高端装备等领域。")
    assert "相关新闻" not in doc.text and "12个项目" not in doc.text


@pytest.mark.parametrize(
    "line",
    ["首页 | 要闻 | 经济 | 招商", "当前位置：首页 > 开发区动态", "网站首页 » 财经 » 产业园区",
     "分享：微信 | 微博 | 朋友圈",
     "责任编辑：王五", "来源：新华网", "浏览次数：1234", "相关阅读", "沪ICP备09045678号-1", "8812",
     "[责任编辑:刘洋]", "（完）", "【打印】【关闭】", "标签：招商引资 长三角", "免责声明：本文仅代表作者观点",
     "本站内容 COPYRIGHT 2021 湖州招商网", "湖州招商网 all rights reserved", "2021 湖州招商网 All Rights Reserved"],
)
def test_page_furniture_lines_are_boilerplate(line):
    doc = normalize(f"{line}\n正文：签约项目6个。\n第二段。")
    assert line not in doc.text
    assert doc.text.endswith("第二段。")


def test_dates_in_chinese_are_kept_as_metadata():
    assert normalize("发布时间：2020年11月5日 09:00\n正文。").date == "2020-11-05"
    assert normalize("据悉，2021年3月26日项目开工。").date == "2021-03-26"


def test_a_first_line_that_is_a_sentence_is_not_a_title():
    doc = normalize("风从海上来，潮涌长三角。\n湖州迎来机遇。")
    assert doc.title is None
    assert doc.text.startswith("风从海上来")


def test_a_single_short_line_is_body_not_title():
    assert normalize("南太湖新区签约33个项目").title is None


def test_inline_byline_at_the_end_of_a_paragraph_is_metadata():
    doc = normalize("项目正式开工。（记者 李四 通讯员 王五）\n下一段。")
    assert doc.text == "项目正式开工。\n下一段。"
    assert doc.byline == "记者 李四 通讯员 王五"


@pytest.mark.parametrize("line", ["本报记者 张文斌 通讯员 李晓燕", "记者：王海涛 摄影：周敏", "新华社记者张三报道"])
def test_a_byline_on_its_own_line_is_metadata(line):
    doc = normalize(f"{line}\n记者从湖州市获悉，今年签约项目6个。")
    assert doc.byline == line
    assert doc.text == "记者从湖州市获悉，今年签约项目6个。"


def test_a_site_name_above_the_headline_is_not_the_title():
    doc = normalize("湖州在线\n湖州港集装箱吞吐量突破60万标箱\n今年1至11月，湖州港完成集装箱吞吐量61.2万标箱。")
    assert doc.title == "湖州港集装箱吞吐量突破60万标箱"
    assert doc.text == "今年1至11月，湖州港完成集装箱吞吐量61.2万标箱。"


def test_an_exclaiming_headline_is_still_the_title():
    doc = normalize("湖州港吞吐量再创新高！\n今年1至11月，湖州港完成集装箱吞吐量61.2万标箱。")
    assert doc.title == "湖州港吞吐量再创新高！"


@pytest.mark.parametrize("first", ["本报讯", "新华社北京11月5日电", "一、主要指标完成情况", "（一）支持重大项目建设"])
def test_datelines_and_numbered_headings_stay_in_the_body(first):
    doc = normalize(f"{first}\n今年全市签约项目6个。")
    assert doc.title is None
    assert doc.text.startswith(first)


def test_a_headline_ending_in_电_is_still_a_title():
    headline = "长兴县最大渔光互补光伏电站并网发电"
    assert normalize(f"{headline}\n项目总投资4.2亿元。").title == headline


def test_pinyin_finals_as_a_tree_remove_what_the_list_of_finals_removes():
    # The annotation pattern writes the finals as a tree of their shared beginnings; the plain list,
    # longest first, is the reference. Every initial with every final, toned, numbered or bare, one to
    # three syllables, closed or not: both remove the same annotations.
    import importlib
    import re

    module = importlib.import_module("zhaoshang.text.normalize")  # the package's normalize is the function
    flat = "|".join(module._toned(f) for f in sorted(module._FINALS, key=len, reverse=True))
    syllable = rf"(?:[bpmfdtnlgkhjqxrwy]|[zcs]h?)?(?:{flat})[0-5]?"
    reference = re.compile(f"[(（](?<=[{module.CJK}][(（])[ \t]*{syllable}(?:[ \t'’]{syllable}){{0,5}}[ \t]*[)）]")
    initials = ["", "b", "m", "n", "g", "zh", "sh", "r", "y"]
    count = 0
    for initial in initials:
        for final in module._FINALS:
            toned = final.replace("a", "ǎ", 1) if "a" in final else final.replace("e", "é", 1)
            for first in (initial + final, initial + toned, initial + final + "4"):
                for text in (f"长({first})江", f"长（{first} {final}）江", f"长({first}'n{final})江",
                             f"长({first}g)江", f"长({first}"):
                    assert module._ANNOTATION.sub("", text) == reference.sub("", text), text
                    count += text != reference.sub("", text)
    assert count > 1000  # most of them are annotations, removed
