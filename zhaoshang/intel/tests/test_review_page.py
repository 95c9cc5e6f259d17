"""The document list and review pages: who sees them, what they show, and accepting from the page."""

from __future__ import annotations

import json
import re

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.intel.models import Document, ExtractedItem
from zhaoshang.intel.selectors import highlighted_text
from zhaoshang.intel.services import NAME_TAKEN, item_accept
from zhaoshang.intel.tests.helpers import extracted_article, stand_in
from zhaoshang.projects.models import Project
from zhaoshang.testing import PASSWORD, make_carrier, make_project, make_user, make_zone
from zhaoshang.zones.models import Zone


class ReviewPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer")
        cls.analyst = make_user("analyst", Role.ANALYST)
        cls.partner = make_user("partner", Role.PARTNER, carrier=make_carrier(cls.zone))
        cls.document = extracted_article(cls.zone, cls.officer)
        cls.event = cls.document.items.get(kind="investment")

    def login(self, user):
        self.client.login(username=user.username, password=PASSWORD)

    def test_a_partner_cannot_open_the_list_or_the_review_page(self):
        self.login(self.partner)
        for url in (reverse("intel:documents"), reverse("intel:review", args=[self.document.pk])):
            self.assertIn(self.client.get(url).status_code, (403, 404))
        self.assertIn(self.client.post(reverse("intel:accept", args=[self.event.pk])).status_code, (403, 404))
        self.assertFalse(Project.objects.exists())

    def test_signed_out_visitors_are_sent_to_log_in(self):
        response = self.client.get(reverse("intel:review", args=[self.document.pk]))
        self.assertEqual(response.status_code, 302)

    def test_the_list_shows_each_document_with_its_pending_count(self):
        self.login(self.analyst)
        html = self.client.get(reverse("intel:documents")).content.decode()
        self.assertIn("新区签约简讯", html)
        row = re.search(r"新区签约简讯.*?</tr>", html, re.S).group(0)
        self.assertIn('<td class="num">6</td>', row)

    def test_the_review_page_highlights_each_item_at_its_span(self):
        self.login(self.officer)
        html = self.client.get(reverse("intel:review", args=[self.document.pk])).content.decode()
        metric = self.document.items.get(kind="metric", span="总投资441.38亿元")
        self.assertIn(f'<mark id="mark-{metric.pk}" data-kind="metric" data-status="pending"', html)
        self.assertRegex(html, rf'<mark id="mark-{metric.pk}"[^>]*>总投资441.38亿元</mark>')
        org = self.document.items.get(kind="organization")
        self.assertRegex(html, rf'<mark id="mark-{self.event.pk}" data-kind="investment"[^>]*>'
                               rf'<mark id="mark-{org.pk}" data-kind="organization"[^>]*>纵目科技</mark>')
        self.assertEqual(html.count("<mark "), 6)
        self.assertIn(f'action="{reverse("intel:accept", args=[self.event.pk])}"', html)

    def test_an_analyst_sees_the_queue_without_buttons_and_cannot_accept(self):
        self.login(self.analyst)
        html = self.client.get(reverse("intel:review", args=[self.document.pk])).content.decode()
        self.assertIn("纵目科技", html)
        self.assertNotIn(reverse("intel:accept", args=[self.event.pk]), html)
        self.assertEqual(self.client.post(reverse("intel:accept", args=[self.event.pk])).status_code, 403)

    def accept_event(self, **fields):
        data = {"project": "年产10万套激光雷达项目", "investor": "纵目科技", "credit_code": "",
                "amount": "2000000000", "currency": "CNY", "stage": "signed", **fields}
        return self.client.post(reverse("intel:accept", args=[self.event.pk]),
                                {f"item{self.event.pk}-{k}": v for k, v in data.items()})

    def test_accepting_from_the_page_creates_the_project_once_and_links_to_it(self):
        self.login(self.officer)
        response = self.accept_event(project="激光雷达项目（一期）")
        review = reverse("intel:review", args=[self.document.pk])
        self.assertRedirects(response, f"{review}#item-{self.event.pk}", fetch_redirect_response=False)
        self.accept_event(project="激光雷达项目（一期）")
        project = Project.objects.get()
        self.assertEqual(project.name, "激光雷达项目（一期）")
        self.assertEqual(project.source_document, self.document)
        html = self.client.get(reverse("intel:review", args=[self.document.pk])).content.decode()
        self.assertIn("项目：激光雷达项目（一期）", html)
        self.assertIn('data-status="accepted"', html)

    def test_a_bad_credit_code_is_reported_and_nothing_is_created(self):
        self.login(self.officer)
        response = self.accept_event(credit_code="123")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Project.objects.exists())
        html = self.client.get(response.url).content.decode()
        self.assertIn("统一社会信用代码", html)

    def test_accepting_with_htmx_returns_the_updated_queue_entry(self):
        self.login(self.officer)
        metric = self.document.items.get(kind="metric", span="签约亿元以上项目33个")
        prefix = f"item{metric.pk}-"
        response = self.client.post(reverse("intel:accept", args=[metric.pk]),
                                    {prefix + "indicator_name": "签约亿元以上项目", prefix + "value": "33",
                                     prefix + "on": "2020-11-20"}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        self.assertTrue(html.startswith(f'<li id="item-{metric.pk}"'))
        self.assertIn("已采纳", html)
        self.assertIn("指标：签约亿元以上项目 2020-11-20：33", html)
        self.assertIn(f'<mark id="mark-{metric.pk}" data-kind="metric" data-status="accepted"', html)
        self.assertIn("待审核 2 / 共 3", html)

    def test_rejecting_from_the_page(self):
        self.login(self.officer)
        place = self.document.items.get(kind="place")
        self.client.post(reverse("intel:reject", args=[place.pk]))
        place.refresh_from_db()
        self.assertEqual(place.status, ExtractedItem.Status.REJECTED)

    def test_pasting_text_stores_extracts_and_opens_the_review_page(self):
        self.login(self.analyst)
        with stand_in():
            response = self.client.post(reverse("intel:documents"), {
                "zone": self.zone.pk, "text": "另一篇报道：纵目科技签约。", "title": "", "source": ""})
        document = Document.objects.exclude(pk=self.document.pk).get()
        self.assertRedirects(response, reverse("intel:review", args=[document.pk]),
                             fetch_redirect_response=False)
        self.assertEqual(document.added_by, self.analyst)
        self.assertTrue(document.items.exists())


class UploadTests(TestCase):
    zone: Zone

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer")

    def upload(self, name: str, data: bytes):
        self.client.login(username="officer", password=PASSWORD)
        return self.client.post(reverse("intel:documents"), {
            "zone": self.zone.pk, "file": SimpleUploadedFile(name, data), "text": "", "title": "", "source": ""})

    def test_a_gbk_file_is_stored_as_text_and_a_second_upload_opens_the_same_document(self):
        data = "纵目科技在湖州签约建设激光雷达项目，总投资20亿元。".encode("gb18030")
        first = self.upload("news.txt", data)
        document = Document.objects.get()
        self.assertEqual(document.source, "news.txt")
        self.assertIn("纵目科技", document.raw)
        second = self.upload("copy.txt", data)
        self.assertEqual(second.url, first.url)
        self.assertEqual(Document.objects.count(), 1)

    def test_a_binary_file_is_refused_with_a_reason(self):
        response = self.upload("scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
        self.assertEqual(response.status_code, 200)
        self.assertIn("无法读取", response.content.decode())
        self.assertFalse(Document.objects.exists())


class HighlightTests(TestCase):
    def test_text_is_escaped_nested_marks_nest_and_a_crossing_mark_is_cut(self):
        text = "A<b>公司投资10亿元"
        outer = ExtractedItem(id=1, kind="investment", start=0, end=len(text), payload={"project": "x"})
        metric = ExtractedItem(id=2, kind="metric", start=8, end=12, payload={"value": 1})
        html = highlighted_text(text, [metric, outer])
        self.assertEqual(html, '<mark id="mark-1" data-kind="investment" data-status="pending" '
                               'title="投资事件：x">'
                               'A&lt;b&gt;公司投资<mark id="mark-2" data-kind="metric" data-status="pending" '
                               'title="数据：数据 1">10亿元</mark></mark>')
        crossing = ExtractedItem(id=3, kind="organization", start=4, end=10, payload={"name": "y"})
        html = highlighted_text(text, [metric, outer, crossing])
        self.assertIn('title="数据：数据 1">10</mark></mark>亿元</mark>', html)
        self.assertEqual(html.count("<mark"), html.count("</mark>"))


class IndicatorSuggestionTests(TestCase):
    def test_the_form_proposes_the_zone_indicator_the_label_names(self):
        from zhaoshang.indicators.models import Indicator
        from zhaoshang.intel.selectors import indicator_suggest

        zone = make_zone()
        cases = Indicator.objects.create(zone=zone, key="online_service_cases", name="全程网办件", unit="件")
        self.assertEqual(indicator_suggest(zone, "办理全程网办件"), cases)
        self.assertEqual(indicator_suggest(zone, "全程网办件"), cases)
        self.assertIsNone(indicator_suggest(zone, "引进长三角创新载体"))


class OrganizationKindTests(TestCase):
    def test_the_form_guesses_the_kind_from_the_name(self):
        from zhaoshang.intel.forms import guess_kind

        self.assertEqual(guess_kind("上海证券交易所"), "exchange")
        self.assertEqual(guess_kind("浙江大学"), "university")
        self.assertEqual(guess_kind("上海张江高科技园区"), "park")
        self.assertEqual(guess_kind("湖州市商务局"), "government")
        self.assertEqual(guess_kind("纵目科技"), "company")


HIDDEN = "氢能重卡整车项目"


class HiddenProjectPageTests(TestCase):
    document: Document

    """Neither the review page nor the admin tells a reviewer of a linked project they may not see."""

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.zhangwei = make_user("zhangwei", team="招商一组")
        cls.wangqiang = make_user("wangqiang", team="招商二组")
        cls.analyst = make_user("analyst", Role.ANALYST)
        cls.admin = make_user("admin", Role.ADMINISTRATOR)
        cls.project = make_project(cls.zone, HIDDEN, owner=cls.wangqiang, confidential=True)
        cls.public = make_project(cls.zone, "公开项目", owner=cls.wangqiang)
        cls.document = extracted_article(cls.zone, cls.wangqiang)
        cls.event = cls.document.items.get(kind="investment")
        item_accept(user=cls.wangqiang, item=cls.event, project=HIDDEN)
        cls.other = ExtractedItem.objects.create(document=cls.document, kind="investment", span="氢能重卡",
                                                 payload={"investor": "某氢能公司", "project": "氢能重卡项目"})

    def login(self, user):
        self.client.login(username=user.username, password=PASSWORD)

    def review_html(self) -> str:
        return self.client.get(reverse("intel:review", args=[self.document.pk])).content.decode()

    def test_the_review_page_shows_no_trace_of_a_hidden_linked_project(self):
        for user in (self.zhangwei, self.analyst):
            with self.subTest(user=user.username):
                self.login(user)
                html = self.review_html()
                self.assertNotIn(HIDDEN, html)
                self.assertNotIn("保密", html)
                self.assertNotIn(reverse("projects:detail", args=[self.project.pk]), html)
                entry = re.search(rf'<li id="item-{self.event.pk}".*?</li>\s*(?=<li id="item-|</ul>)', html,
                                  re.S).group(0)
                self.assertIn("已采纳", entry)
                self.assertNotIn("项目：", entry)  # as if the item had linked no project

    def test_the_owner_and_an_administrator_still_see_the_link(self):
        for user in (self.wangqiang, self.admin):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertIn(f"项目：{HIDDEN}", self.review_html())

    def post_accept(self, item, project: str, **headers):
        data = {"project": project, "investor": "", "credit_code": "", "amount": "", "currency": "CNY",
                "stage": ""}
        return self.client.post(reverse("intel:accept", args=[item.pk]),
                                {f"item{item.pk}-{k}": v for k, v in data.items()}, **headers)

    def test_accepting_into_a_hidden_project_from_the_page_gets_the_neutral_answer(self):
        self.login(self.zhangwei)
        before = self.project.history.count()
        page = self.client.get(self.post_accept(self.other, HIDDEN).url).content.decode()
        self.assertIn(NAME_TAKEN, page)
        self.assertNotIn("只有项目负责人", page)
        hidden = self.post_accept(self.other, HIDDEN, HTTP_HX_REQUEST="true").content.decode()
        visible = self.post_accept(self.other, "公开项目", HTTP_HX_REQUEST="true").content.decode()
        errors = [re.search(r'<ul class="errorlist">.*?</ul>', html, re.S).group(0) for html in (hidden, visible)]
        self.assertEqual(errors[0], errors[1])
        self.assertIn(NAME_TAKEN, errors[0])
        self.assertNotIn("保密", hidden)
        self.other.refresh_from_db()
        self.assertEqual(self.other.status, "pending")
        self.assertIsNone(self.other.project_id)
        self.assertEqual(self.project.history.count(), before)
        self.assertEqual(list(self.project.extracted_items.all()), [self.event])

    def staff(self, user):
        user.is_staff = True
        user.save()
        user.user_permissions.add(*Permission.objects.filter(
            content_type__app_label="intel", codename__in=["view_document", "change_document",
                                                           "view_extracteditem", "change_extracteditem"]))
        self.login(user)

    def test_the_admin_names_the_linked_project_only_to_those_who_may_see_it(self):
        pages = [reverse("admin:intel_extracteditem_change", args=[self.event.pk]),
                 reverse("admin:intel_document_change", args=[self.document.pk])]
        self.staff(self.zhangwei)
        for url in pages:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                html = response.content.decode()
                self.assertIn("（无权查看）", html)
                self.assertNotIn(HIDDEN, html)
                self.assertNotIn(reverse("admin:projects_project_change", args=[self.project.pk]), html)
                self.assertNotIn('name="project"', html)
        self.login(self.admin)
        for url in pages:
            with self.subTest(url=url, user="admin"):
                html = self.client.get(url).content.decode()
                self.assertIn(HIDDEN, html)
                self.assertNotIn("（无权查看）", html)

    def test_the_admin_cannot_relink_an_item(self):
        self.staff(self.zhangwei)
        mine = make_project(self.zone, "张伟的项目", owner=self.zhangwei)
        url = reverse("admin:intel_extracteditem_change", args=[self.other.pk])
        response = self.client.post(url, {
            "document": self.document.pk, "kind": "investment", "payload": json.dumps(self.other.payload),
            "start": "", "end": "", "span": "氢能重卡", "status": "pending", "region": "", "project": mine.pk})
        self.assertEqual(response.status_code, 302)
        self.other.refresh_from_db()
        self.assertIsNone(self.other.project_id)
        html = self.client.get(reverse("admin:intel_extracteditem_add")).content.decode()
        for field in ("project", "organization", "observation"):
            self.assertNotIn(f'name="{field}"', html)
