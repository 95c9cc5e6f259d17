"""What the database knows about firms of the universe: who is already in the zone or the pipeline, news
of their investments and financing, earlier contacts and partner parks. Each is loaded once per ranking
and looked up for the few hundred best rows only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from zhaoshang.organizations.matching import names_similar, normalise_name
from zhaoshang.projects.models import Project, Stage


@dataclass
class Exclusions:
    """Organisations of the zone: landed or resident (在区), or in a live project (在储备库)."""

    codes: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    organizations: int = 0

    def holds(self, credit_code: str | None, name: str) -> bool:
        return bool(credit_code and credit_code in self.codes) or normalise_name(name) in self.names


def zone_exclusions(zone) -> Exclusions:
    """Investors of the zone's projects that are not dropped, and of projects resident in its carriers."""
    from zhaoshang.organizations.models import Organization

    projects = Project.objects.filter(Q(zone=zone) & ~Q(stage=Stage.DROPPED)
                                      | Q(residencies__carrier__zone=zone))
    orgs = Organization.objects.filter(projects__in=projects).values_list("credit_code", "name").distinct()
    found = Exclusions()
    for found.organizations, (code, name) in enumerate(orgs, start=1):
        if code:
            found.codes.add(code)
        found.names.add(normalise_name(name))
    return found


def _investor_names(payload: dict) -> list[str]:
    names = [payload.get("investor"), payload.get("lead_investor"), *(payload.get("investors") or [])]
    return [n for n in names if isinstance(n, str) and n.strip()]


@dataclass
class Signals:
    """Reviewed news events by investor name, earlier contacts, and the cities of partner parks."""

    events: list[tuple[str, str]] = field(default_factory=list)  # (investor name, evidence)
    contacts: dict[str, str] = field(default_factory=dict)  # credit code or normalised name → evidence
    partner_cities: dict[str, str] = field(default_factory=dict)  # city code → carrier name

    def growth(self, name: str) -> list[str]:
        key = normalise_name(name)
        return [evidence for investor, evidence in self.events
                if normalise_name(investor) == key or names_similar(investor, name)]

    def contact(self, credit_code: str | None, name: str) -> str | None:
        return (self.contacts.get(credit_code) if credit_code else None) or self.contacts.get(normalise_name(name))


def signals_load(zone) -> Signals:
    from zhaoshang.intel.models import ExtractedItem
    from zhaoshang.organizations.models import Organization
    from zhaoshang.zones.models import Carrier

    signals = Signals()
    accepted = (ExtractedItem.objects.filter(kind=ExtractedItem.Kind.INVESTMENT,
                                             status=ExtractedItem.Status.ACCEPTED)
                .select_related("document").only("payload", "span", "document__title", "document__published_on"))
    for item in accepted:
        payload = item.payload or {}
        kind = "融资" if payload.get("kind") == "financing" else "投资"
        when = item.document.published_on.isoformat() if item.document.published_on else ""
        evidence = f"{kind}：{(item.span or item.document.title)[:60]}" + (f"（{when}）" if when else "")
        for name in _investor_names(payload):
            signals.events.append((name, evidence))
    touched = Organization.objects.filter(Q(contacts__isnull=False) | Q(projects__activities__isnull=False,
                                                                         projects__zone=zone))
    counts: dict[int, int] = defaultdict(int)
    for org_id, code, name in touched.values_list("id", "credit_code", "name"):
        counts[org_id] += 1
        evidence = f"曾有接触：{name}"
        if code:
            signals.contacts[code] = evidence
        signals.contacts[normalise_name(name)] = evidence
    for carrier in Carrier.objects.filter(zone=zone).select_related("host_region", "region"):
        region = carrier.host_region or (carrier.region if carrier.kind == "enclave" else None)
        if region is not None:
            signals.partner_cities[region.code[:4] + "00"] = carrier.name
    return signals
