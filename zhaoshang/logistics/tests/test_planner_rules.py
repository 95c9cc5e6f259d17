"""Cut-offs, handling, TEU and tonnes, the bonded 一日游, the carbon statement and bad networks."""

import datetime as dt
from decimal import Decimal

import pytest

from zhaoshang.core.errors import UserError
from zhaoshang.logistics.generate import network_generate
from zhaoshang.logistics.planner import NetworkError, NoRoute, network_build, routes_plan, shipment_of

DAY = dt.date(2026, 3, 1)


def _rows():
    """A park (A), a rail yard (Y), a seaport (P) and a bonded centre (B)."""
    nodes = [
        {"key": "A", "name": "园区", "kind": "logistics_park", "lon": 120.1, "lat": 30.9},
        {"key": "Y", "name": "铁路场站", "kind": "rail_yard", "lon": 120.0, "lat": 30.9,
         "hub_factor": 0.6, "hub_factor_source": "测试", "handling": [
             {"from": "road", "to": "rail", "hours": 1, "cost_per_teu": 200}]},
        {"key": "P", "name": "海港", "kind": "seaport", "lon": 121.9, "lat": 30.6, "customs_step": "口岸报关",
         "customs_step_hours": 24, "customs_step_fee_per_teu": 500, "hub_factor": 0.6},
        {"key": "B", "name": "保税中心", "kind": "bonded_centre", "lon": 120.1, "lat": 30.8,
         "customs_step": "B保一日游",
         "customs_step_hours": 6, "customs_step_fee_per_teu": 300, "hub_factor": 0.5, "hub_factor_source": "估算"},
    ]
    links = [
        {"key": "A-Y", "from": "A", "to": "Y", "mode": "road", "distance_km": 10, "speed_kmh": 60,
         "cost_per_tkm": "0.49", "co2_g_per_tkm": 62},
        {"key": "Y-P", "from": "Y", "to": "P", "mode": "rail", "distance_km": 300, "speed_kmh": 50,
         "cost_per_teu": 500, "cost_per_tkm": "0.22", "co2_g_per_tkm": 22, "capacity_teu": 50},
        {"key": "A-P", "from": "A", "to": "P", "mode": "road", "distance_km": 240, "speed_kmh": 60,
         "cost_per_tkm": "0.49", "co2_g_per_tkm": 62, "co2_g_per_tkm_source": "CEFIC/ECTA 2011"},
        {"key": "A-B", "from": "A", "to": "B", "mode": "road", "distance_km": 3, "speed_kmh": 30,
         "cost_per_tkm": "0.49", "co2_g_per_tkm": 62},
        {"key": "B-P", "from": "B", "to": "P", "mode": "road", "distance_km": 240, "speed_kmh": 60,
         "cost_per_tkm": "0.49", "co2_g_per_tkm": 62},
    ]
    departures = [
        {"link": "Y-P", "departs": "09:00", "arrives": "15:00", "cutoff_minutes": 60},
        {"link": "Y-P", "departs": "15:00", "arrives": "21:00", "cutoff_minutes": 60},
    ]
    return {"nodes": nodes, "links": links, "departures": departures}


NETWORK = network_build(**_rows())


def _plan(origin="A", destination="P", at="08:00", **shipment):
    if "tonnes" not in shipment:
        shipment.setdefault("teu", 1)
    ready = dt.datetime.combine(DAY, dt.time.fromisoformat(at))
    return routes_plan(NETWORK, shipment_of(origin=origin, destination=destination, ready=ready, **shipment))


def _rail(routes):
    return next(r for r in routes if "rail" in r.modes)


def test_a_box_ready_at_the_cut_off_takes_that_train():
    leg = _rail(_plan(origin="Y", at="08:00")).legs[0]
    assert _rail(_plan(origin="Y", at="08:00")).when(leg.departure) == dt.datetime(2026, 3, 1, 9, 0)


