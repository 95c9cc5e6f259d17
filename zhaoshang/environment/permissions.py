"""Who may import water readings and read the special plan's tasks.

Local to this app until `zhaoshang/accounts/permissions.py` takes them (proposed there as
`can_import_readings` and `can_read_water_tasks`, with READING_IMPORT_DENIED beside the other denials).
"""

from __future__ import annotations

from zhaoshang.accounts.models import Role

READING_IMPORT_DENIED = "只有管理员、招商专员和产业研究人员可以导入水质监测数据。"
READING_IMPORT_ROLES = frozenset({Role.OFFICER, Role.ANALYST})


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_import_readings(user) -> bool:
    return _active(user) and (user.is_administrator or user.role in READING_IMPORT_ROLES)


def can_read_water_tasks(user) -> bool:
    """The special plan's tasks name owners and internal deadlines: the zone's staff, not partners."""
    return _active(user) and not user.is_partner
