"""The cockpit and a project page, driven in headless Chromium as a leader and an officer would."""

import re

from zhaoshang.demo.data import DEMO_PASSWORD
from zhaoshang.projects.models import Project, Stage
from zhaoshang.testing import ARTIFACTS, BrowserTestCase


class BrowserTests(BrowserTestCase):

    def setUp(self):
        super().setUp()
        self.page = self.browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")

    def tearDown(self):
        self.page.close()

    def sign_in(self, username):
        self.page.goto(f"{self.live_server_url}/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{self.live_server_url}/")

    def test_the_year_picker_changes_the_year_without_breaking_the_content_security_policy(self):
        violations = []
        self.page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        self.sign_in("leader")
        self.page.wait_for_selector("#funnel canvas")
        self.page.select_option("select[name=year]", "2021")
        self.page.wait_for_url(re.compile(r"year=2021"))
        self.assertIn("2021年", self.page.locator("h1").inner_text())
        self.assertEqual(violations, [])

    def test_no_page_breaks_the_content_security_policy(self):
        violations = []
        self.page.on("console", lambda m: violations.append((self.page.url, m.text))
                     if "Content Security Policy" in m.text else None)
        self.sign_in("zhangwei")
        project = Project.objects.order_by("pk").first()
        assert project is not None
        for path in ["/", "/projects/", f"/projects/{project.pk}/", f"/projects/{project.pk}/edit/",
                     "/projects/import/", "/organizations/", "/intel/", "/todo/", "/logistics/network/",
                     "/logistics/?origin=zone_park&destination=yangshan&teu=2&ready=2026-03-02T08:00",
                     "/kpis/signed_projects_over_100m/?year=2020", "/accounts/tokens/"]:
            self.page.goto(self.live_server_url + path)
            # Every request the page makes (htmx counters, the search box) answered before the next page, so
            # none is still reading the database when the test's database is emptied.
            self.page.wait_for_load_state("networkidle")
        self.page.goto("about:blank")
        self.assertEqual(violations, [])

    def test_leader_opens_a_cockpit_figure_to_the_projects_behind_it(self):
        self.sign_in("leader")
        card = self.page.locator('[data-kpi="signed_investment_total_cny"]')
        self.assertIn("441.38亿元", card.inner_text())
        self.assertIn("33", self.page.locator('[data-kpi="signed_projects_over_100m"]').inner_text())
        self.assertIn("示例数据", self.page.locator(".demo-banner").inner_text())
        self.page.wait_for_selector("#funnel canvas")  # ECharts drew the funnel
        self.page.screenshot(path=ARTIFACTS / "cockpit.png", full_page=True)
        self.page.click('[data-kpi="signed_projects_over_100m"]')
        self.page.wait_for_selector("#records")
        self.assertEqual(self.page.locator("#records tbody tr").count(), 33)
        self.assertIn("签约亿元以上项目：33", self.page.locator("h1").inner_text())

    def test_officer_moves_a_signed_project_to_registered(self):
        project = Project.objects.get(name="新能源商用车整车项目")
        self.sign_in("zhangwei")
        self.page.goto(f"{self.live_server_url}/projects/?stage=signed&owner=zhangwei")
        self.page.click(f"text={project.name}")
        self.page.select_option("#stage-form select[name=stage]", "registered")
        self.page.fill("#stage-form input[name=on]", "2020-12-20")
        self.page.click("#stage-form button")
        self.page.wait_for_selector(".messages")
        self.assertIn("已转入“注册”", self.page.locator(".messages").inner_text())
        self.assertRegex(self.page.locator("#stages").inner_text(), re.compile(r"注册 2020年12月20日"))
        self.page.screenshot(path=ARTIFACTS / "project.png", full_page=True)
        project.refresh_from_db()
        self.assertEqual(project.stage, Stage.REGISTERED)
        self.assertEqual(project.stage_changes.get(stage=Stage.REGISTERED).recorded_by.username, "zhangwei")
