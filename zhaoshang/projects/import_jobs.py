"""A project import run from the web page: who ran it on which file, how far it got, and how it ended.

A sheet of 100,000 rows takes longer than a request should, so the page stores the file, queues
`project_import_task` and polls the job; the record stays so the reminders can say an import ended.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

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
