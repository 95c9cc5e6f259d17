"""The officer's pages in headless Chromium: a searchable picker driven by typing, and every daily page on a
390-pixel phone no wider than the screen. Screenshots at 1280 and 390 go to notes/shots for a person to look at."""

import os
from pathlib import Path

from zhaoshang.demo.data import DEMO_PASSWORD
from zhaoshang.intel.models import Document
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Project
from zhaoshang.testing import BrowserTestCase

SHOTS = Path(os.environ.get("ZHAOSHANG_SHOTS", Path(__file__).resolve().parents[3] / "test-artifacts" / "shots"))


class DailyBrowserTests(BrowserTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        SHOTS.mkdir(parents=True, exist_ok=True)

    def setUp(self):
        super().setUp()

    def open(self, username, width):
        context = self.browser.new_context(viewport={"width": width, "height": 860}, locale="zh-CN")
        page = context.new_page()
        page.goto(f"{self.live_server_url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{self.live_server_url}/")
        self.addCleanup(context.close)
        return page

    def daily_pages(self):
        project = Project.objects.get(name="新能源商用车整车项目")
        organization = Organization.objects.filter(projects__isnull=False).order_by("pk").first()
        document = Document.objects.order_by("pk").first()
        return {"cockpit": "/", "projects": "/projects/", "project": project.get_absolute_url(),
                "project-form": f"/projects/{project.pk}/edit/", "organizations": "/organizations/",
                "organization": f"/organizations/{organization.pk}/", "review": f"/intel/{document.pk}/",
                "todo": "/todo/", "drill-down": "/kpis/conversion_signed_to_registered/?year=2020",
                "search": "/search/?q=科技"}

    def test_no_daily_page_is_wider_than_a_phone_and_the_menu_is_one_button(self):
        pages = self.daily_pages()
        phone = self.open("zhangwei", 390)
        for name, url in pages.items():
            with self.subTest(name):
                phone.goto(self.live_server_url + url)
                phone.wait_for_load_state("networkidle")
                width = phone.evaluate("document.documentElement.scrollWidth")
                self.assertLessEqual(width, 390, name)
                phone.screenshot(path=SHOTS / f"{name}-390.png", full_page=True)
        self.assertFalse(phone.locator("#site-menu nav").is_visible())
        phone.click("[data-menu-toggle]")
        self.assertTrue(phone.locator("#site-menu nav").is_visible())
        desk = self.open("zhangwei", 1280)
        for name, url in pages.items():
            desk.goto(self.live_server_url + url)
            desk.wait_for_load_state("networkidle")
            desk.screenshot(path=SHOTS / f"{name}-1280.png", full_page=True)

    def test_an_officer_types_to_choose_an_industry_and_a_region_and_sees_the_amount_parsed(self):
        page = self.open("zhangwei", 1280)
        page.goto(f"{self.live_server_url}/projects/new/")
        page.fill("#id_name", "浏览器测试整车项目")
        page.locator("#id_industry").press_sequentially("汽车整车")
        page.click("[data-picker-choose='361']")
        page.locator("#id_source_region").press_sequentially("嘉定")
        page.click("[data-picker-choose='310114']")
        page.locator("#id_investors").press_sequentially("纵目")
        page.locator("#row-investors [data-picker-choose]").first.click()
        page.locator("#id_amount_text").press_sequentially("3000万美元")
        page.wait_for_selector("#amount-preview strong")
        self.assertIn("3000万美元", page.inner_text("#amount-preview"))
        page.locator("#id_owner").press_sequentially("张伟")
        page.locator("#row-owner [data-picker-choose]").first.click()
        page.screenshot(path=SHOTS / "project-form-filled-1280.png", full_page=True)
        page.click("#project-form button[type=submit]")
        page.wait_for_selector(".messages")
        project = Project.objects.get(name="浏览器测试整车项目")
        self.assertEqual((project.industry_id, project.source_region_id, project.currency),
                         ("361", "310114", "USD"))
        self.assertIn("纵目科技", project.investors.get().name)
