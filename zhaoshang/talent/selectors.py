"""Reads of talent records that respect who may see what.

Partners (park or enclave staff) see only their own carrier's people and resident teams, and none of the
zone-wide records (graduate intake, joint research); everyone else signed in reads them all.
"""

from __future__ import annotations

from django.db.models import QuerySet

from zhaoshang.talent.models import GraduateIntake, Person, ResearchProject, TalentTeam


def _signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def people_visible_to(user, queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
    qs = Person.objects.all() if queryset is None else queryset
    if not _signed_in(user):
        return qs.none()
    if user.is_partner:
        return qs.filter(carrier_id=user.carrier_id) if user.carrier_id else qs.none()
    return qs


def teams_visible_to(user, queryset: QuerySet[TalentTeam] | None = None) -> QuerySet[TalentTeam]:
    qs = TalentTeam.objects.all() if queryset is None else queryset
    if not _signed_in(user):
        return qs.none()
    if user.is_partner:
        return qs.filter(residencies__carrier_id=user.carrier_id).distinct() if user.carrier_id else qs.none()
    return qs


def graduate_intakes_visible_to(user, queryset: QuerySet[GraduateIntake] | None = None) -> QuerySet[GraduateIntake]:
    qs = GraduateIntake.objects.all() if queryset is None else queryset
    return qs if _signed_in(user) and not user.is_partner else qs.none()


def research_projects_visible_to(user, queryset: QuerySet[ResearchProject] | None = None
                                 ) -> QuerySet[ResearchProject]:
    qs = ResearchProject.objects.all() if queryset is None else queryset
    return qs if _signed_in(user) and not user.is_partner else qs.none()
