"""How a picker writes each kind of record: the same words in its options and once chosen."""

from __future__ import annotations


def region_label(region) -> str:
    """嘉定区（上海市）: a county or city with the division above it, since names repeat across China."""
    parent = region.parent
    return f"{region.name}（{parent.name}）" if parent is not None else region.name


def industry_label(industry) -> str:
    return f"{industry.code} {industry.name}"


def organization_label(organization) -> str:
    return organization.name


def owner_label(user) -> str:
    team = f" · {user.team}" if user.team_id else ""
    return f"{user.display_name}{team}"