def test_a_box_ready_one_minute_after_the_cut_off_takes_the_next_train():
    route = _rail(_plan(origin="Y", at="08:01"))
    assert route.when(route.legs[0].departure) == dt.datetime(2026, 3, 1, 15, 0)


def test_the_transfer_time_counts_against_the_cut_off():
    # 06:50 + 10 minutes' drive + 1 hour's handling = 08:00, the 09:00 train's cut-off; a minute later misses it.
    on_time, late = _rail(_plan(at="06:50")), _rail(_plan(at="06:51"))
    assert on_time.when(on_time.legs[1].departure).hour == 9
    assert late.when(late.legs[1].departure).hour == 15


def test_a_box_ready_after_the_last_cut_off_leaves_the_next_morning():
    route = _rail(_plan(origin="Y", at="14:30"))
    assert route.when(route.legs[0].departure) == dt.datetime(2026, 3, 2, 9, 0)
    assert route.as_json(NETWORK.nodes)["duration_hours"] == 24.5


def test_every_transfer_adds_its_handling_time_and_cost():
    route = _rail(_plan(at="06:00", teu=2))
    (stop,) = route.stops
    assert (stop.node.key, stop.minutes, stop.cost_fen) == ("Y", 60, 200 * 2 * 100)
    legs = sum(leg.cost_fen for leg in route.legs)
    assert route.cost_fen == legs + stop.cost_fen


def test_teu_are_converted_to_tonnes_at_ten_tonnes_a_box():
    shipment = shipment_of(origin="A", destination="P", ready=dt.datetime(2026, 3, 1), teu=3)
    assert shipment.tonnes == Decimal(30)


def test_tonnes_are_converted_to_whole_boxes_rounded_up():
    assert shipment_of(origin="A", destination="P", ready=dt.datetime(2026, 3, 1), tonnes="25").teu == 3
    assert shipment_of(origin="A", destination="P", ready=dt.datetime(2026, 3, 1), tonnes=20).teu == 2


def test_per_tonne_km_prices_use_the_tonnes_and_per_teu_prices_the_boxes():
    road = next(r for r in _plan(tonnes="25") if r.modes == ["road"])
    assert road.cost == Decimal("0.49") * 25 * 240  # 2,940 yuan
    rail_leg = _rail(_plan(tonnes="25")).legs[1]
    assert rail_leg.cost_fen == (500 * 3 + Decimal("0.22") * 25 * 300) * 100


def test_the_bonded_loop_adds_its_time_and_fee_and_changes_customs_status():
    routes = _plan(customs_to="bonded", at="08:00")
    looped = next(r for r in routes if any(s.name == "B保一日游" for s in r.stops))
    stop = next(s for s in looped.stops if s.name == "B保一日游")
    assert (stop.node.key, stop.minutes, stop.cost_fen, stop.status_after) == ("B", 360, 30000, "bonded")
    assert looped.cost_fen == sum(leg.cost_fen for leg in looped.legs) + 30000
    drive = sum(leg.arrival - leg.departure for leg in looped.legs)
    assert looped.duration_minutes == drive + 360
    assert looped.as_json(NETWORK.nodes)["customs"] == "bonded"


def test_without_a_customs_change_no_route_takes_the_loop():
    assert not any(s.kind == "customs" for r in _plan() for s in r.stops)


def test_the_bonded_loop_beats_declaring_at_the_port():
    routes = _plan(customs_to="bonded")
    cheapest = next(r for r in routes if "cheapest" in r.marks)
    assert [s.name for s in cheapest.stops if s.kind == "customs"] == ["B保一日游"]


def test_no_route_breaks_a_capacity():
    routes = _plan(teu=60)
    assert routes and all("rail" not in r.modes for r in routes)


def test_a_shipment_no_route_can_serve_gets_a_reason():
    with pytest.raises(NoRoute, match="没有路线能承运这票货物.*运力不足，最大 50 TEU"):
        _plan(origin="Y", teu=60)


