"""The synthetic universe: 企查查's columns, labelled 示例数据, plausible, and importable as it is."""

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from stdnum.cn import uscc

from zhaoshang.universe import storage
from zhaoshang.universe.generate import EXTRA_COLUMNS, QCC_COLUMNS, universe_generate
from zhaoshang.universe.importer import universe_import


def test_generated_rows_have_the_export_columns_valid_codes_and_the_demo_label(tmp_path):
    [path] = universe_generate(rows=3000, seed=5, out=tmp_path)
    assert "示例数据" in path.name
    table = pq.read_table(path)
    assert table.column_names == QCC_COLUMNS + EXTRA_COLUMNS
    assert set(table.column("数据来源").to_pylist()) == {"示例数据"}
    codes = table.column("统一社会信用代码").to_pylist()
    assert len(set(codes)) == 3000 and all(uscc.is_valid(c) for c in codes)
    yrd_provinces = pa.array(["上海市", "江苏省", "浙江省", "安徽省"])
    yrd = pc.sum(pc.is_in(table.column("所属省份"), value_set=yrd_provinces)).as_py()
    assert 0.25 < yrd / 3000 < 0.5  # the YRD weighs more than its share of cities, the rest of China still counts


def test_the_same_seed_gives_the_same_universe(tmp_path):
    [a] = universe_generate(rows=500, seed=9, out=tmp_path / "a")
    [b] = universe_generate(rows=500, seed=9, out=tmp_path / "b")
    assert pq.read_table(a).equals(pq.read_table(b))


def test_a_generated_csv_imports_without_a_problem(tmp_path):
    [path] = universe_generate(rows=2000, seed=3, out=tmp_path / "gen", fmt="csv")
    result = universe_import(paths=[path], data_dir=tmp_path / "data", keywords=["锂离子电池", "充电桩"])
    assert result.ok, result.problems[:3]
    manifest = storage.current(storage.root(tmp_path / "data")).manifest
    assert manifest["firms"] == 2000
    assert set(manifest["by_status"]) <= {"存续", "在业", "注销", "吊销", "迁出", "停业", "清算"}
