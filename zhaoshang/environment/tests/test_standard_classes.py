"""Classing against GB 3838-2002 table 1, at every class boundary, for rivers and for lakes."""

from decimal import Decimal

import pytest

from zhaoshang.environment.standard import PARAMETERS, class_of, classify, means, parameter_named

# The standard's table 1 as printed (mg/L), typed here independently of the data file.
TABLE_1 = {
    ("do", "river"): ["7.5", "6", "5", "3", "2"],
    ("do", "lake"): ["7.5", "6", "5", "3", "2"],
    ("codmn", "river"): ["2", "4", "6", "10", "15"],
    ("codmn", "lake"): ["2", "4", "6", "10", "15"],
    ("nh3n", "river"): ["0.15", "0.5", "1.0", "1.5", "2.0"],
    ("nh3n", "lake"): ["0.15", "0.5", "1.0", "1.5", "2.0"],
    ("tp", "river"): ["0.02", "0.1", "0.2", "0.3", "0.4"],
    ("tp", "lake"): ["0.01", "0.025", "0.05", "0.1", "0.2"],
    ("tn", "lake"): ["0.2", "0.5", "1.0", "1.5", "2.0"],
}
STEP = Decimal("0.001")
BOUNDARIES = [(p, body, number, Decimal(limit)) for (p, body), limits in TABLE_1.items()
              for number, limit in enumerate(limits, start=1)]


@pytest.mark.parametrize(("parameter", "body", "number", "limit"), BOUNDARIES)
def test_a_value_exactly_at_a_limit_belongs_to_the_better_class(parameter, body, number, limit):
    assert classify(parameter, limit, body) == number


@pytest.mark.parametrize(("parameter", "body", "number", "limit"), BOUNDARIES)
def test_one_step_past_a_limit_falls_to_the_next_class_or_to_worse_than_v(parameter, body, number, limit):
    past = limit - STEP if parameter == "do" else limit + STEP  # dissolved oxygen: less is worse
    assert classify(parameter, past, body) == number + 1  # 6 is 劣Ⅴ after class Ⅴ


def test_the_data_file_holds_exactly_the_standards_table():
    shipped = {(p.key, body): [f"{v}" for v in limits]
               for p in PARAMETERS.values() for body, limits in p.limits.items()}
    assert shipped == TABLE_1


def test_total_nitrogen_does_not_class_a_river():
    assert classify("tn", Decimal("5"), "river") is None


def test_chlorophyll_and_algae_are_tracked_but_never_classed():
    assert classify("chla", Decimal("80"), "lake") is None
    assert classify("algae", Decimal("5000"), "lake") is None


def test_a_sample_takes_the_class_of_its_worst_parameter():
    sample = class_of({"do": Decimal("8"), "nh3n": Decimal("0.3"), "tp": Decimal("0.12"),
                       "chla": Decimal("40")}, "river")
    assert (sample.label, sample.deciding, sample.worse_than(2)) == ("Ⅲ类", ["tp"], ["tp"])


def test_lake_phosphorus_is_held_to_the_stricter_lake_limits():
    assert class_of({"tp": Decimal("0.06")}, "river").label == "Ⅱ类"
    assert class_of({"tp": Decimal("0.06")}, "lake").label == "Ⅳ类"


def test_a_period_is_classed_by_the_mean_of_each_parameter():
    period = means([("tp", Decimal("0.25")), ("tp", Decimal("0.05")), ("do", Decimal("7"))])
    assert period == {"tp": Decimal("0.15"), "do": Decimal("7")}
    assert class_of(period, "river").label == "Ⅲ类"  # one month of Ⅳ类 phosphorus does not make the year Ⅳ


@pytest.mark.parametrize("written", ["氨氮", "NH3-N", "nh3n", "氨氮（NH3-N）", "ＮＨ３－Ｎ"])
def test_a_parameter_is_found_by_any_of_its_names(written):
    assert parameter_named(written).key == "nh3n"
