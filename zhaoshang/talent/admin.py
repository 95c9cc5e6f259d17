from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from zhaoshang.admin_site import PersonalNumbersAdmin, ScopedModelAdmin
from zhaoshang.talent.models import GraduateIntake, Person, ResearchProject, TalentTeam


@admin.register(TalentTeam)
class TalentTeamAdmin(ScopedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "field", "declared_year", "source_region", "zone"]
    list_filter = ["kind", "declared_year"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(PersonalNumbersAdmin, ScopedModelAdmin, SimpleHistoryAdmin):
    """Identity and phone numbers appear in full only to administrators, and so does the change history."""

    list_filter = ["education", "carrier"]
    search_fields = ["name"]
    basics = ["name", "education", "team", "carrier", "introduced_on"]


@admin.register(GraduateIntake)
class GraduateIntakeAdmin(ScopedModelAdmin):
    list_display = ["year", "source_region", "count", "zone"]
    list_filter = ["year"]


@admin.register(ResearchProject)
class ResearchProjectAdmin(ScopedModelAdmin):
    list_display = ["title", "started_on", "listed_as", "zone"]
