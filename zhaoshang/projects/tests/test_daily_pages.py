"""The project pages as an officer uses them every day: forms a browser can send, filters that say what
they mean, pickers that search instead of listing thousands of options."""

import datetime as dt
import re
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.models import Role
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Project
from zhaoshang.testing import PASSWORD, make_project, make_user, make_zone

CODE = "91310000MA1FL4GK7P"


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


class ProjectFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("zhangwei", Role.OFFICER, team="一组")
        cls.officer.first_name, cls.officer.last_name = "伟", "张"
        cls.officer.save()
        cls.analyst = make_user("analyst", Role.ANALYST)
        cls.zongmu = Organization.objects.create(name="纵目科技（上海）股份有限公司", credit_code=CODE)

    def setUp(self):
        self.client.force_login(self.officer)

    def post(self, **fields):
        data = {"name": "智能驾驶项目", "owner": self.officer.pk, **fields}
        return self.client.post(reverse("projects:new"), data)

    def test_the_form_offers_no_select_of_thousands_of_options(self):
        page = self.client.get(reverse("projects:new")).content.decode()
        self.assertLess(page.count("<option"), 50)
        self.assertIn('hx-get="/pick/industries/"', page)
        self.assertIn('hx-get="/pick/regions/"', page)

    def test_pickers_find_industries_regions_and_only_people_who_can_own_a_project(self):
        self.assertContains(self.client.get("/pick/industries/", {"q": "汽车"}), "361 汽车整车制造")
        self.assertContains(self.client.get("/pick/regions/", {"q": "嘉定"}), "嘉定区（上海市）")
        owners = self.client.get("/pick/owners/", {"q": "a"}).content.decode()
        self.assertNotIn("analyst", owners)
        self.assertContains(self.client.get("/pick/owners/", {"q": "张伟"}), "张伟 · 一组")
        self.assertLessEqual(self.client.get("/pick/industries/", {"q": "制造"}).content.decode().count("<li>"), 20)

    def test_an_amount_is_typed_as_people_write_it_and_shown_before_saving(self):
        self.assertContains(self.client.get("/pick/amount/", {"amount_text": "3000万美元"}),
                            "将保存为 <strong>3000万美元</strong>")
        self.assertContains(self.client.get("/pick/amount/", {"amount_text": "很多"}), "无法识别")
        response = self.post(amount_text="2.5亿元")
        project = Project.objects.get(name="智能驾驶项目")
        self.assertRedirects(response, project.get_absolute_url())
        self.assertEqual((project.amount, project.currency), (Decimal("250000000"), "CNY"))
        page = self.client.get(reverse("projects:edit", args=[project.pk])).content.decode()
        self.assertIn('value="2.5亿元"', page)

    def test_a_new_investor_matching_one_on_file_must_be_confirmed_and_is_then_linked(self):
        response = self.post(new_investor_name="纵目科技(上海)股份有限公司")
        self.assertContains(response, "系统中已有“纵目科技（上海）股份有限公司”")
        self.assertFalse(Project.objects.filter(name="智能驾驶项目").exists())
        self.post(new_investor_name="纵目科技(上海)股份有限公司", use_match="on")
        project = Project.objects.get(name="智能驾驶项目")
        self.assertEqual(list(project.investors.all()), [self.zongmu])
        self.assertEqual(Organization.objects.count(), 1)

    def test_a_new_investor_not_on_file_is_created_with_its_checked_code_and_city(self):
        self.assertContains(self.post(new_investor_name="新公司", new_investor_credit_code="91310000ABC"),
                            "统一社会信用代码 91310000ABC 无效")
        self.assertContains(self.client.get("/pick/investor-match/", {"new_investor_name": "湖州新材料有限公司"}),
                            "保存时将新建")
        self.post(new_investor_name="湖州新材料有限公司", new_investor_region="330502")
        investor = Project.objects.get(name="智能驾驶项目").investors.get()
        self.assertEqual((investor.name, investor.region_id), ("湖州新材料有限公司", "330502"))
