"""Importing registry exports into the universe: the layouts people have, bad rows named, all or nothing,
--skip-invalid, merges, and an atomic replace. Small files, no database."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from zhaoshang.universe import importer, storage
from zhaoshang.universe.importer import universe_import
from zhaoshang.universe.normalise import uscc_check_digit

KEYWORDS = ["电池管理系统", "热管理", "BMS"]


def code(body: str) -> str:
    """A valid credit code from 17 characters."""
    return body + uscc_check_digit(body)


CATL = code("91350900587527783")  # 17 characters, then its check digit
BYD = code("91440300192317458")
BMS = code("91330100MA2H3J4K5")

QCC_HEADER = ["企业名称", "登记状态", "法定代表人", "注册资本", "成立日期", "统一社会信用代码", "注册地址",
              "所属省份", "所属城市", "所属区县", "有效手机号", "更多电话", "邮箱", "企业(机构)类型", "纳税人识别号",
              "注册号", "组织机构代码", "参保人数", "参保人数所属年报", "营业期限", "国标行业门类", "国标行业大类",
              "国标行业中类", "国标行业小类", "企查查行业门类", "企查查行业大类", "企查查行业中类", "企查查行业小类",
              "企业规模", "曾用名", "英文名", "官网网址", "通信地址", "通信地址邮编", "企业简介", "经营范围"]


def qcc_row(name, status, capital, credit_code, province, city, county, section, division, group, klass, scope,
            insured="120"):
    row = dict.fromkeys(QCC_HEADER, "-")
    row.update({"企业名称": name, "登记状态": status, "注册资本": capital, "成立日期": "2011-12-16",
                "统一社会信用代码": credit_code, "所属省份": province, "所属城市": city, "所属区县": county,
                "参保人数": insured, "国标行业门类": section, "国标行业大类": division, "国标行业中类": group,
                "国标行业小类": klass, "经营范围": scope})
    return [row[h] for h in QCC_HEADER]


GOOD = [
    qcc_row("宁德时代新能源科技股份有限公司", "存续（在营、开业、在册）", "244078.9476万元人民币", CATL,
            "福建省", "宁德市", "蕉城区", "制造业", "电气机械和器材制造业", "电池制造", "锂离子电池制造",
            "锂离子电池、电池管理系统研发", "18000"),
    qcc_row("比亚迪股份有限公司", "在业", "291114.2855万元人民币", BYD, "广东省", "深圳市", "坪山区", "制造业",
            "汽车制造业", "汽车整车制造", "新能源车整车制造", "新能源汽车整车制造；电池"),
    qcc_row("杭州某某热控科技有限公司", "注销", "500万美元", BMS, "浙江省", "杭州市", "余杭区", "制造业", "汽车制造业",
            "汽车零部件及配件制造", "汽车零部件及配件制造", "汽车热管理系统、BMS 研发"),
]


def write_csv(path: Path, header: list[str], rows: list[list[str]], *, above: tuple[list[str], ...] = ()) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        for line in above:
            writer.writerow(line)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def firms(data: Path) -> list[dict]:
    version = storage.current(storage.root(data))
    assert version is not None
    con = duckdb.connect()
    result = con.execute(f"SELECT * FROM {storage.firms_relation_sql(version)} ORDER BY name")  # noqa: S608
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def run(data: Path, *paths: Path, **options):
    return universe_import(paths=paths, data_dir=data, keywords=KEYWORDS, rates={"USD": Decimal("7.1")}, **options)


def test_qichacha_export_imports_with_codes_places_capital_status_and_keywords(tmp_path):
    result = run(tmp_path / "data", write_csv(tmp_path / "企查查导出-20250102.csv", QCC_HEADER, GOOD))
    assert result.ok, result.problems
    rows = {r["name"]: r for r in firms(tmp_path / "data")}
    catl = rows["宁德时代新能源科技股份有限公司"]
    assert (catl["industry_code"], catl["prov"], catl["city_code"], catl["city"]) == ("3841", "35", "350900", "宁德")
    assert (catl["status"], catl["active"], catl["insured"]) == ("存续", True, 18000)
    assert catl["capital_cny"] == Decimal("2440789476.00")
    assert catl["scope_kw"] == ["电池管理系统"]
    assert rows["比亚迪股份有限公司"]["industry_code"] == "3612"
    thermal = rows["杭州某某热控科技有限公司"]
    assert (thermal["status"], thermal["active"]) == ("注销", False)
    assert (thermal["capital_amount"], thermal["capital_currency"], thermal["capital_cny"]) == (
        Decimal("5000000.00"), "USD", Decimal("35500000.00"))
    assert thermal["scope_kw"] == ["BMS", "热管理"]
    manifest = storage.current(storage.root(tmp_path / "data")).manifest
    assert manifest["firms"] == 3 and manifest["by_status"] == {"存续": 1, "在业": 1, "注销": 1}
    assert manifest["sources"] == [{"label": "企查查导出-20250102", "file": "企查查导出-20250102.csv",
                                    "export_date": "2025-01-02", "rows": 3}]


def test_files_are_stored_by_province_and_sorted_by_industry_code(tmp_path):
    rows = [qcc_row(f"浙江{i}号科技有限公司", "存续", "100万元", code(f"9133010000000{i:04d}"), "浙江省", "杭州市",
                    "西湖区", "制造业", "汽车制造业", "汽车零部件及配件制造", "汽车零部件及配件制造", "")
            for i in range(3)] + GOOD
    assert run(tmp_path / "data", write_csv(tmp_path / "a.csv", QCC_HEADER, rows[::-1])).ok
    version = storage.current(storage.root(tmp_path / "data"))
    folders = sorted(p.name for p in (version.path / "firms").iterdir())
    assert folders == ["prov=33", "prov=35", "prov=44"]
    codes = pq.read_table(version.path / "firms" / "prov=33" / "data.parquet").column("industry_code").to_pylist()
    assert codes == sorted(codes)


def test_tianyancha_export_with_a_disclaimer_line_above_the_headers(tmp_path):
    wb = Workbook()
    sheet = wb.active
    sheet.title = "高级搜索"
    sheet.append(["声明：本数据由天眼查提供，仅供参考"])
    sheet.append(["公司名称", "登记状态", "成立日期", "所属省份", "所属城市", "国标行业门类", "国标行业大类",
                  "统一社会信用代码", "天眼评分", "参保人数", "经营范围", "注册资本", "企业（机构）类型"])
    sheet.append(["宁德时代新能源科技股份有限公司", "存续", "2011-12-16", "福建省", "宁德市", "制造业",
                  "电气机械和器材制造业", CATL, 99, 18000, "电池管理系统", "244078.9476万人民币", "股份有限公司"])
    path = tmp_path / "天眼查.xlsx"
    wb.save(path)
    result = run(tmp_path / "data", path)
    assert result.ok, result.problems
    [firm] = firms(tmp_path / "data")
    assert (firm["industry_code"], firm["vendor_score"], firm["kind"]) == ("38", 99.0, "股份有限公司")


def test_national_24_column_variant_and_publicity_system_fields(tmp_path):
    national = write_csv(tmp_path / "全国.csv",
                         ["企业名称", "经营状态", "注册资本", "所属省份", "所属城市", "统一社会信用代码", "工商注册号",
                          "企业类型", "所属行业", "经营范围"],
                         [["比亚迪股份有限公司", "存续", "291114.2855万元", "广东省", "深圳市", BYD, "-",
                           "股份有限公司", "新能源车整车制造", "电池"]])
    publicity = write_csv(tmp_path / "公示.csv",
                          ["企业名称", "注册号/统一社会信用代码", "类型", "法定代表人", "注册资本", "成立日期",
                           "登记状态", "住所", "经营范围"],
                          [["宁德时代新能源科技股份有限公司", CATL, "其他股份有限公司(上市)", "曾某",
                            "244078.9476万人民币", "2011年12月16日", "存续（在营、开业、在册）", "福建省宁德市蕉城区",
                            "电池管理系统"]])
    result = run(tmp_path / "data", national, publicity)
    assert result.ok, result.problems
    rows = {r["name"]: r for r in firms(tmp_path / "data")}
    assert rows["比亚迪股份有限公司"]["industry_code"] == "3612"
    catl = rows["宁德时代新能源科技股份有限公司"]
    # no province column: the province is the registering authority's, from the credit code
    assert (catl["prov"], catl["city_code"], str(catl["founded"])) == ("35", "350900", "2011-12-16")


def test_parquet_input(tmp_path):
    table = pa.table({h: [row[i] for row in GOOD] for i, h in enumerate(QCC_HEADER)})
    pq.write_table(table, tmp_path / "qcc.parquet")
    assert run(tmp_path / "data", tmp_path / "qcc.parquet").ok
    assert len(firms(tmp_path / "data")) == 3


def test_bad_rows_are_named_and_nothing_is_written(tmp_path):
    bad = [
        qcc_row("甲公司", "存续", "100万元", CATL[:-1] + ("0" if CATL[-1] != "0" else "1"), "浙江省", "杭州市", "",
                "制造业", "汽车制造业", "", "", ""),
        qcc_row("", "存续", "100万元", BYD, "浙江省", "杭州市", "", "制造业", "汽车制造业", "", "", ""),
        qcc_row("乙公司", "存续", "100万元", BMS, "浙江省", "杭州市", "", "制造业", "宇宙飞船制造业", "", "", ""),
        qcc_row("丙公司", "存续", "很多钱", "", "浙江省", "杭州市", "", "", "", "", "", ""),
    ]
    path = write_csv(tmp_path / "bad.csv", QCC_HEADER, GOOD + bad)
    result = run(tmp_path / "data", path)
    assert not result.ok
    found = {(p.row, p.column): p.reason for p in result.problems}
    assert all(p.file == str(path) for p in result.problems)
    assert "校验位不符" in found[(5, "统一社会信用代码")]
    assert found[(6, "企业名称")] == "企业名称为空"
    assert "国标行业大类“宇宙飞船制造业”不在 GB/T 4754-2017 中" in found[(7, "国标行业大类")]
    assert "很多钱" in found[(8, "注册资本")]
    assert storage.current(storage.root(tmp_path / "data")) is None
    assert list((tmp_path / "data" / "universe").glob("v-*")) == []


def test_skip_invalid_imports_the_rest_and_writes_the_rejected_rows_with_reasons(tmp_path):
    bad = qcc_row("甲公司", "存续", "100万元", "91330100MA2H3J4K50", "浙江省", "杭州市", "", "制造业", "汽车制造业",
                  "", "", "")
    result = run(tmp_path / "data", write_csv(tmp_path / "mixed.csv", QCC_HEADER, [*GOOD, bad]), skip_invalid=True)
    assert result.ok and (result.rows_imported, result.rows_rejected) == (3, 1)
    assert len(firms(tmp_path / "data")) == 3
    with open(result.rejected_file, encoding="utf-8-sig") as fh:
        rejected = list(csv.DictReader(fh))
    assert [(r["行"], r["列"], r["企业名称"]) for r in rejected] == [("5", "统一社会信用代码", "甲公司")]
    assert "校验位不符" in rejected[0]["原因"]


def test_duplicates_merge_by_credit_code_then_normalised_name(tmp_path):
    header = ["企业名称", "统一社会信用代码", "登记状态", "所属省份", "注册资本"]
    catl = "宁德时代新能源科技股份有限公司"
    first = write_csv(tmp_path / "a.csv", header, [[catl, CATL, "存续", "福建省", "100万元"],
                                                    ["某某（湖州）科技有限公司", "", "存续", "浙江省", "10万元"]])
    second = write_csv(tmp_path / "b.csv", header, [[catl, CATL, "存续", "福建省", "200万元"],
                                                     ["某某(湖州)科技 有限公司", "", "存续", "浙江省", "20万元"],
                                                     [catl, "", "存续", "福建省", "1万元"]])
    result = run(tmp_path / "data", first, second)
    assert result.ok and result.merged == 3
    rows = firms(tmp_path / "data")
    assert [(r["name"], r["capital_amount"]) for r in rows] == [
        ("宁德时代新能源科技股份有限公司", Decimal("2000000.00")), ("某某(湖州)科技 有限公司", Decimal("200000.00"))]


def test_a_second_import_adds_and_replace_swaps_the_whole_universe(tmp_path):
    data = tmp_path / "data"
    assert run(data, write_csv(tmp_path / "a.csv", QCC_HEADER, GOOD[:1])).ok
    assert run(data, write_csv(tmp_path / "b.csv", QCC_HEADER, GOOD[1:2])).ok
    assert len(firms(data)) == 2
    assert len(storage.current(storage.root(data)).manifest["sources"]) == 2
    old = storage.current(storage.root(data)).path
    assert run(data, write_csv(tmp_path / "c.csv", QCC_HEADER, GOOD[2:]), replace=True).ok
    assert [r["name"] for r in firms(data)] == ["杭州某某热控科技有限公司"]
    assert old.exists()  # a query that opened the previous version a moment ago can still finish


def test_a_failed_import_leaves_the_old_universe_answering(tmp_path, monkeypatch):
    data = tmp_path / "data"
    assert run(data, write_csv(tmp_path / "a.csv", QCC_HEADER, GOOD)).ok
    before = storage.current(storage.root(data)).path

    def crash(*args, **kwargs):
        assert len(firms(data)) == 3  # mid-import, the old universe still answers
        raise OSError("disk full")

    monkeypatch.setattr(importer, "_write_partitions", crash)
    with pytest.raises(OSError):
        run(data, write_csv(tmp_path / "b.csv", QCC_HEADER, GOOD[:1]), replace=True)
    assert storage.current(storage.root(data)).path == before
    assert len(firms(data)) == 3
    assert [p.name for p in (data / "universe").glob("v-*")] == [before.name]
    assert json.loads((before / "manifest.json").read_text())["firms"] == 3
