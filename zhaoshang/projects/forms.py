from typing import cast

from django import forms
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import PROJECT_OWNER_ROLES
from zhaoshang.core.figures import format_amount
from zhaoshang.core.text_input import TextInputRuleMixin
from zhaoshang.currencies.amounts import parse_amount
from zhaoshang.industries.models import Industry
from zhaoshang.organizations.matching import Match, organization_match
from zhaoshang.organizations.models import Organization, validate_credit_code
from zhaoshang.organizations.selectors import organizations_visible_to
from zhaoshang.projects.models import Activity, Project, Stage
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.regions.models import Region
from zhaoshang.workspace.labels import industry_label, organization_label, owner_label, region_label
from zhaoshang.workspace.widgets import SearchPicker
from zhaoshang.zones.models import Carrier, Zone
from zhaoshang.zones.selectors import carriers_visible_to


class DateInput(forms.DateInput):
    """A browser date picker. It reads only ISO dates, whatever the site's display format (2026/12/02)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ProjectFilterForm(forms.Form):
    """The list's filters; the API takes the same names."""

    q = forms.CharField(label="搜索", required=False, widget=forms.TextInput(attrs={"placeholder": "项目或投资方"}))
    # Shown once the database holds several zones (a partner sees only the zones of the projects it may see).
    zone = forms.ChoiceField(label="园区", required=False)
    stage = forms.ChoiceField(label="阶段", required=False, choices=[("", "全部")] + Stage.choices)
    industry = forms.ChoiceField(label="行业", required=False)
    source_city = forms.CharField(label="来源城市", required=False,
                                  widget=forms.TextInput(attrs={"placeholder": "如 上海、苏州"}))
    owner = forms.ChoiceField(label="负责人", required=False)
    # The year means "moved in that year": any stage change (a signing, a registration…) dated in it.
    year = forms.IntegerField(label="进展年度", required=False, min_value=1990, max_value=2100,
                              help_text="该年内有过阶段变化（如签约、注册、开工）的项目",
                              widget=forms.NumberInput(attrs={"placeholder": "如 2020"}))

    def __init__(self, *args, user: User | None = None, **kwargs):
        # user: whose owner choices to show; without one (callers not yet passing it) every owner is listed.
        super().__init__(*args, **kwargs)
        sections = Industry.objects.filter(level=Industry.Level.SECTION).values_list("code", "name")
        divisions = Industry.objects.filter(level=Industry.Level.DIVISION).values_list("code", "name")
        industries = [(c, f"{c} {n}") for c, n in [*sections, *divisions]]
        cast(forms.ChoiceField, self.fields["industry"]).choices = [("", "全部"), *industries]
        owners = (_owners() if user is None else project_owners_shown_to(user)).order_by("username")
        cast(forms.ChoiceField, self.fields["owner"]).choices = [("", "全部"), *((u.username, u.display_name)
                                                                              for u in owners)]
        zones = Zone.objects.order_by("pk")
        if user is not None and user.is_partner:
            zones = zones.filter(pk__in=project_visible_to(user).values("zone"))
        self.zones = {z.code: z for z in zones}
        if len(self.zones) > 1:
            cast(forms.ChoiceField, self.fields["zone"]).choices = [("", "全部"), *(
                (code, z.name) for code, z in self.zones.items())]
        else:
            del self.fields["zone"]

    def clean_zone(self):
        return self.zones.get(self.cleaned_data["zone"])


def _owners():
    return User.objects.filter(role__in=PROJECT_OWNER_ROLES, is_active=True).select_related("team")


def project_owners_shown_to(user: User):
    """The owners a user may pick or filter by: partners only the owners of projects they may see, so the
    officers' names behind the rest of the pipeline stay hidden; everyone else every possible owner."""
    if not user.is_partner:
        return _owners()
    return _owners().filter(pk__in=project_visible_to(user).values("owner"))


