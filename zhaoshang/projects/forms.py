from django import forms
from django.conf import settings
from django.utils import timezone

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import PROJECT_OWNER_ROLES
from zhaoshang.industries.models import Industry
from zhaoshang.projects.models import Activity, Project, Stage


class DateInput(forms.DateInput):
    """A browser date picker. It reads only ISO dates, whatever the site's display format (2026/12/02)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ProjectFilterForm(forms.Form):
    """The list's filters; the API takes the same names."""

    q = forms.CharField(label="搜索", required=False, widget=forms.TextInput(attrs={"placeholder": "项目或投资方"}))
    stage = forms.ChoiceField(label="阶段", required=False, choices=[("", "全部")] + Stage.choices)
    industry = forms.ChoiceField(label="行业", required=False)
    source_city = forms.CharField(label="来源城市", required=False,
                                  widget=forms.TextInput(attrs={"placeholder": "如 上海、苏州"}))
    owner = forms.ChoiceField(label="负责人", required=False)
    # The year means "moved in that year": any stage change (a signing, a registration…) dated in it.
    year = forms.IntegerField(label="进展年度", required=False, min_value=1990, max_value=2100,
                              help_text="该年内有过阶段变化（如签约、注册、开工）的项目",
                              widget=forms.NumberInput(attrs={"placeholder": "如 2020"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sections = Industry.objects.filter(level=Industry.Level.SECTION).values_list("code", "name")
        divisions = Industry.objects.filter(level=Industry.Level.DIVISION).values_list("code", "name")
        self.fields["industry"].choices = [("", "全部")] + [(c, f"{c} {n}") for c, n in [*sections, *divisions]]
        owners = User.objects.filter(role__in=PROJECT_OWNER_ROLES, is_active=True).order_by("username")
        self.fields["owner"].choices = [("", "全部")] + [(u.username, u.display_name) for u in owners]


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["name", "investors", "industry", "amount", "currency", "source_region", "carrier", "owner",
                  "confidential", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class StageForm(forms.Form):
    stage = forms.ChoiceField(label="转入阶段")
    on = forms.DateField(label="日期", widget=DateInput, initial=timezone.localdate)
    note = forms.CharField(label="说明（中止时必填原因）", required=False, max_length=500)

    def __init__(self, *args, project: Project, **kwargs):
        # The project page also shows the activity form, whose date is also called `on`: ids must differ.
        kwargs.setdefault("auto_id", "id_stage_%s")
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s, Stage(s).label) for s in project.next_stages()]


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["kind", "on", "people", "notes"]
        widgets = {"on": DateInput, "notes": forms.Textarea(attrs={"rows": 3})}


class FileForm(forms.Form):
    file = forms.FileField(label="附件")
    name = forms.CharField(label="名称", required=False, max_length=200)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            size, limit = upload.size / 1048576, settings.UPLOAD_MAX_BYTES / 1048576
            raise forms.ValidationError(f"文件 {upload.name} 有 {size:.1f} MB，超过上限 {limit:.0f} MB。")
        return upload
