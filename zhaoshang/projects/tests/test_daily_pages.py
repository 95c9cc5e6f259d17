"""The project pages as an officer uses them every day: forms a browser can send, filters that say what
they mean, pickers that search instead of listing thousands of options."""

import datetime as dt
import re

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.models import Role
from zhaoshang.testing import PASSWORD, make_project, make_user, make_zone


class DailyPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("zhangwei", Role.OFFICER, team="一组")
        cls.officer.first_name, cls.officer.last_name = "伟", "张"
        cls.officer.save()
        cls.leader = make_user("leader", Role.LEADER)
        cls.project = make_project(cls.zone, "公开电池项目", owner=cls.officer, signed_on=dt.date(2020, 5, 1))

    def setUp(self):
        self.client.login(username="zhangwei", password=PASSWORD)

    def test_the_stage_forms_date_is_filled_in_a_form_the_date_field_reads_and_ids_are_unique(self):
        page = self.client.get(self.project.get_absolute_url()).content.decode()
        stage_date = re.search(r'<input type="date" name="on" value="([^"]*)"[^>]*id="id_stage_on"', page)
        self.assertIsNotNone(stage_date, page)
        self.assertEqual(stage_date.group(1), timezone.localdate().isoformat())
        ids = re.findall(r'\bid="([^"]+)"', page)
        self.assertEqual(sorted(i for i in set(ids) if ids.count(i) > 1), [])

    def test_the_year_filter_says_it_means_a_stage_change_in_that_year(self):
        page = self.client.get(reverse("projects:list"), {"year": 2020}).content.decode()
        self.assertIn("进展年度", page)
        self.assertIn("该年内有过阶段变化", page)
        self.assertIn("公开电池项目", page)
        self.assertNotIn("公开电池项目", self.client.get(reverse("projects:list"), {"year": 2021}).content.decode())
