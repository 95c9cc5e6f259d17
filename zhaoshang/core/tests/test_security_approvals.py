"""A case or 全代办 item of a confidential project does not name the project to staff who may not read it."""

import datetime as dt

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.approvals.models import ApprovalTask, Case, ServiceItem
from zhaoshang.testing import make_project, make_user, make_zone

SECRET = "机密芯片项目"


class ConfidentialProjectInApprovalsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        owner = make_user("owner-a", Role.OFFICER, team="一组")
        cls.teammate = make_user("teammate-a", Role.OFFICER, team="一组")
        cls.outsider = make_user("officer-b", Role.OFFICER, team="二组")
        secret = make_project(zone, SECRET, owner=owner, confidential=True, signed_on=dt.date(2020, 5, 1))
        item = ServiceItem.objects.create(zone=zone, name="施工许可", department="住建局", promised_days=5)
        cls.case = Case.objects.create(zone=zone, number="NTH001", item=item, channel="online",
                                       applicant_name="王晓明", received_on=dt.date(2020, 6, 1),
                                       promised_days=5, project=secret)
        ApprovalTask.objects.create(project=secret, kind="land", due_on=dt.date(2020, 5, 1)).cases.add(cls.case)

    def _page(self, user, url):
        self.client.force_login(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_overdue_page_leaves_out_a_task_of_a_project_the_officer_may_not_read(self):
        self.assertNotIn(SECRET, self._page(self.outsider, reverse("approvals:overdue")))

    def test_the_overdue_page_lists_it_for_the_owners_team(self):
        self.assertIn(SECRET, self._page(self.teammate, reverse("approvals:overdue")))

    def test_the_case_page_names_neither_the_project_nor_its_task_to_an_outsider(self):
        page = self._page(self.outsider, self.case.get_absolute_url())
        self.assertIn("王晓明", page)
        self.assertNotIn(SECRET, page)

    def test_the_case_page_names_the_project_to_the_owners_team(self):
        self.assertIn(SECRET, self._page(self.teammate, self.case.get_absolute_url()))

    def test_the_task_admin_leaves_out_a_task_of_a_project_the_staff_member_may_not_read(self):
        self.outsider.is_staff = True
        self.outsider.save()
        self.outsider.user_permissions.add(*Permission.objects.filter(codename="view_approvaltask"))
        self.assertNotIn(SECRET, self._page(self.outsider, reverse("admin:approvals_approvaltask_changelist")))
