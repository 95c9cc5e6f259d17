import datetime as dt

from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.organizations.models import Organization
from zhaoshang.testing import make_carrier, make_project, make_user, make_zone
from zhaoshang.zones.models import AttributionRule, CooperationAgreement, Residency


class EnclavePageTests(TestCase):
    def setUp(self):
        zone = make_zone()
        self.carriers = {}
        for partner in ("杭州市人民政府", "上海市嘉定区人民政府"):
            org = Organization.objects.create(name=partner, kind="government", region_id="330100")
            agreement = CooperationAgreement.objects.create(zone=zone, partner=org, title=f"与{partner}的飞地协议",
                                                            signed_on=dt.date(2019, 1, 1))
            AttributionRule.objects.create(agreement=agreement, figure="projects", mode="both",
                                           valid_from=dt.date(2019, 1, 1), signed_on=dt.date(2019, 1, 1))
            carrier = make_carrier(zone, name=f"{partner}飞地", agreement=agreement)
            Residency.objects.create(carrier=carrier, project=make_project(zone, f"{partner}项目"),
                                     since=dt.date(2020, 1, 1))
            self.carriers[partner] = carrier

    def page(self, user) -> str:
        self.client.force_login(user)
        return self.client.get("/enclave/?year=2020").content.decode()

    def test_partner_staff_see_only_their_own_statement(self):
        staff = make_user("hz", Role.PARTNER, carrier=self.carriers["杭州市人民政府"])
        page = self.page(staff)
        self.assertIn("与杭州市人民政府的飞地协议", page)
        self.assertNotIn("上海市嘉定区", page)

    def test_zone_staff_see_every_agreement(self):
        page = self.page(make_user("boss", Role.LEADER))
        self.assertIn("与杭州市人民政府的飞地协议", page)
        self.assertIn("与上海市嘉定区人民政府的飞地协议", page)
