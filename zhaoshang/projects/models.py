"""Investment projects, their stage history, activities and files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords

from zhaoshang.currencies.models import Currency


class Stage(models.TextChoices):
    LEAD = "lead", "线索"
    NEGOTIATING = "negotiating", "洽谈"
    SIGNED = "signed", "签约"
    REGISTERED = "registered", "注册"
    STARTED = "started", "开工"
    OPERATING = "operating", "投产"
    DROPPED = "dropped", "中止"


# The pipeline in order; DROPPED leaves it from any stage.
PIPELINE = [Stage.LEAD, Stage.NEGOTIATING, Stage.SIGNED, Stage.REGISTERED, Stage.STARTED, Stage.OPERATING]


def stage_rank(stage: str) -> int:
    return PIPELINE.index(Stage(stage)) if stage in PIPELINE else len(PIPELINE)


@dataclass(frozen=True, slots=True)
class StageStep:
    """One stage change a path records: the stage, its date, and whether that date is inferred (推定)."""

    stage: str
    on: dt.date
    inferred: bool


def stage_path(current: str | None, target: str, *, known: Mapping[str, dt.date] | None = None,
               fallback: dt.date, after: dt.date | None = None) -> list[StageStep]:
    """The stage changes that take a project from `current` (None: a new project) to `target`.

    A project cannot reach a stage without the ones before it: each stage skipped on the way is recorded,
    inferred (推定), dated at the first evidence that it had been passed: the earliest known date of a
    later stage on the path, else `fallback`. Stages in `known` keep their known date. A drop ends the path
    after the last stage with a known date (or the lead, for a new project). No step predates `after`,
    the project's last recorded change.
    """
    known = dict(known or {})
    if current == Stage.DROPPED:
        return []
    last = target
    if target == Stage.DROPPED:
        reached = [s for s in PIPELINE if s in known]
        last = reached[-1] if reached else Stage.LEAD
    start = stage_rank(current) + 1 if current else 0
    stages = PIPELINE[start:stage_rank(last) + 1]
    if target == Stage.DROPPED:
        stages = [*stages, Stage.DROPPED]
    floor = after or dt.date.min
    steps, evidence = [], None
    for stage in reversed(stages):
        if stage in known:
            evidence = known[stage] if evidence is None else min(evidence, known[stage])
            steps.append(StageStep(stage, max(known[stage], floor), False))
        else:
            steps.append(StageStep(stage, max(evidence or fallback, floor), True))
    return steps[::-1]


class Source(models.TextChoices):
    """Where a project came from, for the conversion funnel (重点项目库)."""

    TARGETS = "targets", "招商图谱"
    NEWS = "news", "资讯线索"
    REFERRAL = "referral", "推荐/以商引商"
    EVENT = "event", "推介活动"
    IMPORT = "import", "批量导入"


class Project(models.Model):
    """An investment project from first lead to operation (or drop)."""

    zone = models.ForeignKey("zones.Zone", verbose_name="园区", on_delete=models.PROTECT, related_name="projects")
    name = models.CharField("项目名称", max_length=200)
    investors = models.ManyToManyField("organizations.Organization", verbose_name="投资方", blank=True,
                                       related_name="projects")
    industry = models.ForeignKey("industries.Industry", verbose_name="行业", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField("总投资", max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField("币种", max_length=3, choices=Currency.choices, default=Currency.CNY)
    source_region = models.ForeignKey("regions.Region", verbose_name="来源地", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    carrier = models.ForeignKey("zones.Carrier", verbose_name="落地载体", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="projects")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="负责人", null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="owned_projects")
    confidential = models.BooleanField("保密", default=False,
                                       help_text="保密项目只有负责人、其团队和领导可见")
    # Changed only through advance_to (forms and the admin keep it read-only), which records the history.
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices, default=Stage.LEAD)
    description = models.TextField("项目概况", blank=True)
    source_document = models.ForeignKey("intel.Document", verbose_name="来源文档", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="projects")
    source_span = models.CharField("来源原文", max_length=500, blank=True)
    source = models.CharField("线索来源", max_length=20, choices=Source.choices, blank=True, default="")
    segment = models.ForeignKey("chains.Segment", verbose_name="产业链环节", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="projects")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # Bumped by every edit (core.versions): a save that started from an older version is refused, not merged.
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[investors])

    class Meta:
        verbose_name = verbose_name_plural = "项目"
        ordering = ["-created_at", "-id"]
        # Names are unique in a zone, so a clash says only that the name is taken, never whose project it is.
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="project_name_unique_in_zone",
                                               violation_error_message="本园区已有同名项目，请换一个名称。"),
                       models.CheckConstraint(condition=models.Q(amount__gte=0) | models.Q(amount=None),
                                              name="project_amount_not_negative",
                                              violation_error_message="总投资不能为负数。"),
                       models.CheckConstraint(condition=models.Q(version__gte=1), name="project_version_positive")]
        # A figure's records a viewer may not see are among the zone's few confidential projects (kpis.selectors).
        indexes = [models.Index(fields=["zone"], condition=models.Q(confidential=True),
                                name="project_confidential_in_zone")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("projects:detail", args=[self.pk])

    @property
    def amount_display(self) -> str:
        if self.amount is None:
            return ""
        from zhaoshang.core.figures import format_amount

        return format_amount(self.amount, self.currency)

    def _stage_change(self, stage: str) -> StageChange | None:
        # Iterates the prefetched changes rather than querying, so a list of projects costs one query.
        return next((c for c in self.stage_changes.all() if c.stage == stage), None)

    def stage_date(self, stage: str) -> dt.date | None:
        change = self._stage_change(stage)
        return change.on if change else None

    def stage_inferred(self, stage: str) -> bool:
        """Whether the stage was implied by a later one (推定) rather than reported."""
        change = self._stage_change(stage)
        return bool(change and change.inferred)

    @property
    def signed_on(self) -> dt.date | None:
        return self.stage_date(Stage.SIGNED)

    def next_stages(self) -> list[Stage]:
        if self.stage == Stage.DROPPED:
            return []
        return [s for s in PIPELINE if stage_rank(s) > stage_rank(self.stage)] + [Stage.DROPPED]

    @transaction.atomic
    def advance_to(self, stage: str, *, on: dt.date, by=None, note: str = "") -> StageChange:
        """Move the project to a later stage (or drop it, with a reason) and record who and when.

        Stages it skips are recorded too, inferred (推定) and dated `on` (`stage_path`), so that a project
        first reported as 开工 still counts as signed.
        """
        if stage not in self.next_stages():
            raise ValidationError(f"项目当前处于“{self.get_stage_display()}”，不能转到“{Stage(stage).label}”。")
        if stage == Stage.DROPPED and not note.strip():
            raise ValidationError("中止项目须填写原因。")
        last = self.stage_changes.order_by("-on", "-id").first()
        if last and on < last.on:
            raise ValidationError(f"日期 {on} 早于上一次阶段变更（{last.on}）。")
        if on > timezone.localdate():
            raise ValidationError(f"日期 {on} 在今天之后。")
        known = {stage: on} if stage != Stage.DROPPED else {}
        steps = [] if stage == Stage.DROPPED else stage_path(self.stage, stage, known=known, fallback=on)[:-1]
        for step in steps:
            StageChange.objects.create(project=self, stage=step.stage, on=step.on, recorded_by=by, inferred=True,
                                       note=inferred_note(stage))
        change = StageChange.objects.create(project=self, stage=stage, on=on, recorded_by=by, note=note)
        self.stage = stage
        self._history_user = by
        self.save(update_fields=["stage"])
        return change


def inferred_note(reached: str) -> str:
    """Why a stage was recorded without being reported: a later one was."""
    return f"推定：记录“{Stage(reached).label}”时补记，日期取自首个证据"


def link_stage_changes(project_ids=None) -> None:
    """Write on each stage change of these projects (None: of every project) the date of the project's next
    change in date, then entry order, and whether that one is inferred: the day the project left the stage.

    The KPIs read a stay's length and a project's stage on any date from these two columns in one pass, instead
    of ordering every project's history again on every request. Saving or deleting a change, and the manager's
    bulk_create and update, keep them right; a raw insert (the sheet import) calls this itself.

    The projects are locked first (PostgreSQL; SQLite writes one transaction at a time anyway), so that two
    people recording stages of one project at once link the changes one after the other, the second seeing
    the first's: each statement of a transaction reads what was committed before it began."""
    table = StageChange._meta.db_table
    following = (f'FROM {table} n WHERE n.project_id = {table}.project_id AND (n."on" > {table}."on" '
                 f'OR (n."on" = {table}."on" AND n.id > {table}.id)) ORDER BY n."on", n.id LIMIT 1')
    update = (f'UPDATE {table} SET left_on = (SELECT n."on" {following}), '  # noqa: S608 — names are ours
              f"left_inferred = COALESCE((SELECT n.inferred {following}), FALSE)")
    with transaction.atomic(), connection.cursor() as cursor:
        if project_ids is None:
            cursor.execute(update)
            return
        ids = sorted({int(i) for i in project_ids})
        for first in range(0, len(ids), 500):  # SQLite takes at most 999 parameters
            chunk = ids[first:first + 500]
            list(Project.objects.select_for_update(no_key=True).filter(pk__in=chunk).order_by("pk")
                 .values_list("pk", flat=True))
            cursor.execute(f"{update} WHERE project_id IN ({', '.join(['%s'] * len(chunk))})", chunk)


