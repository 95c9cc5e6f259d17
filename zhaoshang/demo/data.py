"""The demo's tables. Names of companies are invented; every figure agrees with the seed report.

Amounts are in 亿元 unless a currency is given. The 33 projects signed in 2020 at or above 1亿元 add up to
exactly 441.38亿元 (one of them is 1亿美元, converted at the signing date's rate of 6.9), and 24 of them
(72.7%) come from Yangtze River Delta cities.
"""

from __future__ import annotations

DEMO_PASSWORD = "Zhaoshang@2020"

ZONE = {"code": "nantaihu", "name": "湖州南太湖新区", "short_name": "南太湖新区", "region": "330500"}

TEAMS = ["招商一组", "招商二组"]

# username, surname, given name, role, team index or None, carrier name (partners) or None
USERS = [
    ("admin", "管", "理员", "administrator", None, None),
    ("leader", "陈", "主任", "leader", None, None),
    ("zhangwei", "张", "伟", "officer", 0, None),
    ("lina", "李", "娜", "officer", 0, None),
    ("wangqiang", "王", "强", "officer", 1, None),
    ("analyst", "赵", "敏", "analyst", None, None),
    ("enclave", "周", "杰", "partner", None, "智车空间·湖州南太湖新区(杭州)创新中心"),
]

TAGS = ["世界500强", "央企", "上市", "行业龙头", "专精特新", "高新技术企业"]

# name, kind, region code, industry code, tags
PARTNERS = [
    ("上海张江高科技园区", "park", "310100", "", []),
    ("上海证券交易所", "exchange", "310100", "", []),
    ("上海湖州全球招商中心", "government", "310100", "", []),
    ("创徒丛林（上海）企业管理有限公司", "company", "310100", "7221", []),
    ("纵目科技（上海）股份有限公司", "company", "310100", "3670", ["高新技术企业"]),
    ("唯品会（中国）有限公司", "company", "440100", "5292", ["上市"]),
    ("浙江大学", "university", "330100", "", []),
    ("上海大学", "university", "310100", "", []),
    ("南京工业大学", "university", "320100", "", []),
    ("中国科学技术大学", "university", "340100", "", []),
    ("苏州大学", "university", "320500", "", []),
]

CARRIERS = [
    # name, kind, region, host region, home share, partner, introduced on, description
    ("智车空间·湖州南太湖新区(杭州)创新中心", "enclave", "330500", "330100", "0.6", "", "2019-09-18",
     "在杭州设立的“双创”平台飞地项目，入驻信息经济科技创业项目和互联网、网络安全、大数据创业团队"),
    ("创徒智联产业园", "industrial_park", "330500", None, "1", "创徒丛林（上海）企业管理有限公司", "2020-05-20",
     "张江合作签约项目，创徒在湖州设立的智联产业园"),
    ("湖州铁公水综合物流园", "logistics_park", "330500", None, "1", "", "2019-03-01",
     "“河湖海铁”多式联运核心平台，含仓储、联检、保税等设施，B保中心“一日游”模式已通行"),
    ("南太湖新区浙大联合创新中心", "innovation", "330500", None, "1", "浙江大学", "2020-03-12", ""),
    ("南太湖新区上海大学智能制造研究院", "innovation", "330500", None, "1", "上海大学", "2020-05-08", ""),
    ("南京工大新材料湖州研究院", "innovation", "330500", None, "1", "南京工业大学", "2020-07-21", ""),
    ("中科大南太湖先进技术研究中心", "innovation", "330500", None, "1", "中国科学技术大学", "2020-09-30", ""),
]

