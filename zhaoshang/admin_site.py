"""The admin site: for administrators and staff, never for partner (enclave or park) accounts.

Partners see only their carrier's records; the admin's model lists are not scoped that way, so the
admin is closed to them even if someone ticks 'staff' on their account.

Every model admin and inline derives from `ScopedAdmin`, so its lists, change pages, autocomplete answers
and the choices and labels of its foreign-key widgets (select, autocomplete, raw id) go through the same
visibility selectors as the pages and the API (`scoped`). A test fails when an admin does not.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.db.models import Model, QuerySet
from django.forms import ModelChoiceField, ModelForm
from django.http import Http404

from zhaoshang.core.text_input import TextInputRuleMixin


class ZhaoshangAdminSite(AdminSite):
    site_header = site_title = "招商 · 管理后台"
    index_title = "基础数据"

    def has_permission(self, request):
        from zhaoshang.accounts.permissions import can_use_admin  # models are not loaded when this module is

        return super().has_permission(request) and can_use_admin(request.user)


class ZhaoshangAdminConfig(AdminConfig):
    default_site = "zhaoshang.admin_site.ZhaoshangAdminSite"


@functools.cache
def _visibility_rules() -> dict[str, Callable[..., QuerySet]]:
    """Model label → the selector owning who may see its records (imported late: models load after this)."""
    from zhaoshang.approvals.selectors import cases_visible_to, tasks_visible_to
    from zhaoshang.environment.selectors import readings_visible_to, stations_visible_to, water_tasks_visible_to
    from zhaoshang.indicators.selectors import indicators_visible_to, observations_visible_to
    from zhaoshang.intel.selectors import document_visible_to
    from zhaoshang.organizations.selectors import organizations_visible_to
    from zhaoshang.projects.selectors import project_visible_to
    from zhaoshang.talent.selectors import (
        graduate_intakes_visible_to,
        people_visible_to,
        research_projects_visible_to,
        teams_visible_to,
    )
    from zhaoshang.zones.selectors import agreements_visible_to, carriers_visible_to

    return {
        "projects.project": project_visible_to,
        "organizations.organization": organizations_visible_to,
        "zones.carrier": carriers_visible_to,
        "talent.person": people_visible_to,
        "talent.talentteam": teams_visible_to,
        "talent.graduateintake": graduate_intakes_visible_to,
        "talent.researchproject": research_projects_visible_to,
        "indicators.indicator": indicators_visible_to,
        "indicators.observation": observations_visible_to,
        "intel.document": document_visible_to,
        "approvals.case": cases_visible_to,
        "approvals.casestep": _through("case", cases_visible_to),
        # A task names its project: one the user may not read is left out with its tasks, as on the pages.
        "approvals.approvaltask": tasks_visible_to,
        # The service catalogue is public policy: every staff member reads it, as the case pages show it.
        "approvals.serviceitem": _everyone_staff_reads,
        "environment.station": stations_visible_to,
        "environment.reading": readings_visible_to,
        "environment.plantask": water_tasks_visible_to,
        "zones.cooperationagreement": agreements_visible_to,
        "zones.attributionrule": _through("agreement", agreements_visible_to),
    }


def _everyone_staff_reads(user, queryset: QuerySet) -> QuerySet:
    """No row-level rule: the admin is closed to partners already (has_permission)."""
    return queryset


def _through(field: str, rule: Callable[..., QuerySet]) -> Callable[..., QuerySet]:
    """A record visible when the record it belongs to (by `field`) is: a case's steps, an agreement's rules."""

    def visible(user, queryset: QuerySet) -> QuerySet:
        return queryset.filter(**{f"{field}__in": rule(user)})

    return visible


def scoped(user, queryset: QuerySet) -> QuerySet:
    """The queryset cut to what the user may see, by the rule of the records' own app (if it has one)."""
    rule = _visibility_rules().get(queryset.model._meta.label_lower)
    return rule(user, queryset) if rule else queryset


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id box that names the record typed into it only when the user may see it."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            visible = scoped(self.user, self.rel.model._default_manager.filter(**{key: value})).exists()
        except (ValueError, TypeError):
            visible = False
        return super().label_and_url_for_value(value) if visible else ("", "")


