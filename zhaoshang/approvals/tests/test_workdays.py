"""Time limits count working days on the State Council's calendar: holidays off, 调休 weekends worked."""

import datetime as dt

from django.test import SimpleTestCase, TestCase

from zhaoshang.approvals.models import Case, ServiceItem
from zhaoshang.approvals.workdays import national_calendar
from zhaoshang.testing import make_zone

D = dt.date
CAL = national_calendar()


class CalendarTests(SimpleTestCase):
    def test_a_tiaoxiu_saturday_is_a_working_day_and_a_holiday_weekday_is_not(self):
        self.assertTrue(CAL.is_working_day(D(2020, 10, 10)))  # Saturday worked after 国庆
        self.assertFalse(CAL.is_working_day(D(2020, 10, 8)))  # Thursday inside 国庆
        self.assertFalse(CAL.is_working_day(D(2020, 10, 11)))  # an ordinary Sunday

    def test_a_limit_runs_over_the_national_day_week_and_counts_its_working_saturday(self):
        # Received Wednesday 30 September: 1–8 October are off, Friday 9 and Saturday 10 are worked.
        self.assertEqual(CAL.add_working_days(D(2020, 9, 30), 1), D(2020, 10, 9))
        self.assertEqual(CAL.add_working_days(D(2020, 9, 30), 2), D(2020, 10, 10))
        self.assertEqual(CAL.add_working_days(D(2020, 9, 30), 3), D(2020, 10, 12))

    def test_the_day_of_receipt_does_not_count(self):
        self.assertEqual(CAL.working_days_between(D(2020, 6, 1), D(2020, 6, 1)), 0)
        self.assertEqual(CAL.add_working_days(D(2020, 6, 5), 1), D(2020, 6, 8))  # Friday → Monday

    def test_counting_back_skips_the_same_days_as_counting_forward(self):
        self.assertEqual(CAL.add_working_days(D(2020, 10, 9), -1), D(2020, 9, 30))

    def test_the_extended_2020_spring_festival_is_off_to_2_february(self):
        self.assertFalse(CAL.is_working_day(D(2020, 1, 31)))
        self.assertFalse(CAL.is_working_day(D(2020, 2, 1)))  # the planned working Saturday, cancelled
        self.assertEqual(CAL.add_working_days(D(2020, 1, 23), 1), D(2020, 2, 3))


class CaseTimeLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        cls.item = ServiceItem.objects.create(zone=zone, name="建筑工程施工许可证核发", department="住建局",
                                              statutory_days=15, promised_days=3)
        cls.zone = zone

    def case(self, received, decided):
        return Case(zone=self.zone, number="X", item=self.item, channel="window", applicant_name="某公司",
                    received_on=received, decided_on=decided, promised_days=3)

    def test_a_case_decided_on_the_promised_day_is_on_time(self):
        case = self.case(D(2020, 9, 29), D(2020, 10, 10))  # Tue 29 Sep + 3 working days = Sat 10 Oct
        self.assertEqual(case.due_on(), D(2020, 10, 10))
        self.assertEqual(case.working_days(), 3)
        self.assertTrue(case.on_time())

    def test_a_case_decided_the_next_working_day_after_the_promise_is_late(self):
        case = self.case(D(2020, 9, 29), D(2020, 10, 12))
        self.assertEqual(case.working_days(), 4)
        self.assertFalse(case.on_time())

    def test_an_undecided_case_is_neither_on_time_nor_late(self):
        self.assertIsNone(self.case(D(2020, 9, 29), None).on_time())
