"""The cockpit, the KPI API and a drill-down ask the database the same number of questions whatever the
zone's size, and cached figures follow every write (big zones: benchmarks/cockpit.py)."""

import datetime as dt
import io
import re
import threading
import time
from decimal import Decimal
from unittest import mock

from django.db import connection
from django.test import SimpleTestCase, TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from zhaoshang.accounts.models import Role, User
from zhaoshang.core.audit import attributed_save
from zhaoshang.currencies.models import ExchangeRate
from zhaoshang.kpis.cache import _token as cache_token
from zhaoshang.kpis.cache import cached
from zhaoshang.kpis.models import KpiTarget
from zhaoshang.projects.models import PIPELINE, Activity, Project, StageChange
from zhaoshang.testing import make_project, make_user, make_zone
from zhaoshang.zones.models import Zone


def grow(zone, n: int, *, first: int = 0, owners=(None,)) -> None:
    """n more projects with histories up to different stages through the year, a quarter in dollars, some
    confidential; the first 20 already sign dollar projects in Q2, Q3, August and September (so that a page
    asks the same questions at 20 as at 200: a figure with no foreign signing has no conversion notes to check,
    and the periods' 环比 — Q2 for Q3, August for September — are figures a viewer sees too)."""
    projects = Project.objects.bulk_create([
        Project(zone=zone, name=f"项目{first + i}", amount=Decimal(150_000_000 + i), owner=owners[i % len(owners)],
                currency="USD" if i % 4 == 2 or first + i == 9 else "CNY",
                source_region_id="310100" if i % 3 else "110100",
                confidential=i % 7 == 0) for i in range(n)])
    changes = []
    for i, project in enumerate(projects):
        on = dt.date(2020, 1, 1) + dt.timedelta(days=i * 53 % 300)
        for step, stage in enumerate(PIPELINE[:1 + i % len(PIPELINE)]):
            changes.append(StageChange(project=project, stage=stage, on=on + dt.timedelta(days=20 * step)))
    StageChange.objects.bulk_create(changes)


