"""The organisation API: filters, credit-code validation, masked phones, history and who may write."""

from django.test import TestCase
from stdnum.cn import uscc

from zhaoshang.accounts.models import Role
from zhaoshang.organizations.models import Contact, Organization, Tag
from zhaoshang.testing import make_carrier, make_project, make_user, make_zone


def credit_code(body: str = "91330500MA2B3C4D5") -> str:
    return body + uscc.calc_check_digit(body)


class OrganizationApiTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.enclave = make_carrier(cls.zone)
        cls.officer = make_user("officer", team="招商一组")
        cls.leader = make_user("leader", Role.LEADER)
        cls.admin = make_user("admin", Role.ADMINISTRATOR)
        cls.partner = make_user("partner", Role.PARTNER, carrier=cls.enclave)
        cls.listed = Tag.objects.create(name="上市")
        Tag.objects.create(name="专精特新")
        cls.shanghai = Organization.objects.create(name="沪江新能源动力科技有限公司", region_id="310115",
                                                   industry_id="3670", credit_code=credit_code())
        cls.shanghai.tags.add(cls.listed)
        cls.hangzhou = Organization.objects.create(name="杭州声驰科技有限公司", region_id="330100",
                                                   industry_id="6513")
        Contact.objects.create(organization=cls.shanghai, name="王经理", phone="13812341234")
        secret = make_project(cls.zone, "保密电驱项目", owner=cls.officer, confidential=True)
        secret.investors.add(cls.shanghai)
        in_enclave = make_project(cls.zone, "智能座舱交互软件", carrier=cls.enclave)
        in_enclave.investors.add(cls.hangzhou)

    def as_user(self, user):
        self.client.force_login(user)
        return self.client

    def names(self, query, user=None):
        response = self.as_user(user or self.officer).get(f"/api/organizations{query}")
        return [o["name"] for o in response.json()["items"]]


class OrganizationReadTests(OrganizationApiTestCase):
    def test_filters(self):
        self.assertEqual(self.names("?q=沪江"), ["沪江新能源动力科技有限公司"])
        self.assertEqual(self.names(f"?q={self.shanghai.credit_code}"), ["沪江新能源动力科技有限公司"])
        self.assertEqual(self.names("?region=310100"), ["沪江新能源动力科技有限公司"])  # a district's city
        self.assertEqual(self.names("?region=330000"), ["杭州声驰科技有限公司"])  # a city's province
        self.assertEqual(self.names("?industry=65"), ["杭州声驰科技有限公司"])
        self.assertEqual(self.names("?tag=上市"), ["沪江新能源动力科技有限公司"])

    def test_phone_numbers_are_masked_for_everyone_but_administrators(self):
        path = f"/api/organizations/{self.shanghai.pk}"
        for user, phone in ((self.officer, "138****1234"), (self.leader, "138****1234"),
                            (self.admin, "13812341234")):
            with self.subTest(user=user.username):
                self.assertEqual(self.as_user(user).get(path).json()["contacts"][0]["phone"], phone)

    def test_detail_lists_only_the_projects_the_caller_may_see(self):
        officer = self.make_other_officer()
        data = self.as_user(officer).get(f"/api/organizations/{self.shanghai.pk}").json()
        self.assertEqual(data["projects"], [])
        mine = self.as_user(self.officer).get(f"/api/organizations/{self.shanghai.pk}").json()
        self.assertEqual([p["name"] for p in mine["projects"]], ["保密电驱项目"])

    def make_other_officer(self):
        return make_user("other_officer", team="招商二组")

    def test_partner_sees_only_organisations_behind_their_carriers_records(self):
        self.assertEqual(self.names("", self.partner), ["杭州声驰科技有限公司"])
        response = self.as_user(self.partner).get(f"/api/organizations/{self.shanghai.pk}")
        self.assertEqual(response.status_code, 404)


class OrganizationWriteTests(OrganizationApiTestCase):
    def test_a_bad_check_digit_is_refused_naming_the_field_and_reason(self):
        good = credit_code("91310000MA1K2L3M4")
        bad = good[:-1] + ("0" if good[-1] != "0" else "1")
        response = self.as_user(self.officer).post("/api/organizations", {"name": "某某科技有限公司",
                                                                          "credit_code": bad},
                                                   content_type="application/json")
        self.assertEqual(response.status_code, 400)
        error = response.json()["errors"][0]
        self.assertEqual(error["field"], "credit_code")
        self.assertIn("校验位不正确", error["message"])
        self.assertFalse(Organization.objects.filter(name="某某科技有限公司").exists())

    def test_officer_creates_and_updates_and_history_says_who_and_what(self):
        client = self.as_user(self.officer)
        created = client.post("/api/organizations", {
            "name": "苏新光电材料有限公司", "credit_code": credit_code("91320500MA1X2Y3W4").lower(),
            "region": "320500", "industry": "3985", "tags": ["专精特新"], "registered_capital": "50000000",
        }, content_type="application/json")
        self.assertEqual(created.status_code, 201, created.content)
        data = created.json()
        self.assertEqual((data["credit_code"], data["tags"], data["region"]["name"]),
                         (credit_code("91320500MA1X2Y3W4"), ["专精特新"], "苏州市"))
        updated = client.patch(f"/api/organizations/{data['id']}", {"registered_capital": "80000000",
                                                                    "reason": "增资", "version": 1},
                               content_type="application/json")
        self.assertEqual(updated.status_code, 200, updated.content)
        history = client.get(f"/api/organizations/{data['id']}/history").json()
        self.assertEqual((history[0]["who"]["username"], history[0]["reason"]), ("officer", "增资"))
        self.assertEqual([(c["field"], c["old"], c["new"]) for c in history[0]["changes"]],
                         [("registered_capital", "5000万元", "8000万元")])
        self.assertEqual(history[-1]["action"], "created")

    def test_unknown_codes_and_tags_are_named(self):
        response = self.as_user(self.officer).post("/api/organizations", {
            "name": "某公司", "region": "999999", "industry": "0000", "tags": ["独角兽"],
        }, content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual({e["field"] for e in response.json()["errors"]}, {"region", "industry", "tags"})

    def test_leader_and_partner_may_not_write(self):
        for user in (self.leader, self.partner):
            with self.subTest(user=user.username):
                response = self.as_user(user).post("/api/organizations", {"name": "新公司"},
                                                   content_type="application/json")
                self.assertEqual(response.status_code, 403)
        response = self.as_user(self.leader).patch(f"/api/organizations/{self.shanghai.pk}", {"name": "x"},
                                                   content_type="application/json")
        self.assertEqual(response.status_code, 403)
