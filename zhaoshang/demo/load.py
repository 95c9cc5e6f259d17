"""Loading the demo zone. Idempotent: a second run finds the zone and changes nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from importlib import resources

from django.db import transaction
from stdnum.cn import ric, uscc

from zhaoshang.accounts.models import Team, User
from zhaoshang.approvals.demo import approvals_demo_load
from zhaoshang.chains.demo import chains_demo_load
from zhaoshang.currencies.models import ExchangeRate
from zhaoshang.demo import data
from zhaoshang.environment.demo import environment_demo_load
from zhaoshang.indicators.models import Indicator, Observation
from zhaoshang.intel.models import Document
from zhaoshang.intel.services import document_extract
from zhaoshang.kpis.targets import kpi_targets_demo_load
from zhaoshang.logistics.services import network_load_demo
from zhaoshang.organizations.models import Organization, Tag
from zhaoshang.projects.models import PIPELINE, Activity, Project, Stage, StageChange, stage_rank
from zhaoshang.talent.models import Education, GraduateIntake, Person, ResearchProject, TalentTeam
from zhaoshang.zones.models import AttributionRule, Carrier, CooperationAgreement, Residency, Zone

YI = Decimal(100_000_000)
SEED_NAME = "000_4b3a84f5f5d92920.txt"


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _digits(seed: str, n: int) -> str:
    return str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))[:n]


def demo_credit_code(name: str, region: str) -> str:
    """A well-formed, check-digit-valid code derived from the name (fictional, like the companies)."""
    body = "91" + region + _digits(name, 9)
    return body + uscc.calc_check_digit(body)


def _id_number(i: int) -> str:
    body = f"330102{1985 + i % 12}{1 + i % 12:02d}{1 + i % 27:02d}{100 + i:03d}"
    return body + ric.calc_check_digit(body)


def _users(carriers: dict[str, Carrier]) -> dict[str, User]:
    teams = [Team.objects.get_or_create(name=name)[0] for name in data.TEAMS]
    users = {}
    for username, surname, given, role, team, carrier in data.USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, last_name=surname, first_name=given, role=role,
                        team=teams[team] if team is not None else None,
                        carrier=carriers.get(carrier) if carrier else None,
                        is_staff=role == "administrator", is_superuser=role == "administrator")
            user.set_password(data.DEMO_PASSWORD)
            user.save()
        users[username] = user
    return users


def _organization(name: str, region: str, industry: str = "", kind: str = "company", tags=()) -> Organization:
    org, created = Organization.objects.get_or_create(
        name=name, defaults={"kind": kind, "region_id": region, "industry_id": industry or None,
                             "credit_code": demo_credit_code(name, region) if kind == "company" else None})
    if created and tags:
        org.tags.set(Tag.objects.filter(name__in=tags))
    return org


def _carriers(zone: Zone) -> dict[str, Carrier]:
    result = {}
    for name, kind, region, host, share, partner, introduced, description in data.CARRIERS:
        result[name] = Carrier.objects.create(
            zone=zone, name=name, kind=kind, region_id=region, host_region_id=host, home_share=Decimal(share),
            partner=Organization.objects.filter(name=partner).first() if partner else None,
            introduced_on=_date(introduced), description=description)
    return result


def _history(project: Project, stage: str, signed: dt.date | None, owner: User) -> None:
    """A plausible dated path to the current stage: talks before signing, registration and works after."""
    anchor = signed or dt.date(2020, 9, 1)
    offsets = {Stage.LEAD: -120, Stage.NEGOTIATING: -60, Stage.SIGNED: 0, Stage.REGISTERED: 30,
               Stage.STARTED: 75, Stage.OPERATING: 160}
    path = PIPELINE[: stage_rank(Stage.NEGOTIATING if stage == Stage.DROPPED else stage) + 1]
    if signed is None:
        offsets = {Stage.LEAD: -200, Stage.NEGOTIATING: -60}
    for step in path:
        StageChange.objects.create(project=project, stage=step, on=anchor + dt.timedelta(days=offsets[step]),
                                   recorded_by=owner)
    if stage == Stage.DROPPED:
        StageChange.objects.create(project=project, stage=stage, on=anchor + dt.timedelta(days=-20),
                                   recorded_by=owner, note="投资方调整产能布局，项目暂缓（示例数据）")
    project.stage = stage
    project.save(update_fields=["stage"])


def _project(zone, row, users, carriers) -> Project:
    name, investor, city, industry, amount, currency, signed, stage, carrier, owner, confidential = row
    org = _organization(investor, city, industry)
    signed_on = _date(signed) if signed else None
    project = Project.objects.create(
        zone=zone, name=name, industry_id=industry, amount=Decimal(amount) * YI, currency=currency,
        source_region_id=city, carrier=carriers.get(carrier), owner=users[owner], confidential=confidential,
        description=f"{investor}投资建设{name}。（示例数据）")
    project.investors.add(org)
    _history(project, stage, signed_on, users[owner])
    first = project.stage_changes.earliest("on")
    Activity.objects.create(project=project, kind=Activity.Kind.VISIT, on=first.on, recorded_by=users[owner],
                            people=f"{users[owner].display_name}；{investor}投资部",
                            notes="首次拜访，了解投资意向与用地需求。")
    Activity.objects.create(project=project, kind=Activity.Kind.CALL, on=first.on + dt.timedelta(days=21),
                            recorded_by=users[owner], people=users[owner].display_name,
                            notes="电话跟进，对方确认来湖实地考察时间。")
    return project


def _enclave_agreement(zone, enclave) -> None:
    title, signed_on, summary = data.ENCLAVE_AGREEMENT
    agreement = CooperationAgreement.objects.create(
        zone=zone, partner=_organization(*data.ENCLAVE_PARTNER), title=title, signed_on=_date(signed_on),
        summary=summary)
    for figure, mode, share, start, end in data.ENCLAVE_RULES:
        AttributionRule.objects.create(agreement=agreement, figure=figure, mode=mode, zone_share=Decimal(share),
                                       valid_from=_date(start), valid_until=_date(end) if end else None,
                                       signed_on=agreement.signed_on)
    enclave.agreement = agreement
    enclave.save(update_fields=["agreement"])


def _enclave(zone, carriers) -> None:
    enclave = next(c for c in carriers.values() if c.kind == Carrier.Kind.ENCLAVE)
    _enclave_agreement(zone, enclave)
    for i, (name, company, industry) in enumerate(data.ENCLAVE_PROJECTS):
        org = _organization(company, "330100", industry)
        project = Project.objects.create(zone=zone, name=name, industry_id=industry,
                                         amount=Decimal(300 + 50 * i) * 10_000, currency="CNY",
                                         source_region_id="330100", carrier=enclave,
                                         description=f"{company}入驻智车空间的信息经济科技创业项目。（示例数据）")
        project.investors.add(org)
        since = dt.date(2019, 10, 1) + dt.timedelta(days=30 * i)
        StageChange.objects.create(project=project, stage=Stage.LEAD, on=since - dt.timedelta(days=45))
        StageChange.objects.create(project=project, stage=Stage.SIGNED, on=since - dt.timedelta(days=10))
        StageChange.objects.create(project=project, stage=Stage.REGISTERED, on=since)
        project.stage = Stage.REGISTERED
        project.save(update_fields=["stage"])
        Residency.objects.create(carrier=enclave, project=project, since=since)
    educations = [Education.BACHELOR] * 5 + [Education.MASTER] * 2 + [Education.COLLEGE, Education.DOCTOR]
    person = 0
    for i, (name, field, size) in enumerate(data.ENCLAVE_TEAMS):
        team = TalentTeam.objects.create(zone=zone, name=name, kind=TalentTeam.Kind.STARTUP, field=field,
                                         source_region_id="330100", leader=f"团队负责人{i + 1}")
        since = dt.date(2019, 11, 1) + dt.timedelta(days=40 * i)
        Residency.objects.create(carrier=enclave, team=team, since=since)
        for _ in range(size):
            Person.objects.create(zone=zone, name=f"人才{person + 1:02d}", education=educations[person % 9],
                                  team=team, carrier=enclave, introduced_on=since,
                                  id_number=_id_number(person), phone=f"1380572{person:04d}")
            person += 1


def _talent(zone) -> None:
    for i, field in enumerate(data.LEADING_TEAM_FIELDS):
        TalentTeam.objects.create(zone=zone, name=f"{field}领军型人才团队", kind=TalentTeam.Kind.LEADING,
                                  field=field, declared_year=2020,
                                  source_region_id=data.LEADING_TEAM_CITIES[i % len(data.LEADING_TEAM_CITIES)])
    for field in ["柔性电子", "智慧农业"]:
        TalentTeam.objects.create(zone=zone, name=f"{field}领军型人才团队", kind=TalentTeam.Kind.LEADING,
                                  field=field, declared_year=2019, source_region_id="310100")
    for region, count in data.GRADUATES_2020:
        GraduateIntake.objects.create(zone=zone, year=2020, source_region_id=region, count=count,
                                      source="新区人才办统计（示例数据）")
    for title, partners, started, listed in data.RESEARCH_PROJECTS:
        research = ResearchProject.objects.create(zone=zone, title=title, started_on=_date(started), listed_as=listed)
        research.partners.set(Organization.objects.filter(name__in=partners))


def _indicators(zone, seed: Document | None) -> None:
    online = Indicator.objects.create(zone=zone, key="online_service_cases", name="全程网办件", unit="件",
                                      aggregation=Indicator.Aggregation.SUM, annual_target=Decimal(1000),
                                      description="G60科创走廊政务服务“一网通办”全程网上办理件数")
    for month, cases in enumerate(data.ONLINE_CASES_2020, start=1):
        end = (dt.date(2020, month + 1, 1) if month < 12 else dt.date(2021, 1, 1)) - dt.timedelta(days=1)
        Observation.objects.create(indicator=online, on=end, value=cases, source="新区行政审批局月报（示例数据）",
                                   document=seed if month == len(data.ONLINE_CASES_2020) else None)
    water = Indicator.objects.create(zone=zone, key="taihu_inflow_water_quality", name="入太湖断面水质达标率",
                                     unit="ratio", aggregation=Indicator.Aggregation.LAST,
                                     annual_target=Decimal("1"))
    for month, value in [(3, "0.92"), (6, "0.95"), (9, "1")]:
        Observation.objects.create(indicator=water, on=dt.date(2020, month, 28), value=Decimal(value),
                                   source="生态环境分局监测（示例数据）")


def _seed_document(zone: Zone, path=None) -> Document:
    raw = (path.read_text(encoding="utf-8") if path else
           resources.files("zhaoshang.demo").joinpath(SEED_NAME).read_text(encoding="utf-8"))
    from zhaoshang.intel.models import content_hash

    document = Document.objects.filter(digest=content_hash(raw)).first()
    if document is None:
        # The scraped text carries no date. Its figures are January–October 2020 totals (the demo's ten
        # monthly online-case counts sum to its 849), so the demo dates it 1 November 2020: an assumption,
        # stated here, that lets a reviewer accept its figures without typing a date for each.
        document = Document.objects.create(zone=zone, raw=raw, digest=content_hash(raw), source=SEED_NAME,
                                           title="南太湖新区融入长三角一体化（看看新闻 2020）",
                                           published_on=dt.date(2020, 11, 1))
    return document


@transaction.atomic
def demo_load() -> tuple[Zone, bool]:
    """Load the South Taihu New Area demo; returns the zone and whether anything was created."""
    network_load_demo()  # idempotent, so a database loaded before the network existed gets it too
    zone = Zone.objects.filter(code=data.ZONE["code"]).first()
    if zone is not None:
        environment_demo_load(zone=zone)  # idempotent, so a demo loaded before the stations existed gets them
        kpi_targets_demo_load(zone=zone)
        chains_demo_load(zone=zone)  # idempotent too: links only projects not linked yet
        return zone, False
    zone = Zone.objects.create(code=data.ZONE["code"], name=data.ZONE["name"], short_name=data.ZONE["short_name"],
                               region_id=data.ZONE["region"], is_demo=True)
    for tag in data.TAGS:
        Tag.objects.get_or_create(name=tag)
    for name, kind, region, industry, tags in data.PARTNERS:
        _organization(name, region, industry, kind, tags)
    carriers = _carriers(zone)
    users = _users(carriers)
    for on, rate in data.USD_RATES:
        ExchangeRate.objects.get_or_create(currency="USD", on=_date(on),
                                           defaults={"cny_per_unit": Decimal(rate), "source": "示例数据"})
    CooperationAgreement.objects.create(
        zone=zone, partner=Organization.objects.get(name="上海张江高科技园区"),
        title="南太湖新区与上海张江高科技园区合作协议",
        signed_on=dt.date(2019, 6, 26), summary="承接张江优质资源溢出，推动双方签约项目落户新区。（示例数据）")
    for row in data.SIGNED_2020 + data.OTHER_PROJECTS:
        _project(zone, row, users, carriers)
    _enclave(zone, carriers)
    _talent(zone)
    seed = _seed_document(zone)
    document_extract(document=seed)  # the seed waits in the review queue, as a news report would
    _indicators(zone, seed)
    environment_demo_load(zone=zone)
    approvals_demo_load(zone=zone)
    kpi_targets_demo_load(zone=zone)
    chains_demo_load(zone=zone)
    return zone, True
