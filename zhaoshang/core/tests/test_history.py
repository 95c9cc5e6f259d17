"""The change history of any record, as the project page, the API and every app show it."""

from __future__ import annotations

from decimal import Decimal

from django.test import TestCase

from zhaoshang.accounts.models import User
from zhaoshang.core.audit import attributed_save
from zhaoshang.core.history import history_entries
from zhaoshang.organizations.models import Organization, Tag
from zhaoshang.projects.models import Project
from zhaoshang.regions.models import Region
from zhaoshang.testing import make_user, make_zone


def changes(entry) -> list[tuple[str, str | None, str | None]]:
    return [(c.label, c.old, c.new) for c in entry.changes]


class ProjectHistoryTests(TestCase):
    officer: User
    project: Project

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer")
        cls.project = attributed_save(Project(zone=cls.zone, name="激光雷达项目", amount=Decimal("1000000"),
                                              currency="USD", source_region_id="310100"),
                                      user=cls.officer, reason="首次登记")

    def edit(self, reason: str = "", many: dict | None = None, **changes) -> None:
        attributed_save(self.project, user=self.officer, changes=changes, reason=reason, many=many)

    def test_the_newest_version_comes_first_with_who_what_and_why(self):
        self.edit(reason="补充协议", amount=Decimal("2000000"))
        latest, created = history_entries(self.project)
        self.assertEqual((latest.action, latest.action_label, latest.who, latest.reason),
                         ("changed", "修改", self.officer, "补充协议"))
        self.assertEqual((created.action, created.action_label, created.reason, created.changes),
                         ("created", "创建", "首次登记", []))

    def test_money_is_written_in_the_record_own_currency(self):
        self.edit(amount=Decimal("2000000"))
        self.assertEqual(changes(history_entries(self.project)[0]), [("总投资", "100万美元", "200万美元")])

    def test_a_currency_change_shows_each_amount_in_its_own_currency(self):
        self.edit(amount=Decimal("700000000"), currency="CNY")
        self.assertIn(("总投资", "100万美元", "7亿元"), changes(history_entries(self.project)[0]))

    def test_choices_show_their_labels_and_related_records_their_names(self):
        self.edit(stage="signed", industry_id="3670", source_region_id="320500", confidential=True)
        shown = changes(history_entries(self.project)[0])
        self.assertIn(("阶段", "线索", "签约"), shown)
        self.assertIn(("行业", None, "3670 汽车零部件及配件制造"), shown)
        self.assertIn(("来源地", str(Region.objects.get(code="310100")), str(Region.objects.get(code="320500"))),
                      shown)
        self.assertIn(("保密", "否", "是"), shown)

    def test_investors_are_named_and_joined(self):
        first = Organization.objects.create(name="纵目科技（上海）股份有限公司")
        second = Organization.objects.create(name="芯源微电子（苏州）有限公司")
        self.edit(many={"investors": [first, second]})
        investors = next(c for c in history_entries(self.project)[0].changes if c.field == "investors")
        self.assertIsNone(investors.old)
        self.assertEqual(set(investors.new.split("、")), {first.name, second.name})

    def test_a_limit_keeps_the_newest_and_still_diffs_the_oldest_shown(self):
        for amount in ("2000000", "3000000", "4000000"):
            self.edit(amount=Decimal(amount))
        shown = history_entries(self.project, limit=2)
        self.assertEqual([changes(e) for e in shown],
                         [[("总投资", "300万美元", "400万美元")], [("总投资", "200万美元", "300万美元")]])
        self.assertEqual(len(history_entries(self.project)), 4)

    def test_a_write_without_a_user_is_the_system(self):
        project = Project.objects.get(pk=self.project.pk)
        project.description = "由脚本补充"
        project.save()
        latest = history_entries(project)[0]
        self.assertIsNone(latest.who)
        self.assertEqual(changes(latest), [("项目概况", None, "由脚本补充")])


class OrganizationHistoryTests(TestCase):
    def test_capital_is_money_in_the_capital_currency_and_tags_are_named(self):
        officer = make_user("officer")
        listed = Tag.objects.create(name="上市")
        organization = attributed_save(Organization(name="苏新光电材料有限公司", registered_capital=Decimal("50000000"),
                                                    capital_currency="HKD"), user=officer)
        attributed_save(organization, user=officer, changes={"registered_capital": Decimal("80000000")},
                        many={"tags": [listed]})
        shown = [change for entry in history_entries(organization) for change in changes(entry)]
        self.assertIn(("注册资本", "5000万港元", "8000万港元"), shown)
        self.assertIn(("标签", None, "上市"), shown)
