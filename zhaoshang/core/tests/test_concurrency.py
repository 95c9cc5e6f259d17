"""A cold cockpit computes its independent figures at once on several connections (core.concurrency), and
shows exactly what it shows when they are computed one after the other. Transaction test cases: inside the
TestCase's transaction the calls run on one connection, by design."""

import datetime as dt
import re
import tempfile
import threading
from unittest import mock

from django.core.cache import cache
from django.db import transaction
from django.test import Client, TransactionTestCase, override_settings

from zhaoshang.accounts.models import Role
from zhaoshang.core.concurrency import concurrently
from zhaoshang.regions.services import region_load
from zhaoshang.testing import make_carrier, make_project, make_user, make_zone


def thread_name() -> str:
    return threading.current_thread().name


@override_settings(FIGURE_THREADS=2)
class ConcurrentlyTests(TransactionTestCase):
    def test_the_calls_after_the_first_run_on_other_threads_and_come_back_in_order(self):
        main = thread_name()
        results = concurrently(lambda: ("一", thread_name()), lambda: ("二", thread_name()),
                               lambda: ("三", thread_name()))
        self.assertEqual([r[0] for r in results], ["一", "二", "三"])
        self.assertEqual(results[0][1], main)
        self.assertTrue(all(r[1] != main and r[1].startswith("figures") for r in results[1:]), results)

    def test_an_error_in_a_pool_thread_reaches_the_caller(self):
        def fails():
            raise ValueError("第二个算不出")

        with self.assertRaisesMessage(ValueError, "第二个算不出"):
            concurrently(lambda: 1, fails)

    def test_a_call_that_asks_for_concurrency_inside_the_pool_runs_its_calls_itself(self):
        # Two pool threads each waiting on the pool they occupy would wait for ever.
        nested = concurrently(lambda: None, lambda: concurrently(thread_name, thread_name),
                              lambda: concurrently(thread_name, thread_name))
        for inner in nested[1:]:
            self.assertEqual(len(set(inner)), 1, inner)

    def test_inside_a_transaction_the_calls_run_in_order_on_this_thread(self):
        # Another connection would not see the transaction's uncommitted rows.
        with transaction.atomic():
            self.assertEqual(set(concurrently(thread_name, thread_name, thread_name)), {thread_name()})

    @override_settings(FIGURE_THREADS=0)
    def test_no_threads_configured_runs_the_calls_in_order_on_this_thread(self):
        self.assertEqual(set(concurrently(thread_name, thread_name)), {thread_name()})


class ConcurrentCockpitTests(TransactionTestCase):
    def setUp(self):
        region_load()  # a transaction test case empties the database after each test, reference tables included
        zone = make_zone()
        carrier = make_carrier(zone, "甲园")
        self.officer = make_user("concurrent-officer", Role.OFFICER, team="一组")
        self.leader = make_user("concurrent-leader", Role.LEADER)
        other = make_user("concurrent-other", Role.OFFICER, team="二组")
        for i, (month, amount, owner, confidential) in enumerate(
                [(3, "12", self.officer, False), (5, "3", other, True), (6, "1.5", other, True),
                 (7, "40", other, True), (8, "2", self.officer, True), (9, "5", other, False)]):
            make_project(zone, f"并发项目{i}", owner=owner, amount=amount, confidential=confidential, carrier=carrier,
                         signed_on=dt.date(2020, month, 10))
        make_project(zone, "去年项目", owner=other, amount="8", signed_on=dt.date(2019, 4, 1))

    def page(self, user, path: str) -> str:
        client = Client()
        client.force_login(user)
        cache.clear()
        response = client.get(path)
        self.assertEqual(response.status_code, 200)
        return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|nonce=")[^"]+', r"\1", response.content.decode())

    def test_the_cockpit_shows_the_same_figures_computed_at_once_as_one_after_the_other(self):
        for user in (self.leader, self.officer):
            for path in ("/?zone=testzone&year=2020", "/?zone=testzone&year=2020&period=Q3",
                         "/cockpit/panel/?zone=testzone&year=2020&source=310000"):
                with override_settings(FIGURE_THREADS=0):
                    inline = self.page(user, path)
                with override_settings(FIGURE_THREADS=2):
                    at_once = self.page(user, path)
                self.assertIn("亿元", inline)
                self.assertEqual(at_once, inline, (user.username, path))

    def test_a_cockpit_computed_at_once_is_served_from_the_file_cache_next_time(self):
        # The parts computed at once start the cache's version together after it was emptied: one version, so
        # the next request finds all three parts (none is built again).
        with tempfile.TemporaryDirectory() as folder, override_settings(FIGURE_THREADS=2, CACHES={"default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": folder}}):
            for user in (self.leader, self.officer):
                self.page(user, "/?zone=testzone&year=2020")
                client = Client()
                client.force_login(user)
                with mock.patch("zhaoshang.kpis.views._cockpit_figures", side_effect=AssertionError("重算了本期")), \
                        mock.patch("zhaoshang.kpis.cockpit.other_periods", side_effect=AssertionError("重算了同比")), \
                        mock.patch("zhaoshang.kpis.cockpit.filtered_figures", side_effect=AssertionError("重算了图表")):
                    self.assertEqual(client.get("/?zone=testzone&year=2020").status_code, 200)
