"""In the admin, people's ID-card and phone numbers are masked for everyone but administrators."""

import datetime as dt

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.talent.models import Education, Person
from zhaoshang.testing import make_user, make_zone

ID_NUMBER = "33050219850101100X"
PHONE = "13812341234"


class PersonAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        cls.person = Person.objects.create(zone=zone, name="张工", education=Education.DOCTOR,
                                           introduced_on=dt.date(2023, 3, 1), id_number=ID_NUMBER, phone=PHONE)
        cls.staff_officer = make_user("staff-officer")
        cls.staff_officer.is_staff = True
        cls.staff_officer.save()
        cls.staff_officer.user_permissions.add(
            *Permission.objects.filter(codename__in=["view_person", "change_person"]))
        cls.admin = make_user("admin", Role.ADMINISTRATOR)

    def page(self, user, url, data=None):
        self.client.force_login(user)
        return self.client.get(url, data)

    def test_a_staff_officer_sees_the_numbers_masked_in_the_list_and_on_the_form(self):
        for url in (reverse("admin:talent_person_changelist"),
                    reverse("admin:talent_person_change", args=[self.person.pk])):
            with self.subTest(url=url):
                page = self.page(self.staff_officer, url)
                self.assertContains(page, "330***********100X")
                self.assertContains(page, "138****1234")
                self.assertNotContains(page, ID_NUMBER)
                self.assertNotContains(page, PHONE)

    def test_an_administrator_sees_and_edits_the_numbers_in_full(self):
        page = self.page(self.admin, reverse("admin:talent_person_change", args=[self.person.pk]))
        self.assertContains(page, f'name="id_number" value="{ID_NUMBER}"')
        self.assertContains(page, f'name="phone" value="{PHONE}"')

    def test_saving_the_form_as_a_staff_officer_leaves_the_numbers_alone(self):
        self.client.force_login(self.staff_officer)
        self.client.post(reverse("admin:talent_person_change", args=[self.person.pk]), {
            "zone": self.person.zone_id, "name": "张工程师", "education": Education.DOCTOR,
            "introduced_on": "2023-03-01", "id_number": "", "phone": ""})
        self.person.refresh_from_db()
        self.assertEqual(self.person.name, "张工程师")
        self.assertEqual((self.person.id_number, self.person.phone), (ID_NUMBER, PHONE))

    def test_a_staff_officer_cannot_guess_a_number_by_filtering_the_list(self):
        url = reverse("admin:talent_person_changelist")
        for lookup in ("id_number__startswith", "phone"):
            with self.subTest(lookup=lookup):
                self.assertEqual(self.page(self.staff_officer, url, {lookup: "138"}).status_code, 400)
        self.assertEqual(self.page(self.admin, url, {"phone__startswith": "138"}).status_code, 200)

    def test_only_administrators_open_a_persons_change_history(self):
        url = reverse("admin:talent_person_history", args=[self.person.pk])
        self.assertEqual(self.page(self.staff_officer, url).status_code, 403)
        self.assertEqual(self.page(self.admin, url).status_code, 200)
