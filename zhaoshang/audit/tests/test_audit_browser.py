"""The audit log in headless Chromium: readable at 1280 px as a table and at 390 px as stacked rows, without
script errors or Content-Security-Policy refusals; a filter and a user's page work from the page itself."""

from zhaoshang.accounts.models import User
from zhaoshang.audit.models import AuditEvent
from zhaoshang.projects.models import Project
from zhaoshang.testing import ARTIFACTS, BrowserTestCase

Action = AuditEvent.Action


class AuditPageBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        officer = User.objects.get(username="zhangwei")
        project = Project.objects.order_by("pk").first()
        assert project is not None
        rows = [
            AuditEvent(action=Action.SIGN_IN_FAILED, target="zhangwei", result=401, address="10.20.30.40"),
            AuditEvent(action=Action.DENIED, user=officer, username="zhangwei", target="GET /approvals/import/",
                       result=403, address="10.20.30.41"),
            AuditEvent(action=Action.WRITE, user=officer, username="zhangwei", address="10.20.30.41",
                       target=f"POST /projects/{project.pk}/stage/", result=302),
            AuditEvent(action=Action.EXPORT, user=officer, username="zhangwei", address="10.20.30.41",
                       target="GET /projects/export/", detail="format=xlsx&stage=signed&industry=C36&source_city="
                       "%E4%B8%8A%E6%B5%B7%E5%B8%82%E5%AE%9D%E5%B1%B1%E5%8C%BA&owner=12&page=3", result=200),
        ]
        for row in rows:
            row.save()

    def _open(self, width: int):
        page, problems = self.signed_in("admin", width)
        page.goto(f"{self.live_server_url}/audit/")
        page.wait_for_load_state("networkidle")
        return page, problems

    def test_the_log_reads_as_a_table_at_1280_and_as_stacked_rows_at_390(self):
        for width in (1280, 390):
            with self.subTest(width=width):
                page, problems = self._open(width)
                table = page.locator("#audit-table")
                self.assertIn("拒绝访问", table.inner_text())
                self.assertIn("10.20.30.40", table.inner_text())
                # Nothing wider than the screen: the page never scrolls sideways.
                self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), width)
                label = page.evaluate("getComputedStyle(document.querySelector('#audit-table tbody td'),"
                                      " '::before').content")
                header_shown = page.locator("#audit-table thead").is_visible()
                if width == 390:  # each cell says what it is, the header row is gone
                    self.assertEqual((label, header_shown), ('"时间"', False))
                else:
                    self.assertEqual(header_shown, True)
                page.screenshot(path=ARTIFACTS / f"audit-{width}.png", full_page=True)
                self.assertEqual(problems, [])
                page.close()

    def test_a_filter_and_a_users_page_work_from_the_page(self):
        page, problems = self._open(1280)
        page.select_option("#id_action", "denied")
        page.click("#filters button[type=submit]")
        page.wait_for_url("**/audit/?*action=denied*")
        rows = page.locator("#audit-table tbody tr")
        self.assertEqual(rows.count(), 1)
        self.assertIn("GET /approvals/import/", rows.first.inner_text())
        rows.first.locator("td[data-label=用户] a").click()
        page.wait_for_url("**/audit/users/*/")
        self.assertIn("审计日志 · 张伟", page.locator("h1").inner_text())
        self.assertIn("登录失败", page.locator("#audit-table").inner_text())  # attempts on the account
        page.screenshot(path=ARTIFACTS / "audit-user-1280.png", full_page=True)
        self.assertEqual(problems, [])
        page.close()
