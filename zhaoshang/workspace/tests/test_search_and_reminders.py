"""The header's search and the 待办 page: only what the user may see, counted only when visible."""

import datetime as dt
from unittest import mock

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhaoshang.accounts.models import Role, User
from zhaoshang.intel.models import Document, ExtractedItem
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Stage
from zhaoshang.testing import make_carrier, make_project, make_user, make_zone
from zhaoshang.zones.models import Zone


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        cls.carrier = make_carrier(zone)
        cls.owner = make_user("owner", Role.OFFICER, team="一组")
        cls.other = make_user("other", Role.OFFICER, team="二组")
        cls.partner = make_user("partner", Role.PARTNER, carrier=cls.carrier)
        make_project(zone, "芯片封装项目", owner=cls.owner)
        make_project(zone, "芯片设计项目", owner=cls.owner, confidential=True)
        Organization.objects.create(name="芯片研究院")
        Document.objects.create(title="芯片产业资讯", text="芯片")

    def search(self, user, q="芯片", htmx=True):
        self.client.force_login(user)
        headers = {"HX-Request": "true"} if htmx else {}
        return self.client.get(reverse("workspace:search"), {"q": q}, headers=headers).content.decode()

    def test_the_search_answers_across_projects_organisations_and_documents(self):
        page = self.search(self.owner)
        for text in ["芯片封装项目", "芯片设计项目", "芯片研究院", "芯片产业资讯",
                     '项目 <small class="muted">共 2 条']:
            self.assertIn(text, page)

    def test_hidden_records_are_neither_shown_nor_counted(self):
        page = self.search(self.other)
        self.assertNotIn("芯片设计项目", page)
        self.assertIn("项目 <small class=\"muted\">共 1 条", page)
        partner = self.search(self.partner, htmx=False)
        self.assertIn("没有找到“芯片”", partner)
        self.assertNotIn("共 ", partner.split('class="search-page"')[1])


@override_settings(REMINDER_IDLE_DAYS={"lead": 10000})
class ReminderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.owner = make_user("owner", Role.OFFICER, team="一组")
        cls.colleague = make_user("colleague", Role.OFFICER, team="一组")
        cls.analyst = make_user("analyst", Role.ANALYST)
        cls.stalled = make_project(cls.zone, "签而未落项目", owner=cls.owner, signed_on=dt.date(2020, 4, 1))
        cls.fresh = make_project(cls.zone, "新线索项目", owner=cls.owner)
        cls.moved = make_project(cls.zone, "同事推进项目", owner=cls.owner, signed_on=dt.date(2020, 4, 1))
        cls.moved.advance_to(Stage.REGISTERED, on=dt.date(2020, 6, 1), by=cls.colleague)
        document = Document.objects.create(title="待审资讯", text="某公司签约")
        ExtractedItem.objects.create(document=document, kind=ExtractedItem.Kind.METRIC, payload={})

    def todo(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("workspace:todo")).content.decode()

    def test_the_owner_is_reminded_of_stalled_idle_review_and_others_changes(self):
        page = self.todo(self.owner)
        stalled = page.split('data-reminder="signed_not_landed"')[1].split("</section>")[0]
        self.assertIn("签而未落项目", stalled)
        self.assertNotIn("同事推进项目", stalled)
        idle = page.split('data-reminder="idle"')[1].split("</section>")[0]
        self.assertIn("签而未落项目", idle)  # signed in 2020, nothing since
        self.assertNotIn("新线索项目", idle)  # a lead may wait 10000 days here
        self.assertIn("待审资讯", page)
        changes = page.split('data-reminder="changes"')[1].split("</section>")[0]
        self.assertIn("同事推进项目 → 注册", changes)
        count = self.client.get(reverse("workspace:todo_count")).content.decode()
        # 1 stalled, 2 idle (the stalled one and the registered one; the lead may wait), 1 document, 1 change
        self.assertIn(">5<", count)

    def test_an_ended_import_is_a_reminder_for_the_one_who_ran_it(self):
        from django.utils import timezone

        from zhaoshang.projects.models import ImportJob

        job = ImportJob.objects.create(user=self.owner, zone=self.zone, filename="十月项目.xlsx",
                                       status=ImportJob.Status.REFUSED, problem_count=3, finished_at=timezone.now())
        imports = self.todo(self.owner).split('data-reminder="imports"')[1].split("</section>")[0]
        self.assertIn("十月项目.xlsx：发现 3 个问题，未导入任何数据", imports)
        self.assertIn(f"?job={job.pk}", imports)
        self.assertNotIn("十月项目.xlsx", self.todo(self.colleague))

    def test_an_analyst_has_no_project_reminders(self):
        page = self.todo(self.analyst)
        self.assertNotIn("签而未落项目", page)


class LongReminderTests(TestCase):
    """An officer answering for many projects gets the first ones and the count, in the same few queries
    whether there are 4 or 40 (the header's badge is drawn on every page)."""

    zone: Zone
    owner: User

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.owner = make_user("owner", Role.OFFICER, team="一组")

    def grow(self, n: int, first: int = 0):
        for i in range(first, first + n):
            make_project(self.zone, f"久签项目{i:02d}", owner=self.owner, signed_on=dt.date(2020, 3, 1))

    def page(self):
        self.client.force_login(self.owner)
        with CaptureQueriesContext(connection) as queries:
            page = self.client.get(reverse("workspace:todo")).content.decode()
        return page, len(queries)

    @mock.patch("zhaoshang.workspace.reminders.ITEMS_SHOWN", 5)
    def test_a_long_list_shows_its_first_items_and_counts_them_all(self):
        self.grow(4)
        few, few_queries = self.page()
        self.grow(36, first=4)
        page, queries = self.page()
        stalled = page.split('data-reminder="signed_not_landed"')[1].split("</section>")[0]
        self.assertEqual(stalled.count("<li>"), 5)
        self.assertIn("久签项目00", stalled)
        self.assertIn("仅列出前 5 项，共 40 项", stalled)
        self.assertIn('<span class="badge">40</span>', stalled)
        idle = page.split('data-reminder="idle"')[1].split("</section>")[0]
        self.assertIn("仅列出前 5 项，共 40 项", idle)
        self.assertIn("签约 · 已", idle)
        self.assertNotIn("仅列出", few)
        self.assertLessEqual(queries, few_queries + 2)  # the two counts; nothing per project


class DigestTests(TestCase):
    def test_the_digest_mails_each_user_with_reminders_their_list(self):
        from django.core import mail
        from django.core.management import call_command

        zone = make_zone()
        owner = make_user("owner", Role.OFFICER)
        owner.email = "owner@example.cn"
        owner.save()
        make_project(zone, "签而未落项目", owner=owner, signed_on=dt.date(2020, 4, 1))
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            call_command("send_digest", "--base-url", "https://zs.example.cn/")
        self.assertEqual([m.to for m in mail.outbox], [["owner@example.cn"]])
        self.assertIn("签而未落项目", mail.outbox[0].body)
        self.assertIn("https://zs.example.cn/projects/", mail.outbox[0].body)
