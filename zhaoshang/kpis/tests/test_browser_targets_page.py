"""The yearly targets page (驾驶舱 → 年度目标) in headless Chromium at 1280 px and on a 390 px phone: each
KPI's name reads on one or two lines, the table scrolls inside its box, never the page."""

from zhaoshang.testing import ARTIFACTS, BrowserTestCase

WIDTHS = (1280, 390)


class TargetsPageLayoutTests(BrowserTestCase):
    def open(self, width: int):
        page, _ = self.signed_in("leader", width)
        page.goto(f"{self.live_server_url}/kpis/targets/?year=2020")
        page.wait_for_load_state("networkidle")
        return page

    def test_labels_read_on_at_most_two_lines_and_only_the_table_scrolls(self):
        for width in WIDTHS:
            page = self.open(width)
            try:
                page.screenshot(path=str(ARTIFACTS / f"kpi-targets-{width}.png"), full_page=True)
                # Each name's lines, counted from where its text's boxes start (the tops of its line boxes).
                lines = page.evaluate("""() => [...document.querySelectorAll('#targets tbody tr')].map(row => {
                    const range = document.createRange();
                    range.selectNodeContents(row.cells[0]);
                    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                    return [row.cells[0].innerText, tops.size];
                })""")
                field = page.evaluate("() => document.querySelector('#targets input').getBoundingClientRect().right")
                overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
                with self.subTest(width=width):
                    self.assertGreater(len(lines), 10)
                    self.assertEqual([label for label, n in lines if n > 2], [])
                    self.assertLessEqual(overflow, 0)
                    self.assertLessEqual(field, width)  # the new target's field is on the screen, not scrolled off
            finally:
                page.close()
