"""Forms of the intelligence pages: adding a document, and correcting an extraction before accepting it."""

from __future__ import annotations

from typing import Any, Protocol, cast

from django import forms
from django.conf import settings

from zhaoshang.currencies.models import Currency
from zhaoshang.indicators.models import Indicator
from zhaoshang.intel.models import ExtractedItem
from zhaoshang.intel.selectors import Proposals, indicator_suggest, investment_proposals
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


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, required=False,
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


def _require_date_without_article_date(form: forms.Form, document) -> None:
    """An article without a date: the reviewer gives the date, the form never assumes today."""
    if document is None or document.published_on is None:
        form.fields["on"].required = True
        form.fields["on"].help_text = "文档没有发布日期，请填写"


class InvestmentAcceptForm(forms.Form):
    link_project = forms.ChoiceField(label="计入项目", required=False, widget=forms.RadioSelect)
    link_organization = forms.ChoiceField(label="投资方对应", required=False, widget=forms.RadioSelect)
    project = forms.CharField(label="项目", max_length=200, help_text="新建项目时的名称")
    investor = forms.CharField(label="投资方", max_length=200, required=False)
    credit_code = forms.CharField(label="统一社会信用代码", max_length=18, required=False,
                                  validators=[validate_credit_code], help_text="已知时按代码匹配企业")
    amount = forms.DecimalField(label="金额", max_digits=20, decimal_places=2, required=False,
                                help_text="以元为单位（1亿 = 100000000）")
    currency = forms.ChoiceField(label="币种", choices=Currency.choices, initial="CNY")
    stage = forms.ChoiceField(label="阶段", choices=_stage_choices, required=False)
    on = _date_field("阶段日期")

    def __init__(self, *args, proposals: Proposals | None = None, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposals = proposals or Proposals()
        self._projects = {str(p.record.pk): p.record for p in self.proposals.projects}
        self._organizations = {str(p.record.pk): p.record for p in self.proposals.organizations}
        cast(forms.ChoiceField, self.fields["link_project"]).choices = [("", "新建项目")] + [
            (str(p.record.pk), f"{p.record.name}（{p.reason}）") for p in self.proposals.projects]
        cast(forms.ChoiceField, self.fields["link_organization"]).choices = [("", "按名称匹配或新建")] + [
            (str(p.record.pk), f"{p.record.name}（{p.reason}）") for p in self.proposals.organizations]
        if not self.proposals.projects:
            del self.fields["link_project"]
        if not self.proposals.organizations:
            del self.fields["link_organization"]
        if document is not None and document.published_on is not None:
            self.fields["on"].help_text = f"留空即按发布日期 {document.published_on:%Y-%m-%d}"
        self.document = document

    def clean_link_project(self):
        return self._projects.get(self.cleaned_data.get("link_project") or "")

    def clean_link_organization(self):
        return self._organizations.get(self.cleaned_data.get("link_organization") or "")

    def clean(self):
        data = super().clean()
        no_date = self.document is not None and self.document.published_on is None
        if no_date and data.get("stage") and not data.get("on"):
            self.add_error("on", "文档没有发布日期，请填写阶段日期。")
        return data

    @property
    def needs_decision(self) -> bool:
        """Whether records on file may be this item: a person must say which, one at a time."""
        return bool(self.proposals.projects or self.proposals.organizations)

    @classmethod
    def initial_for(cls, item: ExtractedItem, proposals: Proposals | None = None) -> dict:
        p, amount = item.payload, item.payload.get("amount") or {}
        stage = p.get("stage") if p.get("stage") in {s.value for s in Stage} else ""
        proposals = proposals or Proposals()
        return {"project": default_project_name(p), "investor": p.get("investor") or "",
                "amount": amount.get("value"), "currency": amount.get("unit") or "CNY", "stage": stage,
                "on": item.document.published_on,
                # The best proposal is chosen: linking is what avoids a duplicate; the reviewer may change it.
                "link_project": str(proposals.projects[0].record.pk) if proposals.projects else "",
                "link_organization": (str(proposals.organizations[0].record.pk)
                                      if proposals.organizations else "")}


class MetricAcceptForm(forms.Form):
    indicator = forms.ModelChoiceField(label="计入指标", queryset=Indicator.objects.none(), required=False,
                                       empty_label="（新建指标）")
    indicator_name = forms.CharField(label="新指标名称", max_length=100, required=False)
    value = forms.DecimalField(label="数值", max_digits=20, decimal_places=4)
    on = _date_field("统计截止日期")
    year_to_date = forms.BooleanField(label="年初至今累计", required=False,
                                      help_text="今年以来、截至目前、累计等口径，不与各期数值相加")

    def __init__(self, *args, zone=None, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.filter(zone=zone) if zone else Indicator.objects.none()
        self.fields["indicator"].queryset = indicators
        _require_date_without_article_date(self, document)

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
                "value": item.payload.get("value"), "on": document.published_on,
                "year_to_date": bool(item.payload.get("year_to_date"))}


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


def accept_form(item: ExtractedItem, data=None, *, user=None) -> forms.Form:
    """The correction form for an item, prefixed so that many fit on one page.

    An investment's form proposes the records on file it may be (for `user`, who must then be given)."""
    cls = ACCEPT_FORMS[item.kind]
    kwargs: dict[str, Any] = {"prefix": f"item{item.pk}"}
    initial_args: tuple = ()
    if item.kind == ExtractedItem.Kind.METRIC:
        kwargs.update(zone=item.document.zone, document=item.document)
    if item.kind == ExtractedItem.Kind.INVESTMENT:
        proposals = investment_proposals(user=user, item=item) if user is not None else Proposals()
        kwargs.update(proposals=proposals, document=item.document)
        initial_args = (proposals,)
    if data is None:
        kwargs["initial"] = cls.initial_for(item, *initial_args)
    return cls(data, **kwargs)


def initial_data(form: forms.Form) -> dict:
    """The form's initial values as submitted data: accepting it as shown, without corrections."""
    data = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if isinstance(field, forms.BooleanField):
            if value:
                data[form.add_prefix(name)] = "on"
            continue
        if value is None:
            continue
        data[form.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    return data
