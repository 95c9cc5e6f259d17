"""The 等保 2.0 level-2 baseline: lockout, idle timeout, password rules."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.testing import PASSWORD, make_user


class LockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = make_user("officer", Role.OFFICER)

    def setUp(self):
        cache.clear()  # the per-address throttle counts failures across tests

    def attempt(self, password):
        return self.client.post(reverse("login"), {"username": "officer", "password": password})

    def test_five_failed_logins_lock_the_account_even_for_the_right_password(self):
        for _ in range(5):
            self.assertContains(self.attempt("wrong"), "登录失败")
        self.user.refresh_from_db()
        self.assertIsNotNone(self.user.locked_until)
        response = self.attempt(PASSWORD)
        self.assertContains(response, "5 分钟后自动解锁")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_an_unknown_name_and_a_locked_account_read_the_same(self):
        for _ in range(5):
            self.attempt("wrong")
        locked = self.attempt(PASSWORD).context["form"].non_field_errors()
        unknown = self.client.post(reverse("login"), {"username": "nobody", "password": "x"})
        self.assertEqual(list(locked), list(unknown.context["form"].non_field_errors()))

    def test_the_lock_expires(self):
        for _ in range(5):
            self.attempt("wrong")
        self.user.refresh_from_db()
        self.user.locked_until = self.user.locked_until.replace(year=2000)
        self.user.save()
        self.assertRedirects(self.attempt(PASSWORD), reverse("cockpit"), fetch_redirect_response=False)

    def test_a_success_resets_the_count(self):
        for _ in range(4):
            self.attempt("wrong")
        self.attempt(PASSWORD)
        self.client.logout()
        self.attempt("wrong")
        self.user.refresh_from_db()
        self.assertEqual(self.user.failed_logins, 1)
        self.assertIsNone(self.user.locked_until)

    def test_the_admin_login_obeys_the_same_lock(self):
        make_user("boss", Role.ADMINISTRATOR)
        for _ in range(5):
            self.client.post(reverse("admin:login"), {"username": "boss", "password": "nope"})
        response = self.client.post(reverse("admin:login"), {"username": "boss", "password": PASSWORD})
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(response.status_code, 200)

    @override_settings(LOGIN_FAILURE_LIMIT=2)
    def test_the_limit_is_configurable(self):
        self.attempt("wrong")
        self.attempt("wrong")
        self.user.refresh_from_db()
        self.assertTrue(self.user.is_locked())


class SessionAndPasswordTests(TestCase):
    def test_sessions_end_after_thirty_idle_minutes(self):
        self.assertEqual(settings.SESSION_COOKIE_AGE, 1800)
        self.assertLess(settings.SESSION_TOUCH_SECONDS, settings.SESSION_COOKIE_AGE)
        make_user("idle", Role.OFFICER)
        self.client.login(username="idle", password=PASSWORD)
        self.client.get(reverse("cockpit"))
        self.assertLessEqual(self.client.session.get_expiry_age(), 1800)

    def test_passwords_need_length_and_three_character_classes(self):
        for weak in ["short1A!", "alllowercaseletters", "lowercase12345678"]:
            with self.assertRaises(ValidationError):
                validate_password(weak)
        validate_password("Taihu-Lake-2020")

    def test_the_api_documentation_needs_sign_in(self):
        self.assertNotEqual(self.client.get("/api/docs").status_code, 200)
        self.assertNotEqual(self.client.get("/api/openapi.json").status_code, 200)


class MaskedNumbersInTheAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from django.contrib.auth.models import Permission

        from zhaoshang.talent.models import Education, Person
        from zhaoshang.testing import make_zone

        staff = make_user("staff", Role.OFFICER)
        staff.is_staff = True
        staff.save()
        staff.user_permissions.add(Permission.objects.get(codename="view_person"))
        Person.objects.create(zone=make_zone(), name="人才甲", education=Education.MASTER,
                              introduced_on="2020-01-01", id_number="330102198501011005", phone="13805720007")

    def test_a_staff_officer_sees_masked_numbers_and_cannot_filter_by_them(self):
        self.client.login(username="staff", password=PASSWORD)
        url = reverse("admin:talent_person_changelist")
        page = self.client.get(url)
        self.assertContains(page, "138****0007")
        self.assertNotContains(page, "13805720007")
        probe = self.client.get(url, {"phone__startswith": "138057"})
        self.assertNotContains(probe, "人才甲", status_code=probe.status_code)


class UploadLimitTests(TestCase):
    @override_settings(UPLOAD_MAX_BYTES=1000)
    def test_a_request_far_over_the_limit_is_cut_off_before_it_is_stored(self):
        from django.core.exceptions import RequestDataTooBig

        from zhaoshang.core.uploads import SLACK, SizeLimitUploadHandler

        handler = SizeLimitUploadHandler()
        with self.assertRaises(RequestDataTooBig):
            handler.handle_raw_input(None, {}, 1000 + SLACK + 1, b"boundary")
        handler.handle_raw_input(None, {}, None, b"boundary")  # chunked: no length given
        handler.receive_data_chunk(b"x" * 1000, 0)
        with self.assertRaises(RequestDataTooBig):
            handler.receive_data_chunk(b"x" * (SLACK + 1), 1000)