# The small-cell rule (core.disclosure) is a branch on the shape of the data, not its size: at 20 projects
# the officer misses one or two records of a figure, at 200 more than two, and a figure stated over its visible
# records reads them once more. Its threshold is set to 1 here (never suppress) so both sizes take one path;
# kpis/tests/test_small_cells.py tests the rule itself.
@override_settings(KPI_CACHE_SECONDS=0, DISCLOSURE_MIN_HIDDEN=1)
class QueriesDoNotGrowTests(TestCase):
    maxDiff = None
    zone: Zone
    leader: User
    officer: User
    owners: tuple

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        ExchangeRate.objects.create(currency="USD", on=dt.date(2019, 12, 31), cny_per_unit=Decimal("6.9762"))
        cls.leader = make_user("leader", Role.LEADER)
        cls.officer = make_user("officer", Role.OFFICER, team="一组")
        cls.owners = (None, cls.officer, make_user("officer2", Role.OFFICER, team="二组"))
        for key, value in (("signed_projects_over_100m", 40), ("signed_investment_total_cny", 10_000_000_000),
                           ("signed_yrd_share", Decimal("0.7"))):
            KpiTarget.objects.create(zone=cls.zone, kpi_key=key, year=2020, value=value)

    def queries(self, user, path: str) -> tuple[int, bytes]:
        self.client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        return len(captured), response.content

    def counts(self) -> dict[tuple[str, str], int]:
        # The page with its targets, 同比 and rankings; a quarter adds 环比; the panel and the 大屏 the same.
        pages = {"cockpit": "/?year=2020", "cockpit-quarter": "/?year=2020&period=Q3",
                 "panel": "/cockpit/panel/?year=2020&period=2020-09&source=310000",
                 "wall": "/cockpit/wall/?year=2020&period=Q3", "api": "/api/kpis?year=2020",
                 "drill-down": "/kpis/signed_projects_over_100m/?year=2020",
                 "conversion": "/kpis/conversion_lead_to_negotiating/?year=2020"}
        return {(who.username, page): self.queries(who, path)[0]
                for who in (self.leader, self.officer) for page, path in pages.items()}

    def test_queries_per_cockpit_request_are_the_same_at_20_and_200_projects(self):
        grow(self.zone, 20, owners=self.owners)
        small = self.counts()
        grow(self.zone, 180, first=20, owners=self.owners)
        self.assertEqual(self.counts(), small)

    def test_the_rankings_count_every_visible_project_at_200(self):
        grow(self.zone, 200, owners=self.owners)
        self.client.force_login(self.leader)
        rows = self.client.get("/cockpit/export/officer.xlsx?year=2020")
        from openpyxl import load_workbook
        sheet = load_workbook(io.BytesIO(b"".join(rows.streaming_content))).active
        projects = {r[0]: r[1] for r in sheet.iter_rows(min_row=3, values_only=True)}
        # One project in three has no owner (67 of 200), one the officer's (67), one officer2's (66).
        self.assertEqual((projects["未指定"], projects["officer"], projects["officer2"]), (67, 67, 66))

    def test_a_drill_down_counts_what_it_does_not_list_and_pages_the_rest(self):
        grow(self.zone, 700)
        # One project in six is only a lead (117 of 700); one in seven is confidential with no owner (17 of those).
        _, page = self.queries(self.officer, "/kpis/projects_in_stage_lead/?year=2020")
        text = page.decode()
        self.assertIn("计入 117 条记录 · 其中 17 条为保密或不在您的权限范围内，未列出", text)
        with mock.patch("zhaoshang.kpis.views.PAGE_SIZE", 40):
            first = self.queries(self.officer, "/kpis/projects_in_stage_lead/?year=2020")[1].decode()
            last = self.queries(self.officer, "/kpis/projects_in_stage_lead/?year=2020&page=3")[1].decode()
        self.assertIn("100 条，第 1/3 页", first)
        self.assertEqual((first.count("<tr>\n    <td>"), last.count("<tr>\n    <td>")), (40, 20))


