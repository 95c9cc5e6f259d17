"""The audit log page: administrators read, filter, page and export it; no one else sees it; reading and
exporting it are recorded; nothing on it changes a row."""

import csv
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import openpyxl
from django.contrib import admin
from django.core.cache import cache
from django.test import RequestFactory, TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.audit.models import AuditEvent
from zhaoshang.audit.objects import audit_objects
from zhaoshang.testing import make_project, make_user, make_zone

Action = AuditEvent.Action
BEIJING = ZoneInfo("Asia/Shanghai")
URL = "/audit/"


def _seed(action, *, at, user=None, username="", target="", detail="", result=None, address="10.0.0.1"):
    row = AuditEvent.objects.create(action=action, user=user, username=username or getattr(user, "username", ""),
                                    target=target, detail=detail, result=result, address=address)
    AuditEvent.objects.filter(pk=row.pk).update(at=at)  # rows are never saved twice; the test dates them
    return row


def _beijing(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=BEIJING)


class AuditPageTests(TestCase):
    markers: list[str]

    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        cls.admin = make_user("boss", Role.ADMINISTRATOR)
        cls.officer = make_user("officer", Role.OFFICER, team="一组")
        cls.leader = make_user("leader", Role.LEADER)
        cls.secret = make_project(zone, "机密芯片项目", owner=cls.officer, confidential=True)
        # Each seeded row carries a marker in its detail, so a test reads which rows the page shows.
        cls.signed_in = _seed(Action.SIGN_IN, at=_beijing(1, 9), user=cls.officer, target="officer",
                              detail="标记登录", result=200, address="10.1.2.3")
        cls.failed = _seed(Action.SIGN_IN_FAILED, at=_beijing(2, 9), target="officer", detail="标记失败", result=401)
        cls.denied = _seed(Action.DENIED, at=_beijing(3, 9), user=cls.officer, target="GET /projects/new/",
                           detail="标记拒绝", result=403)
        cls.write = _seed(Action.WRITE, at=_beijing(4, 9), user=cls.officer,
                          target=f"POST /projects/{cls.secret.pk}/stage/", detail="标记写入", result=302)
        cls.export = _seed(Action.EXPORT, at=_beijing(5, 9), user=cls.leader, target="GET /projects/export/",
                           detail="标记导出", result=200)
        cls.hostile = _seed(Action.SIGN_IN_FAILED, at=_beijing(6, 9), target="=HYPERLINK(\"http://x\")",
                            detail="标记公式", result=401)
        cls.markers = ["标记登录", "标记失败", "标记拒绝", "标记写入", "标记导出", "标记公式"]

    def setUp(self):
        cache.clear()
        self.client.force_login(self.admin)

    def shown(self, response) -> list[str]:
        """The seeded rows the table shows, in its order."""
        table = response.content.decode().split('id="audit-table"')[1].split("</table>")[0]
        return sorted((m for m in self.markers if m in table), key=table.index)

    def test_administrators_read_the_log_newest_first_in_beijing_time(self):
        response = self.client.get(URL)
        self.assertContains(response, "<h1>审计日志")
        self.assertEqual(self.shown(response), self.markers[::-1])
        self.assertContains(response, "2026-03-01 09:00:00")  # stored in UTC (01:00), shown in Beijing time
        self.assertContains(response, "10.1.2.3")
        self.assertContains(response, "登录失败")  # actions by their Chinese label
        self.assertContains(response, "拒绝")

    def test_a_requests_query_string_reads_decoded_on_the_page(self):
        _seed(Action.EXPORT, at=_beijing(8, 9), user=self.officer, target="GET /projects/export/",
              detail="format=xlsx&source_city=%E4%B8%8A%E6%B5%B7%E5%B8%82&q=%E2%80%AEabc%00", result=200)
        self.assertContains(self.client.get(URL), "format=xlsx&amp;source_city=上海市&amp;q=abc<")

    def test_the_object_names_the_record_and_links_it_for_a_reader_who_may_see_it(self):
        response = self.client.get(URL)
        self.assertContains(response, f'<a href="/projects/{self.secret.pk}/">机密芯片项目</a>')
        self.assertContains(response, f"POST /projects/{self.secret.pk}/stage/")

    def test_a_record_the_reader_may_not_see_is_named_by_type_and_id_only(self):
        # The page is for administrators, but the object column asks the visibility rules like every page.
        outsider = make_user("officer_b", Role.OFFICER, team="二组")
        request = RequestFactory().get(URL)
        request.user = outsider
        obj = audit_objects(request, [self.write])[0]
        self.assertEqual((obj.kind, obj.ident, obj.name, obj.url), ("项目", str(self.secret.pk), "", ""))
        request.user = self.admin
        self.assertEqual(audit_objects(request, [self.write])[0].name, "机密芯片项目")

    def test_each_filter_selects_its_rows(self):
        cases = {
            "action=denied": ["标记拒绝"],
            "result=denied": ["标记拒绝"],
            "result=failed": ["标记公式", "标记失败"],
            "result=allowed": ["标记导出", "标记写入", "标记登录"],
            # A user's rows include failed sign-ins naming the account.
            "user=officer": ["标记写入", "标记拒绝", "标记失败", "标记登录"],
            "user=leader&action=export": ["标记导出"],
            "start=2026-03-02&end=2026-03-04": ["标记写入", "标记拒绝", "标记失败"],
            "end=2026-03-01": ["标记登录"],  # the end day is included, in Beijing time
            "q=/projects/export/": ["标记导出"],
            f"q=Project:{self.secret.pk}": [],
        }
        for query, expected in cases.items():
            with self.subTest(query):
                response = self.client.get(f"{URL}?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.shown(response), expected)

    def test_a_bad_filter_gets_a_chinese_message_and_no_rows(self):
        cases = {"action=nope": "没有「nope」这种操作", "result=maybe": "结果只能是 允许、拒绝 或 失败",
                 "start=2026-13-01": "日期应写作 年-月-日", "start=0001-01-01": "日期应在 2000-01-01 至",
                 "end=9999-12-31": "日期应在", "start=2026-03-05&end=2026-03-01": "结束日期早于开始日期",
                 "uid=99999999999999999999": "用户编号"}
        for query, message in cases.items():
            with self.subTest(query):
                response = self.client.get(f"{URL}?{query}")
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, "筛选条件有误", status_code=400)
                self.assertEqual(self.shown(response), [])

    def test_an_invisible_character_in_the_search_is_dropped(self):
        found = self.shown(self.client.get(URL, {"q": "offi\x00cer\u202e"}))
        self.assertTrue(found)
        self.assertEqual(found, self.shown(self.client.get(URL, {"q": "officer"})))

    def test_pages_past_the_end_show_the_last_page(self):
        for page in ("99999999999999999999", "-1", "abc", "1e400"):
            with self.subTest(page):
                response = self.client.get(URL, {"page": page})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(self.shown(response)), 6)

    def test_the_pages_keep_the_list_they_opened_with_while_new_rows_arrive(self):
        for n in range(60):
            _seed(Action.WRITE, at=_beijing(7, 9) + dt.timedelta(minutes=n), user=self.officer, target=f"批量{n}")
        first = self.client.get(URL)
        self.client.get(URL)  # another reading: a new row on top
        second = self.client.get(f"{URL}?{first.context['query']}&page=2")
        self.assertEqual(first.context["total"], second.context["total"])
        on_first, on_second = (re.findall(r"批量\d+", r.content.decode()) for r in (first, second))
        self.assertEqual(set(on_first) & set(on_second), set())  # no row shown twice, none skipped
        self.assertEqual(len(on_first) + len(on_second), 60)

    def test_reading_the_log_is_itself_recorded(self):
        self.client.get(URL, {"action": "denied"}, REMOTE_ADDR="10.9.9.9")
        row = AuditEvent.objects.filter(action=Action.AUDIT_READ).latest("id")
        self.assertEqual((row.user, row.target, row.detail, row.address, row.result),
                         (self.admin, "GET /audit/", "action=denied", "10.9.9.9", 200))
        self.client.get(reverse("audit:user", args=[self.officer.pk]))
        row = AuditEvent.objects.filter(action=Action.AUDIT_READ).latest("id")
        self.assertEqual(row.target, f"GET /audit/users/{self.officer.pk}/")
        # and the next reader sees who read it, with the user they looked at
        response = self.client.get(URL, {"action": "audit_read"})
        self.assertContains(response, f"GET /audit/users/{self.officer.pk}/")
        self.assertContains(response, "查阅审计日志")

    def test_the_excel_export_holds_the_filtered_rows_only_and_is_recorded(self):
        response = self.client.get(reverse("audit:export"), {"format": "xlsx", "user": "officer",
                                                             "result": "allowed"})
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0], ("时间（北京时间）", "用户名", "来源地址", "操作", "对象", "结果", "HTTP 状态",
                                   "说明"))
        self.assertEqual([r[7] for r in rows[1:]], ["标记写入", "标记登录"])
        self.assertEqual(rows[2][:6], (dt.datetime(2026, 3, 1, 9), "officer", "10.1.2.3", "登录", "officer", "允许"))
        recorded = AuditEvent.objects.filter(action=Action.EXPORT).latest("id")
        self.assertEqual((recorded.user, recorded.target), (self.admin, "GET /audit/export/"))
        self.assertIn("result=allowed", recorded.detail)

    def test_the_csv_export_holds_the_filtered_rows_and_defuses_formulas(self):
        response = self.client.get(reverse("audit:export"), {"format": "csv", "action": "sign_in_failed"})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        self.assertEqual([r[7] for r in rows[1:]], ["标记公式", "标记失败"])
        self.assertEqual(rows[1][4], "'=HYPERLINK(\"http://x\")")  # shown by a spreadsheet, never run
        self.assertEqual(rows[2][:7], ["2026-03-02 09:00:00", "", "10.0.0.1", "登录失败", "officer", "失败", "401"])

    def test_an_export_with_a_bad_filter_or_format_is_refused_in_chinese(self):
        response = self.client.get(reverse("audit:export"), {"format": "pdf"})
        self.assertContains(response, "导出格式只能是 xlsx 或 csv", status_code=400)
        response = self.client.get(reverse("audit:export"), {"format": "csv", "start": "昨天"})
        self.assertContains(response, "日期应写作", status_code=400)

    def test_one_users_page_shows_their_events_and_failed_sign_ins_on_their_account(self):
        response = self.client.get(reverse("audit:user", args=[self.officer.pk]))
        self.assertContains(response, "审计日志 · officer")
        self.assertEqual(self.shown(response), ["标记写入", "标记拒绝", "标记失败", "标记登录"])
        self.assertContains(response, f"uid={self.officer.pk}")  # its export is this user's
        response = self.client.get(reverse("audit:export"), {"format": "csv", "uid": self.officer.pk,
                                                             "action": "sign_in"})
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        self.assertEqual([r[7] for r in rows[1:]], ["标记登录"])
        self.assertEqual(self.client.get(reverse("audit:user", args=[10**6])).status_code, 404)
        self.assertEqual(self.client.get(f"/audit/users/{2**64}/").status_code, 404)

    def test_each_row_links_its_user_and_the_user_admin_links_the_log(self):
        response = self.client.get(URL)
        self.assertContains(response, f'href="/audit/users/{self.officer.pk}/"')
        changelist = self.client.get(reverse("admin:accounts_user_changelist"))
        self.assertContains(changelist, f'href="/audit/users/{self.officer.pk}/"')
        change = self.client.get(reverse("admin:accounts_user_change", args=[self.officer.pk]))
        self.assertContains(change, f'href="/audit/users/{self.officer.pk}/" id="user-audit-link"')

    def test_the_menu_shows_the_log_only_to_those_who_may_read_it(self):
        self.assertContains(self.client.get("/accounts/password/"), 'href="/audit/"')
        for user in (self.officer, self.leader):
            self.client.force_login(user)
            self.assertNotContains(self.client.get("/accounts/password/"), 'href="/audit/"')


class AuditPageClosedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_zone()
        cls.admin = make_user("boss", Role.ADMINISTRATOR)
        cls.officer = make_user("officer", Role.OFFICER, team="一组")
        cls.row = _seed(Action.SIGN_IN, at=_beijing(1, 9), user=cls.officer, target="officer", detail="原样")

    def setUp(self):
        cache.clear()

    def test_an_officer_is_refused_with_a_chinese_403_and_the_refusal_is_recorded(self):
        self.client.force_login(self.officer)
        for url in (URL, reverse("audit:user", args=[self.officer.pk]), reverse("audit:export") + "?format=csv"):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertContains(response, "只有管理员可以查阅审计日志", status_code=403)
                self.assertNotContains(response, "原样", status_code=403)
        denied = AuditEvent.objects.filter(action=Action.DENIED).latest("id")
        self.assertEqual((denied.user, denied.result), (self.officer, 403))

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_nothing_on_the_pages_changes_a_row(self):
        self.client.force_login(self.admin)
        before = list(AuditEvent.objects.values())
        for url in (URL, reverse("audit:user", args=[self.officer.pk]), reverse("audit:export")):
            for method in ("post", "put", "patch", "delete"):
                with self.subTest(url=url, method=method):
                    response = getattr(self.client, method)(url, {"detail": "改写", "pk": self.row.pk})
                    self.assertEqual(response.status_code, 405)
        self.assertEqual(list(AuditEvent.objects.values()), before)

    def test_the_admin_offers_no_way_to_add_change_or_delete_audit_rows(self):
        model_admin = admin.site._registry.get(AuditEvent)
        if model_admin is None:  # not registered: the page above is the only way to read the log
            self.client.force_login(self.admin)
            self.assertEqual(self.client.get("/admin/audit/auditevent/").status_code, 404)
            return
        request = RequestFactory().get("/admin/")
        request.user = self.admin
        self.assertFalse(model_admin.has_add_permission(request))
        self.assertFalse(model_admin.has_change_permission(request, self.row))
        self.assertFalse(model_admin.has_delete_permission(request, self.row))
