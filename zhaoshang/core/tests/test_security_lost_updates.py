"""No lost update: every edit names the version it started from, a stale one is refused with what changed —
the API with ETag / If-Match (412, 428 without), the page form with 409 and the form kept, the import with
a compare-and-set — and of 20 concurrent saves from one version exactly one succeeds."""

import threading
import time
from decimal import Decimal
from unittest import mock

from django.db import OperationalError, connection
from django.test import TestCase, TransactionTestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.core.versions import EditConflict
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.importers.service import ProjectSheet, project_import
from zhaoshang.projects.models import Project
from zhaoshang.projects.services import project_update
from zhaoshang.regions.services import region_load
from zhaoshang.testing import make_project, make_user, make_zone


def _json(client, method: str, url: str, data: dict, **headers):
    return getattr(client, method)(url, data, content_type="application/json", **headers)



class ApiVersionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer", team="招商一组")
        cls.teammate = make_user("teammate", team="招商一组")
        cls.project = make_project(cls.zone, "智能网联汽车零部件项目", owner=cls.officer)
        cls.org = Organization.objects.create(name="上海示例科技有限公司")

    def setUp(self):
        self.client.force_login(self.officer)
        self.url = f"/api/projects/{self.project.pk}"

    def test_get_gives_the_version_as_etag_and_a_patch_with_it_moves_it_on(self):
        response = self.client.get(self.url)
        self.assertEqual(response["ETag"], '"1"')
        self.assertEqual(response.json()["version"], 1)
        saved = _json(self.client, "patch", self.url, {"description": "补充"}, HTTP_IF_MATCH='"1"')
        self.assertEqual(saved.status_code, 200)
        self.assertEqual(saved["ETag"], '"2"')
        self.assertEqual(saved.json()["description"], "补充")

    def test_two_edits_of_different_fields_from_one_version_lose_neither(self):
        _json(self.client, "patch", self.url, {"description": "张三的补充"}, HTTP_IF_MATCH='"1"')
        self.client.force_login(self.teammate)
        stale = _json(self.client, "patch", self.url, {"amount": "350000000"}, HTTP_IF_MATCH='"1"')
        self.assertEqual(stale.status_code, 412)
        body = stale.json()
        self.assertIn("在你编辑期间", body["detail"])
        self.assertEqual(body["version"], 2)
        self.assertEqual(stale["ETag"], '"2"')
        self.assertIn({"field": "项目概况", "before": "空", "after": "张三的补充"}, body["changes"])
        again = _json(self.client, "patch", self.url, {"amount": "350000000"}, HTTP_IF_MATCH=stale["ETag"])
        self.assertEqual(again.status_code, 200)
        self.project.refresh_from_db()
        self.assertEqual((self.project.description, self.project.amount), ("张三的补充", Decimal("350000000")))

    def test_a_patch_without_a_version_is_428_and_changes_nothing(self):
        response = _json(self.client, "patch", self.url, {"description": "无版本"})
        self.assertEqual(response.status_code, 428)
        self.assertIn("If-Match", response.json()["detail"])
        self.project.refresh_from_db()
        self.assertEqual(self.project.description, "")

    def test_the_body_version_works_like_if_match(self):
        self.assertEqual(_json(self.client, "patch", self.url, {"description": "甲", "version": 1}).status_code, 200)
        self.assertEqual(_json(self.client, "patch", self.url, {"description": "乙", "version": 1}).status_code, 412)
        self.assertEqual(_json(self.client, "patch", self.url, {"description": "乙"}, HTTP_IF_MATCH="*").status_code,
                         200)

    def test_an_if_match_naming_no_version_is_412(self):
        response = _json(self.client, "patch", self.url, {"description": "x"}, HTTP_IF_MATCH='"abc"')
        self.assertEqual(response.status_code, 412)

    def test_organisations_carry_versions_too(self):
        url = f"/api/organizations/{self.org.pk}"
        self.assertEqual(self.client.get(url)["ETag"], '"1"')
        self.assertEqual(_json(self.client, "patch", url, {"website": "https://a.example"},
                               HTTP_IF_MATCH='"1"').status_code, 200)
        stale = _json(self.client, "patch", url, {"name": "上海示例科技股份有限公司"}, HTTP_IF_MATCH='"1"')
        self.assertEqual(stale.status_code, 412)
        self.assertEqual(stale.json()["changes"][0]["field"], "网站")
        self.org.refresh_from_db()
        self.assertEqual(self.org.name, "上海示例科技有限公司")

    def test_the_schema_documents_412_and_428_on_patch(self):
        schema = self.client.get("/api/openapi.json").json()
        responses = schema["paths"]["/api/projects/{project_id}"]["patch"]["responses"]
        self.assertIn("412", responses)
        self.assertIn("428", responses)


class PageVersionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer", team="招商一组")
        cls.teammate = make_user("teammate", team="招商一组")
        cls.project = make_project(cls.zone, "生物医药研发中心项目", owner=cls.officer)

    def _post(self, **changes):
        data = {"name": self.project.name, "owner": self.officer.pk, "amount_text": "2亿", "description": "",
                "version": 1, **changes}
        return self.client.post(reverse("projects:edit", args=[self.project.pk]), data)

    def test_a_stale_form_is_refused_with_409_what_changed_and_the_newer_values_in_the_form(self):
        self.client.force_login(self.teammate)
        self.assertEqual(self._post(description="李四：已完成尽调").status_code, 302)
        self.client.force_login(self.officer)
        response = self._post(amount_text="5亿")  # started from version 1, before the teammate's save
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "在你编辑期间", status_code=409)
        self.assertContains(response, "项目概况：由“空”改为“李四：已完成尽调”", status_code=409)
        self.assertContains(response, "总投资：500,000,000.00", status_code=409)  # what this officer typed
        form = response.context["form"]
        self.assertEqual(form.initial["version"], 2)
        self.assertEqual(form.initial["description"], "李四：已完成尽调")
        self.project.refresh_from_db()
        self.assertEqual((self.project.amount, self.project.description),
                         (Decimal("200000000"), "李四：已完成尽调"))

    def test_a_save_from_the_current_version_goes_through_and_writes_only_what_changed(self):
        self.client.force_login(self.officer)
        Project.objects.filter(pk=self.project.pk).update(stage="signed")  # a change the form does not show
        self.assertEqual(self._post(description="更新").status_code, 302)
        self.project.refresh_from_db()
        self.assertEqual((self.project.version, self.project.description, self.project.stage), (2, "更新", "signed"))


class ImportVersionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("officer", Role.OFFICER)
        cls.project = make_project(cls.zone, "高端装备制造项目", owner=cls.officer)

    def test_a_project_changed_between_the_check_and_the_write_refuses_the_whole_import(self):
        import tempfile
        from pathlib import Path

        path = Path(tempfile.mkdtemp()) / "projects.csv"
        path.write_text("项目名称,投资方,总投资,阶段\n高端装备制造项目,示例集团,3亿,线索\n新材料项目,示例集团,1亿,线索\n",
                        encoding="utf-8")
        real_prepare = ProjectSheet.prepare

        def prepare_then_someone_edits(sheet, values, report):
            real_prepare(sheet, values, report)
            Project.objects.filter(pk=self.project.pk).update(description="别人刚改的", version=2)

        with mock.patch.object(ProjectSheet, "prepare", prepare_then_someone_edits):
            result = project_import(user=self.officer, zone=self.zone, file=str(path), filename="projects.csv")
        self.assertFalse(result.ok)
        self.assertIn("在检查之后被他人修改", str(result.problems[0]))
        self.assertEqual(result.problems[0].row, 2)
        self.assertFalse(Project.objects.filter(name="新材料项目").exists())
        self.project.refresh_from_db()
        self.assertEqual((self.project.amount, self.project.description), (Decimal("200000000"), "别人刚改的"))

    def test_an_import_that_updates_a_project_moves_its_version_on(self):
        import tempfile
        from pathlib import Path

        path = Path(tempfile.mkdtemp()) / "projects.csv"
        path.write_text("项目名称,投资方,总投资,阶段\n高端装备制造项目,示例集团,3亿,线索\n", encoding="utf-8")
        result = project_import(user=self.officer, zone=self.zone, file=str(path), filename="projects.csv")
        self.assertTrue(result.ok, result.problems)
        self.project.refresh_from_db()
        self.assertEqual(self.project.version, 2)
        self.assertEqual(self.project.history.first().version, 2)


class ConcurrentStaleUpdatesTests(TransactionTestCase):
    def setUp(self):
        region_load()  # a transaction test case empties the database after each test, reference tables included

    def test_twenty_concurrent_saves_from_one_version_exactly_one_succeeds(self):
        zone = make_zone()
        officer = make_user("officer", team="招商一组")
        project = make_project(zone, "并发编辑项目", owner=officer)
        outcomes: list[str] = []
        barrier = threading.Barrier(20)

        def save(n: int):
            try:
                mine = Project.objects.get(pk=project.pk)  # each loaded at version 1 before anyone saves
                barrier.wait()
                # The in-memory test database locks whole tables (a file database waits instead): a save that
                # meets the lock is tried again, so every one of the 20 reaches the version check.
                for _retry in range(400):
                    try:
                        project_update(user=officer, project=mine, version=1, description=f"第 {n} 位的修改")
                        outcomes.append("saved")
                        return
                    except EditConflict:
                        outcomes.append("conflict")
                        return
                    except OperationalError:
                        time.sleep(0.005)
                outcomes.append("locked")
            finally:
                connection.close()  # each thread has its own connection; the test database is dropped after

        threads = [threading.Thread(target=save, args=(n,)) for n in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertEqual(sorted(outcomes).count("saved"), 1, outcomes)
        self.assertEqual(outcomes.count("conflict"), 19, outcomes)
        project.refresh_from_db()
        self.assertEqual(project.version, 2)


class AdminVersionTests(TestCase):
    org: Organization

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.admin = make_user("boss", Role.ADMINISTRATOR)
        cls.org = Organization.objects.create(name="后台编辑测试公司")

    def _post(self, version: int, website: str):
        return self.client.post(reverse("admin:organizations_organization_change", args=[self.org.pk]), {
            "name": self.org.name, "kind": "company", "capital_currency": "CNY", "website": website,
            "version_seen": version, "contacts-TOTAL_FORMS": 0, "contacts-INITIAL_FORMS": 0})

    def test_a_stale_admin_form_is_an_error_and_a_fresh_one_saves(self):
        self.client.force_login(self.admin)
        self.assertEqual(self._post(1, "https://first.example").status_code, 302)
        stale = self._post(1, "https://second.example")
        self.assertContains(stale, "在你编辑期间")
        self.org.refresh_from_db()
        self.assertEqual((self.org.website, self.org.version), ("https://first.example", 2))
        self.assertEqual(self._post(2, "https://second.example").status_code, 302)
