"""Who may read and change service cases and 全代办 checklists.

Local to this app, as logistics' are, until `zhaoshang/accounts/permissions.py` takes them.
"""

from __future__ import annotations

CASES_READ_DENIED = "只有园区内部人员可以查看办件。"
CASES_EDIT_DENIED = "只有管理员可以导入或修改办件。"


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_read_cases(user) -> bool:
    """The zone's own staff; partners (enclave or park accounts) see no case and no applicant."""
    return _active(user) and not user.is_partner


def can_edit_cases(user) -> bool:
    """Cases come from the service platforms: only administrators import or correct them."""
    return _active(user) and user.is_administrator
