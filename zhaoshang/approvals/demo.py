"""The demo's service cases and 全代办 checklists (示例数据). Idempotent: a zone that has its catalogue
already is left alone.

The fully-online cases received from January to October 2020 follow the demo's monthly counts, which
add up to the seed report's 849; window, self-service and G60 cases come beside them, and every signed
project gets a checklist whose finished items are fulfilled by window cases of its investor.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from stdnum.cn import ric

from zhaoshang.accounts.models import Role, User
from zhaoshang.approvals.models import ApprovalTask, Case, CaseStep, Channel, ServiceItem
from zhaoshang.approvals.services import checklist_create, service_items_load
from zhaoshang.approvals.workdays import zone_calendar
from zhaoshang.demo.data import DEMO_PASSWORD, ONLINE_CASES_2020
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Project, Stage

SOURCE = "新区政务服务网办件导出（示例数据）"
# Cases per month besides the online ones: window (all year), self-service and G60 (January to October).
WINDOW_PER_MONTH, SELF_SERVICE_PER_MONTH = 24, 9
G60_2020 = [2, 1, 3, 4, 4, 5, 4, 5, 6, 7]  # 41 in all
SURNAMES = "王李张刘陈杨黄赵吴周徐孙沈朱"
GIVEN = ["晓明", "丽华", "建国", "海燕", "志强", "静", "磊", "婷婷", "军", "芳"]
LATE_SHARE = 0.03  # about one case in thirty overruns its promise


class _Maker:
    """Builds the demo's cases deterministically (a seeded generator), numbering them in order."""

    def __init__(self, zone):
        self.zone, self.rng, self.calendar = zone, random.Random(2020), zone_calendar()
        items = list(ServiceItem.objects.filter(zone=zone))
        self.org_items = [i for i in items if i.applicant == ServiceItem.Applicant.ORGANIZATION and not i.task_kind]
        self.person_items = [i for i in items if i.applicant == ServiceItem.Applicant.PERSON]
        self.by_task = {i.task_kind: i for i in items if i.task_kind}
        self.orgs = list(Organization.objects.filter(kind=Organization.Kind.COMPANY).order_by("id"))
        self.cases: list[Case] = []

    def working_day_in(self, year: int, month: int) -> dt.date:
        while True:
            day = dt.date(year, month, self.rng.randint(1, 28))
            if self.calendar.is_working_day(day):
                return day

    def _person(self, case: Case) -> None:
        n = len(self.cases)
        case.applicant_name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
        body = f"3305{self.rng.randint(2, 23):02d}{self.rng.randint(1965, 2000)}{self.rng.randint(1, 12):02d}" \
               f"{self.rng.randint(1, 28):02d}{n % 1000:03d}"
        case.id_number = body + ric.calc_check_digit(body)
        case.phone = f"13{self.rng.randint(0, 9)}{self.rng.randint(0, 99_999_999):08d}"

    def case(self, channel: str, received: dt.date, item: ServiceItem | None = None, *, org=None,
             project=None, decided: dt.date | None = None) -> Case:
        if item is None:
            person = self.rng.random() < 0.35
            item = self.rng.choice(self.person_items if person else self.org_items)
        case = Case(zone=self.zone, item=item, channel=channel, received_on=received, project=project,
                    promised_days=item.promised_days, source=SOURCE, result=Case.Result.APPROVED)
        if item.applicant == ServiceItem.Applicant.PERSON:
            self._person(case)
        else:
            org = org or self.rng.choice(self.orgs)
            case.organization, case.applicant_name, case.credit_code = org, org.name, org.credit_code or ""
        if decided is None:
            late = self.rng.random() < LATE_SHARE
            days = item.promised_days + self.rng.randint(1, 3) if late else self.rng.randint(0, item.promised_days)
            decided = self.calendar.add_working_days(received, days)
        case.decided_on = decided
        self.cases.append(case)
        return case

    def write(self) -> None:
        self.cases.sort(key=lambda c: (c.received_on, c.channel, c.applicant_name))
        for n, case in enumerate(self.cases, start=1):
            case.number = f"NTH{case.received_on:%Y%m%d}{n:05d}"
        Case.objects.bulk_create(self.cases)
        steps = []
        for case in self.cases:
            steps.append(CaseStep(case=case, name="受理", on=case.received_on, handler="综合窗口"))
            if case.decided_on is not None:
                steps.append(CaseStep(case=case, name="办结", on=case.decided_on, handler=case.item.department))
        CaseStep.objects.bulk_create(steps)


def _monthly(maker: _Maker) -> None:
    for month in range(1, 13):
        for _ in range(WINDOW_PER_MONTH):
            maker.case(Channel.WINDOW, maker.working_day_in(2020, month))
        if month > len(ONLINE_CASES_2020):
            continue
        for _ in range(ONLINE_CASES_2020[month - 1]):
            maker.case(Channel.ONLINE, maker.working_day_in(2020, month))
        for _ in range(SELF_SERVICE_PER_MONTH):
            maker.case(Channel.SELF_SERVICE, maker.working_day_in(2020, month))
        for _ in range(G60_2020[month - 1]):
            maker.case(Channel.G60, maker.working_day_in(2020, month))


def _service_officer() -> User:
    user = User.objects.filter(username="daiban").first()
    if user is None:
        user = User(username="daiban", last_name="孙", first_name="晓燕", role=Role.OFFICER)
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _checklists(maker: _Maker, today: dt.date) -> list[tuple[ApprovalTask, Case]]:
    """Each signed project's checklist, done as far as its stage says: works started means every item is
    done; registered, the land and filing; signed only, the filing. What is done has its case."""
    owner, linked = _service_officer(), []
    done_up_to = {Stage.STARTED: 7, Stage.OPERATING: 7, Stage.REGISTERED: 3, Stage.SIGNED: 1}
    for project in Project.objects.filter(zone=maker.zone, stage__in=list(done_up_to)).prefetch_related(
            "investors", "stage_changes").order_by("id"):
        signed_on = project.signed_on
        if signed_on is None:
            continue
        tasks = checklist_create(project=project, signed_on=signed_on, owner=owner)
        org = project.investors.first()
        for task in tasks[:done_up_to[Stage(project.stage)]]:
            done = maker.calendar.add_working_days(task.due_on, maker.rng.randint(-8, 2))
            done = min(max(done, maker.calendar.add_working_days(signed_on, 2)), today)
            item = maker.by_task[task.kind]
            received = maker.calendar.add_working_days(done, -maker.rng.randint(1, item.promised_days))
            linked.append((task, maker.case(Channel.WINDOW, received, item, org=org, project=project,
                                            decided=done)))
            task.status, task.done_on = ApprovalTask.Status.DONE, done
        ApprovalTask.objects.bulk_update(tasks, ["status", "done_on"])
    return linked


@transaction.atomic
def approvals_demo_load(*, zone) -> bool:
    """The demo zone's catalogue, 2020 cases and project checklists; False when it has them already."""
    if ServiceItem.objects.filter(zone=zone).exists():
        return False
    service_items_load(zone=zone)
    maker = _Maker(zone)
    _monthly(maker)
    linked = _checklists(maker, dt.date(2020, 12, 31))
    maker.write()
    ApprovalTask.cases.through.objects.bulk_create(
        ApprovalTask.cases.through(approvaltask_id=task.pk, case_id=case.pk) for task, case in linked)
    return True
