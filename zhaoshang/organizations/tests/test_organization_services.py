"""Writing organisations through their services: who may, attribution, tags and blank credit codes."""

from django.core.exceptions import PermissionDenied
from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.organizations.models import Organization, Tag
from zhaoshang.organizations.services import organization_create, organization_update
from zhaoshang.testing import make_user


class OrganizationServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.analyst = make_user("analyst", Role.ANALYST)
        cls.leader = make_user("leader", Role.LEADER)
        cls.listed = Tag.objects.create(name="上市")

    def test_an_analyst_creates_with_tags_and_the_history_names_them(self):
        organization = organization_create(user=self.analyst, name="苏新光电材料有限公司", tags=[self.listed],
                                           reason="展会名录")
        self.assertEqual(list(organization.tags.all()), [self.listed])
        created = organization.history.earliest()
        self.assertEqual((created.history_user, created.history_change_reason), (self.analyst, "展会名录"))

    def test_a_leader_may_not_create_or_update(self):
        with self.assertRaises(PermissionDenied):
            organization_create(user=self.leader, name="新公司")
        self.assertFalse(Organization.objects.exists())
        organization = organization_create(user=self.analyst, name="旧公司")
        with self.assertRaises(PermissionDenied):
            organization_update(user=self.leader, organization=organization, name="改名公司")
        self.assertEqual(Organization.objects.get().name, "旧公司")

    def test_organisations_without_a_credit_code_do_not_clash(self):
        organization_create(user=self.analyst, name="甲公司", credit_code="")
        second = organization_create(user=self.analyst, name="乙公司")
        organization_update(user=self.analyst, organization=second, credit_code="")
        self.assertEqual(Organization.objects.filter(credit_code__isnull=True).count(), 2)
