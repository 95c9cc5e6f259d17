"""`zhaoshang enclave report` and `zhaoshang kpi --basis`, run in-process on the demo data."""

import argparse
import contextlib
import io
import json
import os
import tempfile

from django.test import TestCase
from openpyxl import load_workbook

from zhaoshang.cli import enclave, kpi
from zhaoshang.demo.load import demo_load


def run(module, *argv: str) -> str:
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert module.run(parser.parse_args(argv)) == 0
    return out.getvalue()


class EnclaveReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        demo_load()

    def rows(self) -> dict[str, dict]:
        data = json.loads(run(enclave, "report", "--year", "2020", "--format", "json"))
        [hangzhou] = [a for a in data["agreements"] if a["partner"] == "杭州市人民政府"]
        return {row["figure"]: row for row in hangzhou["rows"]}

    def test_counts_are_counted_twice_and_investment_is_split_60_40(self):
        rows = self.rows()
        self.assertEqual([rows["项目数"][k] for k in ("mode", "full", "zone", "partner")], ["双计", "8", "8", "8"])
        self.assertEqual(rows["人才数"]["full"], "53")
        investment = rows["投资额"]
        self.assertEqual(investment["mode"], "分成")
        self.assertEqual((investment["full"], investment["zone"], investment["partner"]),
                         ("23000000.00", "13800000.00", "9200000.00"))
        self.assertIn("本区 60%，合作方 40%（2019-01-01 至 2023-12-31）", investment["rule"])

    def test_output_without_records_still_states_its_rule(self):
        self.assertIn("分成", self.rows()["产值"]["rule"])

    def test_table_and_xlsx_carry_the_same_rows(self):
        self.assertIn("1380万元", run(enclave, "report", "--year", "2020"))  # written as the cockpit writes money
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "statement.xlsx")
            run(enclave, "report", "--year", "2020", "--format", "xlsx", "-o", path)
            cells = [[c.value for c in row] for row in load_workbook(path).active.iter_rows()]
        self.assertIn("投资额", [row[3] for row in cells])

    def test_kpi_on_the_zone_basis_says_so_in_its_title(self):
        table = run(kpi, "--year", "2020", "--basis", "zone", "--key", "enclave_resident_projects")
        lines = table.splitlines()
        self.assertIn("本区口径", lines[0])
        row = next(line for line in lines if line.lstrip().startswith("enclave_resident_projects"))
        self.assertEqual(row.split()[2], "8")
