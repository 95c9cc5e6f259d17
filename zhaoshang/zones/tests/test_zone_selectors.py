"""Which carriers a user may see, and which zone a page or command means."""

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.testing import make_carrier, make_user, make_zone
from zhaoshang.zones.models import Carrier, Zone
from zhaoshang.zones.selectors import ZoneNotFound, carriers_visible_to, zone_resolve


class CarrierVisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        cls.enclave = make_carrier(zone, "杭州飞地")
        make_carrier(zone, "南太湖孵化器", Carrier.Kind.INCUBATOR)
        cls.partner = make_user("partner", Role.PARTNER, carrier=cls.enclave)

    def names(self, user, queryset=None) -> list[str]:
        return sorted(c.name for c in carriers_visible_to(user, queryset))

    def test_a_partner_sees_only_their_own_carrier(self):
        self.assertEqual(self.names(self.partner), ["杭州飞地"])

    def test_a_partner_without_a_carrier_sees_none(self):
        self.assertEqual(self.names(make_user("partner-unassigned", Role.PARTNER)), [])

    def test_every_other_role_sees_all_carriers(self):
        for role in (Role.OFFICER, Role.LEADER, Role.ANALYST, Role.ADMINISTRATOR):
            with self.subTest(role=role):
                self.assertEqual(self.names(make_user(f"user-{role}", role)), ["南太湖孵化器", "杭州飞地"])

    def test_signed_out_or_deactivated_users_see_none(self):
        inactive = make_user("gone")
        inactive.is_active = False
        for user in (None, AnonymousUser(), inactive):
            with self.subTest(user=user):
                self.assertEqual(self.names(user), [])

    def test_a_given_queryset_is_narrowed_not_replaced(self):
        incubators = Carrier.objects.filter(kind=Carrier.Kind.INCUBATOR)
        self.assertEqual(self.names(make_user("officer"), incubators), ["南太湖孵化器"])
        self.assertEqual(self.names(self.partner, incubators), [])


class ZoneResolveTests(TestCase):
    def test_with_one_zone_nothing_needs_to_be_given(self):
        zone = make_zone("nantaihu", "湖州南太湖新区")
        self.assertEqual(zone_resolve(), zone)

    def test_a_zone_is_found_by_code_name_or_short_name(self):
        zone = Zone.objects.create(code="nantaihu", name="湖州南太湖新区", short_name="南太湖", region_id="330500")
        make_zone("anji", "安吉经济开发区")
        for text in ("nantaihu", "湖州南太湖新区", "南太湖"):
            with self.subTest(text=text):
                self.assertEqual(zone_resolve(text), zone)

    def test_with_several_zones_one_must_be_named(self):
        make_zone("nantaihu", "湖州南太湖新区")
        make_zone("anji", "安吉经济开发区")
        with self.assertRaisesMessage(ZoneNotFound, "--zone"):
            zone_resolve()

    def test_an_unknown_zone_is_refused_without_listing_the_zones_there_are(self):
        make_zone("anji", "安吉经济开发区")
        with self.assertRaises(ZoneNotFound) as refused:
            zone_resolve("nowhere")
        self.assertIn("nowhere", str(refused.exception))
        self.assertNotIn("anji", str(refused.exception))

    def test_an_empty_database_says_how_to_get_a_zone(self):
        with self.assertRaisesMessage(ZoneNotFound, "zhaoshang demo"):
            zone_resolve()
