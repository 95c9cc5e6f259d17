"""How fast `project_import` validates and writes a large sheet, and how much memory it needs.

    python benchmarks/import_projects.py            # 100,000 rows, .csv and .xlsx
    python benchmarks/import_projects.py --rows 20000 --format csv

For each format, a child process gets its own temporary ZHAOSHANG_DATA_DIR and a freshly migrated
SQLite database, generates the rows into a temporary file, then times a validation-only pass, the
import, and a second import of the same file (which must change nothing). It prints rows/s and the
process's peak resident memory. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["项目名称", "投资方", "统一社会信用代码", "来源城市", "总投资", "阶段", "签约日期", "行业", "保密"]
CITIES = ["上海", "杭州", "苏州", "南京", "合肥", "北京", "深圳", "宁波"]
AMOUNTS = ["2.5亿元", "25000万元", "3000万美元", "1.2亿元", "8000万元", "两亿元", "150000000"]
STAGES = ["线索", "洽谈", "签约", "注册", "开工", "投产", "signed"]
INDUSTRIES = ["3670", "2761", "3973", "汽车零部件及配件制造", ""]


def rows(n: int):
    from stdnum.cn import uscc

    start = dt.date(2020, 1, 1)
    for i in range(n):
        stage = STAGES[i % len(STAGES)]
        signed = "" if stage in ("线索", "洽谈") else (start + dt.timedelta(days=i % 360)).isoformat()
        code = ""
        if i % 2 == 0:
            body = f"91310100{i:09d}"
            code = body + uscc.calc_check_digit(body)
        yield [f"基准项目{i:06d}", f"基准投资{i:06d}有限公司", code, CITIES[i % len(CITIES)],
               AMOUNTS[i % len(AMOUNTS)], stage, signed, INDUSTRIES[i % len(INDUSTRIES)], "否"]


def write_csv(path: Path, n: int) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows(n))


def write_xlsx(path: Path, n: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("项目")
    sheet.append(HEADER)
    for row in rows(n):
        sheet.append(row)
    workbook.save(path)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def child(fmt: str, n: int) -> dict:
    """Runs inside a fresh process whose ZHAOSHANG_DATA_DIR is a new temporary folder."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    from zhaoshang.currencies.models import ExchangeRate
    from zhaoshang.projects.importers import project_import
    from zhaoshang.testing import make_user, make_zone

    call_command("migrate", verbosity=0)
    zone = make_zone("bench", "基准新区")
    user = make_user("bench-admin", "administrator")
    ExchangeRate.objects.create(currency="USD", on=dt.date(2019, 12, 31), cny_per_unit="6.9762")
    path = Path(os.environ["ZHAOSHANG_DATA_DIR"]) / f"projects.{fmt}"
    started = time.perf_counter()
    (write_csv if fmt == "csv" else write_xlsx)(path, n)
    figures = {"format": fmt, "rows": n, "file_mb": path.stat().st_size / 2**20,
               "generate_s": time.perf_counter() - started, "baseline_peak_mb": peak_mb()}
    with override_settings(UPLOAD_MAX_BYTES=1 << 34):
        for label, kwargs in [("validate", {"dry_run": True}), ("import", {}), ("reimport", {})]:
            started = time.perf_counter()
            result = project_import(user=user, zone=zone, file=path, filename=path.name, **kwargs)
            seconds = time.perf_counter() - started
            if not result.ok:
                raise SystemExit(f"{label}: {result.problems[:5]}")
            figures[label] = {"seconds": seconds, "rows_per_s": n / seconds, "peak_mb": peak_mb(),
                              "created": result.created, "unchanged": result.unchanged}
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["csv", "xlsx", "both"], default="both")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.format, args.rows)))
        return 0
    root = Path(__file__).resolve().parent.parent
    for fmt in (["csv", "xlsx"] if args.format == "both" else [args.format]):
        with tempfile.TemporaryDirectory(prefix="zs-bench-") as data:
            env = {**os.environ, "ZHAOSHANG_DATA_DIR": data, "PYTHONPATH": str(root)}
            env.pop("ZHAOSHANG_DATABASE_URL", None)
            done = subprocess.run([sys.executable, __file__, "--child", "--format", fmt, "--rows", str(args.rows)],
                                  env=env, capture_output=True, text=True, cwd=root)
            if done.returncode:
                print(done.stderr, file=sys.stderr)
                return done.returncode
            f = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{fmt}: {f['rows']:,} rows, {f['file_mb']:.1f} MB file (generated in {f['generate_s']:.1f} s); "
              f"peak memory before import {f['baseline_peak_mb']:.0f} MB")
        for label in ("validate", "import", "reimport"):
            s = f[label]
            print(f"  {label:<9} {s['seconds']:7.1f} s  {s['rows_per_s']:9,.0f} rows/s  peak RSS {s['peak_mb']:5.0f} MB"
                  f"  (new {s['created']:,}, unchanged {s['unchanged']:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
