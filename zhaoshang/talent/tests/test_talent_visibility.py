"""Who sees which talent records: partners only their own carrier's people and resident teams."""

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from zhaoshang.accounts.models import Role
from zhaoshang.talent.models import Education, GraduateIntake, Person, ResearchProject, TalentTeam
from zhaoshang.talent.selectors import (
    graduate_intakes_visible_to,
    people_visible_to,
    research_projects_visible_to,
    teams_visible_to,
)
from zhaoshang.testing import make_carrier, make_user, make_zone
from zhaoshang.zones.models import Carrier, Residency

DAY = dt.date(2023, 3, 1)


def names(queryset) -> set[str]:
    return {str(record) for record in queryset}


class TalentVisibilityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        cls.enclave = make_carrier(zone, "杭州飞地")
        incubator = make_carrier(zone, "南太湖孵化器", Carrier.Kind.INCUBATOR)
        cls.officer = make_user("officer")
        cls.leader = make_user("leader", Role.LEADER)
        cls.partner = make_user("partner", Role.PARTNER, carrier=cls.enclave)
        cls.partner_without_carrier = make_user("partner-unassigned", Role.PARTNER)
        Person.objects.create(zone=zone, name="张工", education=Education.DOCTOR, carrier=cls.enclave,
                              introduced_on=DAY)
        Person.objects.create(zone=zone, name="李博士", education=Education.DOCTOR, carrier=incubator,
                              introduced_on=DAY)
        Person.objects.create(zone=zone, name="王同学", education=Education.BACHELOR, introduced_on=DAY)
        resident = TalentTeam.objects.create(zone=zone, name="飞地芯片团队", kind=TalentTeam.Kind.STARTUP)
        elsewhere = TalentTeam.objects.create(zone=zone, name="孵化器材料团队", kind=TalentTeam.Kind.STARTUP)
        TalentTeam.objects.create(zone=zone, name="领军储能团队", kind=TalentTeam.Kind.LEADING)
        # A team that moved from the incubator into the enclave is listed once, not once per residency.
        Residency.objects.create(carrier=cls.enclave, team=resident, since=DAY)
        Residency.objects.create(carrier=incubator, team=resident, since=DAY - dt.timedelta(days=365),
                                 until=DAY)
        Residency.objects.create(carrier=cls.enclave, team=resident, since=DAY + dt.timedelta(days=30))
        Residency.objects.create(carrier=incubator, team=elsewhere, since=DAY)
        GraduateIntake.objects.create(zone=zone, year=2023, source_region_id="310100", count=120)
        ResearchProject.objects.create(zone=zone, title="固态电池联合攻关", started_on=DAY)

    def test_a_partner_sees_only_the_people_of_their_own_carrier(self):
        self.assertEqual(names(people_visible_to(self.partner)), {"张工"})

    def test_a_partner_sees_only_the_teams_resident_in_their_carrier_each_once(self):
        teams = teams_visible_to(self.partner)
        self.assertEqual([t.name for t in teams], ["飞地芯片团队"])

    def test_a_partner_sees_no_graduate_intake_and_no_joint_research(self):
        self.assertFalse(graduate_intakes_visible_to(self.partner).exists())
        self.assertFalse(research_projects_visible_to(self.partner).exists())

    def test_a_partner_without_a_carrier_sees_no_people_and_no_teams(self):
        self.assertFalse(people_visible_to(self.partner_without_carrier).exists())
        self.assertFalse(teams_visible_to(self.partner_without_carrier).exists())

    def test_officers_and_leaders_read_every_talent_record(self):
        for user in (self.officer, self.leader):
            with self.subTest(user=user.username):
                self.assertEqual(names(people_visible_to(user)), {"张工", "李博士", "王同学"})
                self.assertEqual(teams_visible_to(user).count(), 3)
                self.assertEqual(graduate_intakes_visible_to(user).count(), 1)
                self.assertEqual(names(research_projects_visible_to(user)), {"固态电池联合攻关"})

    def test_nobody_signed_out_or_deactivated_sees_anything(self):
        self.officer.is_active = False
        for user in (None, AnonymousUser(), self.officer):
            with self.subTest(user=user):
                self.assertFalse(people_visible_to(user).exists())
                self.assertFalse(teams_visible_to(user).exists())
                self.assertFalse(graduate_intakes_visible_to(user).exists())
                self.assertFalse(research_projects_visible_to(user).exists())

    def test_a_given_queryset_is_narrowed_not_replaced(self):
        doctors = Person.objects.filter(education=Education.DOCTOR)
        self.assertEqual(names(people_visible_to(self.officer, doctors)), {"张工", "李博士"})
        self.assertEqual(names(people_visible_to(self.partner, doctors)), {"张工"})
