"""Company announcements and financial news frame names with roles, verbs and share phrases: the name is
what follows them (财务顾问国信证券股份有限公司 is 国信证券股份有限公司), a phrase ending in 股份 or 公司 is
no name (解质股份, 深交所要求公司), and names that hold those words stay whole."""

import pytest

from zhaoshang.text import extract


def names(text: str, fast: bool = True) -> list[str]:
    return [o.name for o in extract(text, fast=fast).organizations]


@pytest.mark.parametrize(("text", "name"), [
    ("公司于近日收到财务顾问国信证券股份有限公司的通知。", "国信证券股份有限公司"),
    ("流通股质押给债券受托管理人（即质权人）红塔证券股份有限公司，用于换股。", "红塔证券股份有限公司"),
    ("2018年9月，上市公司北京华业资本控股股份有限公司遭遇合同诈骗案。", "北京华业资本控股股份有限公司"),
    ("该公司的间接全资附属卓莱有限公司以1000万元出售股权。", "卓莱有限公司"),
    ("其现在还担任中国信息通信科技集团有限公司副总经理职务。", "中国信息通信科技集团有限公司"),
    ("罗登攀曾任中信并购基金管理公司董事总经理。", "中信并购基金管理公司"),
    ("以3美元购买三者分别所持重庆平山泰凯化油器有限公司20%的股权。", "重庆平山泰凯化油器有限公司"),
    ("股东将所持股份再次质押予中国银河证券股份有限公司。", "中国银河证券股份有限公司"),
    ("回购金额最高的上市公司为歌尔股份。", "歌尔股份"),
    ("正式聘请朱志刚担任世界铂金投资协会中国区顾问。", "世界铂金投资协会"),
    ("格隆汇9月10日丨江河集团(601886.SH)公告。", "江河集团"),
    ("质权人为中国工商银行股份有限公司本溪分行。", "中国工商银行股份有限公司本溪分行"),
    ("ST丰山全称江苏丰山集团股份有限公司，于2018年上市。", "江苏丰山集团股份有限公司"),
    ("据悉，中国在线英语教育服务公司日前发布了财报。", "中国在线英语教育服务公司"),
    ("控股股东及其一致行动人浙江诸暨惠风创业投资有限公司合计持有公司股份。", "浙江诸暨惠风创业投资有限公司"),
    ("北京天云动力科技有限公司成功中标中国石油大庆油田有限责任公司空调维修项目。", "中国石油大庆油田有限责任公司"),
])
def test_the_words_before_a_name_are_not_part_of_it(text, name):
    assert name in names(text)
    assert not any(n != name and n.endswith(name) for n in names(text))


@pytest.mark.parametrize("text", [
    "本次解质股份拟用于后续股份质押业务。",
    "激励对象获授的限制性股票完成股份登记后，公司实施了权益分派。",
    "本次权益分派共计转增股份120万股。",
    "公司控股股东通过集中竞价方式减持公司股份312.02万股。",
    "占公司总股本的比例为4.37%，均为社会公众股份。",
    "针对上述事项，深交所要求公司核实说明如下问题。",
    "具体内容详见公司披露在交易所网站的公告。",
    "连续90个自然日内减持股份总数不超过公司总股本的2%。",
])
def test_a_phrase_ending_in_shares_or_company_is_no_name(text):
    assert not any(n.endswith(("股份", "公司")) for n in names(text))


def test_congress_is_not_read_across_two_words():
    assert "国会" not in names("约占公司中国会计准则下2019年营业收入的5%，全国会议期间公布。")
    assert "国会" in names("法案须经国会批准。")


@pytest.mark.parametrize("name", [
    "深圳欧陆通电子股份有限公司", "上海某某财务顾问有限公司", "浙江大学医学院附属第一医院",
    "中国证监会上市公司并购重组审核委员会",
])
def test_names_that_hold_those_words_stay_whole(name):
    assert name in names(f"{name}近日发布公告。")
