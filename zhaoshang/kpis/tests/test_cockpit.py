"""The leader's cockpit shows the seed's figures, each a link to the records behind it."""

import datetime as dt
import re
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.currencies.models import ExchangeRate
from zhaoshang.demo.load import demo_load
from zhaoshang.projects.models import Project
from zhaoshang.testing import PASSWORD, make_carrier, make_project, make_user, make_zone


class CockpitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone, _ = demo_load()
        cls.leader = make_user("cockpit-leader", Role.LEADER)

    def setUp(self):
        self.client.login(username=self.leader.username, password=PASSWORD)

    def test_cockpit_shows_the_seed_figures_in_chinese(self):
        page = self.client.get(reverse("cockpit")).content.decode()
        for text in ["签约亿元以上项目", "441.38亿元", "2,274", "849", "示例数据"]:
            self.assertIn(text, page)
        self.assertIn('href="/kpis/signed_projects_over_100m/?year=2020"', page)

    def test_a_figure_opens_to_the_33_projects_behind_it(self):
        response = self.client.get(reverse("kpi_records", args=["signed_projects_over_100m"]), {"year": 2020})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(re.findall(r'href="/projects/\d+/"', response.content.decode())), 33)

    def test_talent_records_mask_identity_numbers_for_a_leader(self):
        page = self.client.get(reverse("kpi_records", args=["enclave_talents"]), {"year": 2020}).content.decode()
        self.assertRegex(page, r"330\*{11}\d{3}[\dX]")
        self.assertIn("138****0000", page)
        self.assertNotRegex(page, r"330102\d{11}[\dX]")

    def test_unknown_kpi_is_404(self):
        self.assertEqual(self.client.get(reverse("kpi_records", args=["no_such_kpi"])).status_code, 404)

    def test_signing_in_is_required(self):
        self.client.logout()
        self.assertEqual(self.client.get(reverse("cockpit")).status_code, 302)


class CockpitBasisTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone, _ = demo_load()
        cls.leader = make_user("basis-leader", Role.LEADER)

    def setUp(self):
        self.client.login(username=self.leader.username, password=PASSWORD)

    def test_the_zone_basis_keeps_the_enclave_counts_and_says_they_are_counted_twice(self):
        page = self.client.get(reverse("cockpit"), {"basis": "zone"}).content.decode()
        self.assertIn('<option value="zone" selected>本区口径</option>', page)
        self.assertIn("重复计算", page)
        self.assertIn('href="/kpis/enclave_resident_projects/?year=2020&amp;basis=zone"', page)

    def test_the_drill_down_on_the_partner_basis_shows_each_records_share(self):
        page = self.client.get("/kpis/enclave_resident_projects/", {"year": 2020, "basis": "partner"})
        self.assertEqual(page.status_code, 200)
        self.assertIn("合作方份额", page.content.decode())

    def test_an_unknown_basis_is_not_found(self):
        self.assertEqual(self.client.get(reverse("cockpit"), {"basis": "half"}).status_code, 404)


class ConfidentialDrillDownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        cls.officer = make_user("secret-owner", Role.OFFICER, team="一组")
        cls.other = make_user("other-team", Role.OFFICER, team="二组")
        cls.partner = make_user("partner", Role.PARTNER, carrier=make_carrier(zone))
        make_project(zone, "保密大项目", owner=cls.officer, confidential=True, signed_on=dt.date(2020, 5, 1))
        ExchangeRate.objects.create(currency="USD", on=dt.date(2020, 1, 1), cny_per_unit=Decimal("7"))
        make_project(zone, "保密美元并购", owner=cls.officer, confidential=True, currency="USD",
                     signed_on=dt.date(2020, 5, 2))
        make_project(zone, "公开项目", owner=cls.officer, signed_on=dt.date(2020, 6, 1))

    def page_for(self, user):
        self.client.login(username=user.username, password=PASSWORD)
        return self.client.get(reverse("kpi_records", args=["signed_projects_over_100m"]), {"year": 2020}
                               ).content.decode()

    def test_the_figure_counts_a_confidential_project_but_only_its_owner_sees_it(self):
        self.assertIn("保密大项目", self.page_for(self.officer))
        page = self.page_for(self.other)
        self.assertNotIn("保密大项目", page)
        self.assertIn("公开项目", page)
        self.assertIn("少于 3 条，为防止据此推算出单条保密记录，未计入", page)

    def test_notes_about_a_hidden_project_stay_hidden_on_the_cockpit_and_the_drill_down(self):
        self.assertIn("保密美元并购：2亿美元按", self.page_for(self.officer))
        for user in [self.other, self.partner]:
            self.assertNotIn("保密美元并购", self.page_for(user))
            self.assertNotIn("保密美元并购", self.client.get(reverse("cockpit"), {"year": 2020}).content.decode())
            self.assertNotIn("保密美元并购", self.client.get("/api/kpis", {"year": 2020}).content.decode())

    def test_a_year_out_of_range_is_not_found_rather_than_an_error(self):
        self.client.login(username=self.officer.username, password=PASSWORD)
        self.assertEqual(self.client.get(reverse("cockpit"), {"year": 10000}).status_code, 404)
        self.assertEqual(self.client.get("/api/kpis", {"year": 10000}).status_code, 422)

    def test_a_partner_sees_neither_project_of_another_carrier(self):
        page = self.page_for(self.partner)
        self.assertNotIn("保密大项目", page)
        self.assertNotIn("公开项目", page)
        self.assertEqual(Project.objects.count(), 3)


class SeveralZonesTests(TestCase):
    """With a second zone in the database, signing in still lands on a cockpit: the configured zone, else
    the zone set up first; another opens by ?zone=."""

    @classmethod
    def setUpTestData(cls):
        cls.first, _ = demo_load()
        cls.second = make_zone("anji", "安吉经济开发区")
        cls.leader = make_user("zones-leader", Role.LEADER)

    def setUp(self):
        self.client.login(username=self.leader.username, password=PASSWORD)

    def test_the_cockpit_without_a_zone_shows_the_first_one(self):
        response = self.client.get(reverse("cockpit"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("441.38亿元", response.content.decode())
        other = self.client.get(reverse("cockpit"), {"zone": "anji"})
        self.assertEqual(other.status_code, 200)
        self.assertIn("安吉经济开发区", other.content.decode())
        self.assertEqual(self.client.get("/api/kpis").status_code, 200)

    def test_the_configured_zone_is_read_when_none_is_named(self):
        with self.settings(DEFAULT_ZONE="anji"):
            page = self.client.get(reverse("cockpit")).content.decode()
        self.assertIn("安吉经济开发区", page)
        self.assertNotIn("441.38亿元", page)
