"""Reads of documents and their review queues, and the highlighted body of a document."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import can_read_intel
from zhaoshang.indicators.models import Indicator
from zhaoshang.intel.models import Document, ExtractedItem
from zhaoshang.organizations.matching import distinctive_core, organizations_similar
from zhaoshang.organizations.models import Organization
from zhaoshang.organizations.selectors import organizations_visible_to
from zhaoshang.projects.models import Project
from zhaoshang.projects.selectors import project_visible_to

Status = ExtractedItem.Status
# The order the queue shows kinds in: the events that create the most records first.
KIND_ORDER = [ExtractedItem.Kind.INVESTMENT, ExtractedItem.Kind.METRIC, ExtractedItem.Kind.ORGANIZATION,
              ExtractedItem.Kind.PLACE]


def document_visible_to(user: User, queryset: QuerySet[Document] | None = None) -> QuerySet[Document]:
    qs = Document.objects.all() if queryset is None else queryset
    return qs if can_read_intel(user) else qs.none()


def document_list(*, user: User, q: str = "", status: str = "") -> QuerySet[Document]:
    """Documents with their counts of pending, accepted and rejected items, newest first."""
    qs = document_visible_to(user).select_related("zone", "added_by").annotate(
        pending=Count("items", filter=Q(items__status=Status.PENDING)),
        accepted=Count("items", filter=Q(items__status=Status.ACCEPTED)),
        rejected=Count("items", filter=Q(items__status=Status.REJECTED)),
    )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(source__icontains=q) | Q(text__icontains=q))
    if status == "pending":
        qs = qs.filter(pending__gt=0)
    elif status == "unextracted":
        qs = qs.filter(extracted_at__isnull=True)
    return qs


def indicator_suggest(zone, label: str) -> Indicator | None:
    """The zone's indicator a metric label most likely reports: same name, else the longest name within it."""
    if zone is None or not label:
        return None
    indicators = list(Indicator.objects.filter(zone=zone))
    exact = next((i for i in indicators if i.name == label), None)
    if exact is not None:
        return exact
    within = [i for i in indicators if len(i.name) >= 2 and (i.name in label or label in i.name)]
    return max(within, key=lambda i: len(i.name), default=None)


@dataclass
class KindGroup:
    kind: str
    label: str
    items: list[ExtractedItem] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return sum(1 for i in self.items if i.status == Status.PENDING)


def review_queue(document: Document) -> list[KindGroup]:
    """The document's items grouped by kind, each group in text order."""
    items = document.items.select_related("project", "organization", "observation__indicator", "region",
                                          "reviewed_by")
    groups: dict[str, KindGroup] = {kind: KindGroup(kind, ExtractedItem.Kind(kind).label) for kind in KIND_ORDER}
    for item in items:
        groups[item.kind].items.append(item)
    return [g for g in groups.values() if g.items]


def highlighted_text(text: str, items: list[ExtractedItem]) -> SafeString:
    """The text, escaped, with a <mark> per located item; marks nest; a partial overlap is cut."""
    # (start, end, item), so that the offsets are known to be set
    located = sorted(((i.start, i.end, i) for i in items
                      if i.start is not None and i.end is not None and i.end <= len(text)),
                     key=lambda located: (located[0], -located[1], located[2].id or 0))
    out: list[str] = []
    stack: list[int] = []  # end offsets of the open marks
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= limit:
            end = stack.pop()
            out.append(escape(text[pos:end]) + "</mark>")
            pos = end

    for start, stop, item in located:
        close_until(start)
        end = min(stop, stack[-1]) if stack else stop
        if end <= start:
            continue
        out.append(escape(text[pos:start]))
        out.append(f'<mark id="mark-{item.id}" data-kind="{item.kind}" data-status="{item.status}" '
                   f'title="{escape(item.get_kind_display())}：{escape(item.label)}">')
        pos = start
        stack.append(end)
    close_until(len(text))
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece of text above is escaped


@dataclass
class Proposal:
    """A record an investment item may be about, and why it is proposed."""

    record: Project | Organization
    reason: str


@dataclass
class Proposals:
    """The projects and organisations on file an investment item may be: the reviewer links or creates."""

    projects: list[Proposal] = field(default_factory=list)
    organizations: list[Proposal] = field(default_factory=list)


PROPOSALS_MAX = 5


def investment_proposals(*, user: User, item: ExtractedItem, project_name: str = "",
                         investor: str = "") -> Proposals:
    """Existing records an investment may be: organisations by credit code, the shared matcher and similar
    names; projects of the same name, of a proposed investor, or named with the investor's core. Only
    projects `user` may see are looked at, so a hidden one is never hinted at."""
    payload = item.payload
    investor = investor or payload.get("investor") or ""
    found = Proposals()
    if investor:
        found.organizations = [Proposal(s.organization, s.reason) for s in organizations_similar(
            investor, queryset=organizations_visible_to(user), limit=PROPOSALS_MAX)]
    if item.document.zone_id is None:  # a document of no zone has no projects to be
        return found
    visible = project_visible_to(user).filter(zone_id=item.document.zone_id).order_by("name")
    seen: set[int] = set()

    def add(projects, reason) -> None:
        for project in projects:
            if project.pk not in seen and len(found.projects) < PROPOSALS_MAX:
                seen.add(project.pk)
                found.projects.append(Proposal(project, reason(project)))

    name = project_name or payload.get("project") or (f"{investor}项目" if investor else "")
    if name:
        add(visible.filter(name=name), lambda p: "项目名称相同")
    for org in (p.record for p in found.organizations):
        add(visible.filter(investors=org.pk), lambda p, org=org: f"投资方为“{org}”")
    core = distinctive_core(investor) if investor else ""
    if len(core) >= 2:
        add(visible.filter(name__contains=core), lambda p: f"项目名称含“{core}”")
    return found
