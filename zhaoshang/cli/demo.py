"""`zhaoshang demo`: create the data folder and database, load the South Taihu demo, serve."""

from __future__ import annotations

HELP = "create the data folder and database, load the South Taihu New Area demo, serve on 127.0.0.1:8000"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("--no-serve", action="store_true", help="stop after loading")
    parser.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")


def run(args) -> int:
    from django.conf import settings
    from django.core.management import call_command

    from zhaoshang.demo.data import DEMO_PASSWORD, USERS
    from zhaoshang.demo.load import demo_load

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    zone, created = demo_load()
    print(f"{'已载入' if created else '已存在'}示例园区：{zone.name}（示例数据）  数据目录：{settings.DATA_DIR}")
    from zhaoshang.universe.demo import universe_demo_load

    if (firms := universe_demo_load()) is not None:
        print(f"已生成并导入示例企业库：{firms:,} 家企业（示例数据）")
    print("示例账号（密码均为 " + DEMO_PASSWORD + "）：")
    for username, surname, given, role, *_ in USERS:
        print(f"  {username:<10} {surname}{given}  {role}")
    if args.no_serve:
        return 0
    from zhaoshang.cli.serve import serve

    return serve(args.addr)