class AmountField(forms.CharField):
    """总投资 as people write it (50亿, 3000万美元, 2.5亿元): cleaned to (amount, currency) or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "如 50亿、2.5亿元、3000万美元；不写币种即为人民币")
        super().__init__(max_length=60, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, tuple):
            return format_amount(*value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_amount(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class ProjectForm(TextInputRuleMixin, forms.ModelForm):
    """The project, with pickers that search and an investor not yet on file entered beside the others."""

    amount_text = AmountField(label="总投资", required=False)
    new_investor_name = forms.CharField(label="新投资方名称", required=False, max_length=200,
                                        help_text="系统中还没有的投资方：先与已有企业比对，确认后保存时新建")
    new_investor_credit_code = forms.CharField(label="统一社会信用代码", required=False, max_length=18,
                                               validators=[validate_credit_code])
    new_investor_region = forms.ModelChoiceField(
        Region.objects.all(), label="所在城市", required=False,
        widget=SearchPicker(url_name="workspace:pick_regions", model=Region, label=region_label,
                            placeholder="如 上海、嘉定"))
    use_match = forms.BooleanField(label="使用系统中已有的这家企业", required=False)
    # The version the officer started from: a save from an older one is refused (core.versions).
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31, widget=forms.HiddenInput)

    class Meta:
        model = Project
        fields = ["name", "investors", "industry", "source_region", "carrier", "owner", "confidential",
                  "description"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "investors": SearchPicker(url_name="workspace:pick_organizations", model=Organization,
                                      label=organization_label, multiple=True, placeholder="输入企业名称或信用代码"),
            "industry": SearchPicker(url_name="workspace:pick_industries", model=Industry, label=industry_label,
                                     placeholder="如 汽车、3670"),
            "source_region": SearchPicker(url_name="workspace:pick_regions", model=Region, label=region_label,
                                          placeholder="如 上海、嘉定"),
            "owner": SearchPicker(url_name="workspace:pick_owners", model=User, label=owner_label,
                                  placeholder="输入姓名或团队"),
        }

    field_order = ["name", "investors", "new_investor_name", "new_investor_credit_code", "new_investor_region",
                   "use_match", "industry", "amount_text", "source_region", "carrier", "owner", "confidential",
                   "description", "version"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.investor_match: Match | None = None
        # The model form made these ModelChoiceFields; only their choices narrow to what the user may see.
        cast(forms.ModelMultipleChoiceField, self.fields["investors"]).queryset = organizations_visible_to(user)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = _owners()
        cast(forms.ModelChoiceField, self.fields["carrier"]).queryset = carriers_visible_to(
            user, Carrier.objects.order_by("name"))
        if self.instance.pk and self.instance.amount is not None:
            self.initial["amount_text"] = (self.instance.amount, self.instance.currency)
        if self.instance.pk:
            self.initial["version"] = self.instance.version
        for name in ("amount_text", "new_investor_name", "new_investor_credit_code"):
            self.fields[name].widget.attrs.update(self._live_check(name))

    @staticmethod
    def _live_check(name: str) -> dict:
        """The amount's parsed value and the new investor's matches are shown as the officer types."""
        if name == "amount_text":
            return {"hx-get": reverse("workspace:amount_preview"), "hx-trigger": "input changed delay:300ms",
                    "hx-target": "#amount-preview", "autocomplete": "off", "placeholder": "如 50亿、3000万美元"}
        return {"hx-get": reverse("workspace:investor_match"), "hx-trigger": "input changed delay:400ms",
                "hx-target": "#investor-match",
                "hx-include": "[name=new_investor_name],[name=new_investor_credit_code]"}

    def clean(self):
        data = super().clean()
        name = (data.get("new_investor_name") or "").strip()
        if not name or self.has_error("new_investor_credit_code"):
            return data
        match = organization_match(name, data.get("new_investor_credit_code") or "")
        self.investor_match = match
        if match.conflict:
            self.add_error("new_investor_name", match.conflict)
        elif match.found and not data.get("use_match"):
            self.add_error("use_match", f"系统中已有“{match.organization}”（{'；'.join(match.reasons)}）。"
                                        "请勾选“使用系统中已有的这家企业”，或修改新投资方的名称。")
        return data

    def project_data(self) -> dict:
        """The fields project_create and project_update take (investors without the new one)."""
        data = {name: self.cleaned_data[name] for name in self._meta.fields or ()}
        amount = self.cleaned_data.get("amount_text")
        data["amount"], data["currency"] = amount if amount else (None, "CNY")
        return data

    def differences(self, project: Project) -> list[tuple[str, str]]:
        """(label, value) for each field where this submission differs from the project as stored now:
        what the officer typed, shown beside a conflict so none of it is lost."""
        from zhaoshang.core.versions import field_display

        submitted = Project(**{k: v for k, v in self.project_data().items() if k != "investors"})
        shown = []
        for name in ["name", "industry", "amount", "currency", "source_region", "carrier", "owner", "confidential",
                     "description"]:
            field = Project._meta.get_field(name)
            assert isinstance(field, models.Field)  # the project's own columns
            if getattr(submitted, field.attname) != getattr(project, field.attname):
                shown.append((str(field.verbose_name), field_display(submitted, field)))
        investors = list(self.cleaned_data.get("investors") or [])
        if {o.pk for o in investors} != {o.pk for o in project.investors.all()}:
            shown.append(("投资方", "、".join(map(str, investors)) or "空"))
        return shown

    def new_investor(self) -> dict | None:
        """The investor to add: a match the officer confirmed, or the fields of a new organisation."""
        name = (self.cleaned_data.get("new_investor_name") or "").strip()
        if not name:
            return None
        if self.investor_match is not None and self.investor_match.found:
            return {"existing": self.investor_match.organization}
        return {"name": name, "credit_code": self.cleaned_data.get("new_investor_credit_code") or None,
                "region": self.cleaned_data.get("new_investor_region")}


class StageForm(forms.Form):
    stage = forms.ChoiceField(label="转入阶段")
    on = forms.DateField(label="日期", widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label="说明（中止时必填原因）", required=False, max_length=500)

    def __init__(self, *args, project: Project, **kwargs):
        # The project page also shows the activity form, whose date is also called `on`: ids must differ.
        kwargs.setdefault("auto_id", "id_stage_%s")
        super().__init__(*args, **kwargs)
        stage = self.fields["stage"]
        assert isinstance(stage, forms.ChoiceField)  # declared above; `fields` is typed as any Field
        stage.choices = [(s, Stage(s).label) for s in project.next_stages()]


class ActivityForm(TextInputRuleMixin, forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "on", "people", "notes"]
        widgets = {"on": DateInput, "notes": forms.Textarea(attrs={"rows": 3})}


class FileForm(TextInputRuleMixin, forms.Form):
    file = forms.FileField(label="附件")
    name = forms.CharField(label="名称", required=False, max_length=200)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            size, limit = upload.size / 1048576, settings.UPLOAD_MAX_BYTES / 1048576
            raise forms.ValidationError(f"文件 {upload.name} 有 {size:.1f} MB，超过上限 {limit:.0f} MB。")
        return upload
