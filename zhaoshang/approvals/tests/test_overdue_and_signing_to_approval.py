"""Overdue 全代办 items on the project page and in 待办, and the days from 签约 to every approval done."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.approvals.models import ApprovalTask
from zhaoshang.kpis.computations import Period
from zhaoshang.kpis.services import kpi_evaluate
from zhaoshang.testing import make_carrier, make_project, make_user, make_zone

D = dt.date


class OverdueOnThePageAndInTodoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        cls.owner = make_user("owner", Role.OFFICER, team="一组")
        cls.daiban = make_user("daiban", Role.OFFICER, team="服务中心")
        cls.other = make_user("other", Role.OFFICER, team="二组")
        cls.partner = make_user("partner", Role.PARTNER, carrier=make_carrier(zone))
        cls.project = make_project(zone, "电驱系统项目", owner=cls.owner, signed_on=D(2020, 3, 2))
        ApprovalTask.objects.create(project=cls.project, kind="land", due_on=D(2020, 5, 1), owner=cls.daiban)
        ApprovalTask.objects.create(project=cls.project, kind="filing", due_on=D(2020, 3, 9), owner=cls.daiban,
                                    status="done", done_on=D(2020, 3, 6))
        ApprovalTask.objects.create(project=cls.project, kind="fire", due_on=D(2099, 1, 1), owner=cls.daiban)
        cls.on_time = make_project(zone, "准时项目", owner=cls.other, signed_on=D(2020, 3, 2))
        ApprovalTask.objects.create(project=cls.on_time, kind="land", due_on=D(2099, 1, 1))

    def page(self, user, url):
        self.client.force_login(user)
        return self.client.get(url).content.decode()

    def test_the_project_page_names_the_overdue_item_its_days_and_its_owner(self):
        page = self.page(self.owner, self.project.get_absolute_url())
        block = page.split('id="approvals"')[1].split("</div>")[0]
        self.assertIn("共 3 项，已办结或无需办理 1 项", block)
        self.assertIn("逾期 1 项", block)
        self.assertRegex(block, r"<strong>用地</strong> 逾期 \d+ 天")
        self.assertIn("计划 2020年5月1日 完成", block)
        self.assertIn(self.daiban.display_name, block)
        self.assertNotIn("消防", block.split('id="approvals-overdue"')[1])  # due in 2099: not overdue
        self.assertNotIn("项目备案", block.split('id="approvals-overdue"')[1])  # done

    def test_a_project_on_time_says_so(self):
        block = self.page(self.other, self.on_time.get_absolute_url()).split('id="approvals"')[1]
        self.assertIn("没有逾期的代办事项。", block)

    def test_the_owner_and_the_daiban_are_reminded_and_others_are_not(self):
        for user in (self.owner, self.daiban):
            todo = self.page(user, reverse("workspace:todo"))
            section = todo.split('data-reminder="approvals_overdue"')[1].split("</section>")[0]
            self.assertIn("电驱系统项目", section)
            self.assertIn("逾期 1 项", section)
            self.assertIn("最早应于 2020-05-01 完成", section)
            self.assertNotIn("准时项目", section)
        self.assertNotIn('data-reminder="approvals_overdue"', self.page(self.other, reverse("workspace:todo")))

    def test_a_partner_sees_no_checklist_and_no_reminder(self):
        self.assertNotIn('data-reminder="approvals_overdue"', self.page(self.partner, reverse("workspace:todo")))


class SigningToApprovalsDoneTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()

        def project(name, signed_on, *done_on, waived=0, open_=0):
            p = make_project(cls.zone, name, signed_on=signed_on)
            kinds = iter(["filing", "land", "planning", "eia", "energy", "fire", "construction"])
            for day in done_on:
                ApprovalTask.objects.create(project=p, kind=next(kinds), due_on=day, status="done", done_on=day)
            for _ in range(waived):
                ApprovalTask.objects.create(project=p, kind=next(kinds), due_on=signed_on, status="waived")
            for _ in range(open_):
                ApprovalTask.objects.create(project=p, kind=next(kinds), due_on=signed_on)
            return p
        cls.a = project("甲项目", D(2020, 1, 1), D(2020, 2, 1), D(2020, 4, 10), waived=1)  # 100 days
        cls.b = project("乙项目", D(2020, 3, 1), D(2020, 5, 30))  # 90 days
        cls.c = project("丙项目", D(2020, 3, 1), D(2020, 9, 27))  # 210 days
        project("丁项目", D(2020, 1, 1), D(2020, 3, 1), open_=1)  # one item still open: not done
        project("戊项目", D(2019, 1, 1), D(2019, 6, 1))  # completed in 2019
        project("己项目", D(2020, 1, 1), waived=2)  # nothing needed, nothing done: no duration

    def figure(self, year=2020):
        return {v.key: v for v in kpi_evaluate(zone=self.zone, period=Period.year(year))}[
            "signed_to_approved_median_days"]

    def test_the_median_counts_the_projects_whose_checklist_was_completed_in_the_year(self):
        figure = self.figure()
        self.assertEqual(figure.value, Decimal(100))
        self.assertEqual(sorted(figure.record_ids), sorted([self.a.pk, self.b.pk, self.c.pk]))
        self.assertIn("基于 3 个期间内代办事项全部办结的项目", " ".join(figure.notes))

    def test_the_pipeline_on_the_cockpit_shows_it(self):
        self.client.force_login(make_user("leader", Role.LEADER))
        page = self.client.get(reverse("cockpit"), {"year": 2020, "zone": self.zone.code}).content.decode()
        pipeline = page.split('id="pipeline"')[1].split("</table>")[0]
        self.assertIn("签约至全部代办办结天数（中位数）", pipeline)
        self.assertIn("100 天", pipeline)

    def test_a_year_with_no_checklist_completed_has_no_median(self):
        self.assertIsNone(self.figure(2018).value)
        self.assertEqual(self.figure(2019).value, Decimal(151))

    def test_an_item_done_after_the_year_leaves_the_checklist_open_in_it(self):
        task = ApprovalTask.objects.get(project__name="丁项目", status="open")
        task.finish(on=D(2021, 1, 4))
        self.assertEqual(len(self.figure().record_ids), 3)
        self.assertIn(task.project_id, self.figure(2021).record_ids)
