from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from zhaoshang.accounts.masking import mask_id_number, mask_phone
from zhaoshang.accounts.permissions import sees_personal_data
from zhaoshang.admin_site import ScopedModelAdmin
from zhaoshang.talent.models import GraduateIntake, Person, ResearchProject, TalentTeam


@admin.register(TalentTeam)
class TalentTeamAdmin(ScopedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "field", "declared_year", "source_region", "zone"]
    list_filter = ["kind", "declared_year"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(ScopedModelAdmin, SimpleHistoryAdmin):
    """Identity and phone numbers appear in full only to administrators, and so does the change history."""

    list_filter = ["education", "carrier"]
    search_fields = ["name"]
    basics = ["name", "education", "team", "carrier", "introduced_on"]
    unmasked = ["id_number", "phone"]
    masked = ["id_masked", "phone_masked"]

    def _private(self, request) -> list[str]:
        return self.unmasked if sees_personal_data(request.user) else self.masked

    def get_list_display(self, request):
        return self.basics + self._private(request)

    def get_fields(self, request, obj=None):
        return ["zone", *self.basics, *self._private(request)]

    def get_readonly_fields(self, request, obj=None):
        return [] if sees_personal_data(request.user) else list(self.masked)

    def lookup_allowed(self, lookup, value, request=None):
        # Filtering by a masked number through the URL would reveal it digit by digit.
        if lookup.split("__")[0] in self.unmasked and not (request and sees_personal_data(request.user)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_view_history_or_change_history_permission(self, request, obj=None):
        return sees_personal_data(request.user)  # the history shows the numbers unmasked

    @admin.display(description="身份证号")
    def id_masked(self, obj):
        return mask_id_number(obj.id_number)

    @admin.display(description="手机号")
    def phone_masked(self, obj):
        return mask_phone(obj.phone)


@admin.register(GraduateIntake)
class GraduateIntakeAdmin(ScopedModelAdmin):
    list_display = ["year", "source_region", "count", "zone"]
    list_filter = ["year"]


@admin.register(ResearchProject)
class ResearchProjectAdmin(ScopedModelAdmin):
    list_display = ["title", "started_on", "listed_as", "zone"]
