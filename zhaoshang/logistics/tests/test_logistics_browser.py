"""The logistics pages in headless Chromium: the investor form's destinations sit in columns beside their
names at 1280 and 390 pixels, the batch page draws its Sankey, and the route map is drawn (over the offline
outlines when the build wrote them). Screenshots go to test-artifacts/shots for a person to look at."""

import os
from pathlib import Path

from zhaoshang.demo.data import DEMO_PASSWORD
from zhaoshang.testing import BrowserTestCase

SHOTS = Path(os.environ.get("ZHAOSHANG_SHOTS", Path(__file__).resolve().parents[3] / "test-artifacts" / "shots"))
OUTLINES = Path(__file__).resolve().parents[2] / "static" / "vendor" / "maps" / "yrd.json"
INVESTOR = ("/logistics/investor/?site=zone_park&destinations=yangshan&destinations=chuanshan&destinations=suzhou"
            "&teu=2&ready=2026-03-02+08%3A00")


class LogisticsBrowserTests(BrowserTestCase):
    def open(self, width):
        context = self.browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
        page = context.new_page()
        self.addCleanup(context.close)
        page.goto(f"{self.live_server_url}/accounts/login/")
        page.fill("#id_username", "zhangwei")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{self.live_server_url}/")
        return page

    def test_the_investor_form_lays_each_checkbox_beside_its_name_on_a_desk_and_a_phone(self):
        SHOTS.mkdir(parents=True, exist_ok=True)
        for width in (1280, 390):
            with self.subTest(width=width):
                page = self.open(width)
                page.goto(self.live_server_url + INVESTOR)
                page.wait_for_load_state("networkidle")
                self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), width)
                labels = page.locator(".investor-form fieldset.choices label")
                self.assertGreaterEqual(labels.count(), 7)
                for i in range(labels.count()):
                    box, label = labels.nth(i).locator("input").bounding_box(), labels.nth(i).bounding_box()
                    # beside, not above: the box's middle is within the label's line, left of its text
                    self.assertLess(abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)), 6)
                    self.assertLess(label["height"], 48)
                rows = {round(labels.nth(i).bounding_box()["y"]) for i in range(labels.count())}
                self.assertLessEqual(len(rows), 2 if width == 1280 else 4)  # columns, not a stack of seven
                self.assertIn("省", page.locator("#bonded-explanation").inner_text())
                page.screenshot(path=SHOTS / f"investor-{width}.png", full_page=True)

    def test_the_batch_page_draws_the_sankey_and_the_route_map_is_drawn(self):
        page = self.open(1280)
        page.goto(self.live_server_url + "/logistics/batch/?demo=1")
        page.wait_for_selector("#sankey canvas")
        self.assertIn("示例批次", page.locator("#batch-summary h2").inner_text())
        page.screenshot(path=SHOTS / "batch-1280.png", full_page=True)
        page.goto(self.live_server_url + "/logistics/?origin=zone_park&destination=yangshan&teu=2"
                                         "&ready=2026-03-02T08%3A00&customs_from=domestic&customs_to=domestic")
        page.wait_for_selector("#route-map canvas")
        page.wait_for_load_state("networkidle")
        drawn_over = page.locator("#route-map").get_attribute("data-map")
        self.assertEqual(drawn_over, "outlines" if OUTLINES.exists() else None)
        self.assertEqual(page.locator("#route-map-note").is_visible(), OUTLINES.exists())
        page.screenshot(path=SHOTS / "route-map-1280.png", full_page=True)
