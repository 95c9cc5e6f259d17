"""`zhaoshang backup`: the database and the data folder's files in one checked zip."""

from __future__ import annotations

import datetime as dt

HELP = "back up the database and uploaded files to one file"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("-o", "--output", help="backup file (default: zhaoshang-YYYYmmdd-HHMMSS.zsbackup)")


def run(args) -> int:
    from zhaoshang.core.backup import backup_create

    output = args.output or f"zhaoshang-{dt.datetime.now():%Y%m%d-%H%M%S}.zsbackup"
    summary = backup_create(output=output)
    print(f"已备份到 {summary.path}：{summary.tables} 张表 {summary.rows:,} 行，{summary.files} 个文件，"
          f"{summary.bytes / 2**20:,.1f} MB")
    return 0