class CachedFiguresFollowWritesTests(TestCase):
    zone: Zone
    leader: User

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.leader = make_user("leader", Role.LEADER)

    def signed(self) -> int:
        self.client.force_login(self.leader)
        figures = {k["key"]: k for k in self.client.get("/api/kpis?year=2020").json()}
        return figures["signed_projects_over_100m"]["value"]

    def test_the_cockpit_from_the_cache_shows_the_counts_it_showed_computed(self):
        ExchangeRate.objects.create(currency="USD", on=dt.date(2019, 12, 31), cny_per_unit=Decimal("6.9762"))
        grow(self.zone, 30)
        self.client.force_login(self.leader)
        pages = [re.findall(r"\d+ 条记录", self.client.get(path).content.decode())
                 for path in ("/?year=2020", "/cockpit/wall/?year=2020&period=Q3") * 2]
        self.assertEqual(pages[:2], pages[2:])  # computed, then from the cache
        self.assertIn("20 条记录", pages[0])  # the projects signed (one in six only a lead, one in six negotiating)

    def test_a_new_signing_shows_at_once_though_the_figures_are_cached(self):
        make_project(self.zone, "第一个项目", signed_on=dt.date(2020, 5, 1))
        with CaptureQueriesContext(connection) as computed:
            self.assertEqual(self.signed(), 1)
        with CaptureQueriesContext(connection) as cached:
            self.assertEqual(self.signed(), 1)
        self.assertLess(len(cached), len(computed) / 3)  # the second read comes from the cache
        make_project(self.zone, "第二个项目", signed_on=dt.date(2020, 6, 1))
        self.assertEqual(self.signed(), 2)
        StageChange.objects.filter(project__name="第二个项目").delete()
        self.assertEqual(self.signed(), 1)

    def test_a_note_or_description_keeps_the_cache_and_an_amount_does_not(self):
        project = make_project(self.zone, "第一个项目", signed_on=dt.date(2020, 5, 1))
        Activity.objects.create(project=project, kind=Activity.Kind.VISIT, on=dt.date(2020, 7, 1))
        self.signed()
        with CaptureQueriesContext(connection) as cached:
            self.signed()
        attributed_save(Project.objects.get(pk=project.pk), user=self.leader, changes={"description": "新的概况"})
        activity = Activity.objects.get(project=project)
        activity.notes = "谈了用地"
        activity.save(update_fields=["notes"])
        with CaptureQueriesContext(connection) as after_notes:
            self.signed()
        attributed_save(Project.objects.get(pk=project.pk), user=self.leader, changes={"amount": Decimal(1)})
        with CaptureQueriesContext(connection) as after_amount:
            self.assertEqual(self.signed(), 0)  # no longer 亿元以上
        self.assertEqual(len(after_notes), len(cached))
        self.assertGreater(len(after_amount), 3 * len(cached))

    def test_every_viewer_class_shares_the_zones_computation_and_sees_only_its_own(self):
        from zhaoshang.kpis import services

        officer = make_user("officer", Role.OFFICER, team="一组")
        ExchangeRate.objects.create(currency="USD", on=dt.date(2019, 12, 31), cny_per_unit=Decimal("6.9762"))
        grow(self.zone, 30, owners=(None, officer))

        def figures(user) -> list[str]:  # every figure of the cockpit page, as this viewer may see it
            self.client.force_login(user)
            page = self.client.get("/?year=2020").content.decode()
            return re.findall(r"[\d.,]+ ?(?:条记录|亿元|万元|%)", page)

        with override_settings(KPI_CACHE_SECONDS=0):
            alone = figures(officer)
        figures(self.leader)  # computes the zone's figures once, for every class of viewer
        with mock.patch.object(services, "kpi_evaluate_one", wraps=services.kpi_evaluate_one) as evaluate:
            shared = figures(officer)
        evaluate.assert_not_called()  # no catalogue figure computed again
        self.assertEqual(shared, alone)  # the officer's figures, without what is hidden, from the shared copy
        self.assertNotEqual(figures(self.leader), shared)  # the leader's count the confidential projects too

    def test_the_version_changes_again_when_the_write_commits(self):
        before = cache_token()
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            make_project(self.zone, "第一个项目", signed_on=dt.date(2020, 5, 1))
            during = cache_token()
        self.assertTrue(callbacks)
        self.assertNotIn(cache_token(), {before, during})  # an entry filled before the commit is not read after it


