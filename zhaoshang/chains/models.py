"""Industry chains as data: a chain is a tree of segments, each mapped to GB/T 4754 codes and scope keywords."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


class Chain(models.Model):
    """An industry chain (产业链) such as 智能网联与新能源汽车; a zone's own chain, or shared by all zones."""

    key = models.SlugField("代码", max_length=60, unique=True)
    name = models.CharField("名称", max_length=100)
    description = models.TextField("说明", blank=True)
    zone = models.ForeignKey("zones.Zone", verbose_name="园区", null=True, blank=True, on_delete=models.CASCADE,
                             related_name="chains", help_text="留空：各园区共用")
    order = models.PositiveIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "产业链"
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("chains:detail", args=[self.key])


class Position(models.TextChoices):
    UPSTREAM = "upstream", "上游"
    MIDSTREAM = "midstream", "中游"
    DOWNSTREAM = "downstream", "下游"


POSITIONS = [Position.UPSTREAM, Position.MIDSTREAM, Position.DOWNSTREAM]


class Segment(models.Model):
    """A segment (环节) of a chain, or a product or technology node under one (`parent`).

    `industry_codes` is a list of {"code": "3670", "partial": bool}: a code may be a prefix of the GB/T 4754
    tree ("39": the whole division) and `partial` says the class holds more than this segment, so a firm in it
    belongs here only if its business scope also names one of the `keywords`.
    """

    chain = models.ForeignKey(Chain, verbose_name="产业链", on_delete=models.CASCADE, related_name="segments")
    key = models.SlugField("代码", max_length=60)
    name = models.CharField("名称", max_length=100)
    position = models.CharField("位置", max_length=12, choices=Position.choices)
    parent = models.ForeignKey("self", verbose_name="上级环节", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    industry_codes = models.JSONField("行业代码", default=list, blank=True,
                                      help_text='如 [{"code": "3670", "partial": true}]')
    keywords = models.JSONField("经营范围关键词", default=list, blank=True)
    # The segments this one supplies (keys in the same chain): its downstream neighbours, read for 延链.
    supplies = models.JSONField("供给环节", default=list, blank=True, help_text="本环节供给的下游环节代码")
    order = models.PositiveIntegerField("排序", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "产业链环节"
        ordering = ["chain", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["chain", "key"], name="segment_key_unique_in_chain",
                                               violation_error_message="本产业链已有该代码的环节。")]

    def __str__(self) -> str:
        return f"{self.chain.name} · {self.name}"

    def clean(self) -> None:
        super().clean()
        codes = self.industry_codes
        if not isinstance(codes, list) or not all(
                isinstance(c, dict) and isinstance(c.get("code"), str) and set(c) <= {"code", "partial"}
                for c in codes):
            raise ValidationError({"industry_codes": '行业代码应为列表，每项形如 {"code": "3670", "partial": false}。'})
        if not isinstance(self.keywords, list) or not all(isinstance(k, str) and k.strip() for k in self.keywords):
            raise ValidationError({"keywords": "关键词应为非空文字的列表。"})
        if not isinstance(self.supplies, list) or not all(isinstance(k, str) and k.strip() for k in self.supplies):
            raise ValidationError({"supplies": "供给环节应为环节代码的列表。"})
        if self.supplies and self.chain_id is not None:
            known = set(Segment.objects.filter(chain_id=self.chain_id).values_list("key", flat=True)) | {self.key}
            unknown = [k for k in self.supplies if k not in known]
            if unknown:
                raise ValidationError({"supplies": f"本产业链没有这些环节：{'、'.join(unknown)}"})
            if self.key in self.supplies:
                raise ValidationError({"supplies": "环节不能供给它自己。"})
        if self.parent_id is not None:
            parent = self.parent
            if parent is not None and parent.chain_id != self.chain_id:
                raise ValidationError({"parent": "上级环节须属于同一产业链。"})
            node = parent
            while node is not None:
                if node.pk is not None and node.pk == self.pk:
                    raise ValidationError({"parent": "不能把环节移到它自己或它的下级之下。"})
                node = node.parent
