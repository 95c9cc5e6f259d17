"""The water pages: classes a reader sees, alerts, and tasks kept from partners."""

from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.environment.demo import environment_demo_load
from zhaoshang.environment.models import Station
from zhaoshang.testing import make_user, make_zone


class WaterPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        environment_demo_load(zone=cls.zone)
        cls.officer = make_user("officer")
        cls.partner = make_user("partner", Role.PARTNER)

    def test_the_list_shows_each_sections_yearly_class_and_the_share_on_target(self):
        self.client.force_login(self.officer)
        page = self.client.get(reverse("environment:stations"), {"year": 2020}).content.decode()
        self.assertIn("4/5 个断面达到目标类别", page)
        self.assertIn("太湖南岸湖州近岸", page)
        self.assertIn("小梅港入湖口生态缓冲带修复", page)

    def test_a_stations_page_shows_its_samples_with_the_july_phosphorus_alert(self):
        self.client.force_login(self.officer)
        station = Station.objects.get(name="小梅港（入湖口）")
        page = self.client.get(station.get_absolute_url(), {"year": 2020}).content.decode()
        self.assertIn("2020年7月10日", page)
        self.assertIn("估计值", page)
        self.assertInHTML('<strong class="errorlist">总磷</strong>', page)

    def test_a_partner_reads_the_water_figures_but_not_the_special_plans_tasks(self):
        self.client.force_login(self.partner)
        page = self.client.get(reverse("environment:stations"), {"year": 2020}).content.decode()
        self.assertIn("4/5 个断面达到目标类别", page)
        self.assertNotIn("小梅港入湖口生态缓冲带修复", page)

    def test_signed_out_visitors_are_sent_to_sign_in(self):
        response = self.client.get(reverse("environment:stations"))
        self.assertEqual(response.status_code, 302)


class WaterApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        environment_demo_load(zone=make_zone())
        cls.partner = make_user("partner", Role.PARTNER)

    def test_the_api_gives_each_sections_class_for_the_year(self):
        self.client.force_login(self.partner)
        rows = self.client.get("/api/environment/stations", {"year": 2020}).json()
        self.assertEqual({r["name"]: (r["year_class_label"], r["on_target"]) for r in rows}["太湖南岸湖州近岸"],
                         ("Ⅴ类", False))

    def test_a_year_out_of_range_is_refused_not_a_server_error(self):
        self.client.force_login(self.partner)
        self.assertEqual(self.client.get("/api/environment/stations", {"year": 15072}).status_code, 422)

    def test_the_api_lists_a_sections_readings(self):
        self.client.force_login(self.partner)
        station = Station.objects.get(name="长兜港（入湖口）")
        rows = self.client.get(f"/api/environment/stations/{station.pk}/readings", {"year": 2020}).json()
        self.assertEqual(len(rows), 48)  # 12 months × 4 parameters