class StageChangeQuerySet(models.QuerySet):
    """Bulk writes that keep link_stage_changes' columns right, and the changes standing on a day."""

    def latest_on(self, day: dt.date) -> StageChangeQuerySet:
        """The changes that were their project's latest on the day: made by then and not left by then."""
        return self.filter(on__lte=day).filter(models.Q(left_on__isnull=True) | models.Q(left_on__gt=day))

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        link_stage_changes(c.project_id for c in created)
        return created

    def update(self, **kwargs):
        moved = {"on", "inferred", "project", "project_id"} & set(kwargs)
        projects = set(self.values_list("project_id", flat=True)) if moved else set()
        updated = super().update(**kwargs)
        if moved:
            target = kwargs.get("project_id", kwargs.get("project"))
            target = getattr(target, "pk", target)  # a project or its id
            link_stage_changes(projects | ({target} if target else set()))
        return updated


class StageChange(models.Model):
    """The date a project reached a stage, and who recorded it; an inferred one (推定) was implied by a later stage."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField("阶段", max_length=20, choices=Stage.choices)
    on = models.DateField("日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)
    note = models.CharField("说明", max_length=500, blank=True)
    inferred = models.BooleanField("推定", default=False,
                                   help_text="未直接报告：项目到达后续阶段时补记，日期取自首个证据")
    # Kept by link_stage_changes: the next change's date (the day the stage was left; none for the latest).
    left_on = models.DateField("离开日期", null=True, blank=True, editable=False)
    left_inferred = models.BooleanField("离开日期为推定", default=False, db_default=False, editable=False)

    objects = StageChangeQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "阶段变更"
        ordering = ["on", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "stage"], name="each_stage_reached_once")]
        # The KPI queries look a project's changes up by date, and a stage's changes in a period.
        indexes = [models.Index(fields=["project", "on"], name="stagechange_project_on"),
                   models.Index(fields=["stage", "on"], name="stagechange_stage_on")]

    def __str__(self) -> str:
        return f"{self.project} → {self.get_stage_display()} ({self.on}{'，推定' if self.inferred else ''})"


class Activity(models.Model):
    """A visit, call or meeting about a project, with notes."""

    class Kind(models.TextChoices):
        VISIT = "visit", "走访"
        CALL = "call", "电话"
        MEETING = "meeting", "会谈"
        EVENT = "event", "推介活动"
        OTHER = "other", "其他"

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField("方式", max_length=20, choices=Kind.choices)
    on = models.DateField("日期")
    people = models.CharField("参与人员", max_length=300, blank=True)
    notes = models.TextField("纪要", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "跟进记录"
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["project", "on"], name="activity_project_on")]  # a project's last one

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}：{self.project}"


class ProjectFile(models.Model):
    """A document attached to a project (agreement scan, feasibility study…)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="files")
    file = models.FileField("文件", upload_to="projects/%Y/%m/")
    name = models.CharField("名称", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "项目附件"
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.name


# A project import run from the web page: a sheet of 100,000 rows takes longer than a request should, so the
# page stores the file, queues `project_import_task` and polls the job; the record stays so reminders can say
# an import ended.
PROBLEMS_KEPT = 1000  # problems stored on the job; the count says how many there were


class ImportJob(models.Model):
    """One web import of a project sheet, queued, running or ended, with its counts and problems."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"
        REFUSED = "refused", "有问题，未导入"
        FAILED = "failed", "出错"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", on_delete=models.CASCADE,
                             related_name="import_jobs")
    zone = models.ForeignKey("zones.Zone", verbose_name="园区", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField("文件名", max_length=255)
    file = models.FileField("文件", upload_to="imports/%Y/%m/", blank=True)
    dry_run = models.BooleanField("只检查，不写入", default=False)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField("进行到", max_length=10, blank=True)  # read, plan or write
    done = models.PositiveIntegerField("已处理行数", default=0)
    total = models.PositiveIntegerField("本阶段行数", null=True, blank=True)
    rows = models.PositiveIntegerField("数据行", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变", default=0)
    organizations_created = models.PositiveIntegerField("新增投资方", default=0)
    organizations_updated = models.PositiveIntegerField("更新投资方", default=0)
    problems = models.JSONField("问题", default=list, blank=True)
    problem_count = models.PositiveIntegerField("问题数", default=0)
    notes = models.JSONField("说明", default=list, blank=True)
    error = models.TextField("错误", blank=True)
    queued_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        app_label = "projects"
        verbose_name = verbose_name_plural = "导入任务"
        ordering = ["-queued_at"]
        indexes = [models.Index(fields=["user", "finished_at"])]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"

    @property
    def ended(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED, self.Status.FAILED)

    @property
    def ok(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def percent(self) -> int:
        """Reading is counted as the first 30 %, planning up to 90 %, writing the rest."""
        if self.ended:
            return 100
        share = self.done / self.total if self.total else 0
        return {"read": 10, "plan": 30 + int(60 * share), "write": 95}.get(self.phase, 0)

    @property
    def summary(self) -> str:
        """One line for the reminders and the page."""
        if self.status == self.Status.DONE:
            verb = "检查通过，未写入" if self.dry_run else "导入完成"
            return (f"{self.filename}：{verb}，新增 {self.created} 个项目，更新 {self.updated} 个，"
                    f"未变 {self.unchanged} 个")
        if self.status == self.Status.REFUSED:
            return f"{self.filename}：发现 {self.problem_count} 个问题，未导入任何数据"
        if self.status == self.Status.FAILED:
            return f"{self.filename}：导入出错，未写入任何数据"
        return f"{self.filename}：{self.get_status_display()}"


@receiver(pre_save, sender=StageChange, dispatch_uid="stage_change_moved")
def _remember_project(sender, instance: StageChange, raw: bool = False, **kwargs) -> None:
    """A change given to another project leaves its first project's history: both are linked again."""
    if instance.pk is not None and not raw:
        instance._stored_project_id = (StageChange.objects.filter(  # type: ignore[attr-defined]
            pk=instance.pk).values_list("project_id", flat=True).first())


@receiver([post_save, post_delete], sender=StageChange, dispatch_uid="link_stage_changes")
def _relink(sender, instance: StageChange, origin=None, **kwargs) -> None:
    # Also for loaddata (raw): a fixture written before the columns existed carries none. Not when the change
    # goes with its project (a project deleted): nothing is left to link.
    if isinstance(origin, Project) or getattr(origin, "model", None) is Project:
        return
    link_stage_changes({instance.project_id, getattr(instance, "_stored_project_id", None)} - {None})
