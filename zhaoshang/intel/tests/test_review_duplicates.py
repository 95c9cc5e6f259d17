"""Review without duplicates: an investment item proposes the records on file it may be, and a metric gets
its date from the article (or the reviewer) and its kind (year-to-date or not) from the text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import User
from zhaoshang.demo.data import DEMO_PASSWORD
from zhaoshang.demo.load import demo_load
from zhaoshang.indicators.models import Indicator, Observation
from zhaoshang.intel.forms import accept_form, initial_data
from zhaoshang.intel.models import ExtractedItem
from zhaoshang.intel.selectors import investment_proposals
from zhaoshang.intel.services import NO_DATE, item_accept
from zhaoshang.kpis.computations import Period, indicator_total
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Project, Stage
from zhaoshang.testing import make_project, make_user

SITE_PROJECT = "纵目科技自动驾驶研发制造基地"
SITE_INVESTOR = "纵目科技（上海）股份有限公司"


class DemoZongmuTests(TestCase):
    """The demo's article says 纵目科技项目正在进行场地装修; the demo already holds that project."""

    @classmethod
    def setUpTestData(cls):
        cls.zone, _ = demo_load()
        cls.zhangwei = User.objects.get(username="zhangwei")
        cls.event = ExtractedItem.objects.get(kind="investment", payload__investor="纵目科技")

    def post_accept(self, **changes):
        form = accept_form(self.event, user=self.zhangwei)
        data = {**initial_data(form), **{form.add_prefix(k): v for k, v in changes.items()}}
        self.client.login(username="zhangwei", password=DEMO_PASSWORD)
        return self.client.post(reverse("intel:accept", args=[self.event.pk]), data, follow=True)

    def test_the_existing_project_and_investor_are_proposed_with_their_reasons(self):
        proposals = investment_proposals(user=self.zhangwei, item=self.event)
        self.assertEqual([p.record.name for p in proposals.organizations], [SITE_INVESTOR])
        self.assertIn("纵目", proposals.organizations[0].reason)
        self.assertEqual(proposals.projects[0].record.name, SITE_PROJECT)
        self.assertIn(SITE_INVESTOR, proposals.projects[0].reason)

    def test_accepting_the_proposal_adds_no_second_project_nor_organisation(self):
        projects, organizations = Project.objects.count(), Organization.objects.count()
        self.post_accept(on="2020-11-20")
        self.assertEqual((Project.objects.count(), Organization.objects.count()), (projects, organizations))
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, "accepted")
        self.assertEqual(self.event.project.name, SITE_PROJECT)
        self.assertEqual(self.event.organization.name, SITE_INVESTOR)
        self.assertEqual(self.event.project.stage, Stage.STARTED)
        self.assertEqual(self.event.project.stage_changes.get(stage=Stage.STARTED).on, dt.date(2020, 11, 20))

    def test_without_an_article_date_the_stage_date_must_be_given(self):
        self.event.document.published_on = None  # the demo dates its seed; scraped text often has no date
        self.event.document.save(update_fields=["published_on"])
        response = self.post_accept()
        self.assertContains(response, "文档没有发布日期")
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, "pending")
        self.assertFalse(Project.objects.get(name=SITE_PROJECT).stage_changes.filter(stage=Stage.STARTED).exists())

    def test_the_reviewer_may_still_create_a_new_project(self):
        self.post_accept(link_project="", link_organization="", on="2020-11-20")
        self.event.refresh_from_db()
        self.assertEqual(self.event.project.name, "纵目科技项目")
        self.assertEqual(self.event.organization.name, "纵目科技")

    def test_a_project_the_reviewer_may_not_see_is_never_proposed_nor_linked(self):
        other = make_user("other-team-officer", team="另一组")
        hidden = make_project(self.zone, "纵目科技二期（保密）", owner=other, confidential=True)
        hidden.investors.add(Organization.objects.get(name=SITE_INVESTOR))
        names = [p.record.name for p in investment_proposals(user=self.zhangwei, item=self.event).projects]
        self.assertNotIn(hidden.name, names)
        self.assertIn(hidden.name, [p.record.name for p in investment_proposals(user=other, item=self.event)
                                    .projects])
        response = self.post_accept(link_project=str(hidden.pk), on="2020-11-20")
        self.assertNotContains(response, hidden.name)
        self.assertContains(response, "选择一个有效的选项")
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, "pending")
        with self.assertRaises(ValidationError):
            item_accept(user=self.zhangwei, item=self.event, link_project=hidden, on=dt.date(2020, 11, 20))

    def test_bulk_accept_takes_the_ticked_items_as_shown_and_leaves_possible_duplicates_to_decide(self):
        places = list(ExtractedItem.objects.filter(kind="place").values_list("pk", flat=True)[:2])
        self.client.login(username="zhangwei", password=DEMO_PASSWORD)
        response = self.client.post(reverse("intel:bulk", args=[self.event.document_id]),
                                    {"action": "accept", "items": [*places, self.event.pk]}, follow=True)
        self.assertContains(response, "已采纳 2 条")
        self.assertContains(response, "请逐条确认")
        self.assertEqual(set(ExtractedItem.objects.filter(pk__in=places).values_list("status", flat=True)),
                         {"accepted"})
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, "pending")

    def test_bulk_reject(self):
        self.client.login(username="zhangwei", password=DEMO_PASSWORD)
        self.client.post(reverse("intel:bulk", args=[self.event.document_id]),
                         {"action": "reject", "items": [self.event.pk]})
        self.event.refresh_from_db()
        self.assertEqual(self.event.status, "rejected")

    def _undated_849(self) -> ExtractedItem:
        # The demo dates its seed article; scraped text often has no date, which is what these tests are about.
        cases = ExtractedItem.objects.get(kind="metric", payload__value=849)
        type(cases.document).objects.filter(pk=cases.document_id).update(published_on=None)
        return ExtractedItem.objects.select_related("document").get(pk=cases.pk)

    def test_the_849_cases_so_far_this_year_are_year_to_date_and_need_a_date(self):
        cases = self._undated_849()
        self.assertTrue(cases.payload["year_to_date"])
        with self.assertRaises(ValidationError) as caught:
            item_accept(user=self.zhangwei, item=cases)
        self.assertEqual(caught.exception.messages, [NO_DATE])
        online = Indicator.objects.get(zone=self.zone, key="online_service_cases")
        item_accept(user=self.zhangwei, item=cases, indicator=online, on=dt.date(2020, 10, 31))
        observation = Observation.objects.get(indicator=online, value=849)
        self.assertTrue(observation.year_to_date)
        self.assertEqual(observation.on.year, 2020)
        total = indicator_total(self.zone, Period.year(2020), {"indicator": "online_service_cases"})
        self.assertEqual(total.value, sum([62, 48, 71, 83, 88, 90, 97, 102, 99, 109]))
        self.assertNotIn(observation.pk, total.record_ids)
        self.assertIn("另有 1 个年初至今累计值未计入合计", total.notes)

    def test_the_metric_form_asks_for_the_date_instead_of_assuming_today(self):
        cases = self._undated_849()
        form = accept_form(cases, user=self.zhangwei)
        self.assertTrue(form.fields["on"].required)
        self.assertIsNone(form.get_initial_for_field(form.fields["on"], "on"))
        self.assertTrue(form.get_initial_for_field(form.fields["year_to_date"], "year_to_date"))

    def test_a_dated_article_dates_its_figures(self):
        cases = ExtractedItem.objects.get(kind="metric", payload__value=849)
        self.assertEqual(cases.document.published_on, dt.date(2020, 11, 1))
        online = Indicator.objects.get(zone=self.zone, key="online_service_cases")
        item_accept(user=self.zhangwei, item=cases, indicator=online)
        self.assertEqual(Observation.objects.get(indicator=online, value=849).on, dt.date(2020, 11, 1))


class MetricValueTests(TestCase):
    def test_a_monthly_and_a_year_to_date_figure_on_one_date_are_both_kept(self):
        zone, _ = demo_load()
        online = Indicator.objects.get(zone=zone, key="online_service_cases")
        Observation.objects.create(indicator=online, on=dt.date(2020, 10, 31), value=Decimal(849),
                                   year_to_date=True)
        self.assertEqual(online.observations.filter(on=dt.date(2020, 10, 31)).count(), 2)
