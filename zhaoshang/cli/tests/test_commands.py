"""The console script, run the way a person runs it: `zhaoshang demo`, then `zhaoshang kpi`."""

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.test import SimpleTestCase

from zhaoshang.cli.tests.columns import assert_columns_line_up

README = Path(__file__).resolve().parents[3] / "README.md"
SEED_FIGURES = {
    "signed_projects_over_100m": 33, "signed_investment_total_cny": 44_138_000_000, "enclave_resident_projects": 8,
    "enclave_resident_teams": 6, "innovation_carriers_introduced": 4, "joint_research_projects": 2,
    "leading_talent_teams": 19, "graduates_introduced": 2274, "online_service_cases": 849,
}


def _get_when_up(url: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a local test server
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def zhaoshang(data_dir: str, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items()
           if k not in ("ZHAOSHANG_DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH")}
    env["ZHAOSHANG_DATA_DIR"] = data_dir
    return subprocess.run([sys.executable, "-m", "zhaoshang", *args], env=env, capture_output=True, text=True,
                          timeout=300, check=False)


class DemoCommandTests(SimpleTestCase):
    """Runs on a fresh SQLite database in a temporary data folder, whatever the suite's database is."""

    tmp: tempfile.TemporaryDirectory[str]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.first = zhaoshang(cls.tmp.name, "demo", "--no-serve")
        cls.second = zhaoshang(cls.tmp.name, "demo", "--no-serve")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        super().tearDownClass()

    def test_demo_creates_the_data_folder_and_prints_the_login(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr)
        self.assertIn("已载入示例园区：湖州南太湖新区", self.first.stdout)
        self.assertIn("leader", self.first.stdout)
        self.assertTrue((Path(self.tmp.name) / "zhaoshang.sqlite3").exists())

    def test_running_the_demo_twice_changes_nothing(self):
        self.assertEqual(self.second.returncode, 0, self.second.stderr)
        self.assertIn("已存在", self.second.stdout)
        result = zhaoshang(self.tmp.name, "kpi", "--year", "2020", "--format", "json")
        values = {item["key"]: item["value"] for item in json.loads(result.stdout)}
        self.assertEqual(values["signed_projects_over_100m"], 33)

    def test_kpi_json_prints_the_seed_figures_with_their_records(self):
        result = zhaoshang(self.tmp.name, "kpi", "--year", "2020", "--format", "json")
        self.assertEqual(result.returncode, 0, result.stderr)
        items = {item["key"]: item for item in json.loads(result.stdout)}
        for key, expected in SEED_FIGURES.items():
            self.assertEqual(items[key]["value"], expected, key)
        self.assertGreaterEqual(items["signed_yrd_share"]["value"], 0.70)
        self.assertGreater(items["enclave_talents"]["value"], 50)
        self.assertGreaterEqual(items["enclave_college_share"]["value"], 0.99)
        self.assertEqual(len(items["signed_projects_over_100m"]["record_ids"]), 33)
        for item in items.values():
            self.assertTrue({"key", "label", "value", "unit", "record_ids"} <= item.keys())

    def kpi_table(self) -> list[str]:
        result = zhaoshang(self.tmp.name, "kpi", "--zone", "nantaihu", "--year", "2020", "--format", "table")
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.splitlines()

    def test_kpi_table_writes_figures_as_the_cockpit_does(self):
        rows = {line.split()[0]: line for line in self.kpi_table()[1:]}
        self.assertIn("签约亿元以上项目总投资", rows["signed_investment_total_cny"])
        self.assertIn("441.38亿元", rows["signed_investment_total_cny"])
        self.assertIn("72.73%", rows["signed_yrd_share"])
        self.assertIn("2,274", rows["graduates_introduced"])
        self.assertIn("60 天", rows["median_days_lead"])

    def test_kpi_table_columns_line_up_counting_a_chinese_character_as_two(self):
        title, *lines = self.kpi_table()
        self.assertEqual(title, "湖州南太湖新区 · 2020年（示例数据）")
        # key, label, value (right-aligned), target (right-aligned), completion, records; a header line first
        assert_columns_line_up(lines, "<<>><<")
        self.assertEqual(lines[0].split(), ["指标", "名称", "数值", "年度目标", "完成率", "记录"])

    def test_kpi_for_a_quarter_gives_targets_year_to_date_and_comparisons(self):
        result = zhaoshang(self.tmp.name, "kpi", "--year", "2020", "--period", "Q3", "--format", "table")
        self.assertEqual(result.returncode, 0, result.stderr)
        title, header, *lines = result.stdout.splitlines()
        self.assertEqual(title, "湖州南太湖新区 · 2020年第三季度（示例数据）")
        self.assertEqual(header.split(),
                         ["指标", "名称", "数值", "年初至今", "年度目标", "完成率", "同比", "环比", "记录"])
        assert_columns_line_up([header, *lines], "<<>>><>><")
        rows = {cells[0]: cells for cells in (re.split(r" {2,}", line.strip()) for line in lines)}
        as_json = zhaoshang(self.tmp.name, "kpi", "--year", "2020", "--period", "Q3", "--format", "json",
                            "--key", "signed_projects_over_100m")
        signed = json.loads(as_json.stdout)[0]
        compared = {c["label"]: c for c in signed["comparisons"]}
        self.assertEqual((signed["target"], compared["环比"]["period"]), (30, "2020年第二季度"))
        # The table says what the JSON says: the quarter, 1 January to September, the target, the completion.
        cells = rows["signed_projects_over_100m"]
        self.assertEqual([*cells[2:5], cells[5].split()[0]], [str(signed["value"]), str(signed["year_to_date"]), "30",
                                                              f"{signed['completion'] * 100:.2f}%"])
        self.assertEqual(signed["completion"], round(signed["year_to_date"] / 30, 4))
        self.assertEqual(rows["signed_not_landed"][3:6], ["—", "—", "—"])  # no target set for it
        bad = zhaoshang(self.tmp.name, "kpi", "--year", "2020", "--period", "Q5")
        self.assertEqual(bad.returncode, 2)
        self.assertIn("没有这个期间：Q5", bad.stderr)

    def test_the_readme_shows_the_real_kpi_table(self):
        readme = README.read_text(encoding="utf-8")
        example = readme.split("$ zhaoshang kpi --year 2020 --format table\n", 1)[1].split("  …", 1)[0]
        self.assertEqual(example.splitlines(), self.kpi_table()[:len(example.splitlines())])

    def test_a_year_out_of_range_is_a_clear_error(self):
        result = zhaoshang(self.tmp.name, "kpi", "--year", "20200")
        self.assertEqual(result.returncode, 2)
        self.assertIn("年度须在 1990 与 2100 之间", result.stderr)

    def test_an_unknown_zone_is_a_clear_error(self):
        result = zhaoshang(self.tmp.name, "kpi", "--zone", "nowhere", "--year", "2020")
        self.assertEqual(result.returncode, 2)
        self.assertIn("没有代码或名称为“nowhere”的园区", result.stderr)

    def test_serve_answers_with_the_login_page_and_static_files(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if k not in ("ZHAOSHANG_DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        env["ZHAOSHANG_DATA_DIR"] = self.tmp.name
        server = subprocess.Popen([sys.executable, "-m", "zhaoshang", "serve", "--addr", f"127.0.0.1:{port}"],
                                  env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            page = _get_when_up(f"http://127.0.0.1:{port}/accounts/login/")
            self.assertIn("登录招商平台", page)
            self.assertIn("color", _get_when_up(f"http://127.0.0.1:{port}/static/css/zhaoshang.css"))
        finally:
            server.terminate()
            server.wait(timeout=10)

    def test_help_lists_the_commands(self):
        result = zhaoshang(self.tmp.name, "--help")
        for command in ["demo", "serve", "kpi", "manage"]:
            self.assertIn(command, result.stdout)
