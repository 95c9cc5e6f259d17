"""Signing in to the API: session with CSRF, bearer tokens, and documentation for signed-in users only."""

import io

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, TestCase
from django.urls import reverse

from zhaoshang.accounts.models import ApiToken, Role
from zhaoshang.testing import make_project, make_user, make_zone

CSRF = "a" * 32  # an unmasked CSRF secret: the cookie and the header must carry the same value


class ApiAuthTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer", team="招商一组")
        cls.other_officer = make_user("other_officer", team="招商二组")
        cls.secret = make_project(cls.zone, "保密晶圆项目", owner=cls.officer, confidential=True)
        cls.token, cls.key = ApiToken.issue(user=cls.officer, name="数据同步脚本")

    def bearer(self, key):
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


class TokenTests(ApiAuthTestCase):
    def test_a_valid_token_signs_the_script_in_as_its_user(self):
        response = self.client.get("/api/projects", **self.bearer(self.key))
        self.assertEqual(response.status_code, 200)
        self.assertEqual([p["name"] for p in response.json()["items"]], ["保密晶圆项目"])
        self.token.refresh_from_db()
        self.assertIsNotNone(self.token.last_used_at)

    def test_a_wrong_token_is_401_with_a_message_to_act_on(self):
        response = self.client.get("/api/projects", **self.bearer("zs_not-a-real-key"))
        self.assertEqual(response.status_code, 401)
        self.assertIn("Authorization: Bearer", response.json()["detail"])
        self.assertEqual(response.json()["errors"], [])

    def test_no_credentials_is_401(self):
        for path in ("/api/projects", f"/api/projects/{self.secret.pk}", "/api/kpis", "/api/carriers"):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 401)

    def test_a_deactivated_users_token_stops_working(self):
        user = make_user("leaver")
        _, key = ApiToken.issue(user=user, name="旧脚本")
        user.is_active = False
        user.save()
        self.assertEqual(self.client.get("/api/projects", **self.bearer(key)).status_code, 401)

    def test_token_writes_need_no_csrf_and_are_attributed_to_the_tokens_user(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(f"/api/projects/{self.secret.pk}/activities",
                               {"kind": "call", "on": "2020-06-01", "notes": "电话跟进"},
                               content_type="application/json", **self.bearer(self.key))
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["recorded_by"]["username"], "officer")

    def test_another_teams_token_gets_404_for_a_confidential_project(self):
        _, key = ApiToken.issue(user=self.other_officer, name="脚本")
        response = self.client.get(f"/api/projects/{self.secret.pk}", **self.bearer(key))
        self.assertEqual(response.status_code, 404)


class SessionTests(ApiAuthTestCase):
    def test_session_reads_without_csrf(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.officer)
        self.assertEqual(client.get("/api/projects").status_code, 200)

    def test_session_writes_need_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.officer)
        client.cookies["csrftoken"] = CSRF
        path, body = f"/api/projects/{self.secret.pk}/activities", {"kind": "visit", "on": "2020-06-01"}
        refused = client.post(path, body, content_type="application/json")
        self.assertEqual(refused.status_code, 403)
        self.assertIn("X-CSRFToken", refused.json()["detail"])
        accepted = client.post(path, body, content_type="application/json", HTTP_X_CSRFTOKEN=CSRF)
        self.assertEqual(accepted.status_code, 201, accepted.content)


class DocumentationTests(ApiAuthTestCase):
    def test_docs_and_schema_require_sign_in(self):
        schema = self.client.get("/api/openapi.json")
        self.assertEqual(schema.status_code, 401)
        self.assertNotIn("paths", schema.json())
        docs = self.client.get("/api/docs", HTTP_ACCEPT="text/html")
        self.assertRedirects(docs, f"{reverse('login')}?next=/api/docs", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/api/docs", HTTP_ACCEPT="application/json").status_code, 401)

    def test_signed_in_users_read_docs_and_schema(self):
        self.client.force_login(self.officer)
        docs = self.client.get(reverse("api:openapi-view"))
        self.assertEqual(docs.status_code, 200)
        schema = self.client.get("/api/openapi.json").json()
        self.assertIn("/api/projects/{project_id}/stage", schema["paths"])
        self.assertIn("/api/kpis/{key}/records", schema["paths"])

    def test_a_token_fetches_the_schema_for_client_generators(self):
        response = self.client.get("/api/openapi.json", **self.bearer(self.key))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get("/api/openapi.json", **self.bearer("zs_wrong")).status_code, 401)


class ApiTokenCommandTests(ApiAuthTestCase):
    def test_command_prints_a_working_key_once(self):
        out, err = io.StringIO(), io.StringIO()
        call_command("api_token", "officer", name="周报导出", stdout=out, stderr=err)
        key = out.getvalue().strip()
        self.assertTrue(key.startswith("zs_"))
        self.assertIn("只显示这一次", err.getvalue())
        self.assertEqual(ApiToken.authenticate(key), self.officer)
        self.assertFalse(ApiToken.objects.filter(digest=key).exists())  # only the hash is stored

    def test_command_names_an_unknown_user(self):
        with self.assertRaisesMessage(CommandError, "nobody"):
            call_command("api_token", "nobody", name="x", stdout=io.StringIO())

    def test_leader_token_reads_but_does_not_edit(self):
        leader = make_user("leader", Role.LEADER)
        _, key = ApiToken.issue(user=leader, name="驾驶舱")
        response = self.client.get(f"/api/projects/{self.secret.pk}", **self.bearer(key))
        self.assertEqual(response.status_code, 200)
        response = self.client.patch(f"/api/projects/{self.secret.pk}", {"name": "x"},
                                     content_type="application/json", **self.bearer(key))
        self.assertEqual(response.status_code, 403)
