"""Documents (news, policy texts) the zone collects, and what was extracted from them."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models

from zhaoshang.core.figures import format_figure


def content_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class Document(models.Model):
    """A news report or policy text, stored as received and as normalised text."""

    zone = models.ForeignKey("zones.Zone", verbose_name="园区", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="documents")
    title = models.CharField("标题", max_length=300, blank=True)
    source = models.CharField("来源", max_length=500, blank=True, help_text="文件名或网址")
    raw = models.TextField("原文")
    text = models.TextField("规范化正文", blank=True)
    byline = models.CharField("署名", max_length=300, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    digest = models.CharField("内容摘要", max_length=64, unique=True, editable=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="添加人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField("添加时间", auto_now_add=True)
    extracted_at = models.DateTimeField("抽取时间", null=True, blank=True, editable=False)
    extraction_error = models.TextField("抽取错误", blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "文档"
        ordering = ["-added_at"]

    def __str__(self) -> str:
        return self.title or self.source or f"文档 {self.pk}"


class ExtractedItem(models.Model):
    """A figure, organisation, place or investment event read from a document, awaiting review."""

    class Kind(models.TextChoices):
        INVESTMENT = "investment", "投资事件"
        METRIC = "metric", "数据"
        ORGANIZATION = "organization", "机构"
        PLACE = "place", "地名"

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        ACCEPTED = "accepted", "已采纳"
        REJECTED = "rejected", "已驳回"

    # Set only by the review page (intel/views.py) on the items it shows, for its templates.
    form: Any  # the item's correction form, or None
    links: list[tuple[str, str | None]]

    document = models.ForeignKey(Document, verbose_name="文档", on_delete=models.CASCADE,
                                 related_name="items")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    payload = models.JSONField("抽取结果", default=dict)
    start = models.PositiveIntegerField("起始位置", null=True, blank=True,
                                        help_text="在规范化正文中的字符位置")
    end = models.PositiveIntegerField("结束位置", null=True, blank=True)
    span = models.CharField("原文片段", max_length=500, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    project = models.ForeignKey("projects.Project", verbose_name="项目", null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="extracted_items")
    organization = models.ForeignKey("organizations.Organization", verbose_name="企业与机构", null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="extracted_items")
    observation = models.ForeignKey("indicators.Observation", verbose_name="指标观测值", null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="extracted_items")
    region = models.ForeignKey("regions.Region", verbose_name="区划", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "抽取条目"
        ordering = ["document", "start", "id"]
        indexes = [models.Index(fields=["document", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.label}"

    @property
    def figure(self) -> str:
        p = self.payload
        if self.kind == self.Kind.INVESTMENT:
            amount = p.get("amount") or {}
            return format_figure(amount["value"], amount.get("unit") or "CNY") if amount.get("value") else ""
        if self.kind == self.Kind.METRIC:
            return format_figure(p.get("value"), p.get("unit") or "", p.get("qualifier") or "exact")
        return ""

    @property
    def stage_display(self) -> str:
        from zhaoshang.projects.models import Stage

        stage = self.payload.get("stage")
        return Stage(stage).label if stage in Stage.values else ""

    @property
    def label(self) -> str:
        p = self.payload
        if self.kind == self.Kind.METRIC:
            return f"{p.get('indicator') or '数据'} {self.figure}"
        if self.kind == self.Kind.INVESTMENT:
            return p.get("project") or p.get("investor") or "投资事件"
        return p.get("name") or self.span
