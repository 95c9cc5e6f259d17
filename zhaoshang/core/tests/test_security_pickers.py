"""Pickers, search and filters answer a partner only with what the partner may see: the officers behind a
carrier's hidden projects, and organisations behind no record of theirs, are neither offered nor named."""

from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.forms import ProjectFilterForm
from zhaoshang.testing import make_carrier, make_project, make_user, make_zone


class PartnerPickerTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        carrier = make_carrier(zone, "甲园")
        cls.partner = make_user("partner", Role.PARTNER, carrier=carrier)
        cls.officer = make_user("officer", Role.OFFICER, team="一组")
        cls.visible_owner = make_user("officer_open", Role.OFFICER, team="一组")
        cls.hidden_owner = make_user("officer_secret", Role.OFFICER, team="二组")
        open_project = make_project(zone, "公开物流项目", owner=cls.visible_owner, carrier=carrier)
        make_project(zone, "机密芯片项目", owner=cls.hidden_owner, carrier=carrier, confidential=True)
        open_project.investors.add(Organization.objects.create(name="甲物流有限公司"))
        Organization.objects.create(name="甲芯片有限公司")

    def _pick(self, user, name: str, q: str) -> str:
        self.client.force_login(user)
        response = self.client.get(reverse(name), {"q": q})
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_a_partner_is_offered_only_owners_of_projects_they_may_see(self):
        page = self._pick(self.partner, "workspace:pick_owners", "officer")
        self.assertIn("officer_open", page)
        self.assertNotIn("officer_secret", page)

    def test_an_officer_is_offered_every_possible_owner(self):
        page = self._pick(self.officer, "workspace:pick_owners", "officer")
        self.assertIn("officer_open", page)
        self.assertIn("officer_secret", page)

    def test_a_partner_filters_the_project_list_only_by_owners_of_projects_they_may_see(self):
        owners = [value for value, _ in ProjectFilterForm(user=self.partner).fields["owner"].choices]
        self.assertEqual(owners, ["", "officer_open"])

    def test_a_partner_is_offered_only_organisations_behind_their_records(self):
        page = self._pick(self.partner, "workspace:pick_organizations", "甲")
        self.assertIn("甲物流有限公司", page)
        self.assertNotIn("甲芯片有限公司", page)

    def test_a_partners_search_neither_lists_nor_counts_what_they_may_not_see(self):
        page = self._pick(self.partner, "workspace:search", "芯片")
        self.assertNotIn("机密芯片项目", page)
        self.assertNotIn("甲芯片有限公司", page)