# The 33 projects signed in 2020 at or above 1亿元.
# project, investor, investor city, industry, amount, currency, signed on, stage now, carrier, owner, confidential
SIGNED_2020 = [
    ("年产50万套新能源汽车电驱系统项目", "沪江新能源动力科技有限公司", "310100", "3670", "50", "CNY", "2020-01-16", "started", "", "zhangwei", False),
    ("高端生物药研发及产业化基地", "申康生物医药（上海）有限公司", "310100", "2761", "42", "CNY", "2020-03-05", "registered", "", "lina", False),
    ("12英寸特色工艺晶圆项目", "芯源微电子（苏州）有限公司", "320500", "3973", "35", "CNY", "2020-04-22", "registered", "", "wangqiang", True),
    ("动力锂电池电芯及模组项目", "杭锂能源科技有限公司", "330100", "3841", "33.3", "CNY", "2020-05-14", "started", "", "zhangwei", False),
    ("智能网联汽车零部件产业园", "宁远汽车部件集团有限公司", "330200", "3670", "30.6", "CNY", "2020-06-02", "registered", "", "lina", False),
    ("半导体专用设备制造基地", "北芯装备科技有限公司", "110100", "3562", "27", "CNY", "2020-06-18", "signed", "", "wangqiang", False),
    ("高端医疗影像设备项目", "联影智医科技（上海）有限公司", "310100", "3581", "22", "CNY", "2020-07-09", "started", "", "zhangwei", False),
    ("新型显示材料项目", "苏新光电材料有限公司", "320500", "3985", "20", "CNY", "2020-07-23", "registered", "", "lina", False),
    ("工业互联网平台及数据中心项目", "深蓝数科（深圳）有限公司", "440300", "6450", "18.5", "CNY", "2020-08-06", "registered", "", "wangqiang", False),
    ("新能源商用车整车项目", "合新汽车股份有限公司", "340100", "3612", "16", "CNY", "2020-08-20", "signed", "", "zhangwei", False),
    ("功率半导体模块项目", "宁芯电子科技有限公司", "320100", "3824", "15", "CNY", "2020-09-03", "registered", "", "lina", False),
    ("智能装备核心零部件项目", "锡工精密机械有限公司", "320200", "3489", "13.2", "CNY", "2020-09-17", "registered", "", "zhangwei", False),
    ("生物医用材料产业化项目", "张江再生医学科技有限公司", "310100", "2761", "12", "CNY", "2020-09-24", "registered", "", "lina", False),
    ("跨境电商智慧仓储项目", "粤通供应链管理有限公司", "440100", "5920", "11.5", "CNY", "2020-10-12", "signed", "湖州铁公水综合物流园", "wangqiang", False),
    ("智能制造系统集成项目", "杭云智造科技有限公司", "330100", "6531", "10", "CNY", "2020-10-22", "registered", "", "zhangwei", False),
    ("车规级芯片设计中心", "上芯微电子设计有限公司", "310100", "6520", "9.8", "CNY", "2020-11-05", "registered", "", "lina", False),
    ("氢燃料电池系统项目", "嘉氢动力科技有限公司", "330400", "3670", "8.6", "CNY", "2020-11-12", "signed", "", "zhangwei", False),
    ("智能照明及光电模组项目", "京辉光电科技有限公司", "110100", "3874", "8", "CNY", "2020-11-19", "signed", "", "wangqiang", False),
    ("高端食品添加剂项目", "汉达生物科技有限公司", "420100", "1495", "7.5", "CNY", "2020-11-26", "signed", "", "lina", False),
    ("精密医疗器械外资项目", "Meditec Asia Holdings Ltd.", "310100", "3581", "1", "USD", "2020-12-03", "signed", "", "zhangwei", False),
    ("汽车轻量化零部件项目", "苏锐汽车科技有限公司", "320500", "2929", "6.2", "CNY", "2020-12-08", "signed", "", "lina", False),
    ("工业机器人应用项目", "沪智机器人有限公司", "310100", "4011", "5.5", "CNY", "2020-12-10", "signed", "", "zhangwei", False),
    ("数字孪生软件研发中心", "杭数科技有限公司", "330100", "6513", "5", "CNY", "2020-12-14", "signed", "", "lina", False),
    ("新型电子元器件项目", "深芯电子有限公司", "440300", "3990", "4.8", "CNY", "2020-12-15", "signed", "", "wangqiang", False),
    ("节能环保技术服务中心", "蓉能环保科技有限公司", "510100", "7514", "4.2", "CNY", "2020-12-16", "signed", "", "zhangwei", False),
    ("高端金属结构件项目", "杭钢精工结构有限公司", "330100", "3311", "3.6", "CNY", "2020-12-17", "signed", "", "lina", False),
    ("半导体封装材料项目", "沪芯材料科技有限公司", "310100", "3985", "3.2", "CNY", "2020-12-18", "signed", "", "zhangwei", False),
    ("基础软件适配中心", "京创软件有限公司", "110100", "6511", "3", "CNY", "2020-12-21", "signed", "", "wangqiang", False),
    ("医学诊断试剂项目", "苏源生物技术有限公司", "320500", "2665", "2.5", "CNY", "2020-12-22", "signed", "", "lina", False),
    ("金属加工机械项目", "杭机重工有限公司", "330100", "3429", "2.18", "CNY", "2020-12-23", "signed", "", "zhangwei", False),
    ("网络安全产业基地", "深安信息技术有限公司", "440300", "6440", "1.8", "CNY", "2020-12-24", "signed", "", "wangqiang", False),
    ("工程技术研发中心", "沪研工程技术有限公司", "310100", "7320", "1.5", "CNY", "2020-12-28", "signed", "", "lina", False),
    ("张江合作智能传感器项目", "张江传感科技有限公司", "310100", "3990", "1", "CNY", "2020-12-30", "signed", "", "zhangwei", False),
]

