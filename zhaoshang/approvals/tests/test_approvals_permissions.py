"""Partners see no case and no applicant; officers read cases with ID numbers masked; administrators edit."""

import datetime as dt

from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.approvals.models import ApprovalTask, Case, ServiceItem
from zhaoshang.testing import make_carrier, make_project, make_user, make_zone

ID_NUMBER = "11010519491231002X"


class CasePermissionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        item = ServiceItem.objects.create(zone=cls.zone, name="就业创业证申领", department="人力社保局",
                                          promised_days=3, applicant="person")
        cls.case = Case.objects.create(zone=cls.zone, number="NTH001", item=item, channel="online",
                                       applicant_name="王晓明", id_number=ID_NUMBER, phone="13812341234",
                                       received_on=dt.date(2020, 6, 1), decided_on=dt.date(2020, 6, 3),
                                       promised_days=3, result="approved")
        project = make_project(cls.zone, "电驱项目", signed_on=dt.date(2020, 3, 1))
        ApprovalTask.objects.create(project=project, kind="land", due_on=dt.date(2020, 5, 1))
        cls.partner = make_user("partner", Role.PARTNER, carrier=make_carrier(cls.zone))
        cls.officer = make_user("officer", Role.OFFICER)
        cls.admin = make_user("admin", Role.ADMINISTRATOR)

    def get(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def test_a_partner_opens_no_case_page_and_gets_no_case_from_the_api(self):
        self.assertEqual(self.get(self.partner, "/approvals/").status_code, 403)
        self.assertEqual(self.get(self.partner, self.case.get_absolute_url()).status_code, 403)
        self.assertEqual(self.get(self.partner, "/approvals/overdue/").status_code, 403)
        self.assertEqual(self.get(self.partner, "/api/approvals/cases").json(), [])
        self.assertEqual(self.get(self.partner, "/api/approvals/tasks/overdue").json(), [])

    def test_a_partner_sees_the_online_case_figure_but_no_applicant_behind_it(self):
        page = self.get(self.partner, "/kpis/online_service_cases/?year=2020&zone=testzone").content.decode()
        self.assertNotIn("王晓明", page)
        self.assertNotIn("NTH001", page)
        api = self.get(self.partner, "/api/kpis/online_service_cases/records?year=2020&zone=testzone").json()
        self.assertEqual(api["records"], [])

    def test_an_officer_reads_the_case_with_the_id_number_masked(self):
        page = self.get(self.officer, self.case.get_absolute_url()).content.decode()
        self.assertIn("王晓明", page)
        self.assertIn("110***********002X", page)
        self.assertNotIn(ID_NUMBER, page)
        self.assertNotIn("13812341234", page)
        [case] = self.get(self.officer, "/api/approvals/cases?year=2020").json()
        self.assertEqual(case["id_number"], "110***********002X")

    def test_a_year_out_of_range_is_refused_not_a_server_error(self):
        self.assertEqual(self.get(self.officer, "/api/approvals/cases?year=22385&channel=self").status_code, 422)

    def test_an_administrator_sees_the_id_number_in_full(self):
        self.assertIn(ID_NUMBER, self.get(self.admin, self.case.get_absolute_url()).content.decode())

    def test_staff_officers_read_cases_in_the_admin_but_only_administrators_change_them(self):
        url = f"/admin/approvals/case/{self.case.pk}/change/"
        self.officer.is_staff = True
        self.officer.save()
        officer_page = self.get(self.officer, url)
        self.assertEqual(officer_page.status_code, 200)
        self.assertNotIn(ID_NUMBER, officer_page.content.decode())
        self.client.force_login(self.officer)
        self.assertEqual(self.client.post(url, {"number": "CHANGED"}).status_code, 403)
        self.assertEqual(Case.objects.get(pk=self.case.pk).number, "NTH001")
        self.assertIn(ID_NUMBER, self.get(self.admin, url).content.decode())
        self.assertEqual(self.get(self.partner, url).status_code, 302)  # partners are kept out of the admin

    def test_an_officer_sees_the_overdue_checklist_item(self):
        page = self.get(self.officer, "/approvals/overdue/").content.decode()
        self.assertIn("电驱项目", page)
        self.assertIn("用地", page)
