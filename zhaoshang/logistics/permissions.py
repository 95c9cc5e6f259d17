"""Who may read and edit the logistics network.

Local to this app until `zhaoshang/accounts/permissions.py` takes them (proposed there as
`can_read_network` and `can_edit_network`, with NETWORK_EDIT_DENIED beside the other denials).
"""

from __future__ import annotations

from zhaoshang.accounts.models import Role

NETWORK_READ_DENIED = "只有园区内部人员可以查看物流网络与规划路线。"
NETWORK_EDIT_DENIED = "只有管理员和产业研究人员可以修改物流网络。"


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_read_network(user) -> bool:
    """Every signed-in member of the zone's staff; partners (enclave or park accounts) do not."""
    return _active(user) and not user.is_partner


def can_edit_network(user) -> bool:
    return _active(user) and (user.is_administrator or user.role == Role.ANALYST)
