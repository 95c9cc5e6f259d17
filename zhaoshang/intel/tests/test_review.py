"""Accepting and rejecting extracted items turns them into records, attributed and without duplicates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.indicators.models import Indicator, Observation
from zhaoshang.intel.models import Document, ExtractedItem
from zhaoshang.intel.services import NAME_TAKEN, document_extract, document_ingest, item_accept, item_reject
from zhaoshang.intel.tests.helpers import BODY, extracted_article, fake_analyse, stand_in
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Project, Stage
from zhaoshang.testing import make_project, make_user, make_zone
from zhaoshang.text import Analysis, Extraction, Normalized
from zhaoshang.text.events import Investment
from zhaoshang.text.orgs import OrgMatch

Kind = ExtractedItem.Kind


class ReviewTests(TestCase):
    document: Document

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer")
        cls.analyst = make_user("analyst", Role.ANALYST)
        cls.document = extracted_article(cls.zone, cls.officer)

    def item(self, kind: str, **payload) -> ExtractedItem:
        items = self.document.items.filter(kind=kind)
        return next(i for i in items if all(i.payload.get(k) == v for k, v in payload.items()))

    def test_accepting_a_financing_round_records_the_company_and_makes_no_project(self):
        item = ExtractedItem.objects.create(
            document=self.document, kind=Kind.INVESTMENT, span="星河智能完成A轮融资", start=0, end=10,
            payload={"kind": "financing", "company": "星河智能科技有限公司", "investor": "星河智能科技有限公司",
                     "investors": ["甲资本", "乙创投"], "lead_investor": "甲资本", "round": "A轮",
                     "amount": {"value": 300000000, "unit": "CNY"}, "project": None, "stage": None})
        projects = Project.objects.count()
        item_accept(user=self.officer, item=item)
        item.refresh_from_db()
        self.assertEqual(Project.objects.count(), projects)
        self.assertEqual(item.organization.name, "星河智能科技有限公司")
        self.assertEqual((item.payload["reviewed"]["round"], item.payload["reviewed"]["lead_investor"]),
                         ("A轮", "甲资本"))

    def test_extraction_stores_clean_text_metadata_and_one_pending_item_per_extraction(self):
        self.assertEqual(self.document.text, BODY)
        self.assertEqual(self.document.title, "新区签约简讯")
        self.assertEqual(self.document.published_on, dt.date(2020, 11, 20))
        kinds = sorted(self.document.items.values_list("kind", flat=True))
        self.assertEqual(kinds, ["investment", "metric", "metric", "metric", "organization", "place"])
        self.assertFalse(self.document.items.exclude(status="pending").exists())
        for item in self.document.items.all():
            self.assertEqual(BODY[item.start:item.end], item.span)

    def test_an_investment_is_located_at_the_sentence_of_its_investor(self):
        event = self.item(Kind.INVESTMENT)
        self.assertEqual(event.span, "纵目科技在湖州签约建设年产10万套激光雷达项目，总投资20亿元。")

    def test_two_metrics_with_the_same_label_get_their_own_spans(self):
        spans = {self.item(Kind.METRIC, value=v).span for v in (44138000000, 2000000000)}
        self.assertEqual(spans, {"总投资441.38亿元", "总投资20亿元"})

    def test_accepting_an_investment_creates_the_project_linked_to_document_and_span(self):
        event = self.item(Kind.INVESTMENT)
        accepted = item_accept(user=self.officer, item=event)
        project = Project.objects.get(zone=self.zone, name="年产10万套激光雷达项目")
        self.assertEqual(accepted.project, project)
        self.assertEqual(project.source_document, self.document)
        self.assertEqual(project.source_span, event.span)
        self.assertEqual(project.amount, Decimal("2000000000"))
        self.assertEqual(project.owner, self.officer)
        self.assertEqual(list(project.investors.values_list("name", flat=True)), ["纵目科技"])
        self.assertEqual(project.stage, Stage.SIGNED)
        self.assertEqual(project.signed_on, dt.date(2020, 11, 20))
        self.assertEqual(project.history.first().history_user, self.officer)

    def test_accepting_an_investment_twice_does_not_duplicate(self):
        event = self.item(Kind.INVESTMENT)
        item_accept(user=self.officer, item=event)
        item_accept(user=self.officer, item=event)
        self.assertEqual(Project.objects.filter(name="年产10万套激光雷达项目").count(), 1)
        self.assertEqual(Organization.objects.filter(name="纵目科技").count(), 1)
        changes = Project.objects.get(name="年产10万套激光雷达项目").stage_changes.order_by("on", "id")
        # 洽谈 is implied by the signing the article reports: recorded once, inferred, dated at the signing.
        self.assertEqual([(c.stage, c.inferred) for c in changes], [("negotiating", True), ("signed", False)])

    def test_a_project_first_reported_as_started_counts_as_signed_on_inferred_dates(self):
        event = self.item(Kind.INVESTMENT)
        item_accept(user=self.officer, item=event, stage="started")
        project = Project.objects.get(name="年产10万套激光雷达项目")
        changes = list(project.stage_changes.order_by("on", "id").values_list("stage", "on", "inferred"))
        day = dt.date(2020, 11, 20)
        self.assertEqual(changes, [("negotiating", day, True), ("signed", day, True), ("registered", day, True),
                                   ("started", day, False)])
        self.assertEqual(project.signed_on, day)

    def test_an_event_about_a_known_project_updates_it_and_matches_the_investor_by_credit_code(self):
        known = Organization.objects.create(name="纵目科技（上海）股份有限公司",
                                            credit_code="91310000MA1FL4B24G")
        project = Project.objects.create(zone=self.zone, name="年产10万套激光雷达项目", owner=self.officer)
        item_accept(user=self.officer, item=self.item(Kind.INVESTMENT), credit_code="91310000MA1FL4B24G",
                    amount=Decimal("2100000000"), currency="CNY")
        project.refresh_from_db()
        self.assertEqual(Project.objects.filter(name=project.name).count(), 1)
        self.assertEqual(list(project.investors.all()), [known])
        self.assertEqual(project.amount, Decimal("2100000000"))
        self.assertEqual(project.source_document, self.document)
        self.assertFalse(Organization.objects.filter(name="纵目科技").exists())

    def test_accepting_a_metric_adds_an_observation_with_its_document_and_span(self):
        metric = self.item(Kind.METRIC, value=33)
        accepted = item_accept(user=self.officer, item=metric)
        observation = Observation.objects.get(pk=accepted.observation_id)
        self.assertEqual(observation.document, self.document)
        self.assertEqual(observation.span, "签约亿元以上项目33个")
        self.assertEqual(observation.value, Decimal(33))
        self.assertEqual(observation.on, dt.date(2020, 11, 20))
        self.assertEqual(observation.indicator.name, "签约亿元以上项目")
        item_accept(user=self.officer, item=metric)
        self.assertEqual(Observation.objects.filter(document=self.document).count(), 1)

    def test_a_metric_goes_into_the_indicator_the_reviewer_chose(self):
        cases = Indicator.objects.create(zone=self.zone, key="online_service_cases", name="全程网办件",
                                         unit="件")
        item_accept(user=self.officer, item=self.item(Kind.METRIC, value=33), indicator=cases,
                    on=dt.date(2020, 12, 31))
        self.assertEqual(cases.observations.get().value, Decimal(33))

    def test_a_second_figure_of_the_same_kind_for_the_same_indicator_and_date_is_refused(self):
        item_accept(user=self.officer, item=self.item(Kind.METRIC, value=44138000000))  # 今年以来…
        with self.assertRaises(ValidationError):
            item_accept(user=self.officer, item=self.item(Kind.METRIC, value=2000000000), year_to_date=True)
        self.assertEqual(self.item(Kind.METRIC, value=2000000000).status, "pending")

    def test_accepting_an_organisation_creates_it_once(self):
        item_accept(user=self.officer, item=self.item(Kind.ORGANIZATION))
        item_accept(user=self.officer, item=self.item(Kind.INVESTMENT))
        self.assertEqual(Organization.objects.filter(name="纵目科技").count(), 1)

    def test_accepting_a_place_links_its_region(self):
        place = item_accept(user=self.officer, item=self.item(Kind.PLACE))
        self.assertEqual(place.region.code, "330500")

    def test_accepting_a_town_or_a_full_name_links_the_region_by_its_code(self):
        for name, code, region in (("和孚镇", "330503103", "330503"), ("上海市宝山区", "310113", "310113")):
            with self.subTest(name):
                item = ExtractedItem.objects.create(document=self.document, kind=Kind.PLACE, span=name, start=0,
                                                    end=len(name), payload={"name": name, "code": code})
                self.assertEqual(item_accept(user=self.officer, item=item).region.code, region)

    def test_rejecting_marks_the_item_and_creates_nothing(self):
        rejected = item_reject(user=self.officer, item=self.item(Kind.INVESTMENT))
        self.assertEqual(rejected.status, "rejected")
        self.assertEqual(rejected.reviewed_by, self.officer)
        self.assertFalse(Project.objects.exists())

    def test_an_accepted_item_cannot_be_rejected(self):
        event = item_accept(user=self.officer, item=self.item(Kind.INVESTMENT))
        with self.assertRaises(ValidationError):
            item_reject(user=self.officer, item=event)

    def test_an_analyst_may_not_accept(self):
        with self.assertRaises(PermissionDenied):
            item_accept(user=self.analyst, item=self.item(Kind.INVESTMENT))
        self.assertFalse(Project.objects.exists())

    def test_extracting_again_keeps_reviewed_items_and_does_not_queue_them_twice(self):
        item_accept(user=self.officer, item=self.item(Kind.INVESTMENT))
        item_reject(user=self.officer, item=self.item(Kind.PLACE))
        with stand_in():
            document_extract(document=self.document)
        self.assertEqual(self.document.items.count(), 6)
        self.assertEqual(self.document.items.filter(status="pending").count(), 4)


HIDDEN = "氢能重卡整车项目"


class HiddenProjectTests(TestCase):
    project: Project

    """Accepting an item never links it to, changes, or tells of a project the reviewer may not edit."""

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.zhangwei = make_user("zhangwei", team="招商一组")
        cls.wangqiang = make_user("wangqiang", team="招商二组")
        cls.lisi = make_user("lisi", team="招商二组")
        cls.admin = make_user("admin", Role.ADMINISTRATOR)
        cls.project = make_project(cls.zone, HIDDEN, owner=cls.wangqiang, confidential=True)
        cls.document = extracted_article(cls.zone, cls.wangqiang)
        cls.event = cls.document.items.get(kind=Kind.INVESTMENT)
        # A second event of the same article, so one can be linked by the owner and the other tried by others.
        cls.other = ExtractedItem.objects.create(
            document=cls.document, kind=Kind.INVESTMENT, span=cls.event.span, start=None, end=None,
            payload={"investor": "某氢能公司", "project": "氢能重卡项目", "stage": "signed",
                     "amount": {"value": 5000000000, "unit": "CNY"}})

    # Each way the page can send the name: with the article's investor, amount and stage, and with none.
    ATTEMPTS = [
        {"project": HIDDEN},
        {"project": HIDDEN, "investor": "", "amount": None, "stage": ""},
        {"project": HIDDEN, "investor": "纵目科技", "amount": Decimal("1"), "currency": "CNY", "stage": "started"},
    ]

    def snapshot(self) -> tuple:
        project = Project.objects.get(pk=self.project.pk)
        return (project.name, project.amount, project.stage, project.source_document_id, project.source_span,
                sorted(project.investors.values_list("pk", flat=True)), project.history.count(),
                project.stage_changes.count(), sorted(project.extracted_items.values_list("pk", flat=True)),
                Project.objects.count(), Organization.objects.count())

    def refused(self, user, item, **overrides) -> ValidationError:
        before = self.snapshot()
        with self.assertRaises(ValidationError) as caught:
            item_accept(user=user, item=item, **overrides)
        self.assertEqual(caught.exception.messages, [NAME_TAKEN])
        self.assertEqual(self.snapshot(), before)
        item.refresh_from_db()
        self.assertEqual(item.status, "pending")
        self.assertIsNone(item.project_id)
        self.assertIsNone(item.organization_id)
        self.assertNotIn("reviewed", item.payload)
        return caught.exception

    def test_an_officer_of_another_team_cannot_link_an_item_to_a_hidden_project(self):
        for overrides in self.ATTEMPTS:
            with self.subTest(overrides=overrides):
                self.refused(self.zhangwei, self.event, **overrides)
        self.assertFalse(Organization.objects.filter(name="纵目科技").exists())

    def test_nor_after_the_owner_linked_another_item_from_the_same_document(self):
        linked = item_accept(user=self.wangqiang, item=self.event, project=HIDDEN)
        self.assertEqual(linked.project, self.project)
        self.project.refresh_from_db()
        self.assertEqual(self.project.source_document, self.document)
        for overrides in self.ATTEMPTS:
            with self.subTest(overrides=overrides):
                self.refused(self.zhangwei, self.other, **overrides)
        self.assertEqual(list(self.project.extracted_items.all()), [linked])

    def test_the_answer_is_the_same_for_a_visible_project_the_officer_may_not_edit(self):
        make_project(self.zone, "公开项目", owner=self.wangqiang)
        hidden = self.refused(self.zhangwei, self.event, project=HIDDEN, investor="", amount=None, stage="")
        visible = self.refused(self.zhangwei, self.event, project="公开项目", investor="", amount=None, stage="")
        self.assertEqual(hidden.messages, visible.messages)
        self.assertNotIn(HIDDEN, NAME_TAKEN)
        self.assertNotIn("保密", NAME_TAKEN)

    def test_the_owner_the_owner_team_and_an_administrator_still_link_to_it(self):
        item_accept(user=self.wangqiang, item=self.event, project=HIDDEN)
        item_accept(user=self.lisi, item=self.other, project=HIDDEN)
        self.assertEqual(set(self.project.extracted_items.all()), {self.event, self.other})
        self.project.refresh_from_db()
        self.assertEqual(self.project.amount, Decimal("5000000000"))
        self.assertEqual(set(self.project.investors.values_list("name", flat=True)), {"纵目科技", "某氢能公司"})
        third = ExtractedItem.objects.create(document=self.document, kind=Kind.INVESTMENT, span="x",
                                             payload={"project": HIDDEN})
        self.assertEqual(item_accept(user=self.admin, item=third).project, self.project)

    def test_an_unknown_name_still_creates_a_project_for_the_officer(self):
        accepted = item_accept(user=self.zhangwei, item=self.event, project="氢能重卡整车项目（二期）")
        self.assertEqual(accepted.project.owner, self.zhangwei)
        self.assertEqual(accepted.project.name, "氢能重卡整车项目（二期）")


class ExtractorOffsetTests(TestCase):
    def extract(self, analysis):
        zone = make_zone()
        with stand_in(), mock.patch("zhaoshang.intel.services._analyse", lambda raw: analysis):
            document, _ = document_ingest(text="x", source="x.txt", zone=zone)
            document_extract(document=document)
        return document

    def test_offsets_of_the_figure_alone_are_widened_to_its_span_and_decimals_are_stored(self):
        analysis = fake_analyse("x")
        analysis.extraction = Extraction(metrics=[analysis.extraction.metrics[2]])
        metric = self.extract(analysis).items.get(kind=Kind.METRIC)
        self.assertEqual(metric.span, "总投资20亿元")
        self.assertEqual(BODY[metric.start:metric.end], "总投资20亿元")
        self.assertEqual(metric.payload["value"], 2000000000)

    def test_a_name_is_queued_once_at_its_first_mention_as_the_extractor_located_it(self):
        name = "纵目科技（上海）股份有限公司"
        text = f"纵目科技宣布增资。{name}在湖州签约。"
        full = text.index(name)
        # The extractor knows the short first mention stands for the full name, which the text spells later.
        analysis = Analysis(Normalized(text), Extraction(organizations=[
            OrgMatch(name, full, full + len(name), "company"), OrgMatch(name, 0, 4, "company")]))
        item = self.extract(analysis).items.get(kind=Kind.ORGANIZATION)
        self.assertEqual((item.start, item.end, item.span, item.payload), (0, 4, "纵目科技", {"name": name}))

    def test_each_investment_is_shown_at_the_sentence_of_its_own_investor(self):
        text = "甲公司增资扩产。乙公司在湖州签约建设电池项目。甲公司另在德清投资建设电机项目。"
        second = text.index("甲公司另")
        analysis = Analysis(Normalized(text), Extraction(investments=[
            Investment("甲公司", None, None, "德清", "signed", second, second + 3)]))
        event = self.extract(analysis).items.get(kind=Kind.INVESTMENT)
        self.assertEqual(event.span, "甲公司另在德清投资建设电机项目。")


def credit_code(body: str) -> str:
    from stdnum.cn import uscc

    return body + uscc.calc_check_digit(body)


class OrganizationMatchTests(TestCase):
    document: Document

    """Review finds organisations as the import does: by credit code, then by the normalised name."""

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer")
        cls.document = extracted_article(cls.zone, cls.officer)
        cls.code = credit_code("91330500MA2B3C4D5")
        cls.known = Organization.objects.create(name="浙江某某（集团）有限公司", credit_code=cls.code)

    def organization_item(self) -> ExtractedItem:
        return self.document.items.get(kind=Kind.ORGANIZATION)

    def test_a_name_from_the_news_with_half_width_brackets_is_the_organisation_from_the_sheet(self):
        accepted = item_accept(user=self.officer, item=self.organization_item(), name="浙江某某(集团)有限公司")
        self.assertEqual(accepted.organization, self.known)
        self.assertEqual(Organization.objects.count(), 1)

    def test_the_investor_of_an_event_is_matched_the_same_way(self):
        accepted = item_accept(user=self.officer, item=self.document.items.get(kind=Kind.INVESTMENT),
                               investor="浙江某某(集团)有限公司")
        self.assertEqual(list(accepted.project.investors.all()), [self.known])

    def test_the_same_name_with_another_credit_code_is_refused_with_the_reason(self):
        other = credit_code("91310000MA1K2L3M4")
        with self.assertRaises(ValidationError) as caught:
            item_accept(user=self.officer, item=self.organization_item(), name="浙江某某(集团)有限公司",
                        credit_code=other)
        self.assertEqual(caught.exception.messages,
                         [f"“浙江某某（集团）有限公司”在系统中的统一社会信用代码为 {self.code}，与 {other} 不一致"])
        self.assertEqual(Organization.objects.count(), 1)
        self.assertEqual(self.organization_item().status, "pending")

    def test_a_new_organisation_is_attributed_to_the_reviewer(self):
        accepted = item_accept(user=self.officer, item=self.organization_item())
        self.assertEqual(accepted.organization.name, "纵目科技")
        self.assertEqual(accepted.organization.history.get().history_user, self.officer)
