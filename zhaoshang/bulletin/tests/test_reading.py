"""The small-cell rule on KPI values as `kpi_for_viewer` leaves them."""

from decimal import Decimal

from django.test import SimpleTestCase

from zhaoshang.bulletin.reading import FULL, SUPPRESSED, VISIBLE, figure_stated
from zhaoshang.kpis.services import KpiValue


def _value(unit="count", value=5, ids=(1, 2, 3, 4), hidden=1, **extra) -> KpiValue:
    return KpiValue(key="k", label="指标", unit=unit, value=value, record_model="projects.Project",
                    record_ids=list(ids), period="2020年", zone="测试新区", hidden_count=hidden, **extra)


class SmallCellTests(SimpleTestCase):
    def test_nothing_hidden_states_the_zone_figure(self):
        stated = figure_stated(_value(value=4, hidden=0))
        self.assertEqual((stated.value, stated.mode), (4, FULL))

    def test_one_hidden_record_is_left_out_of_a_count(self):
        stated = figure_stated(_value(value=5, hidden=1))
        self.assertEqual((stated.value, stated.mode), (4, VISIBLE))

    def test_one_hidden_record_is_left_out_of_a_sum(self):
        amounts = {1: Decimal(100), 2: Decimal(200), 3: Decimal(300), 4: Decimal(400)}
        stated = figure_stated(_value(unit="CNY", value=Decimal(3500), hidden=1), amounts=amounts)
        self.assertEqual((stated.value, stated.mode), (Decimal(1000), VISIBLE))

    def test_three_hidden_records_let_the_zone_figure_stand(self):
        stated = figure_stated(_value(value=7, hidden=3))
        self.assertEqual((stated.value, stated.mode, stated.hidden), (7, FULL, 3))

    def test_a_sum_of_counts_it_cannot_recompute_is_not_stated(self):
        stated = figure_stated(_value(value=2274, ids=(1, 2), hidden=2))  # graduates: a sum, not a count of records
        self.assertEqual((stated.value, stated.mode), (None, SUPPRESSED))

    def test_a_share_whose_base_hides_one_record_is_a_share_of_the_visible_base(self):
        base = _value(value=5, ids=(1, 2, 3, 4), hidden=1)
        share = _value(unit="ratio", value=Decimal("0.6"), ids=(1, 2, 3), hidden=0)  # the hidden one is not in it
        stated = figure_stated(share, base=base)
        self.assertEqual((stated.value, stated.mode), (Decimal("0.75"), VISIBLE))

    def test_a_median_over_visible_records_uses_their_days(self):
        value = _value(unit="days", value=30, ids=(1, 2, 3), hidden=1, record_figures={1: 10, 2: 20, 3: 90})
        self.assertEqual(figure_stated(value).value, 20)
