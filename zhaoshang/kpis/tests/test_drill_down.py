"""The records behind every cockpit figure: what they count, how they add up, and as a spreadsheet."""

import datetime as dt
import io
import re

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.accounts.models import Role
from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.services import kpi_evaluate
from zhaoshang.projects.models import Stage, StageChange
from zhaoshang.testing import PASSWORD, make_carrier, make_project, make_user, make_zone


class DrillDownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.carrier = make_carrier(cls.zone)
        cls.leader = make_user("leader", Role.LEADER)
        cls.partner = make_user("partner", Role.PARTNER, carrier=cls.carrier)
        cls.registered = make_project(cls.zone, "已注册电池项目", signed_on=dt.date(2020, 3, 1))
        StageChange.objects.create(project=cls.registered, stage=Stage.REGISTERED, on=dt.date(2020, 3, 21))
        cls.registered.stage = Stage.REGISTERED
        cls.registered.save()
        cls.stalled = make_project(cls.zone, "签而未落芯片项目", signed_on=dt.date(2020, 4, 1))

    def get(self, user, key, **params):
        self.client.force_login(user)
        return self.client.get(reverse("kpi_records", args=[key]), {"year": 2020, **params})

    def test_a_median_without_completed_stays_reads_as_a_dash_not_zero_days(self):
        page = self.get(self.leader, "median_days_registered").content.decode()
        self.assertIn("阶段停留天数（中位数）：—", page)
        self.assertNotIn("0 天", page)
        self.client.login(username="leader", password=PASSWORD)
        cockpit = self.client.get(reverse("cockpit"), {"year": 2020}).content.decode()
        self.assertNotIn("基于 0 次", cockpit)

    def test_the_median_days_list_shows_each_projects_days(self):
        page = self.get(self.leader, "median_days_signed").content.decode()
        self.assertIn("<th>停留天数</th>", page)
        self.assertIn("20 天", page)  # 3 March → 21 March, the only completed stay
        self.assertNotIn("签而未落芯片项目", page)  # still signed: no completed stay to count

    def test_a_page_past_the_last_shows_the_last_page(self):
        for asked in ("99999999999999999999", "7"):
            response = self.get(self.leader, "projects_in_stage_signed", page=asked)
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "签而未落芯片项目")  # the one project signed: page 1 of 1

    def test_a_conversion_lists_numerator_and_denominator(self):
        page = self.get(self.leader, "conversion_signed_to_registered").content.decode()
        self.assertIn("分子 <strong>1</strong> 个 ÷ 分母 <strong>2</strong> 个", page)
        numerator, rest = page.split('id="records-rest"')
        self.assertIn("已注册电池项目", numerator)
        self.assertIn("签而未落芯片项目", rest)

    def test_every_pipeline_figure_says_what_it_counts(self):
        values = kpi_evaluate(zone=self.zone, period=Period.year(2020))
        self.assertEqual([v.key for v in values if not v.description], [])

    def workbook(self, key):
        response = self.get(self.leader, key, format="xlsx")
        self.assertEqual(response.status_code, 200)
        return load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    def test_every_drill_down_exports_to_excel(self):
        for value in kpi_evaluate(zone=self.zone, period=Period.year(2020)):
            with self.subTest(value.key):
                self.assertGreaterEqual(len(self.workbook(value.key).worksheets), 1)

    def test_the_export_has_the_pages_columns_and_rows(self):
        for key in ["signed_not_landed", "median_days_signed", "conversion_signed_to_registered"]:
            with self.subTest(key):
                page = self.get(self.leader, key).content.decode()
                sheet = list(self.workbook(key).worksheets[0].values)
                self.assertEqual(list(sheet[0]), re.findall(r"<th>([^<]*)</th>", page)[:len(sheet[0])])
        rows = list(self.workbook("signed_not_landed").worksheets[0].values)
        self.assertEqual(rows[1][0], "签而未落芯片项目")

    def test_a_partner_is_told_the_stalled_projects_are_hidden_not_that_there_are_none(self):
        self.client.login(username="partner", password=PASSWORD)
        page = self.client.get(reverse("cockpit"), {"year": 2020}).content.decode()
        self.assertNotIn("没有签而不落的项目", page)
        self.assertIn("签而不落项目中有保密项目或不在您查看范围内的项目，未列出", page)
        self.assertNotIn("签而未落芯片项目", page)