@pytest.mark.parametrize("seed", range(5))
def test_carbon_elements_add_up_to_the_route_total(seed):
    network = network_generate(40, 160, seed=seed, timetabled=0.5)
    shipment = shipment_of(origin="n0", destination="n39", ready=dt.datetime(2026, 3, 1, 8), tonnes="37.5")
    for route in routes_plan(network, shipment):
        statement = route.as_json(network.nodes)["carbon"]
        parts = sum(e["co2_kg"] for e in statement["elements"])
        assert abs(parts - statement["total_kg"]) <= statement["total_kg"] * 0.001
        for e in statement["elements"]:
            product = e["tonne_km"] * e["factor"] / 1000 if "tonne_km" in e else e["tonnes"] * e["factor"]
            assert abs(product - e["co2_kg"]) <= max(0.001, e["co2_kg"] * 0.001)


def test_the_carbon_statement_names_each_leg_and_hub_with_source_and_basis():
    statement = _rail(_plan(at="06:00")).as_json(NETWORK.nodes)["carbon"]
    assert [(e["element"], e["basis"]) for e in statement["elements"]] == [
        ("园区→铁路场站（公路）", "WTW"), ("铁路场站（公路→铁路换装）", "WTW"), ("铁路场站→海港（铁路）", "WTW")]
    assert statement["elements"][1] == {"element": "铁路场站（公路→铁路换装）", "tonnes": 10.0, "factor": 0.6,
                                        "factor_unit": "kg/t", "source": "测试", "basis": "WTW", "co2_kg": 6.0}
    assert statement["elements"][2]["tonne_km"] == 3000


def _broken(change):
    rows = _rows()
    change(rows)
    with pytest.raises(NetworkError) as caught:
        network_build(**rows)
    return caught.value.problems


def test_a_link_to_an_unknown_node_is_named_with_its_row():
    problems = _broken(lambda rows: rows["links"][2].update({"to": "Z"}))
    assert problems == ["连线第 3 行（A-P）：终点“Z”不是已知节点"]


def test_a_negative_cost_or_time_is_named():
    def change(rows):
        rows["links"][0]["cost_per_tkm"] = "-0.49"
        rows["nodes"][1]["handling"][0]["hours"] = -1
    problems = _broken(change)
    assert "连线第 1 行（A-Y）：cost_per_tkm 不能为负数（-0.49）" in problems
    assert "节点第 2 行（Y） 第 1 项换装：hours 不能为负数（-1）" in problems


def test_a_timetable_arriving_before_it_leaves_is_named():
    problems = _broken(lambda rows: rows["departures"][1].update({"arrives": "14:00"}))
    assert problems == ["时刻表第 2 行（Y-P）：到达 14:00（+0 天）早于或等于出发 15:00"]


def test_a_departure_on_the_next_day_is_not_an_error():
    rows = _rows()
    rows["departures"][1].update({"departs": "22:00", "arrives": "04:00", "arrival_day": 1})
    route = _rail(routes_plan(network_build(**rows), shipment_of(
        origin="Y", destination="P", teu=1, ready=dt.datetime(2026, 3, 1, 8, 30))))
    assert route.when(route.arrival) == dt.datetime(2026, 3, 2, 4, 0)


def test_an_unknown_mode_and_a_zero_speed_are_named():
    def change(rows):
        rows["links"][0].update({"mode": "air", "speed_kmh": 0})
    problems = _broken(change)
    assert "连线第 1 行（A-Y）：mode “air”不是 road/rail/inland_waterway/sea 之一" in problems
    assert "连线第 1 行（A-Y）：speed_kmh 不能为零或负数（0）" in problems


def test_a_shipment_needs_boxes_or_tonnes_but_not_both():
    with pytest.raises(UserError, match="箱量"):
        shipment_of(origin="A", destination="P", ready=dt.datetime(2026, 3, 1))
    with pytest.raises(UserError, match="重量必须大于零"):
        shipment_of(origin="A", destination="P", ready=dt.datetime(2026, 3, 1), tonnes="-3")
