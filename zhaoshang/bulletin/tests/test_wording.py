import datetime as dt
from decimal import Decimal

from django.test import SimpleTestCase

from zhaoshang.bulletin import wording


class NumberWordingTests(SimpleTestCase):
    def test_amounts_are_written_in_yi_with_two_decimals(self):
        self.assertEqual(wording.yi(Decimal("44138000000")), "441.38亿元")
        self.assertEqual(wording.yi(Decimal("100000000")), "1.00亿元")
        self.assertEqual(wording.yi(Decimal("40638000000.00")), "406.38亿元")
        self.assertEqual(wording.yi(Decimal("12345678")), "0.12亿元")

    def test_a_share_in_tenths_says_above_when_it_is_above(self):
        self.assertEqual(wording.cheng(Decimal("0.7273")), "7成以上")
        self.assertEqual(wording.cheng(Decimal("0.7")), "7成")
        self.assertEqual(wording.cheng(Decimal("0.99")), "9成以上")
        self.assertEqual(wording.cheng(1), "全部")
        self.assertEqual(wording.cheng(Decimal("0.05")), "5%")

    def test_a_share_in_prose_drops_trailing_zeros_but_a_table_keeps_two_decimals(self):
        self.assertEqual(wording.percent(Decimal("0.7273")), "72.73%")
        self.assertEqual(wording.percent(Decimal("0.8")), "80%")
        self.assertEqual(wording.percent(Decimal("0.9803")), "98.03%")
        self.assertEqual(wording.percent(1), "100%")
        self.assertEqual(wording.percent_fixed(Decimal("0.8")), "80.00%")

    def test_people_are_rounded_down_to_tens_or_hundreds_with_duo(self):
        self.assertEqual(wording.rounded_count(53), "50多名")
        self.assertEqual(wording.rounded_count(50), "50名")
        self.assertEqual(wording.rounded_count(7), "7名")
        self.assertEqual(wording.rounded_count(2274, "人"), "2200多人")
        self.assertEqual(wording.rounded_count(100), "100名")

    def test_exact_counts_carry_no_thousands_separator(self):
        self.assertEqual(wording.count(2274, "人"), "2274人")
        self.assertEqual(wording.count(33), "33个")

    def test_dates_have_no_zero_padding(self):
        self.assertEqual(wording.chinese_date(dt.date(2020, 9, 3)), "2020年9月3日")

    def test_completion_against_a_target(self):
        self.assertEqual(wording.completion(Decimal("0.825"), "40个"), "年度目标40个，完成82.50%")
        self.assertEqual(wording.completion(Decimal("1.1"), "30个"), "年度目标30个，已完成110.00%")
        self.assertEqual(wording.completion(None, ""), "")

    def test_a_later_quarter_or_month_has_a_year_to_date_and_the_first_has_none(self):
        to_september = wording.period_parse(2020, "Q3").year_to_date()
        self.assertEqual((to_september.start, to_september.end), (dt.date(2020, 1, 1), dt.date(2020, 9, 30)))
        self.assertEqual((to_september.label, to_september.opening), ("2020年1—9月", "今年以来（1—9月）"))
        self.assertEqual(wording.period_parse(2020, "2020-05").year_to_date().label, "2020年1—5月")
        for first in ("Q1", "2020-01", None):
            self.assertIsNone(wording.period_parse(2020, first).year_to_date())

    def test_section_numbers(self):
        self.assertEqual([wording.chinese_number(n) for n in (1, 4, 10, 12, 23)], ["一", "四", "十", "十二", "二十三"])


class PeriodTests(SimpleTestCase):
    def test_the_year_a_quarter_and_a_month(self):
        year = wording.period_parse(2020, None)
        self.assertEqual((year.start, year.end, year.label, year.opening),
                         (dt.date(2020, 1, 1), dt.date(2020, 12, 31), "2020年", "今年以来"))
        q3 = wording.period_parse(2020, "Q3")
        self.assertEqual((q3.start, q3.end, q3.label), (dt.date(2020, 7, 1), dt.date(2020, 9, 30), "2020年第三季度"))
        month = wording.period_parse(2020, "2020-02")
        self.assertEqual((month.start, month.end, month.label),
                         (dt.date(2020, 2, 1), dt.date(2020, 2, 29), "2020年2月"))
        self.assertEqual(wording.period_parse(2020, "12").end, dt.date(2020, 12, 31))

    def test_a_period_outside_the_year_or_malformed_is_refused_in_chinese(self):
        for bad in ("Q5", "2019-09", "2020-13", "autumn"):
            with self.assertRaises(wording.PeriodInvalid) as caught:
                wording.period_parse(2020, bad)
            self.assertIn("期间", str(caught.exception))
