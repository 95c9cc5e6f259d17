"""The KPI catalogue, as data: each entry names a computation in `computations.py` and its parameters.

Changing how a figure is counted means editing this table; the cockpit, the API, the command line and
the bulletin all read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class KpiDefinition:
    key: str
    label: str
    unit: str  # count | CNY | ratio | days
    computation: str
    params: dict = field(default_factory=dict)
    description: str = ""
    group: str = "seed"  # seed: the figures the zone publishes; pipeline: how projects move


HUNDRED_MILLION = 100_000_000
MIN_YEAR, MAX_YEAR = 1990, 2100  # the years a zone reports on; anything else is a typo

KPIS: tuple[KpiDefinition, ...] = (
    KpiDefinition("signed_projects_over_100m", "签约亿元以上项目", "count", "signed_projects",
                  {"min_cny": HUNDRED_MILLION},
                  "期间内签约、总投资折合人民币不低于 1 亿元的项目个数"),
    KpiDefinition("signed_investment_total_cny", "签约亿元以上项目总投资", "CNY", "signed_investment_total",
                  {"min_cny": HUNDRED_MILLION},
                  "上述项目总投资之和；外币按签约日汇率折算为人民币"),
    KpiDefinition("signed_yrd_share", "签约亿元以上项目来自长三角的比例", "ratio", "signed_yrd_share",
                  {"min_cny": HUNDRED_MILLION},
                  "上述项目中来源地属于长三角 41 城的比例"),
    KpiDefinition("enclave_resident_projects", "飞地入驻项目", "count", "carrier_residents",
                  {"carrier_kind": "enclave", "resident": "project"},
                  "截至期末在飞地载体入驻的项目数（按飞地分成规则同时计入两地）"),
    KpiDefinition("enclave_resident_teams", "飞地入驻创业团队", "count", "carrier_residents",
                  {"carrier_kind": "enclave", "resident": "team"},
                  "截至期末在飞地载体入驻的创业团队数"),
    KpiDefinition("enclave_talents", "飞地引入创新创业人才", "count", "carrier_people",
                  {"carrier_kind": "enclave"}, "截至期末在飞地载体的人才数"),
    KpiDefinition("enclave_college_share", "飞地人才大专以上学历占比", "ratio", "carrier_college_share",
                  {"carrier_kind": "enclave"}, "飞地人才中大专及以上学历的比例"),
    KpiDefinition("innovation_carriers_introduced", "引进长三角创新载体", "count", "carriers_introduced",
                  {"carrier_kind": "innovation", "yrd_partner": True},
                  "截至期末引进的、合作方来自长三角的创新载体数"),
    KpiDefinition("joint_research_projects", "长三角院校联合攻关重点项目", "count", "research_projects", {},
                  "期间内立项的联合技术攻关项目数"),
    KpiDefinition("leading_talent_teams", "申报长三角领军型人才团队", "count", "talent_teams",
                  {"kind": "leading"}, "期间所在年度申报的领军型人才团队数"),
    KpiDefinition("graduates_introduced", "新引进长三角地区大学生", "count", "graduates",
                  {"yrd_only": True}, "期间所在年度新引进、来源地属于长三角的大学生人数"),
    KpiDefinition("online_service_cases", "全程网办件", "count", "cases_received",
                  {"channel": "online"}, "期间内受理的、全程网上办理的办件数"),
    KpiDefinition("signed_not_landed", "签而不落项目（签约超 90 天未注册）", "count", "signed_not_landed",
                  {"days": 90}, "期末时已签约超过 90 天仍未注册、也未中止的项目", group="pipeline"),
    KpiDefinition("water_sections_on_target_share", "水质达到目标类别的断面比例", "ratio", "water_sections_on_target",
                  {}, "期间内有监测数据的断面中，按各项目期间均值以 GB 3838-2002 评价、达到目标水质类别的比例"),
    KpiDefinition("cases_on_time_share", "办件按承诺时限办结率", "ratio", "cases_on_time", {},
                  "期间内办结的办件中，在承诺时限（工作日，按法定节假日与调休计）内办结的比例"),
    KpiDefinition("case_median_working_days", "办件办理工作日数（中位数）", "days", "case_median_days", {},
                  "期间内办结的办件从受理到办结的工作日数的中位数（受理当日不计），附按渠道与事项的中位数"),
    KpiDefinition("g60_cases", "G60跨省通办件", "count", "cases_received", {"channel": "g60"},
                  "期间内经长三角G60科创走廊专窗受理的跨省通办办件数"),
    KpiDefinition("projects_overdue_approvals", "全代办事项逾期的项目", "count", "projects_overdue_approvals", {},
                  "期末（或今天）有代办事项已过计划完成日期仍未办结的项目数", group="pipeline"),
    KpiDefinition("chain_lead_to_signed", "产业链项目线索→签约转化率", "ratio", "chain_conversion", {},
                  "已关联产业链环节的项目中，截至期末到达签约或其后阶段的比例；附各产业链的分子/分母",
                  group="pipeline"),
    KpiDefinition("chain_days_to_sign", "产业链项目线索到签约天数（中位数）", "days", "chain_days_to_sign", {},
                  "期间内签约、已关联产业链环节的项目从线索到签约的天数中位数", group="pipeline"),
    KpiDefinition("projects_stalled", "停滞项目（60 天无进展）", "count", "projects_stalled", {"days": 60},
                  "未投产也未中止、截至期末 60 天内既无阶段变更也无跟进记录的项目", group="pipeline"),
    KpiDefinition("signed_to_approved_median_days", "签约至全部代办办结天数（中位数）", "days",
                  "signed_to_approved_median_days", {},
                  "期间内全代办事项全部办结的项目，从签约日到最后一项办结日的自然日数的中位数", group="pipeline"),
)


def kpi_definition(key: str) -> KpiDefinition:
    for definition in KPIS:
        if definition.key == key:
            return definition
    raise KeyError(key)
