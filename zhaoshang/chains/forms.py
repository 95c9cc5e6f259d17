"""The segment form: add, move (parent, position, order) and remap (codes, keywords, supply links)."""

from __future__ import annotations

from django import forms

from zhaoshang.chains.fields import format_codes, format_words, parse_codes, split_words
from zhaoshang.chains.models import Position, Segment
from zhaoshang.industries.models import Industry


def unknown_codes(codes: list[dict]) -> list[str]:
    """The codes that are not in the shipped GB/T 4754-2017 table."""
    wanted = {c["code"] for c in codes}
    known = set(Industry.objects.filter(code__in=wanted).values_list("code", flat=True))
    return sorted(wanted - known)


class SegmentForm(forms.Form):
    key = forms.SlugField(label="代码", max_length=60, help_text="英文小写、数字和连字符，如 bms")
    name = forms.CharField(label="名称", max_length=100)
    position = forms.ChoiceField(label="位置", choices=Position.choices)
    parent = forms.ModelChoiceField(label="上级环节", queryset=Segment.objects.none(), required=False,
                                    empty_label="（无：产业链的一个环节）",
                                    help_text="产品或技术节点挂在某个环节之下")
    order = forms.IntegerField(label="排序", min_value=0, initial=0)
    codes = forms.CharField(label="行业代码", required=False,
                            help_text="GB/T 4754-2017 代码，逗号分隔；可写前缀（如 39）；"
                                      "部分归属在末尾加 *（如 3670*）",
                            widget=forms.TextInput(attrs={"size": 50}))
    keywords = forms.CharField(label="经营范围关键词", required=False, help_text="用顿号或逗号分隔",
                               widget=forms.Textarea(attrs={"rows": 2, "cols": 50}))
    supplies = forms.CharField(label="供给环节", required=False, help_text="本环节供给的下游环节代码，逗号分隔",
                               widget=forms.TextInput(attrs={"size": 50}))
    reason = forms.CharField(label="修改原因", required=False, max_length=100)

    def __init__(self, *args, chain, segment: Segment | None = None, **kwargs):
        self.chain, self.segment = chain, segment
        if segment is not None:
            kwargs.setdefault("initial", {
                "key": segment.key, "name": segment.name, "position": segment.position,
                "parent": segment.parent_id, "order": segment.order, "codes": format_codes(segment.industry_codes),
                "keywords": format_words(segment.keywords), "supplies": format_words(segment.supplies, ", ")})
        super().__init__(*args, **kwargs)
        parents = chain.segments.order_by("order", "id")
        if segment is not None:
            parents = parents.exclude(pk__in=_subtree(segment))
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]  # a ModelChoiceField

    def clean_key(self) -> str:
        key = self.cleaned_data["key"]
        taken = self.chain.segments.filter(key=key)
        if self.segment is not None:
            taken = taken.exclude(pk=self.segment.pk)
        if taken.exists():
            raise forms.ValidationError("本产业链已有该代码的环节。")
        return key

    def clean_codes(self) -> list[dict]:
        codes, problems = parse_codes(self.cleaned_data["codes"])
        missing = unknown_codes(codes)
        if missing:
            problems.append(f"GB/T 4754-2017 中没有这些代码：{'、'.join(missing)}")
        if problems:
            raise forms.ValidationError(problems)
        return codes

    def clean_keywords(self) -> list[str]:
        return split_words(self.cleaned_data["keywords"])

    def clean_supplies(self) -> list[str]:
        keys = split_words(self.cleaned_data["supplies"])
        known = set(self.chain.segments.values_list("key", flat=True))
        unknown = [k for k in keys if k not in known]
        if unknown:
            raise forms.ValidationError(f"本产业链没有这些环节：{'、'.join(unknown)}")
        return keys

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("reason", None)
        return {"key": data["key"], "name": data["name"], "position": data["position"], "parent": data["parent"],
                "order": data["order"], "industry_codes": data["codes"], "keywords": data["keywords"],
                "supplies": data["supplies"]}


def _subtree(segment: Segment) -> set[int]:
    """The segment and every node beneath it: none of them can become its parent."""
    ids, frontier = {segment.pk}, [segment.pk]
    while frontier:
        frontier = list(Segment.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.update(frontier)
    return ids
