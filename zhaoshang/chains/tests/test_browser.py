"""The chain page in headless Chromium: the map draws at desktop and phone widths, without breaking the
Content-Security-Policy, and a click on a segment opens its page."""

from zhaoshang.demo.data import DEMO_PASSWORD
from zhaoshang.testing import ARTIFACTS, BrowserTestCase


class ChainPageBrowserTests(BrowserTestCase):
    def test_the_vehicle_chain_draws_at_1280_and_390_and_a_segment_opens(self):
        for width in (1280, 390):
            page = self.browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
            problems: list[str] = []
            # Script errors and CSP refusals; a missing resource is reported by its address (the browser's own
            # favicon request is no page's doing).
            page.on("console", lambda m, p=problems: p.append(m.text)
                    if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
            page.on("pageerror", lambda e, p=problems: p.append(str(e)))
            page.on("response", lambda r, p=problems: p.append(f"{r.status} {r.url}")
                    if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
            page.goto(f"{self.live_server_url}/accounts/login/")
            page.fill("#id_username", "analyst")
            page.fill("#id_password", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{self.live_server_url}/")
            page.goto(f"{self.live_server_url}/chains/vehicles/")
            canvas = page.wait_for_selector("#chain-chart canvas")
            assert canvas is not None
            box = canvas.bounding_box()
            assert box is not None
            self.assertGreater(box["width"], width * 0.7)
            self.assertIn("补链", page.locator("#gaps").inner_text())
            self.assertIn("动力电池电芯与PACK", page.locator("#segments").inner_text())
            page.screenshot(path=ARTIFACTS / f"chains-{width}.png")
            self.assertEqual(problems, [])
            page.close()
        page = self.browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page.goto(f"{self.live_server_url}/accounts/login/")
        page.fill("#id_username", "leader")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{self.live_server_url}/")
        page.goto(f"{self.live_server_url}/chains/vehicles/")
        page.click("#segments a:has-text('电池管理系统')")
        page.wait_for_url(f"{self.live_server_url}/chains/vehicles/segments/bms/")
        self.assertIn("电池管理", page.locator("#facts").inner_text())
        page.close()
