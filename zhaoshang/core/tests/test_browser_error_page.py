"""An error page in headless Chromium: its 返回上一页 link goes back without an inline script the
Content-Security-Policy would refuse, and the browser finds the site's icon instead of asking for a missing
/favicon.ico."""

from zhaoshang.demo.data import DEMO_PASSWORD
from zhaoshang.testing import BrowserTestCase


class ErrorPageBrowserTests(BrowserTestCase):
    def test_back_from_a_missing_project_returns_to_the_list(self):
        page = self.browser.new_page(viewport={"width": 390, "height": 800}, locale="zh-CN")
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error"
                and not m.text.startswith("Failed to load resource") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
                if r.status >= 400 and "/projects/99999999/" not in r.url else None)
        page.goto(f"{self.live_server_url}/accounts/login/")
        page.fill("#id_username", "zhangwei")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{self.live_server_url}/")
        page.goto(f"{self.live_server_url}/projects/")
        response = page.goto(f"{self.live_server_url}/projects/99999999/")
        assert response is not None
        self.assertEqual(response.status, 404)
        page.click("text=返回上一页")
        page.wait_for_url(f"{self.live_server_url}/projects/")
        page.wait_for_load_state("networkidle")
        self.assertEqual(problems, [])
        page.close()
