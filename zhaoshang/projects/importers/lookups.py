"""What a project sheet's rows are compared with: the zone's projects by name, and the region, industry,
owner and carrier a cell names."""

from __future__ import annotations

import re
from collections.abc import Collection

from zhaoshang.accounts.models import User
from zhaoshang.core.batches import chunks
from zhaoshang.industries.models import Industry
from zhaoshang.projects.importers.rows import name_key
from zhaoshang.projects.models import Project, Stage, StageChange
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.regions.selectors import region_find
from zhaoshang.zones.models import Carrier, Zone

# What `existing_projects` holds for a project of that name the user may not read: no values at all.
HIDDEN = object()


def existing_projects(user: User, zone: Zone, names: Collection[str]) -> dict[str, dict | object]:
    """The zone's projects a file names, by exact name and by name_key, with what updates compare.

    Names are matched against every project of the zone, since a name is unique in it and a new
    project cannot take one already used. Values are read only through `project_visible_to(user)`;
    a project the user may not read appears as `HIDDEN`, with nothing of it but the fact that its
    name is taken.
    """
    matched: dict[str, tuple[int, str]] = {}  # name_key -> (id, name): one project per key
    wanted, names = {name_key(n) for n in names}, set(names)
    for pk, name in Project.objects.filter(zone=zone).values_list("id", "name").iterator(chunk_size=5000):
        key = name_key(name)
        if key in wanted and (key not in matched or name in names):
            matched[key] = (pk, name)
    found: dict[str, dict | object] = {}
    fields = ["id", "name", "amount", "currency", "source_region_id", "industry_id", "carrier_id", "owner_id",
              "confidential", "description", "stage", "owner__team_id", "version"]
    by_id = {}
    for chunk in chunks([pk for pk, _ in matched.values()]):
        visible = project_visible_to(user, Project.objects.filter(zone=zone, id__in=chunk))
        for row in visible.values(*fields):
            row["owner_team_id"] = row.pop("owner__team_id")
            row.update(investor_ids=[], signed_on=None, last_change_on=None)
            by_id[row["id"]] = row
        shown = [pk for pk in chunk if pk in by_id]
        for pid, oid in Project.investors.through.objects.filter(project_id__in=shown).values_list(
                "project_id", "organization_id"):
            by_id[pid]["investor_ids"].append(oid)
        changes = StageChange.objects.filter(project_id__in=shown).values_list("project_id", "stage", "on")
        for pid, stage, on in changes:
            row = by_id[pid]
            row["last_change_on"] = max(row["last_change_on"] or on, on)
            if stage == Stage.SIGNED:
                row["signed_on"] = on
    for pk, name in matched.values():
        row = by_id.get(pk, HIDDEN)
        found[name] = row
        found.setdefault(name_key(name), row)
    return found


class Lookups:
    """Region, industry, owner and carrier by what a cell says, each distinct value looked up once."""

    def __init__(self, zone: Zone):
        self.zone = zone
        self._cache: dict[tuple[str, str], object] = {}
        self._industries: dict[str, str] | None = None

    def _cached(self, kind: str, value: str, func):
        key = (kind, value)
        if key not in self._cache:
            self._cache[key] = func(value)
        return self._cache[key]

    def region(self, value: str) -> str | None:
        def find(text: str):
            code = re.match(r"^(\d{6})\b", text)
            region = region_find(code.group(1) if code else text)
            return region.code if region else None
        return self._cached("region", value, find)

    def industry(self, value: str) -> str | None:
        if self._industries is None:
            self._industries = {}
            # The most specific level wins when a name repeats (a division and its only class).
            for code, name in Industry.objects.order_by("code").values_list("code", "name"):
                self._industries[code] = code
                if len(code) >= len(self._industries.get(name, "")):
                    self._industries[name] = code
        written = re.match(r"^([A-T]|\d{2,4})(?:\s|$)", value.upper())
        if written and written.group(1) in self._industries:
            return self._industries[written.group(1)]
        return self._industries.get(value)

    def owner(self, value: str) -> int | None:
        return self._cached("owner", value, lambda v: User.objects.filter(username=v, is_active=True)
                            .values_list("id", flat=True).first())

    def carrier(self, value: str) -> int | None:
        return self._cached("carrier", value, lambda v: Carrier.objects.filter(zone=self.zone, name=v)
                            .values_list("id", flat=True).first())
