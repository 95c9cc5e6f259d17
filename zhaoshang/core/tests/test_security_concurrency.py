"""SQLite under concurrent use: WAL and a busy timeout, no write per request, and a lock answers 503."""

import tempfile
import threading
import time
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import OperationalError, connection
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhaoshang.accounts.models import ApiToken, Role
from zhaoshang.testing import PASSWORD, make_user, make_zone


def _file_connection(path: Path) -> DatabaseWrapper:
    """A connection to a database file configured as the application configures its own."""
    return DatabaseWrapper({**connection.settings_dict, "NAME": str(path), "OPTIONS": settings.SQLITE_OPTIONS})


def _writes(queries, table: str) -> list[str]:
    return [q["sql"] for q in queries if table in q["sql"] and q["sql"].lstrip().upper().startswith(
        ("UPDATE", "INSERT"))]


class SqliteConfigurationTests(TestCase):
    def test_a_writer_waits_for_another_writer_and_readers_do_not_wait_at_all(self):
        path = Path(tempfile.mkdtemp(prefix="zhaoshang-wal-")) / "db.sqlite3"
        first = _file_connection(path)
        with first.cursor() as cursor:
            self.assertEqual(cursor.execute("PRAGMA journal_mode").fetchone()[0], "wal")
            cursor.execute("CREATE TABLE t (n INTEGER)")
        results: dict[str, object] = {}

        def second_writer():
            other = _file_connection(path)
            try:
                with other.cursor() as cursor:
                    cursor.execute("INSERT INTO t VALUES (2)")  # waits for the first writer's lock
                results["writer"] = "saved"
            except OperationalError as exc:
                results["writer"] = str(exc)
            finally:
                other.close()

        def reader():
            other = _file_connection(path)
            started = time.monotonic()
            with other.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM t").fetchone()
            results["read_seconds"] = time.monotonic() - started
            other.close()

        first.connection.execute("BEGIN IMMEDIATE")
        first.connection.execute("INSERT INTO t VALUES (1)")
        threads = [threading.Thread(target=second_writer), threading.Thread(target=reader)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        first.connection.execute("COMMIT")
        for thread in threads:
            thread.join(10)
        first.close()
        self.assertEqual(results["writer"], "saved")
        self.assertLess(results["read_seconds"], 0.4)


class NoWritePerRequestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_zone()
        cls.officer = make_user("officer", Role.OFFICER)

    def test_a_page_view_does_not_save_the_session_again_within_a_minute(self):
        self.client.login(username="officer", password=PASSWORD)
        self.client.get(reverse("cockpit"))
        with CaptureQueriesContext(connection) as queries:
            self.client.get(reverse("cockpit"))
        self.assertEqual(_writes(queries, "django_session"), [])

    def test_an_idle_minute_later_the_session_is_saved_so_its_expiry_moves_on(self):
        self.client.login(username="officer", password=PASSWORD)
        self.client.get(reverse("cockpit"))
        session = self.client.session
        session["zs_touched"] -= 61
        session.save()
        with CaptureQueriesContext(connection) as queries:
            self.client.get(reverse("cockpit"))
        self.assertNotEqual(_writes(queries, "django_session"), [])

    def test_a_session_ends_at_its_absolute_lifetime_however_active(self):
        self.client.login(username="officer", password=PASSWORD)
        self.client.get(reverse("cockpit"))
        session = self.client.session
        session["zs_started"] -= settings.SESSION_ABSOLUTE_SECONDS + 1
        session.save()
        response = self.client.get(reverse("cockpit"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_a_token_call_records_its_use_at_most_once_a_minute(self):
        _, key = ApiToken.issue(user=self.officer, name="同步")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
        self.client.get("/api/projects", **headers)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get("/api/projects", **headers).status_code, 200)
        self.assertEqual(_writes(queries, "accounts_apitoken"), [])
        self.assertEqual(_writes(queries, "django_session"), [])


class LockAnswersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_zone()
        make_user("officer", Role.OFFICER)

    def setUp(self):
        self.client.login(username="officer", password=PASSWORD)
        self.client.raise_request_exception = False

    def test_a_locked_database_is_a_503_with_retry_after_on_the_api(self):
        with mock.patch("zhaoshang.projects.api.project_list", side_effect=OperationalError("database is locked")):
            response = self.client.get("/api/projects")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], str(settings.DATABASE_BUSY_RETRY_SECONDS))
        self.assertIn("稍后重试", response.json()["detail"])

    def test_a_locked_database_is_a_chinese_503_page(self):
        with mock.patch("zhaoshang.projects.views.project_list", side_effect=OperationalError("database is locked")):
            response = self.client.get(reverse("projects:list"))
        self.assertContains(response, "系统正忙", status_code=503)
        self.assertIn("Retry-After", response)
