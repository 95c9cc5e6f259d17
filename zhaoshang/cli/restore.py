"""`zhaoshang restore FILE`: replace the database and files with a backup's, after checking all of it."""

from __future__ import annotations

HELP = "restore a backup made by zhaoshang backup (checked first; a bad file changes nothing)"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("file", help="the .zsbackup file")


def run(args) -> int:
    from zhaoshang.core.backup import backup_restore

    manifest = backup_restore(path=args.file)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    print(f"已从 {args.file}（{manifest['created_at'][:19]}）恢复：{len(manifest['tables'])} 张表 {rows:,} 行，"
          f"{len(manifest['files'])} 个文件。如程序比备份新，请再运行 zhaoshang manage migrate")
    return 0
