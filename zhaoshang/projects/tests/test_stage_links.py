"""The day each stage was left (StageChange.left_on), which the pipeline figures read, stays right when two
people record stages of one project at once and when a change is given to another project."""

import datetime as dt
import threading
import unittest

from django.db import connection, transaction
from django.test import TestCase, TransactionTestCase

from zhaoshang.projects.models import Stage, StageChange
from zhaoshang.regions.services import region_load
from zhaoshang.testing import make_project, make_zone


def left(project) -> dict[str, dt.date | None]:
    return dict(StageChange.objects.filter(project=project).values_list("stage", "left_on"))


class MovedChangeTests(TestCase):
    def test_a_change_given_to_another_project_is_linked_in_both_histories(self):
        zone = make_zone()
        first = make_project(zone, "甲项目", signed_on=dt.date(2020, 3, 31))  # lead on 1 March, then signed
        second = make_project(zone, "乙项目")
        StageChange.objects.create(project=second, stage=Stage.LEAD, on=dt.date(2020, 3, 1))
        signed = first.stage_changes.get(stage=Stage.SIGNED)
        signed.project = second
        signed.save()
        self.assertEqual(left(first), {Stage.LEAD: None})
        self.assertEqual(left(second), {Stage.LEAD: dt.date(2020, 3, 31), Stage.SIGNED: None})


@unittest.skipUnless(connection.vendor == "postgresql", "SQLite runs one writing transaction at a time")
class TwoWritersTests(TransactionTestCase):
    def setUp(self):
        region_load()  # a transaction test case empties the database after each test, reference tables included

    def test_a_stage_recorded_while_another_is_being_recorded_is_linked_after_it(self):
        project = make_project(make_zone(), "并发项目")
        StageChange.objects.create(project=project, stage=Stage.LEAD, on=dt.date(2020, 1, 1))
        first_linked, second_started = threading.Event(), threading.Event()
        failures: list[BaseException] = []

        def first():  # records 洽谈 and keeps its transaction open until the second writer is under way
            try:
                with transaction.atomic():
                    StageChange.objects.create(project=project, stage=Stage.NEGOTIATING, on=dt.date(2020, 2, 1))
                    first_linked.set()
                    second_started.wait(10)
                    threading.Event().wait(0.5)  # the second writer reaches its linking statement meanwhile
            except BaseException as exc:  # noqa: BLE001 — reported by the test below
                failures.append(exc)
            finally:
                connection.close()

        def second():  # drops the project while the first writer's change is not committed yet
            try:
                first_linked.wait(10)
                second_started.set()
                with transaction.atomic():
                    StageChange.objects.create(project=project, stage=Stage.DROPPED, on=dt.date(2020, 3, 1),
                                               note="测试")
            except BaseException as exc:  # noqa: BLE001 — reported by the test below
                failures.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        self.assertEqual(failures, [])
        self.assertEqual(left(project), {Stage.LEAD: dt.date(2020, 2, 1), Stage.NEGOTIATING: dt.date(2020, 3, 1),
                                         Stage.DROPPED: None})