# Projects that do not count in the 2020 figures: below 1亿元, signed in 2019, still in talks, or dropped.
OTHER_PROJECTS = [
    ("纵目科技自动驾驶研发制造基地", "纵目科技（上海）股份有限公司", "310100", "3670", "0.9", "CNY", "2020-06-28", "registered", "创徒智联产业园", "zhangwei", False),
    ("智联产业园运营项目", "创徒丛林（上海）企业管理有限公司", "310100", "7221", "0.5", "CNY", "2020-05-20", "operating", "创徒智联产业园", "lina", False),
    ("唯品会华东运营中心", "唯品会（中国）有限公司", "440100", "5920", "40", "CNY", "2019-08-16", "started", "湖州铁公水综合物流园", "wangqiang", False),
    ("光伏组件扩产项目", "嘉能光伏有限公司", "330400", "3825", "6", "CNY", "2019-11-20", "operating", "", "zhangwei", False),
    ("氢能重卡整车项目", "沪氢汽车有限公司", "310100", "3612", "60", "CNY", None, "negotiating", "", "wangqiang", True),
    ("第三代半导体衬底项目", "苏晶半导体有限公司", "320500", "3985", "25", "CNY", None, "negotiating", "", "wangqiang", True),
    ("创新药CDMO平台", "杭药生物科技有限公司", "330100", "2761", "12", "CNY", None, "negotiating", "", "lina", False),
    ("智慧物流装备项目", "锡运智能装备有限公司", "320200", "3489", "8", "CNY", None, "lead", "", "zhangwei", False),
    ("数据标注及算力服务中心", "京算科技有限公司", "110100", "6450", "3", "CNY", None, "lead", "", "lina", False),
    ("锂电回收利用项目", "合循环境科技有限公司", "340100", "3841", "9", "CNY", None, "dropped", "", "zhangwei", False),
]

# The eight 信息经济 start-up projects resident in the Hangzhou enclave.
ENCLAVE_PROJECTS = [
    ("智能座舱交互软件", "杭州声驰科技有限公司", "6513"), ("车联网数据平台", "杭州途联数据有限公司", "6450"),
    ("自动驾驶仿真测试", "杭州仿行智能科技有限公司", "6513"), ("工业视觉检测算法", "杭州睿视科技有限公司", "6511"),
    ("智慧园区物联网平台", "杭州联园科技有限公司", "6531"), ("新能源车电池管理软件", "杭州储芯科技有限公司", "6513"),
    ("跨境电商SaaS平台", "杭州跨云网络科技有限公司", "6432"), ("高精地图众包平台", "杭州图众信息技术有限公司", "6450"),
]

# The six start-up teams (互联网, 网络安全, 大数据…) resident in the enclave, and how many people each has.
ENCLAVE_TEAMS = [
    ("零信任网络安全团队", "网络安全", 10), ("工业大数据分析团队", "大数据", 9), ("智能客服互联网团队", "互联网", 8),
    ("隐私计算团队", "网络安全", 9), ("城市数据中台团队", "大数据", 9), ("车载互联网应用团队", "互联网", 8),
]

LEADING_TEAM_FIELDS = ["新能源汽车", "生物医药", "集成电路", "高端装备", "新材料", "数字经济", "节能环保",
                       "人工智能", "智能网联", "医疗器械", "氢能", "工业软件", "光电", "储能", "机器人",
                       "大数据", "网络安全", "精准医学", "先进制造"]
LEADING_TEAM_CITIES = ["310100", "330100", "320500", "320100", "340100", "330200"]

# 2020 graduate intake by where they studied: 2,274 from the Yangtze River Delta, and some from elsewhere.
GRADUATES_2020 = [("330100", 892), ("310100", 418), ("320100", 287), ("320500", 196), ("340100", 221),
                  ("330500", 260), ("110100", 63), ("420100", 85), ("510100", 41)]

RESEARCH_PROJECTS = [
    ("车规级功率器件可靠性联合攻关", ["浙江大学"], "2020-04-15", "2020年度浙江省重点研发项目"),
    ("生物基可降解材料关键技术联合攻关", ["南京工业大学", "苏州大学"], "2020-06-10", "2020年度浙江省重点研发项目"),
]

# Cases handled fully online (全程网办件), January to October 2020: 849 in all.
ONLINE_CASES_2020 = [62, 48, 71, 83, 88, 90, 97, 102, 99, 109]

USD_RATES = [("2020-01-02", "6.9614"), ("2020-06-01", "7.1277"), ("2020-12-01", "6.9000"), ("2020-12-31", "6.5249")]

# The Hangzhou enclave's agreement on who counts what: counts in full on both sides (双计); investment and
# output 60/40 for the first five years from 2019, then 50/50. (figure, mode, zone share, from, until)
ENCLAVE_PARTNER = ("杭州市人民政府", "330100", "", "government")  # name, region, industry, kind
ENCLAVE_AGREEMENT = ("湖州南太湖新区与杭州市共建智车空间飞地合作协议", "2019-08-20",
                     "共建智车空间·湖州南太湖新区(杭州)创新中心，约定入驻项目、团队、人才和经济数据在两地的统计归属。（示例数据）")
ENCLAVE_RULES: list[tuple[str, str, str, str, str | None]] = [
    ("projects", "both", "1", "2019-01-01", None),
    ("teams", "both", "1", "2019-01-01", None),
    ("talents", "both", "1", "2019-01-01", None),
    ("investment", "split", "0.6", "2019-01-01", "2023-12-31"),
    ("investment", "split", "0.5", "2024-01-01", None),
    ("output", "split", "0.6", "2019-01-01", "2023-12-31"),
    ("output", "split", "0.5", "2024-01-01", None),
]
