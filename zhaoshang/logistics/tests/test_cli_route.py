"""`zhaoshang route` and `zhaoshang network`, run as a user would."""

import json

import pytest

from zhaoshang.cli import main
from zhaoshang.logistics.services import network_load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo():
    network_load_demo()


def _json(capsys, *args):
    assert main(list(args)) == 0
    return json.loads(capsys.readouterr().out)


def test_route_prints_the_pareto_routes_as_json(capsys):
    data = _json(capsys, "route", "--from", "zone_park", "--to", "yangshan", "--teu", "2",
                 "--ready", "2026-03-01 08:00", "--format", "json")
    marks = {m for r in data["routes"] for m in r["marks"]}
    assert marks == {"cheapest", "fastest", "greenest"}
    for route in data["routes"]:
        assert route["legs"][0]["from"] == "zone_park" and route["legs"][-1]["to"] == "yangshan"
        assert abs(sum(e["co2_kg"] for e in route["carbon"]["elements"]) - route["co2_kg"]) < 0.001


def test_route_by_name_and_in_tonnes_prints_a_table(capsys):
    assert main(["route", "--from", "湖州铁公水综合物流园", "--to", "宁波舟山港穿山港区", "--tonnes", "25",
                 "--ready", "2026-03-01 08:00"]) == 0
    out = capsys.readouterr().out
    assert "3 TEU / 25 吨" in out and "最低碳" in out and "公路→铁路" in out


def test_route_names_a_bad_ready_time(capsys):
    assert main(["route", "--from", "zone_park", "--to", "yangshan", "--teu", "1", "--ready", "3月1日"]) == 2
    assert "备货时间“3月1日”应为“YYYY-MM-DD HH:MM”格式" in capsys.readouterr().err


def test_route_with_another_factor_set_changes_the_carbon_but_not_the_cost(capsys):
    args = ["route", "--from", "zone_park", "--to", "waigaoqiao", "--teu", "1", "--ready", "2026-03-01 08:00",
            "--format", "json"]
    own, nl = _json(capsys, *args), _json(capsys, *args, "--factors", "nl2014")
    road = [r for r in own["routes"] if r["modes"] == ["road"]][0]
    road_nl = [r for r in nl["routes"] if r["modes"] == ["road"]][0]
    assert road["cost"] == road_nl["cost"] and road_nl["co2_kg"] == pytest.approx(10 * 192 * 90.3 / 1000)


def test_a_batch_writes_the_modal_split_and_the_all_road_baseline(tmp_path, capsys):
    path = tmp_path / "shipments.csv"
    path.write_text("from,to,teu,tonnes,ready\n"
                    "zone_park,waigaoqiao,2,,2026-03-01 08:00\n"
                    "zone_park,chuanshan,,25,2026-03-01 09:00\n"
                    "zone_park,nowhere,1,,2026-03-01 09:00\n", encoding="utf-8")
    data = _json(capsys, "route", "--batch", str(path), "--pick", "greenest", "--format", "json")
    assert (data["shipments"], data["planned"]) == (3, 2)
    assert data["failures"][0].startswith("第 4 行：没有节点“nowhere”")
    assert data["modal_split_share"]["inland_waterway"] > 0 and data["modal_split_share"]["rail"] > 0
    assert data["total_co2_kg"] < data["all_road_co2_kg"] and data["co2_saving_vs_all_road"] > 0


def test_network_lists_nodes_and_links_with_their_sources(capsys):
    data = _json(capsys, "network", "--format", "json")
    assert len(data["nodes"]) >= 12
    assert all("sources" in link for link in data["links"])
    assert main(["network"]) == 0
    table = capsys.readouterr().out
    assert "湖州西站" in table and "估算：" in table


def _sheet(path, rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return str(path)


def test_network_import_reads_workbooks_and_says_what_it_did(tmp_path, capsys):
    nodes = _sheet(tmp_path / "节点.xlsx", [["key", "name", "kind", "lon", "lat"],
                                           ["hz_depot", "湖州仓", "logistics_park", 120.1, 30.87]])
    links = _sheet(tmp_path / "线路.xlsx", [["起点", "终点", "方式", "距离（公里）", "速度（公里/小时）", "排放因子"],
                                           ["hz_depot", "zone_park", "公路", 5, 30, 62]])
    assert main(["network", "--import", nodes, links]) == 0
    out = capsys.readouterr().out
    assert "节点.xlsx：导入完成，共 1 行：新增 1 条" in out and "线路.xlsx：导入完成，共 1 行：新增 1 条" in out
    assert main(["network", "--import", nodes, links]) == 0
    assert "新增 0 条，更新 0 条，未变 1 条" in capsys.readouterr().out


def test_network_import_names_each_bad_cell_and_fails(tmp_path, capsys):
    links = _sheet(tmp_path / "links.xlsx", [["from", "to", "mode", "distance_km", "speed_kmh", "co2_g_per_tkm"],
                                            ["zone_park", "mars", "road", 5, -30, 62]])
    assert main(["network", "--import", links]) == 1
    err = capsys.readouterr().err
    assert f"{links}:2:to: 节点“mars”不存在" in err and f"{links}:2:speed_kmh: 不能为零或负数（-30）" in err
    assert "未写入任何数据" in err


def test_route_json_states_the_mode_change_cap_and_max_changes_moves_it(capsys):
    ask = ["route", "--from", "zone_park", "--to", "yangshan", "--teu", "2", "--ready", "2026-03-01 08:00",
           "--format", "json"]
    assert _json(capsys, *ask)["max_mode_changes"] == 4
    capped = _json(capsys, *ask, "--max-changes", "0")
    assert capped["max_mode_changes"] == 0 and capped["routes"]
    assert all(len(set(r["modes"])) == 1 for r in capped["routes"])
    assert _json(capsys, *ask, "--max-changes", "none")["max_mode_changes"] is None


def test_a_bad_max_changes_is_refused_in_chinese(capsys):
    assert main(["route", "--from", "zone_park", "--to", "yangshan", "--teu", "2", "--ready", "2026-03-01 08:00",
                 "--max-changes", "-1"]) != 0
    assert "换装次数上限" in capsys.readouterr().err
