"""The admin leaks nothing the pages hide: its widgets, lookups and inlines obey the visibility rules, and
attachments obey the edit rule."""

import datetime as dt
import tempfile

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.admin_site import is_scoped
from zhaoshang.projects.models import ProjectFile
from zhaoshang.testing import PASSWORD, make_carrier, make_project, make_user, make_zone
from zhaoshang.zones.models import Residency


def _staff(username, team, *codenames):
    user = make_user(username, Role.OFFICER, team=team)
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def _carrier_form(carrier, project_id):
    """The carrier change form with one new residency row naming project_id."""
    return {
        "name": carrier.name, "kind": carrier.kind, "zone": carrier.zone_id, "region": carrier.region_id,
        "home_share": "1", "introduced_on": "", "description": "",
        "residencies-TOTAL_FORMS": "1", "residencies-INITIAL_FORMS": "0",
        "residencies-MIN_NUM_FORMS": "0", "residencies-MAX_NUM_FORMS": "1000",
        "residencies-0-project": str(project_id), "residencies-0-team": "", "residencies-0-since": "2024-01-01",
        "residencies-0-until": "", "_save": "保存",
    }


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="zhaoshang-media-"))
class AdminLeakTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.carrier = make_carrier(cls.zone)
        owner = make_user("owner-a", Role.OFFICER, team="一组")
        cls.secret = make_project(cls.zone, "机密芯片项目", owner=owner, confidential=True,
                                  signed_on=dt.date(2020, 5, 1))
        cls.public = make_project(cls.zone, "公开电池项目", owner=owner)
        cls.mine = make_project(cls.zone, "二组自己的项目")
        _staff("carrier-clerk", "二组", "view_carrier", "change_carrier", "view_residency", "add_residency",
               "change_residency")
        cls.uploader = _staff("uploader-b", "二组", "view_projectfile", "add_projectfile",
                              "change_projectfile", "delete_projectfile", "view_project")
        cls.mine.owner = cls.uploader
        cls.mine.save()

    def test_a_hidden_project_typed_into_a_residency_is_neither_named_nor_saved(self):
        self.client.login(username="carrier-clerk", password=PASSWORD)
        url = reverse("admin:zones_carrier_change", args=[self.carrier.pk])
        response = self.client.post(url, _carrier_form(self.carrier, self.secret.pk))
        self.assertNotContains(response, "机密芯片项目", status_code=200)
        self.assertFalse(Residency.objects.filter(project=self.secret).exists())

    def test_a_visible_project_in_a_residency_is_saved(self):
        self.client.login(username="carrier-clerk", password=PASSWORD)
        url = reverse("admin:zones_carrier_change", args=[self.carrier.pk])
        self.client.post(url, _carrier_form(self.carrier, self.public.pk))
        self.assertTrue(Residency.objects.filter(project=self.public, carrier=self.carrier).exists())

    def test_the_autocomplete_leaves_out_a_hidden_project(self):
        self.client.login(username="uploader-b", password=PASSWORD)
        response = self.client.get(reverse("admin:autocomplete"), {
            "app_label": "projects", "model_name": "projectfile", "field_name": "project", "term": "项目"})
        self.assertNotContains(response, "机密芯片项目")

    def _upload(self, project):
        return self.client.post(reverse("admin:projects_projectfile_add"), {
            "project": project.pk, "name": "协议扫描件", "uploaded_by": self.secret.owner_id,
            "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})

    def test_an_attachment_cannot_be_added_to_a_project_the_user_may_not_edit(self):
        self.client.login(username="uploader-b", password=PASSWORD)
        response = self._upload(self.public)
        self.assertContains(response, "只有项目负责人")
        self.assertFalse(ProjectFile.objects.filter(project=self.public).exists())

    def test_the_uploader_is_the_signed_in_user_whatever_the_form_says(self):
        self.client.login(username="uploader-b", password=PASSWORD)
        self._upload(self.mine)
        self.assertEqual(ProjectFile.objects.get(project=self.mine).uploaded_by, self.uploader)

    def test_an_attachment_of_a_project_the_user_may_not_edit_cannot_be_deleted(self):
        attachment = ProjectFile.objects.create(project=self.public, name="可研报告", file="projects/x.pdf")
        self.client.login(username="uploader-b", password=PASSWORD)
        self.client.post(reverse("admin:projects_projectfile_delete", args=[attachment.pk]), {"post": "yes"})
        self.assertTrue(ProjectFile.objects.filter(pk=attachment.pk).exists())


class EveryAdminIsScopedTests(TestCase):
    def test_every_registered_admin_and_inline_goes_through_the_visibility_rules(self):
        unscoped = [f"{model._meta.label}: {type(model_admin).__name__}"
                    for model, model_admin in admin.site._registry.items() if not is_scoped(model_admin)]
        unscoped += [f"{model._meta.label}: {inline.__name__}" for model, model_admin in admin.site._registry.items()
                     for inline in model_admin.inlines if not is_scoped(inline)]
        self.assertEqual(unscoped, [])
