"""The small-cell rule on KPI values as `kpi_for_viewer` leaves them, and what a bulletin adds to it: a share
of another KPI's records, a ratio's two parts, and two nested periods side by side."""

from decimal import Decimal

from django.test import SimpleTestCase

from zhaoshang.bulletin.reading import FULL, SUPPRESSED, VISIBLE, figure_stated, nested_stated
from zhaoshang.kpis.services import KpiValue


def _value(unit="count", value=5, ids=(1, 2, 3, 4), hidden=1, **extra) -> KpiValue:
    return KpiValue(key="k", label="指标", unit=unit, value=value, record_model="projects.Project",
                    record_ids=list(ids), period="2020年", zone="测试新区", hidden_count=hidden, **extra)


class SmallCellTests(SimpleTestCase):
    def test_nothing_hidden_states_the_zone_figure(self):
        stated = figure_stated(_value(value=4, hidden=0))
        self.assertEqual((stated.value, stated.mode), (4, FULL))

    def test_a_value_kpi_for_viewer_reduced_is_stated_as_the_visible_part(self):
        stated = figure_stated(_value(value=4, hidden=0, suppressed=True))
        self.assertEqual((stated.value, stated.mode, stated.hidden), (4, VISIBLE, 0))

    def test_a_reduced_sum_of_counts_it_cannot_recompute_is_not_stated(self):
        stated = figure_stated(_value(value=None, ids=(1, 2), hidden=0, suppressed=True))  # graduates
        self.assertEqual((stated.value, stated.mode), (None, SUPPRESSED))

    def test_three_hidden_records_let_the_zone_figure_stand(self):
        stated = figure_stated(_value(value=7, hidden=3))
        self.assertEqual((stated.value, stated.mode, stated.hidden), (7, FULL, 3))

    def test_a_share_whose_base_kpi_hides_one_record_is_a_share_of_the_visible_base(self):
        # The signed projects hide one (non-YRD) project: kpi_for_viewer reduced them to the 4 visible ones;
        # the YRD share hides nothing of its own, yet 3/5 beside 4 visible projects would give the fifth away.
        base = _value(value=4, ids=(1, 2, 3, 4), hidden=0, suppressed=True)
        share = _value(unit="ratio", value=Decimal("0.6"), ids=(1, 2, 3), hidden=0)
        stated = figure_stated(share, base=base)
        self.assertEqual((stated.value, stated.mode), (Decimal("0.75"), VISIBLE))

    def test_a_reduced_share_of_another_kpi_is_worked_out_over_its_visible_base(self):
        base = _value(value=4, ids=(1, 2, 3, 4), hidden=0, suppressed=True)
        share = _value(unit="ratio", value=None, ids=(1, 2), hidden=0, suppressed=True)
        self.assertEqual(figure_stated(share, base=base).value, Decimal("0.5"))

    def test_a_ratio_whose_parts_each_hide_one_or_two_is_stated_over_the_visible_records(self):
        # One hidden project went on, two hidden ones reached the first stage: 1 + 2 is no three hidden projects.
        ratio = _value(unit="ratio", value=Decimal("0.5"), ids=(1, 2), hidden=1, base_ids=[1, 2, 3, 4, 5, 6],
                       base_hidden_count=2)
        stated = figure_stated(ratio)
        self.assertEqual((stated.value, stated.mode), (Decimal("0.3333"), VISIBLE))


class NestedPeriodTests(SimpleTestCase):
    """今年以来 and the quarter in one bulletin: their difference is the months before the quarter."""

    def test_a_quarter_beside_a_year_to_date_one_hidden_record_apart_is_stated_over_the_visible_records(self):
        to_date = _value(value=10, ids=range(1, 7), hidden=4)  # 3 hidden in the quarter, 1 before it
        quarter = _value(value=5, ids=(1, 2), hidden=3)
        outer, inner = figure_stated(to_date), figure_stated(quarter)
        self.assertEqual((outer.mode, inner.mode), (FULL, FULL))  # each on its own may be stated in full
        stated = nested_stated(outer, inner, quarter)
        self.assertEqual((stated.value, stated.mode), (2, VISIBLE))

    def test_three_hidden_records_apart_both_stand(self):
        to_date, quarter = _value(value=10, ids=range(1, 5), hidden=6), _value(value=5, ids=(1, 2), hidden=3)
        stated = nested_stated(figure_stated(to_date), figure_stated(quarter), quarter)
        self.assertEqual((stated.value, stated.mode), (5, FULL))

    def test_a_median_is_restated_from_the_visible_records_days(self):
        to_date = _value(unit="days", value=30, ids=(1, 2, 3), hidden=5, record_figures={1: 10, 2: 20, 3: 90})
        quarter = _value(unit="days", value=40, ids=(1, 2, 3), hidden=3, record_figures={1: 10, 2: 20, 3: 90})
        stated = nested_stated(figure_stated(to_date), figure_stated(quarter), quarter)
        self.assertEqual((stated.value, stated.mode), (Decimal(20), VISIBLE))
