"""A database that cannot be reached (restarting, refused, the connection closed under us) answers 503 in
Chinese with Retry-After, on pages and on the API, wherever in the request it fails; once it is back, the
same app answers again. A failure that is the code's bug still answers 500."""

import socket
from unittest import mock

import psycopg.errors
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.utils import ConnectionHandler
from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.core.middleware import is_database_busy, is_database_unavailable
from zhaoshang.testing import PASSWORD, make_user, make_zone

SESSION_READ = "django.contrib.sessions.backends.db.SessionStore._get_session_from_db"


def refused_connection_error() -> OperationalError:
    """The error Django raises when PostgreSQL refuses the connection (nothing listens on the port)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = ConnectionHandler({"default": {
        "ENGINE": "django.db.backends.postgresql", "NAME": "zhaoshang", "USER": "postgres", "HOST": "127.0.0.1",
        "PORT": str(port), "OPTIONS": {"connect_timeout": 2}}})
    try:
        handler["default"].ensure_connection()
    except OperationalError as exc:
        return exc
    finally:
        handler.close_all()
    raise AssertionError("a connection to a closed port succeeded")


def shutdown_error() -> OperationalError:
    """The error a query meets when the server is stopped under it (SQLSTATE 57P01)."""
    try:
        raise OperationalError("terminating connection due to administrator command") from \
            psycopg.errors.AdminShutdown("terminating connection due to administrator command")
    except OperationalError as exc:
        return exc


class ClassificationTests(TestCase):
    def test_a_refused_connection_a_shutdown_and_a_closed_connection_are_unavailable_not_busy(self):
        for error in (refused_connection_error(), shutdown_error(), InterfaceError("connection already closed")):
            with self.subTest(error=str(error)[:60]):
                self.assertTrue(is_database_unavailable(error))
                self.assertFalse(is_database_busy(error))

    def test_a_missing_table_or_a_syntax_error_is_neither(self):
        for error in (OperationalError("no such table: projects_project"), ValueError("connection")):
            self.assertFalse(is_database_unavailable(error))


class UnavailableAnswersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_zone()
        make_user("officer", Role.OFFICER)

    def setUp(self):
        self.client.login(username="officer", password=PASSWORD)
        self.client.raise_request_exception = False

    def assert_unavailable_page(self, response):
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], str(settings.DATABASE_BUSY_RETRY_SECONDS))
        page = response.content.decode()
        self.assertIn("系统暂时连不上数据库", page)
        self.assertIn("请稍后重试", page)

    def test_the_session_read_failing_before_the_view_is_a_chinese_503_page_then_the_page_is_back(self):
        with mock.patch(SESSION_READ, side_effect=refused_connection_error()):
            self.assert_unavailable_page(self.client.get(reverse("projects:list")))
        self.assertContains(self.client.get(reverse("projects:list")), "项目")

    def test_a_connection_lost_in_the_view_is_a_chinese_503_page(self):
        for error in (shutdown_error(), InterfaceError("connection already closed")):
            with self.subTest(error=str(error)), mock.patch("zhaoshang.projects.views.project_list",
                                                            side_effect=error):
                self.assert_unavailable_page(self.client.get(reverse("projects:list")))

    def test_the_api_answers_503_json_with_retry_after_in_the_view_and_before_it(self):
        for target in ("zhaoshang.projects.api.project_list", SESSION_READ):
            with mock.patch(target, side_effect=refused_connection_error()):
                response = self.client.get("/api/projects")
            with self.subTest(target=target):
                self.assertEqual(response.status_code, 503)
                self.assertEqual(response["Retry-After"], str(settings.DATABASE_BUSY_RETRY_SECONDS))
                self.assertIn("系统暂时连不上数据库", response.json()["detail"])
        self.assertEqual(self.client.get("/api/projects").status_code, 200)

    def test_an_operational_error_that_is_a_bug_is_still_a_500(self):
        with mock.patch("zhaoshang.projects.views.project_list",
                        side_effect=OperationalError("no such table: projects_project")):
            response = self.client.get(reverse("projects:list"))
        self.assertEqual(response.status_code, 500)
        self.assertNotIn("Retry-After", response)
