"""Input a server cannot serve answers a 4xx in Chinese, never a 500; the schema documents the 4xx."""

from django.test import TestCase, override_settings

from zhaoshang.accounts.models import Role
from zhaoshang.indicators.models import Indicator
from zhaoshang.testing import PASSWORD, make_project, make_user, make_zone

TOO_BIG_ID = 2**64 + 1


class ApiInputBoundsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer", Role.OFFICER, team="一组")
        make_project(cls.zone, "电池项目", owner=cls.officer)
        cls.indicator = Indicator.objects.create(zone=cls.zone, name="网办件数", key="cases", unit="件")

    def setUp(self):
        self.client.login(username="officer", password=PASSWORD)
        self.client.raise_request_exception = False

    def assert_refused_in_chinese(self, response, statuses=(400, 422)):
        self.assertIn(response.status_code, statuses, response.content[:300])
        self.assertRegex(response.json()["detail"], r"[\u4e00-\u9fff]")

    def test_a_year_past_the_calendar_is_refused(self):
        self.assert_refused_in_chinese(self.client.get("/api/projects", {"year": 100000}))

    def test_a_negative_year_of_observations_is_refused(self):
        self.assert_refused_in_chinese(self.client.get(f"/api/indicators/{self.indicator.pk}/observations",
                                                       {"year": -5}))

    def test_a_page_number_too_large_for_the_database_is_refused(self):
        self.assert_refused_in_chinese(self.client.get("/api/projects", {"page": "99999999999999999999"}))
        self.assert_refused_in_chinese(self.client.get("/api/organizations", {"page": "99999999999999999999"}))

    def test_an_investor_id_over_the_database_range_is_named_as_unknown(self):
        response = self.client.post("/api/projects", {"name": "新项目", "zone": "testzone",
                                                      "investor_ids": [TOO_BIG_ID]}, content_type="application/json")
        self.assert_refused_in_chinese(response, (400,))
        self.assertIn(str(TOO_BIG_ID), response.json()["detail"])

    def test_a_record_id_over_the_database_range_is_a_400_or_404(self):
        self.assert_refused_in_chinese(self.client.get(f"/api/projects/{TOO_BIG_ID}"), (400, 404))

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
    def test_a_json_body_over_the_limit_is_a_413(self):
        response = self.client.post("/api/projects", {"name": "长" * 2000, "zone": "testzone"},
                                    content_type="application/json")
        self.assert_refused_in_chinese(response, (413,))


class PageInputBoundsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_zone()
        make_user("officer", Role.OFFICER, team="一组")

    def setUp(self):
        self.client.login(username="officer", password=PASSWORD)
        self.client.raise_request_exception = False

    def test_a_project_id_over_the_database_range_is_not_a_500(self):
        response = self.client.get(f"/projects/{TOO_BIG_ID}/")
        self.assertIn(response.status_code, (400, 404))

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024, UPLOAD_MAX_BYTES=1024)
    def test_a_form_past_the_upload_limit_gets_a_chinese_413_page(self):
        response = self.client.post("/projects/new/", {"name": "长" * 2000})
        self.assertContains(response, "内容过大", status_code=413)


class SchemaDocumentsErrorsTests(TestCase):
    def test_every_operation_documents_its_4xx(self):
        make_user("officer", Role.OFFICER)
        self.client.login(username="officer", password=PASSWORD)
        schema = self.client.get("/api/openapi.json").json()
        undocumented = [f"{method.upper()} {path}" for path, operations in schema["paths"].items()
                        for method, operation in operations.items()
                        if not {"400", "401"} <= set(map(str, operation["responses"]))]
        self.assertEqual(undocumented, [])
        create = schema["paths"]["/api/projects"]["post"]["responses"]
        self.assertTrue({"403", "413", "422"} <= set(map(str, create)))
