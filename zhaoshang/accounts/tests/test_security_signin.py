"""Sign-in under attack: an atomic lockout, the same work on every path, a per-address throttle, unlocking
by an administrator, password rules and a self-service change, and API tokens that follow the account."""

import datetime as dt
import threading
import time
from unittest import mock

from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from zhaoshang.accounts.backends import LockoutBackend
from zhaoshang.accounts.models import ApiToken, Role, User
from zhaoshang.testing import PASSWORD, make_user, make_zone


class ParallelGuessesTests(TransactionTestCase):
    def test_forty_parallel_wrong_guesses_get_exactly_the_limit_of_real_tries(self):
        user = make_user("target", Role.OFFICER)
        checked = []
        real_check = User.check_password

        def counting_check(self, raw):
            checked.append(raw)
            return real_check(self, raw)

        barrier = threading.Barrier(8)

        def guess():
            barrier.wait()
            for _ in range(5):
                # The in-memory test database locks whole tables (a file database waits instead): a guess that
                # meets the lock is tried again, as a person would, so every one of the 40 reaches the database.
                for _retry in range(200):
                    try:
                        LockoutBackend().authenticate(None, username="target", password="wrong")
                        break
                    except OperationalError:
                        time.sleep(0.005)

        with mock.patch.object(User, "check_password", counting_check):
            threads = [threading.Thread(target=guess) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        user.refresh_from_db()
        self.assertTrue(user.is_locked())
        self.assertEqual(len(checked), 5)


class SignInTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_zone()
        cls.user = make_user("officer", Role.OFFICER)
        cls.admin = make_user("boss", Role.ADMINISTRATOR)

    def setUp(self):
        cache.clear()

    def attempt(self, password, username="officer", **extra):
        return self.client.post(reverse("login"), {"username": username, "password": password}, **extra)

    def test_unknown_locked_and_wrong_all_run_the_password_hasher(self):
        self.user.locked_until = timezone.now() + dt.timedelta(minutes=5)
        self.user.save()
        for username in ["nobody", "officer", "boss"]:  # unknown, locked, wrong password
            with mock.patch("zhaoshang.accounts.backends.User.set_password") as hashed, \
                    mock.patch("zhaoshang.accounts.backends.User.check_password", return_value=False) as checked:
                LockoutBackend().authenticate(None, username=username, password="wrong")
            self.assertEqual(hashed.call_count + checked.call_count, 1, username)

    @override_settings(LOGIN_ADDRESS_LIMIT=3)
    def test_one_address_trying_too_often_is_answered_429(self):
        for _ in range(3):
            self.assertEqual(self.attempt("wrong", username=f"guess{_}").status_code, 200)
        response = self.attempt(PASSWORD)
        self.assertContains(response, "过于频繁", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.user.refresh_from_db()
        self.assertIsNone(self.user.locked_until)  # the throttle spares the account's own count

    def test_an_administrator_unlocks_an_account(self):
        self.user.locked_until = timezone.now() + dt.timedelta(minutes=5)
        self.user.save()
        self.client.login(username="boss", password=PASSWORD)
        self.client.post(reverse("admin:accounts_user_changelist"),
                         {"action": "unlock", "_selected_action": [self.user.pk]})
        self.user.refresh_from_db()
        self.assertFalse(self.user.is_locked())

    def test_a_word_plus_digits_password_is_refused(self):
        for weak in ["Zhaoshang1", "Welcome2024!", "2024Welcome", "Password123"]:
            with self.assertRaises(ValidationError, msg=weak):
                validate_password(weak)
        validate_password("Taihu-Lake-2020")

    def test_a_user_changes_their_own_password(self):
        self.client.login(username="officer", password=PASSWORD)
        response = self.client.post(reverse("password_change"), {
            "old_password": PASSWORD, "new_password1": "Nanhu-Boat-1921", "new_password2": "Nanhu-Boat-1921"})
        self.assertEqual(response.status_code, 302)
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password("Nanhu-Boat-1921"))

    def test_the_password_page_refuses_a_predictable_password(self):
        self.client.login(username="officer", password=PASSWORD)
        response = self.client.post(reverse("password_change"), {
            "old_password": PASSWORD, "new_password1": "Zhaoshang1", "new_password2": "Zhaoshang1"})
        self.assertContains(response, "单词加数字")


class TokenLifecycleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_zone()
        cls.user = make_user("officer", Role.OFFICER)

    def call(self, key, method="get", **body):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        if method == "get":
            return self.client.get("/api/projects", **headers)
        return self.client.post("/api/projects", body, content_type="application/json", **headers)

    def test_a_token_stops_working_while_its_account_is_locked(self):
        _, key = ApiToken.issue(user=self.user, name="同步")
        User.objects.filter(pk=self.user.pk).update(locked_until=timezone.now() + dt.timedelta(minutes=5))
        self.assertEqual(self.call(key).status_code, 401)

    def test_a_password_change_ends_every_token(self):
        _, key = ApiToken.issue(user=self.user, name="同步")
        self.user.set_password("Nanhu-Boat-1921")
        self.user.save()
        self.assertEqual(self.call(key).status_code, 401)

    def test_an_expired_token_is_refused(self):
        _, key = ApiToken.issue(user=self.user, name="同步", expires_at=timezone.now() - dt.timedelta(seconds=1))
        self.assertEqual(self.call(key).status_code, 401)

    def test_a_read_only_token_reads_but_cannot_write(self):
        _, key = ApiToken.issue(user=self.user, name="报表", read_only=True)
        self.assertEqual(self.call(key).status_code, 200)
        response = self.call(key, "post", name="新项目", zone="testzone")
        self.assertEqual(response.status_code, 403)
        self.assertIn("只读", response.json()["detail"])

    def test_a_user_issues_lists_and_revokes_their_own_tokens_only(self):
        other = make_user("other", Role.OFFICER)
        theirs, _ = ApiToken.issue(user=other, name="别人的")
        self.client.login(username="officer", password=PASSWORD)
        page = self.client.post(reverse("tokens"), {"name": "我的脚本", "days": 30, "read_only": "on"})
        self.assertContains(page, "只显示这一次")
        self.assertNotContains(page, "别人的")
        mine = ApiToken.objects.get(user=self.user)
        self.assertTrue(mine.read_only)
        self.assertEqual(self.client.post(reverse("token_revoke", args=[theirs.pk])).status_code, 404)
        self.client.post(reverse("token_revoke", args=[mine.pk]))
        self.assertFalse(ApiToken.objects.filter(pk=mine.pk).exists())
        self.assertTrue(ApiToken.objects.filter(pk=theirs.pk).exists())
