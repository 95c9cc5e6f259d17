"""Documents (news, policy texts) the zone collects, and what was extracted from them."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models


def content_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class Document(models.Model):
    """A news report or policy text, stored as received and as normalised text."""

    zone = models.ForeignKey("zones.Zone", verbose_name="园区", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="documents")
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

    class Meta:
        verbose_name = verbose_name_plural = "文档"
        ordering = ["-added_at"]

    def __str__(self) -> str:
        return self.title or self.source or f"文档 {self.pk}"
