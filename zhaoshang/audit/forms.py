"""The audit page's filters, read from the query string; a value the page cannot use is named in Chinese."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from zhaoshang.audit.models import AuditEvent
from zhaoshang.audit.selectors import Outcome
from zhaoshang.core.text_input import TextInputRuleMixin

# Audit rows are kept six months; a wider calendar only lets a typo (0001-01-01, 9999-12-31) past the
# conversion to and from Beijing time, which overflows at the ends of the calendar.
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
DATE_INVALID = "日期应写作 年-月-日，例如 2026-03-01"
DATE_RANGE = f"日期应在 {EARLIEST:%Y-%m-%d} 至 {LATEST:%Y-%m-%d} 之间"
MAX_DB_ID = 2**63 - 1


class _DateField(forms.DateField):
    def __init__(self, label: str):
        super().__init__(label=label, required=False, input_formats=["%Y-%m-%d"],
                         error_messages={"invalid": DATE_INVALID},
                         widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(DATE_RANGE)


class AuditFilterForm(TextInputRuleMixin, forms.Form):
    """user, action, result, start, end, q; uid, the one user of the per-user page's export; upto."""

    user = forms.CharField(label="用户", required=False, max_length=150,
                           widget=forms.TextInput(attrs={"list": "audit-usernames", "autocomplete": "off"}))
    action = forms.ChoiceField(label="操作", required=False,
                               choices=[("", "全部"), *AuditEvent.Action.choices],
                               error_messages={"invalid_choice": "没有「%(value)s」这种操作，请从列表中选择"})
    result = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), *Outcome.choices],
                               error_messages={"invalid_choice": "结果只能是 允许、拒绝 或 失败（「%(value)s」无效）"})
    start = _DateField("开始日期")
    end = _DateField("结束日期")
    q = forms.CharField(label="路径或对象", required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "如 /projects/ 或 Project:12"}))
    uid = forms.IntegerField(label="用户编号", required=False, min_value=1, max_value=MAX_DB_ID,
                             widget=forms.HiddenInput, error_messages={"invalid": "应为正整数"})
    # The newest row when the list was opened: its pages and export stay that list while new rows arrive
    # (reading the page writes one itself).
    upto = forms.IntegerField(label="列表截止", required=False, min_value=0, max_value=MAX_DB_ID,
                              widget=forms.HiddenInput, error_messages={"invalid": "应为整数"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # the text rule (TextInputRuleMixin) names a NUL better than Django
            field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "结束日期早于开始日期")
        return data

    def filters(self) -> dict:
        """The cleaned values the selector takes (empty ones left out); call after is_valid()."""
        data = self.cleaned_data
        names = {"user": "username", "action": "action", "result": "outcome", "start": "start", "end": "end",
                 "q": "text", "uid": "user_id", "upto": "upto"}
        return {names[k]: v.strip() if isinstance(v, str) else v for k, v in data.items()
                if k in names and v not in (None, "") and not (isinstance(v, str) and not v.strip())}
