"""One search across projects, organisations, documents and people, each through its own visibility
selector: what the user may not see is neither listed nor counted."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse

from zhaoshang.accounts.masking import shows_personal_data
from zhaoshang.intel.selectors import document_visible_to
from zhaoshang.organizations.selectors import organizations_visible_to
from zhaoshang.projects.selectors import project_visible_to
from zhaoshang.talent.selectors import people_visible_to

MIN_LENGTH = 1


@dataclass
class Hit:
    text: str
    url: str = ""
    note: str = ""


@dataclass
class Group:
    key: str
    label: str
    total: int = 0
    hits: list[Hit] = field(default_factory=list)


def _projects(user, q, limit):
    qs = project_visible_to(user).filter(Q(name__icontains=q) | Q(investors__name__icontains=q)).distinct()
    return qs.count(), [Hit(p.name, p.get_absolute_url(), p.get_stage_display())
                        for p in qs.order_by("-id")[:limit]]


def _organizations(user, q, limit):
    qs = organizations_visible_to(user).filter(Q(name__icontains=q) | Q(credit_code__iexact=q))
    return qs.count(), [Hit(o.name, reverse("organizations:detail", args=[o.pk]), o.get_kind_display())
                        for o in qs.order_by("name")[:limit]]


def _documents(user, q, limit):
    qs = document_visible_to(user).filter(Q(title__icontains=q) | Q(source__icontains=q) | Q(text__icontains=q))
    return qs.count(), [Hit(str(d), reverse("intel:review", args=[d.pk]), str(d.published_on or ""))
                        for d in qs.order_by("-id")[:limit]]


def _person_note(person, user) -> str:
    where = "、".join(str(x) for x in (person.team, person.carrier) if x)
    return where + (f" · {person.phone}" if shows_personal_data(user) and person.phone else "")


def _people(user, q, limit):
    # People have no page of their own: the hit names their team and carrier (and phone, for who may see it).
    qs = people_visible_to(user).filter(name__icontains=q).select_related("team", "carrier")
    hits = [Hit(p.name, "", _person_note(p, user)) for p in qs.order_by("name")[:limit]]
    return qs.count(), hits


GROUPS = [("projects", "项目", _projects), ("organizations", "企业与机构", _organizations),
          ("documents", "资讯", _documents), ("people", "人才", _people)]


def site_search(*, user, q: str, limit: int = 5) -> list[Group]:
    """Up to `limit` hits per kind, with the count of all the user may see; kinds with none left out."""
    q = (q or "").strip()
    if len(q) < MIN_LENGTH:
        return []
    groups = []
    for key, label, find in GROUPS:
        total, hits = find(user, q, limit)
        if total:
            groups.append(Group(key, label, total, hits))
    return groups
