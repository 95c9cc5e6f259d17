"""`zhaoshang universe import|info|generate`: the enterprise universe (Parquet files read with DuckDB)."""

from __future__ import annotations

import json
import sys
import time

HELP = "the enterprise universe: import registry exports, show what it holds, generate 示例数据"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = sub.add_parser("import", help="import 企查查/天眼查/公示系统 exports (.csv, .xlsx, .parquet; files, folders)")
    imp.add_argument("paths", nargs="+", metavar="FILE|DIR")
    imp.add_argument("--skip-invalid", action="store_true",
                     help="import the valid rows; write the rejected ones with reasons to a CSV")
    imp.add_argument("--replace", action="store_true", help="replace the whole universe (atomically)")
    imp.add_argument("--source", default="", help="label of the source (default: the file name)")
    info = sub.add_parser("info", help="firms, sources, updated_at, counts by province and status")
    info.add_argument("--format", choices=["json", "table"], default="table")
    gen = sub.add_parser("generate", help="write a synthetic universe (示例数据) in 企查查's export columns")
    gen.add_argument("--rows", type=int, required=True)
    gen.add_argument("--seed", type=int, default=1)
    gen.add_argument("--out", required=True, help="folder for the files (one per million rows)")
    gen.add_argument("--format", choices=["parquet", "csv"], default="parquet")


def run(args) -> int:
    return {"import": _import, "info": _info, "generate": _generate}[args.action](args)


def _import(args) -> int:
    from zhaoshang.core.imports import FileRefused
    from zhaoshang.universe.services import universe_import_files

    started = time.monotonic()
    try:
        result = universe_import_files(paths=args.paths, replace=args.replace, skip_invalid=args.skip_invalid,
                                       source=args.source)
    except FileRefused as exc:
        print(f"zhaoshang universe import: {exc.reason}", file=sys.stderr)
        return 2
    if not result.ok:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        more = result.problem_count - len(result.problems)
        if more > 0:
            print(f"……另有 {more:,} 个问题未列出", file=sys.stderr)
        print(f"共 {result.problem_count:,} 个问题，未导入任何数据（可加 --skip-invalid 只导入无误的行）",
              file=sys.stderr)
        return 1
    for problem in result.problems:  # with --skip-invalid: what was left out, and why
        print(f"已跳过 {problem}", file=sys.stderr)
    print(f"{result.summary}（{time.monotonic() - started:.1f} 秒）")
    return 0


def _info(args) -> int:
    from zhaoshang.core.figures import table_lines
    from zhaoshang.core.gb2260 import divisions
    from zhaoshang.universe.services import universe_info

    info = universe_info()
    if args.format == "json":
        json.dump(info, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not info["firms"]:
        print("企业库为空：用 zhaoshang universe import FILE 导入企查查、天眼查等导出文件")
        return 0
    print(f"企业库：{info['firms']:,} 家企业，更新于 {info['updated_at']}")
    print("来源：")
    rows = [[s["label"], s["file"], s["export_date"], f"{s['rows']:,} 行"] for s in info["sources"]]
    print("\n".join(table_lines(rows, "<<<>", indent="  ")))
    names = divisions()
    print("按省份：")
    rows = [[names[f"{p}0000"].name if f"{p}0000" in names else "未知", f"{n:,}"]
            for p, n in sorted(info["by_province"].items(), key=lambda kv: -kv[1])]
    print("\n".join(table_lines(rows, "<>", indent="  ")))
    print("按登记状态：")
    print("\n".join(table_lines([[s, f"{n:,}"] for s, n in info["by_status"].items()], "<>", indent="  ")))
    return 0


def _generate(args) -> int:
    from zhaoshang.universe.generate import universe_generate
    from zhaoshang.universe.services import chain_segments

    if args.rows <= 0:
        print("zhaoshang universe generate: --rows 应为正整数", file=sys.stderr)
        return 2
    started = time.monotonic()
    files = universe_generate(rows=args.rows, seed=args.seed, out=args.out, fmt=args.format,
                              segments=chain_segments() or None)
    for path in files:
        print(path)
    print(f"已生成 {args.rows:,} 家示例企业（示例数据），{time.monotonic() - started:.1f} 秒")
    return 0
