"""The admin obeys the confidentiality rule: a staff officer of another team cannot find the project there."""

import datetime as dt

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.testing import PASSWORD, make_project, make_user, make_zone


class AdminVisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        owner = make_user("owner", Role.OFFICER, team="一组")
        cls.staff_officer = make_user("staff-other", Role.OFFICER, team="二组")
        cls.staff_officer.is_staff = True
        cls.staff_officer.save()
        permissions = Permission.objects.filter(codename__in=["view_project", "change_project"])
        cls.staff_officer.user_permissions.add(*permissions)
        cls.secret = make_project(zone, "机密芯片项目", owner=owner, confidential=True, signed_on=dt.date(2020, 5, 1))
        cls.public = make_project(zone, "公开电池项目", owner=owner)
        cls.partner = make_user("staff-partner", Role.PARTNER)
        cls.partner.is_staff = True
        cls.partner.save()
        cls.partner.user_permissions.add(*permissions)

    def setUp(self):
        self.client.login(username="staff-other", password=PASSWORD)

    def test_the_changelist_leaves_out_another_teams_confidential_project(self):
        page = self.client.get(reverse("admin:projects_project_changelist"))
        self.assertContains(page, "公开电池项目")
        self.assertNotContains(page, "机密芯片项目")
        search = self.client.get(reverse("admin:projects_project_changelist"), {"q": "机密"})
        self.assertNotContains(search, "机密芯片项目")

    def test_the_change_page_does_not_open_it(self):
        response = self.client.get(reverse("admin:projects_project_change", args=[self.secret.pk]))
        self.assertNotEqual(response.status_code, 200)
        history = self.client.get(reverse("admin:projects_project_history", args=[self.secret.pk]))
        self.assertNotEqual(history.status_code, 200)

    def test_another_teams_project_is_read_only_in_the_admin(self):
        url = reverse("admin:projects_project_change", args=[self.public.pk])
        self.assertNotContains(self.client.get(url), 'name="_save"')
        self.client.post(url, {"name": "改名", "zone": self.public.zone_id, "currency": "CNY"})
        self.public.refresh_from_db()
        self.assertEqual(self.public.name, "公开电池项目")

    def test_partners_are_kept_out_of_the_admin_even_as_staff(self):
        self.client.logout()
        self.client.login(username="staff-partner", password=PASSWORD)
        response = self.client.get(reverse("admin:projects_project_changelist"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("admin:login"), response["Location"])
