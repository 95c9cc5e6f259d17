"""The cockpit in headless Chromium: maps and charts drawn, a filter applied through htmx, and the page at
a laptop's and a phone's width and on the 大屏, saved as screenshots a person can look at."""

from urllib.parse import urlparse

from zhaoshang.demo.data import DEMO_PASSWORD
from zhaoshang.testing import ARTIFACTS, BrowserTestCase

CHARTS = ["map-yrd", "map-china", "funnel", "monthly", "chains", "enclave", "graduates"]


class CockpitBrowserTests(BrowserTestCase):

    def setUp(self):
        super().setUp()
        self.context = self.browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", self._request)

    def tearDown(self):
        self.context.close()

    def _console(self, message):
        # The browser asks for /favicon.ico on its own; the site has none, and that 404 is not the cockpit's.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            self.errors.append(f"{message.text} ({message.location.get('url')})")

    def _request(self, request):
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:")) and host not in ("127.0.0.1", "localhost"):
            self.outside.append(request.url)

    def sign_in(self, username="leader"):
        self.page.goto(f"{self.live_server_url}/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", DEMO_PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{self.live_server_url}/")

    def wait_for_charts(self):
        for chart in CHARTS:
            self.page.wait_for_selector(f"#{chart} canvas")

    def test_the_cockpit_draws_its_maps_and_charts_and_a_filter_changes_the_figures(self):
        self.sign_in()
        self.wait_for_charts()
        self.assertIn("示意图", self.page.locator("#map-source").inner_text())
        card = self.page.locator('[data-card="signed_investment_total_cny"]')
        self.assertIn("441.38亿元", card.inner_text())
        self.assertIn("完成率", card.inner_text())
        self.assertIn("同比", card.inner_text())
        before = self.page.locator("#filtered-investment").inner_text()
        self.page.wait_for_timeout(800)  # the flow lines' effect has moved on
        self.page.screenshot(path=ARTIFACTS / "cockpit-1280.png", full_page=True)

        self.page.select_option("select[name=source]", "310000")  # only projects from Shanghai
        self.page.wait_for_function(
            "before => document.querySelector('#filtered-investment').textContent !== before", arg=before)
        self.wait_for_charts()
        self.assertIn("source=310000", self.page.url)  # htmx named the filtered view in the address bar
        self.assertNotEqual(self.page.locator("#filtered-investment").inner_text(), before)
        self.assertIn("筛选后", self.page.locator("#filtered-summary").inner_text())
        self.page.screenshot(path=ARTIFACTS / "cockpit-1280-shanghai.png", full_page=True)

        self.page.select_option("select[name=period]", "Q3")
        self.page.wait_for_selector('[data-compare="环比"]')
        self.assertIn("2020年第三季度", self.page.locator("h1").inner_text())
        self.assertEqual(self.errors, [])
        self.assertEqual(self.outside, [])

    def test_the_cockpit_stacks_on_a_phone_and_fills_the_wall_dark_at_1920_by_1080(self):
        # One test for both sizes: each test loads the whole demo, the slow part.
        self.page.set_viewport_size({"width": 390, "height": 844})
        self.sign_in()
        self.wait_for_charts()
        widths = self.page.evaluate(
            "[...document.querySelectorAll('.chart-row .card')].map(c => c.getBoundingClientRect().width)")
        self.assertTrue(all(w <= 390 for w in widths), widths)
        self.assertLessEqual(self.page.evaluate("document.documentElement.scrollWidth"), 400)
        self.page.wait_for_timeout(500)
        self.page.screenshot(path=ARTIFACTS / "cockpit-390.png", full_page=True)

        self.page.set_viewport_size({"width": 1920, "height": 1080})
        self.page.goto(f"{self.live_server_url}/cockpit/wall/?year=2020")
        self.wait_for_charts()
        self.assertIn("every", self.page.locator("#cockpit-panel").get_attribute("hx-trigger"))
        background = self.page.evaluate("getComputedStyle(document.body).backgroundColor")
        self.assertEqual(background, "rgb(7, 26, 47)")
        bottom = self.page.evaluate("Math.max(...[...document.querySelectorAll('.wall-panel .card')]"
                                    ".map(c => c.getBoundingClientRect().bottom))")
        self.assertLessEqual(bottom, 1080)  # everything on the one screen, nothing to scroll to
        self.page.wait_for_timeout(800)
        self.page.screenshot(path=ARTIFACTS / "cockpit-wall.png")
        self.assertEqual(self.errors, [])
        self.assertEqual(self.outside, [])
