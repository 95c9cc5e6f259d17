"""Government service cases (办件) against the zone's catalogue, and each project's 全代办 checklist."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.urls import reverse

from zhaoshang.approvals.workdays import WorkCalendar, zone_calendar


class Channel(models.TextChoices):
    ONLINE = "online", "全程网办"
    WINDOW = "window", "窗口"
    SELF_SERVICE = "self_service", "自助"
    G60 = "g60", "跨省通办（G60）"


class TaskKind(models.TextChoices):
    FILING = "filing", "项目备案"
    LAND = "land", "用地"
    PLANNING = "planning", "规划许可"
    CONSTRUCTION = "construction", "施工许可"
    EIA = "eia", "环境影响评价"
    ENERGY = "energy", "节能审查"
    FIRE = "fire", "消防设计审查"


class ServiceItem(models.Model):
    """One service in the zone's catalogue (事项), with its time limits in working days."""

    class Applicant(models.TextChoices):
        ORGANIZATION = "organization", "法人"
        PERSON = "person", "自然人"

    zone = models.ForeignKey("zones.Zone", verbose_name="园区", on_delete=models.CASCADE, related_name="+")
    code = models.CharField("事项编码", max_length=40, blank=True)
    name = models.CharField("事项名称", max_length=200)
    department = models.CharField("实施部门", max_length=100)
    statutory_days = models.PositiveSmallIntegerField("法定时限（工作日）", null=True, blank=True)
    promised_days = models.PositiveSmallIntegerField("承诺时限（工作日）")
    applicant = models.CharField("服务对象", max_length=20, choices=Applicant.choices,
                                 default=Applicant.ORGANIZATION)
    task_kind = models.CharField("对应代办事项", max_length=20, choices=TaskKind.choices, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "政务服务事项"
        ordering = ["code", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="service_item_name_per_zone")]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    """One application handled by the service centre (办件), from receipt (受理) to decision (办结)."""

    class Result(models.TextChoices):
        APPROVED = "approved", "准予许可"
        REFUSED = "refused", "不予许可"
        WITHDRAWN = "withdrawn", "申请人撤回"

    zone = models.ForeignKey("zones.Zone", verbose_name="园区", on_delete=models.CASCADE, related_name="+")
    number = models.CharField("办件编号", max_length=60)
    item = models.ForeignKey(ServiceItem, verbose_name="事项", on_delete=models.PROTECT, related_name="cases")
    channel = models.CharField("办理渠道", max_length=20, choices=Channel.choices)
    organization = models.ForeignKey("organizations.Organization", verbose_name="申请单位", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="service_cases")
    applicant_name = models.CharField("申请人", max_length=200, help_text="申请单位或个人姓名，按办件原文")
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    project = models.ForeignKey("projects.Project", verbose_name="服务项目", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="service_cases")
    received_on = models.DateField("受理日期")
    decided_on = models.DateField("办结日期", null=True, blank=True)
    promised_days = models.PositiveSmallIntegerField(
        "承诺时限（工作日）", help_text="办件时适用的承诺时限；事项目录以后改动不影响已受理的办件")
    result = models.CharField("办理结果", max_length=20, choices=Result.choices, blank=True)
    source = models.CharField("来源", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "办件"
        ordering = ["-received_on", "number"]
        constraints = [models.UniqueConstraint(fields=["zone", "number"], name="case_number_per_zone")]
        indexes = [models.Index(fields=["zone", "channel", "received_on"])]

    def __str__(self) -> str:
        return f"{self.number} {self.item.name}"

    def get_absolute_url(self) -> str:
        return reverse("approvals:case", args=[self.pk])

    @property
    def is_person(self) -> bool:
        return self.organization_id is None and bool(self.id_number)

    def due_on(self, calendar: WorkCalendar | None = None) -> dt.date:
        """The last day the promise allows: the promised number of working days after receipt."""
        return (calendar or zone_calendar()).add_working_days(self.received_on, self.promised_days)

    def working_days(self, calendar: WorkCalendar | None = None) -> int | None:
        """Working days from receipt to decision; None while undecided."""
        if self.decided_on is None:
            return None
        return (calendar or zone_calendar()).working_days_between(self.received_on, self.decided_on)

    def on_time(self, calendar: WorkCalendar | None = None) -> bool | None:
        """Whether it was decided within its promised time limit; None while undecided."""
        days = self.working_days(calendar)
        return None if days is None else days <= self.promised_days


class CaseStep(models.Model):
    """One step of a case as the platform logs it (受理, 审查, 决定, 送达…)."""

    case = models.ForeignKey(Case, verbose_name="办件", on_delete=models.CASCADE, related_name="steps")
    name = models.CharField("环节", max_length=50)
    on = models.DateField("日期")
    handler = models.CharField("经办人", max_length=50, blank=True)
    note = models.CharField("意见", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理环节"
        ordering = ["case", "on", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.on}"


class ApprovalTask(models.Model):
    """One approval an investment project needs before works start, which the service centre runs for it
    (招商项目全代办)."""

    class Status(models.TextChoices):
        OPEN = "open", "未办结"
        DONE = "done", "已办结"
        WAIVED = "waived", "无需办理"

    project = models.ForeignKey("projects.Project", verbose_name="项目", on_delete=models.CASCADE,
                                related_name="approval_tasks")
    kind = models.CharField("代办事项", max_length=20, choices=TaskKind.choices)
    owner = models.ForeignKey("accounts.User", verbose_name="代办员", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="approval_tasks")
    due_on = models.DateField("计划完成日期")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField("办结日期", null=True, blank=True)
    cases = models.ManyToManyField(Case, verbose_name="相关办件", blank=True, related_name="approval_tasks")
    note = models.CharField("备注", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "全代办事项"
        ordering = ["project", "due_on", "kind"]
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="approval_task_kind_per_project")]

    def __str__(self) -> str:
        return f"{self.project}：{self.get_kind_display()}"

    def overdue_on(self, day: dt.date) -> bool:
        """Whether, on `day`, the task was past its due date and not yet done (or waived)."""
        if self.status == self.Status.WAIVED or self.due_on >= day:
            return False
        return self.done_on is None or self.done_on > day

    def finish(self, *, on: dt.date) -> None:
        """Mark the task done on a date."""
        self.status, self.done_on = self.Status.DONE, on
        self.save(update_fields=["status", "done_on"])
