"""Response headers: a Content-Security-Policy with no inline script, no caching of API answers, a clean
deployment check with HTTPS on; and error messages that list nothing."""

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.testing import PASSWORD, make_user, make_zone

ROOT = Path(__file__).resolve().parents[3]


class HeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_zone()
        make_zone("otherzone", "另一个新区")
        make_user("officer", Role.OFFICER)

    def setUp(self):
        self.client.login(username="officer", password=PASSWORD)

    def test_pages_carry_a_policy_that_forbids_inline_script(self):
        response = self.client.get(reverse("cockpit"))
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline' ", policy.split("script-src")[1].split(";")[0] + " ")
        self.assertNotRegex(response.content.decode(), r"<script>(?!\s*</script>)")

    def test_api_answers_are_not_cached(self):
        self.assertEqual(self.client.get("/api/projects")["Cache-Control"], "no-store")

    def test_an_unknown_zone_does_not_list_the_others(self):
        detail = self.client.get("/api/projects", {"zone": "nope"}).json()["detail"]
        self.assertNotIn("testzone", detail)
        self.assertNotIn("otherzone", detail)


class DeployCheckTests(TestCase):
    def test_the_deployment_check_is_clean_with_https_on(self):
        environ = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by the test runner
        env = {**environ, "ZHAOSHANG_HTTPS": "true", "PYTHONPATH": str(ROOT),
               "ZHAOSHANG_SECRET_KEY": secrets.token_urlsafe(50),
               "ZHAOSHANG_DATA_DIR": tempfile.mkdtemp(prefix="zhaoshang-deploy-")}
        result = subprocess.run([sys.executable, "-m", "zhaoshang", "manage", "check", "--deploy"],
                                capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
        self.assertIn("no issues", result.stdout + result.stderr)