class RuledModelForm(TextInputRuleMixin, ModelForm):
    """An admin form whose texts obey the same character and length rule as the pages and the API."""


class ScopedAdmin(admin.options.BaseModelAdmin):
    """Lists, lookups and foreign-key choices restricted by the visibility selectors."""

    # Any: the stubs type `form` differently on model admins and inlines; both take this form class.
    form: Any = RuledModelForm

    def get_queryset(self, request):
        return scoped(request.user, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.raw_id_fields and "widget" not in kwargs:
            kwargs["widget"] = ScopedRawIdWidget(db_field.remote_field, self.admin_site,
                                                 using=kwargs.get("using"), user=request.user)
        return self._scope_choices(super().formfield_for_foreignkey(db_field, request, **kwargs), request)

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):  # request optional as on GroupAdmin
        return self._scope_choices(super().formfield_for_manytomany(db_field, request, **kwargs), request)

    @staticmethod
    def _scope_choices(formfield, request):
        # Cutting the queryset also makes the form refuse a hidden id typed or posted into the field.
        if isinstance(formfield, ModelChoiceField):
            formfield.queryset = scoped(request.user, formfield.queryset)
        return formfield


class ScopedModelAdmin(ScopedAdmin, admin.ModelAdmin):
    """A model admin whose history pages also answer 404 for a record outside the user's view."""

    def _require_visible(self, request, object_id) -> None:
        # simple_history falls back to the history rows of objects outside get_queryset (to show deleted
        # ones); a record the user may not see must answer 404 there too.
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_visible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class PersonalNumbersAdmin:
    """For a record with a person's ID-card and phone numbers: in full only to administrators (等保), masked for
    everyone else in lists and forms, never filterable through the URL, and the history (which shows them
    unmasked) for administrators only. Subclasses list their plain fields in `basics` and may extend `form_fields`."""

    basics: list[str] = []
    unmasked = ["id_number", "phone"]
    masked = ["id_masked", "phone_masked"]

    def _private(self, request) -> list[str]:
        from zhaoshang.accounts.permissions import sees_personal_data

        return self.unmasked if sees_personal_data(request.user) else self.masked

    def form_fields(self) -> list[str]:
        return ["zone", *self.basics]

    def get_list_display(self, request):
        return self.basics + self._private(request)

    def get_fields(self, request, obj=None):
        return [*self.form_fields(), *self._private(request)]

    def get_readonly_fields(self, request, obj=None):
        from zhaoshang.accounts.permissions import sees_personal_data

        return [] if sees_personal_data(request.user) else list(self.masked)

    def lookup_allowed(self, lookup, value, request=None):
        from zhaoshang.accounts.permissions import sees_personal_data

        # Filtering by a masked number through the URL would reveal it digit by digit.
        if lookup.split("__")[0] in self.unmasked and not (request and sees_personal_data(request.user)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_view_history_or_change_history_permission(self, request, obj=None):
        from zhaoshang.accounts.permissions import sees_personal_data

        return sees_personal_data(request.user)  # the history shows the numbers unmasked

    @admin.display(description="身份证号")
    def id_masked(self, obj):
        from zhaoshang.accounts.masking import mask_id_number

        return mask_id_number(obj.id_number)

    @admin.display(description="手机号")
    def phone_masked(self, obj):
        from zhaoshang.accounts.masking import mask_phone

        return mask_phone(obj.phone)


class ScopedTabularInline(ScopedAdmin, admin.TabularInline):
    """An inline whose rows and choices obey the visibility selectors."""


def is_scoped(model_admin: type | Model) -> bool:
    return issubclass(model_admin if isinstance(model_admin, type) else type(model_admin), ScopedAdmin)
