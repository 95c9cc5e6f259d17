"""`zhaoshang report`: the zone's bulletin (简报) for a year, a quarter or a month, as Word, PDF, Excel or Markdown."""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "write the zone's bulletin (简报) as .docx, .pdf, .xlsx or .md"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("--zone", help="zone code or name (optional while the database holds one zone)")
    parser.add_argument("--year", required=True, help="calendar year, e.g. 2020")
    parser.add_argument("--period", help="a quarter (Q3) or a month (2020-09) of the year; default the whole year")
    parser.add_argument("--format", choices=["docx", "pdf", "xlsx", "md"], required=True)
    parser.add_argument("-o", "--output", required=True, help="file to write")
    parser.add_argument("--basis", choices=["zone", "full", "partner"], default="zone",
                        help="本区口径 zone (default), 全口径 full, 合作方口径 partner")
    parser.add_argument("--user", help="write it as this user may see it (default: everything, like `zhaoshang kpi`)")


def _viewer(username: str | None):
    from zhaoshang.accounts.models import User
    from zhaoshang.core.errors import UserError

    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise UserError(f"没有用户名为“{username}”的在用用户")
    return user


def run(args) -> int:
    from zhaoshang.bulletin.build import bulletin_build
    from zhaoshang.bulletin.writers import bulletin_write
    from zhaoshang.kpis.selectors import kpi_scope

    zone, year = kpi_scope(args.zone, args.year)  # a bad zone or year: exit 2 with its message
    bulletin = bulletin_build(zone=zone, year=year, period=args.period, viewer=_viewer(args.user), basis=args.basis)
    path = Path(args.output)
    partial = path.with_name(f".{path.name}.part")  # nothing half-written under the name asked for
    try:
        with partial.open("wb") as stream:
            bulletin_write(bulletin, args.format, stream)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    unrendered = [c for c in bulletin.charts if not c.svg]
    if unrendered:
        print(f"注意：{len(unrendered)} 幅图表未能渲染（需要 Node.js 与 npm 安装的 echarts），以数据表代替",
              file=sys.stderr)
    print(f"{path}：{bulletin.title}（{bulletin.period_label}）")
    return 0
