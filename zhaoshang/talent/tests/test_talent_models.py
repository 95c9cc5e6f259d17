"""What a talent record must hold before it is saved, and how it names itself in lists."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.test import TestCase

from zhaoshang.talent.models import COLLEGE_OR_ABOVE, Education, GraduateIntake, Person, TalentTeam
from zhaoshang.testing import make_zone


class TalentModelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        TalentTeam.objects.create(zone=cls.zone, name="飞地芯片团队", kind=TalentTeam.Kind.STARTUP)
        GraduateIntake.objects.create(zone=cls.zone, year=2023, source_region_id="310100", count=120)

    def errors(self, record) -> dict[str, list[str]]:
        with self.assertRaises(ValidationError) as caught:
            record.full_clean()
        return caught.exception.message_dict

    def test_a_person_needs_a_known_education_and_an_introduction_date(self):
        errors = self.errors(Person(zone=self.zone, name="张工", education="phd"))
        self.assertEqual(set(errors), {"education", "introduced_on"})

    def test_a_person_without_identity_number_or_phone_is_valid(self):
        Person(zone=self.zone, name="张工", education=Education.MASTER, introduced_on=dt.date(2023, 3, 1)).full_clean()

    def test_an_identity_number_is_at_most_eighteen_characters(self):
        person = Person(zone=self.zone, name="张工", education=Education.MASTER, introduced_on=dt.date(2023, 3, 1),
                        id_number="33050219850101100X1")
        self.assertEqual(set(self.errors(person)), {"id_number"})

    def test_a_team_name_is_taken_once_per_zone(self):
        duplicate = TalentTeam(zone=self.zone, name="飞地芯片团队", kind=TalentTeam.Kind.LEADING)
        self.assertIn("__all__", self.errors(duplicate))
        TalentTeam(zone=make_zone("other", "另一新区"), name="飞地芯片团队", kind=TalentTeam.Kind.LEADING).full_clean()

    def test_one_graduate_intake_per_zone_year_and_source_region(self):
        again = GraduateIntake(zone=self.zone, year=2023, source_region_id="310100", count=5)
        self.assertIn("__all__", self.errors(again))
        GraduateIntake(zone=self.zone, year=2024, source_region_id="310100", count=5).full_clean()

    def test_a_graduate_count_cannot_be_negative(self):
        intake = GraduateIntake(zone=self.zone, year=2024, source_region_id="310100", count=-1)
        self.assertEqual(set(self.errors(intake)), {"count"})

    def test_an_intake_reads_as_year_region_and_head_count(self):
        self.assertEqual(str(GraduateIntake.objects.get()), "2023 上海市：120 人")

    def test_college_or_above_leaves_out_only_below_college(self):
        self.assertEqual(set(Education) - set(COLLEGE_OR_ABOVE), {Education.BELOW_COLLEGE})
