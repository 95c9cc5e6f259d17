"""The chain page in headless Chromium: the map draws at desktop and phone widths, without breaking the
Content-Security-Policy, and a click on a segment opens its page."""

from zhaoshang.testing import ARTIFACTS, BrowserTestCase


class ChainPageBrowserTests(BrowserTestCase):
    def test_the_vehicle_chain_draws_at_1280_and_390_and_a_segment_opens(self):
        for width in (1280, 390):
            page, problems = self.signed_in("analyst", width)
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
        page, _ = self.signed_in("leader")
        page.goto(f"{self.live_server_url}/chains/vehicles/")
        page.click("#segments a:has-text('电池管理系统')")
        page.wait_for_url(f"{self.live_server_url}/chains/vehicles/segments/bms/")
        self.assertIn("电池管理", page.locator("#facts").inner_text())
        page.close()
