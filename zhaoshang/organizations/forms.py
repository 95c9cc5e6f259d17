from django import forms

from zhaoshang.industries.models import Industry
from zhaoshang.organizations.models import Tag
from zhaoshang.regions.models import Region
from zhaoshang.workspace.labels import region_label
from zhaoshang.workspace.widgets import SearchPicker


class OrganizationFilterForm(forms.Form):
    """The 企业画像 list's filters; the API takes the same names (q, industry, region, tag)."""

    q = forms.CharField(label="搜索", required=False,
                        widget=forms.TextInput(attrs={"placeholder": "名称或统一社会信用代码"}))
    industry = forms.ChoiceField(label="行业", required=False)
    region = forms.ModelChoiceField(Region.objects.all(), label="所在地区", required=False,
                                    help_text="含下属区县",
                                    widget=SearchPicker(url_name="workspace:pick_regions", model=Region,
                                                        label=region_label, placeholder="如 上海、嘉定"))
    tag = forms.ChoiceField(label="标签", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sections = Industry.objects.filter(level=Industry.Level.SECTION).values_list("code", "name")
        divisions = Industry.objects.filter(level=Industry.Level.DIVISION).values_list("code", "name")
        self.fields["industry"].choices = [("", "全部")] + [(c, f"{c} {n}") for c, n in [*sections, *divisions]]
        self.fields["tag"].choices = [("", "全部")] + [(t, t) for t in Tag.objects.values_list("name", flat=True)]

    def filters(self) -> dict:
        """The selector's keyword arguments (region by code), empty ones left out."""
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["region"] = data["region"].code if data.get("region") else ""
        return {k: v for k, v in data.items() if v}
