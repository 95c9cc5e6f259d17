"""`zhaoshang import KIND FILE`: projects, service cases or water readings from .xlsx or .csv, all rows or none.

Each kind names the service that imports it; every one goes through the shared import core, so they report
problems the same way (FILE:ROW:COLUMN: reason) and write all rows or none.
"""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "import projects, service cases, water readings or chains from .xlsx or .csv; all rows or none"
# kind → (module, service function); each takes user, zone, file, filename and dry_run.
IMPORTERS = {
    "projects": ("zhaoshang.projects.importers", "project_import"),
    "readings": ("zhaoshang.environment.importers.readings", "reading_import"),
    "cases": ("zhaoshang.approvals.importers", "case_import"),
    "chains": ("zhaoshang.chains.importers", "chain_import"),
}
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("kind", choices=sorted(IMPORTERS), help="what the file holds")
    parser.add_argument("file", help=".xlsx or .csv file")
    parser.add_argument("--zone", help="zone code or name (optional while the database holds one zone)")
    parser.add_argument("--user", help="username the history names (default: the first administrator)")
    parser.add_argument("--dry-run", action="store_true", help="validate every row, write nothing")


def _user(username: str | None):
    from django.db.models import Q

    from zhaoshang.accounts.models import Role, User

    if username:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise LookupError(f"没有用户名为“{username}”的用户")
        return user
    admins = User.objects.filter(Q(is_superuser=True) | Q(role=Role.ADMINISTRATOR), is_active=True)
    user = admins.order_by("id").first()
    if user is None:
        raise LookupError("数据库中没有管理员；请用 --user 指定导入人")
    return user


def run(args) -> int:
    import importlib

    from django.core.exceptions import PermissionDenied

    from zhaoshang.zones.selectors import zone_resolve

    module, name = IMPORTERS[args.kind]
    importer = getattr(importlib.import_module(module), name)

    path = Path(args.file)
    if not path.is_file():
        print(f"{args.file}: 文件不存在", file=sys.stderr)
        return 2
    try:
        zone, user = zone_resolve(args.zone), _user(args.user)
        result = importer(user=user, zone=zone, file=path, filename=args.file, dry_run=args.dry_run)
    except (LookupError, PermissionDenied) as exc:
        print(f"zhaoshang import: {exc}", file=sys.stderr)
        return 2
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if not result.ok:
        print(f"{args.file}: 共 {len(result.problems)} 个问题，未导入任何数据", file=sys.stderr)
        return 1
    for note in result.notes:
        print(f"注意：{note}")
    print(result.summary)
    return 0
