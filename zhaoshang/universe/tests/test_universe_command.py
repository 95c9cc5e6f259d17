"""`zhaoshang universe import|info` as a person runs them: problems on stderr and nothing imported, then
the figures of what was imported."""

import argparse
import contextlib
import io
import json
import tempfile
from pathlib import Path

from django.test import TestCase, override_settings

from zhaoshang.cli import universe
from zhaoshang.universe.normalise import uscc_check_digit


def run(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    universe.add_arguments(parser)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = universe.run(parser.parse_args(argv))
    return code, out.getvalue(), err.getvalue()


class UniverseCommandTests(TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        override = override_settings(DATA_DIR=self.folder / "data")
        override.enable()
        self.addCleanup(override.disable)

    def write(self, name: str, rows: list[str]) -> Path:
        path = self.folder / name
        path.write_text("企业名称,统一社会信用代码,登记状态,所属省份,所属城市,国标行业小类\n" + "\n".join(rows) + "\n",
                        encoding="utf-8")
        return path

    def test_bad_rows_are_listed_and_nothing_is_imported_then_info_tells_what_was(self):
        good = "91330500MA2B0000X"
        good += uscc_check_digit(good)
        bad = self.write("bad.csv", [f"湖州甲科技有限公司,{good},存续,浙江省,湖州市,锂离子电池制造",
                                     "湖州乙科技有限公司,913305000000000000,存续,浙江省,湖州市,锂离子电池制造"])
        code, _, err = run("import", str(bad))
        self.assertEqual(code, 1)
        self.assertIn(f"{bad}:3:统一社会信用代码:", err)
        self.assertIn("未导入任何数据", err)
        code, out, _ = run("info", "--format", "json")
        self.assertEqual(json.loads(out)["firms"], 0)
        code, out, err = run("import", str(bad), "--skip-invalid", "--source", "企查查")
        self.assertEqual(code, 0)
        self.assertIn("已跳过", err)
        info = json.loads(run("info", "--format", "json")[1])
        self.assertEqual((info["firms"], info["by_province"], info["by_status"]), (1, {"33": 1}, {"存续": 1}))
        self.assertEqual(info["sources"][0]["label"], "企查查")
        self.assertIn("浙江省", run("info")[1])
