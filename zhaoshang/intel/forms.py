"""Forms of the intelligence pages: adding a document, and correcting an extraction before accepting it."""

from __future__ import annotations

from typing import Any, Protocol

from django import forms
from django.conf import settings
from django.utils import timezone

from zhaoshang.currencies.models import Currency
from zhaoshang.indicators.models import Indicator
from zhaoshang.intel.models import ExtractedItem
from zhaoshang.intel.selectors import indicator_suggest
from zhaoshang.intel.services import default_project_name
from zhaoshang.organizations.models import Organization, validate_credit_code
from zhaoshang.projects.models import PIPELINE, Stage
from zhaoshang.zones.models import Zone


class DocumentAddForm(forms.Form):
    zone = forms.ModelChoiceField(label="园区", queryset=Zone.objects.all(), empty_label=None)
    file = forms.FileField(label="上传文件", required=False, help_text=".txt、.html 或 .md，UTF-8、GBK 均可")
    text = forms.CharField(label="或粘贴正文", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    title = forms.CharField(label="标题", required=False, max_length=300)
    source = forms.CharField(label="来源", required=False, max_length=500, help_text="网址或报刊名")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(f"文件超过 {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB。")
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请上传文件或粘贴正文。")
        if data.get("file") and (data.get("text") or "").strip():
            raise forms.ValidationError("上传文件和粘贴正文只能选一种。")
        return data


def _stage_choices():
    return [("", "（不改变阶段）")] + [(s.value, s.label) for s in PIPELINE]


class InvestmentAcceptForm(forms.Form):
    project = forms.CharField(label="项目", max_length=200)
    investor = forms.CharField(label="投资方", max_length=200, required=False)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False,
                                  validators=[validate_credit_code], help_text="已知时按代码匹配企业")
    amount = forms.DecimalField(label="金额", max_digits=20, decimal_places=2, required=False,
                                help_text="以元为单位（1亿 = 100000000）")
    currency = forms.ChoiceField(label="币种", choices=Currency.choices, initial="CNY")
    stage = forms.ChoiceField(label="阶段", choices=_stage_choices, required=False)

    @classmethod
    def initial_for(cls, item: ExtractedItem) -> dict:
        p, amount = item.payload, item.payload.get("amount") or {}
        stage = p.get("stage") if p.get("stage") in {s.value for s in Stage} else ""
        return {"project": default_project_name(p), "investor": p.get("investor") or "",
                "amount": amount.get("value"), "currency": amount.get("unit") or "CNY", "stage": stage}


class MetricAcceptForm(forms.Form):
    indicator = forms.ModelChoiceField(label="计入指标", queryset=Indicator.objects.none(), required=False,
                                       empty_label="（新建指标）")
    indicator_name = forms.CharField(label="新指标名称", max_length=100, required=False)
    value = forms.DecimalField(label="数值", max_digits=20, decimal_places=4)
    on = forms.DateField(label="统计截止日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.filter(zone=zone) if zone else Indicator.objects.none()
        self.fields["indicator"].queryset = indicators

    def clean(self):
        data = super().clean()
        if not data.get("indicator") and not (data.get("indicator_name") or "").strip():
            raise forms.ValidationError("请选择指标，或填写新指标名称。")
        return data

    @classmethod
    def initial_for(cls, item: ExtractedItem) -> dict:
        document = item.document
        label = item.payload.get("indicator") or ""
        match = indicator_suggest(document.zone, label)
        return {"indicator": match, "indicator_name": "" if match else label,
                "value": item.payload.get("value"), "on": document.published_on or timezone.localdate()}


# Name endings that say what kind of organisation it is; the first match wins.
_KIND_BY_ENDING = [
    (("大学", "学院", "研究院", "研究所", "实验室", "科学院"), Organization.Kind.UNIVERSITY),
    (("交易所",), Organization.Kind.EXCHANGE),
    (("政府", "委员会", "管委会", "局", "厅", "委", "办公室"), Organization.Kind.GOVERNMENT),
    (("园区", "产业园", "新区", "开发区", "中心", "基地", "平台"), Organization.Kind.PARK),
]


def guess_kind(name: str) -> str:
    for endings, kind in _KIND_BY_ENDING:
        if name.endswith(endings):
            return kind
    return Organization.Kind.COMPANY


class OrganizationAcceptForm(forms.Form):
    name = forms.CharField(label="名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=Organization.Kind.choices)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False,
                                  validators=[validate_credit_code])

    @classmethod
    def initial_for(cls, item: ExtractedItem) -> dict:
        name = item.payload.get("name") or ""
        return {"name": name, "kind": guess_kind(name)}


class PlaceAcceptForm(forms.Form):
    @classmethod
    def initial_for(cls, item: ExtractedItem) -> dict:
        return {}


class _AcceptFormClass(Protocol):
    """What each correction form class offers: its initial values for an item, and the form itself."""

    def __call__(self, *args: Any, **kwargs: Any) -> forms.Form: ...

    def initial_for(self, item: ExtractedItem) -> dict: ...


ACCEPT_FORMS: dict[str, _AcceptFormClass] = {
    ExtractedItem.Kind.INVESTMENT: InvestmentAcceptForm,
    ExtractedItem.Kind.METRIC: MetricAcceptForm,
    ExtractedItem.Kind.ORGANIZATION: OrganizationAcceptForm,
    ExtractedItem.Kind.PLACE: PlaceAcceptForm,
}


def accept_form(item: ExtractedItem, data=None) -> forms.Form:
    """The correction form for an item, prefixed so that many fit on one page."""
    cls = ACCEPT_FORMS[item.kind]
    kwargs: dict[str, Any] = {"prefix": f"item{item.pk}"}
    if item.kind == ExtractedItem.Kind.METRIC:
        kwargs["zone"] = item.document.zone
    if data is None:
        kwargs["initial"] = cls.initial_for(item)
    return cls(data, **kwargs)