class FiguresVersionedPerZoneTests(TestCase):
    """A write leaves another zone's cached figures warm, unless it may touch every zone."""

    zone: Zone
    other: Zone
    leader: User

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.other = Zone.objects.create(code="other", name="另一园区", region_id="330500")
        cls.leader = make_user("leader", Role.LEADER)

    def signed(self, zone: Zone) -> tuple[int, int]:
        """The zone's signings in 2020 as the API gives them, and how many queries that took."""
        self.client.force_login(self.leader)
        with CaptureQueriesContext(connection) as asked:
            figures = {k["key"]: k for k in self.client.get(f"/api/kpis?zone={zone.code}&year=2020").json()}
        return figures["signed_projects_over_100m"]["value"], len(asked)

    def test_a_signing_in_one_zone_leaves_the_other_zones_figures_cached(self):
        make_project(self.other, "邻区项目", signed_on=dt.date(2020, 5, 1))
        computed = self.signed(self.other)
        self.assertEqual(self.signed(self.other)[0], 1)
        cached_queries = self.signed(self.other)[1]
        self.assertLess(cached_queries, computed[1] / 3)
        # As the pages record it: the project created, then moved on stage by stage.
        project = Project.objects.create(zone=self.zone, name="本区项目", amount=Decimal(200_000_000))
        project.advance_to("signed", on=dt.date(2020, 6, 1), by=self.leader)
        self.assertEqual(self.signed(self.other), (1, cached_queries))  # still from the cache
        self.assertEqual(self.signed(self.zone)[0], 1)
        StageChange.objects.filter(project__name="本区项目").delete()  # a record placed through its project
        self.assertEqual(self.signed(self.other), (1, cached_queries))
        self.assertEqual(self.signed(self.zone)[0], 0)

    def test_a_rate_and_a_move_between_zones_reach_every_zones_figures(self):
        ExchangeRate.objects.create(currency="USD", on=dt.date(2020, 1, 2), cny_per_unit=Decimal("7"))
        make_project(self.other, "美元项目", amount="0.2", currency="USD", signed_on=dt.date(2020, 5, 1))
        self.assertEqual(self.signed(self.other)[0], 1)
        ExchangeRate.objects.create(currency="USD", on=dt.date(2020, 4, 1), cny_per_unit=Decimal("4"))  # of no zone
        self.assertEqual(self.signed(self.other)[0], 0)  # 0.2亿美元 at 4 is under 1亿元
        project = make_project(self.other, "迁出项目", signed_on=dt.date(2020, 6, 1))
        self.assertEqual((self.signed(self.other)[0], self.signed(self.zone)[0]), (1, 0))
        attributed_save(project, user=self.leader, changes={"zone": self.zone})
        self.assertEqual((self.signed(self.other)[0], self.signed(self.zone)[0]), (0, 1))

    def test_a_project_in_another_zones_carrier_is_placed_in_both_zones(self):
        from zhaoshang.kpis.cache import zones_written
        from zhaoshang.testing import make_carrier

        carrier = make_carrier(self.zone, "本区孵化器", kind="incubator")
        project = Project.objects.create(zone=self.other, name="入驻项目", carrier=carrier)
        self.assertEqual(zones_written(project, created=True), {self.zone.pk, self.other.pk})
        self.assertEqual(zones_written(project, created=False, update_fields=["amount"]), {self.zone.pk, self.other.pk})
        self.assertIsNone(zones_written(project, created=False, update_fields=["carrier_id"]))  # it may have moved

    def test_an_import_reaches_its_zones_figures_only(self):
        from zhaoshang.kpis.cache import figures_imported

        make_project(self.other, "邻区项目", signed_on=dt.date(2020, 5, 1))
        self.signed(self.other)
        warm = self.signed(self.other)[1]
        figures_imported(sender=None, zone=self.zone)
        self.assertEqual(self.signed(self.other)[1], warm)
        figures_imported(sender=None, zone=None)  # a sheet of no zone
        self.assertGreater(self.signed(self.other)[1], warm)


class OneComputationAtATimeTests(SimpleTestCase):
    def test_requests_asking_for_the_same_missing_figures_wait_for_one_computation(self):
        builds: list[int] = []

        def build():
            builds.append(1)
            time.sleep(0.3)
            return {"signed": 33}

        answers: list[dict] = []
        threads = [threading.Thread(target=lambda: answers.append(cached(("same-figures",), build)))
                   for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(answers, [{"signed": 33}] * 4)
        self.assertEqual(len(builds), 1)

    def test_a_failed_computation_lets_the_next_request_compute(self):
        def fail():
            raise RuntimeError("数据库不可用")

        with self.assertRaises(RuntimeError):
            cached(("failing-figures",), fail)
        self.assertEqual(cached(("failing-figures",), lambda: 7), 7)


class UnreadableEntriesTests(SimpleTestCase):
    def test_an_entry_the_code_can_no_longer_read_is_computed_afresh(self):
        from zhaoshang.kpis import cache as kpi_cache

        read = kpi_cache.cache.get

        def get(key, *args, **kwargs):  # the entry names a class an upgrade removed
            if "unreadable-figures" in key:
                raise AttributeError("Can't get attribute 'Gone' on <module 'zhaoshang.kpis.computations'>")
            return read(key, *args, **kwargs)

        with mock.patch.object(kpi_cache.cache, "get", side_effect=get):
            self.assertEqual(cached(("unreadable-figures",), lambda: 42), 42)
