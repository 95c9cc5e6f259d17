"""An error page in headless Chromium: its 返回上一页 link goes back without an inline script the
Content-Security-Policy would refuse, and the browser finds the site's icon instead of asking for a missing
/favicon.ico."""

from zhaoshang.testing import BrowserTestCase


class ErrorPageBrowserTests(BrowserTestCase):
    def test_back_from_a_missing_project_returns_to_the_list(self):
        page, problems = self.signed_in("zhangwei", width=390, height=800)
        page.goto(f"{self.live_server_url}/projects/")
        response = page.goto(f"{self.live_server_url}/projects/99999999/")
        assert response is not None
        self.assertEqual(response.status, 404)
        page.click("text=返回上一页")
        page.wait_for_url(f"{self.live_server_url}/projects/")
        page.wait_for_load_state("networkidle")
        self.assertEqual([p for p in problems if "/projects/99999999/" not in p], [])
        page.close()
