"""The project API: who sees and edits what, filters, pagination, stage changes and history."""

import datetime as dt
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings

from zhaoshang.accounts.models import Role
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.models import Stage
from zhaoshang.projects.services import file_attach
from zhaoshang.testing import make_carrier, make_project, make_user, make_zone

SIGNED = dt.date(2020, 5, 6)
MEDIA_ROOT = tempfile.mkdtemp(prefix="zs-api-media-")


class ProjectApiTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.enclave = make_carrier(cls.zone)
        cls.officer = make_user("officer", team="招商一组")
        cls.teammate = make_user("teammate", team="招商一组")
        cls.other_officer = make_user("other_officer", team="招商二组")
        cls.leader = make_user("leader", Role.LEADER)
        cls.partner = make_user("partner", Role.PARTNER, carrier=cls.enclave)
        cls.investor = Organization.objects.create(name="芯源微电子（苏州）有限公司")
        cls.secret = make_project(cls.zone, "12英寸特色工艺晶圆项目", owner=cls.officer, confidential=True,
                                  signed_on=SIGNED, source_region="320500", industry="3973")
        cls.secret.investors.add(cls.investor)
        cls.open = make_project(cls.zone, "新能源汽车电驱系统项目", owner=cls.other_officer,
                                signed_on=dt.date(2019, 11, 2), industry="3670")
        cls.in_enclave = make_project(cls.zone, "车联网数据平台", owner=cls.officer, carrier=cls.enclave,
                                      source_region="330100", industry="6450")

    def as_user(self, user):
        self.client.force_login(user)
        return self.client

    def url(self, project, suffix=""):
        return f"/api/projects/{project.pk}{suffix}"


class ConfidentialProjectTests(ProjectApiTestCase):
    def test_partner_and_other_team_get_404_for_every_confidential_endpoint(self):
        for user in (self.partner, self.other_officer):
            client = self.as_user(user)
            for response in (
                client.get(self.url(self.secret)),
                client.get(self.url(self.secret, "/history")),
                client.get(self.url(self.secret, "/activities")),
                client.post(self.url(self.secret, "/stage"), {"stage": "registered", "on": "2020-06-01"},
                            content_type="application/json"),
                client.post(self.url(self.secret, "/activities"), {"kind": "call", "on": "2020-06-01"},
                            content_type="application/json"),
                client.patch(self.url(self.secret), {"name": "改名"}, content_type="application/json"),
            ):
                with self.subTest(user=user.username, path=response.request["PATH_INFO"],
                                  method=response.request["REQUEST_METHOD"]):
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn("晶圆", response.content.decode())
        self.secret.refresh_from_db()
        self.assertEqual(self.secret.stage, Stage.SIGNED)

    def test_missing_and_hidden_projects_answer_alike(self):
        client = self.as_user(self.other_officer)
        hidden = client.get(self.url(self.secret)).json()
        missing = client.get("/api/projects/999999").json()
        self.assertEqual(hidden, missing)
        self.assertEqual(hidden["errors"], [])

    def test_partner_and_other_team_do_not_find_it_in_lists_or_search(self):
        for user in (self.partner, self.other_officer):
            client = self.as_user(user)
            for query in ("", "?q=晶圆", "?q=芯源", "?stage=signed", "?year=2020", "?source_city=苏州市"):
                with self.subTest(user=user.username, query=query):
                    names = [p["name"] for p in client.get(f"/api/projects{query}").json()["items"]]
                    self.assertNotIn(self.secret.name, names)

    def test_partner_sees_only_their_carriers_projects(self):
        names = [p["name"] for p in self.as_user(self.partner).get("/api/projects").json()["items"]]
        self.assertEqual(names, ["车联网数据平台"])

    def test_owner_teammate_and_leader_see_it(self):
        for user in (self.officer, self.teammate, self.leader):
            client = self.as_user(user)
            with self.subTest(user=user.username):
                self.assertEqual(client.get(self.url(self.secret)).status_code, 200)
                names = [p["name"] for p in client.get("/api/projects?q=芯源").json()["items"]]
                self.assertEqual(names, [self.secret.name])


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class ProjectDetailTests(ProjectApiTestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    def test_detail_shows_investors_amount_with_currency_and_dated_stage_history(self):
        data = self.as_user(self.officer).get(self.url(self.secret)).json()
        self.assertEqual(data["investors"][0]["name"], "芯源微电子（苏州）有限公司")
        self.assertEqual((data["amount"], data["currency"], data["amount_display"]),
                         ("200000000.00", "CNY", "2亿元"))
        self.assertEqual([(s["stage"], s["on"]) for s in data["stage_history"]],
                         [("lead", "2020-04-06"), ("signed", "2020-05-06")])
        self.assertEqual(data["stage_label"], "签约")
        self.assertEqual(data["source_region"]["name"], "苏州市")
        self.assertTrue(data["can_edit"])

    def test_detail_lists_attached_files_with_who_uploaded_them(self):
        upload = SimpleUploadedFile("协议.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        attached = file_attach(user=self.officer, project=self.secret, upload=upload, name="投资协议")
        files = self.as_user(self.leader).get(self.url(self.secret)).json()["files"]
        self.assertEqual([(f["name"], f["uploaded_by"]["username"]) for f in files], [("投资协议", "officer")])
        self.assertEqual(files[0]["url"], f"/projects/{self.secret.pk}/files/{attached.pk}/")

    def test_leader_reads_but_cannot_edit(self):
        client = self.as_user(self.leader)
        self.assertFalse(client.get(self.url(self.secret)).json()["can_edit"])
        for response in (
            client.patch(self.url(self.secret), {"name": "领导改名"}, content_type="application/json"),
            client.post(self.url(self.secret, "/stage"), {"stage": "registered"},
                        content_type="application/json"),
            client.post(self.url(self.secret, "/activities"), {"kind": "call", "on": "2020-06-01"},
                        content_type="application/json"),
        ):
            with self.subTest(path=response.request["PATH_INFO"]):
                self.assertEqual(response.status_code, 403)
                self.assertIn("只有项目负责人", response.json()["detail"])
        self.secret.refresh_from_db()
        self.assertEqual(self.secret.name, "12英寸特色工艺晶圆项目")

    def test_other_officer_cannot_edit_a_visible_project_of_another_team(self):
        response = self.as_user(self.officer).patch(self.url(self.open), {"name": "x"},
                                                    content_type="application/json")
        self.assertEqual(response.status_code, 403)


class ProjectWriteTests(ProjectApiTestCase):
    def test_owner_edits_and_history_records_who_and_what(self):
        client = self.as_user(self.officer)
        response = client.patch(self.url(self.secret), {"amount": "350000000", "reason": "补充协议", "version": 1},
                                content_type="application/json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["amount_display"], "3.5亿元")
        latest = client.get(self.url(self.secret, "/history")).json()[0]
        self.assertEqual(latest["who"]["username"], "officer")
        self.assertEqual(latest["reason"], "补充协议")
        self.assertEqual([(c["field"], c["old"], c["new"]) for c in latest["changes"]],
                         [("amount", "2亿元", "3.5亿元")])

    def test_teammate_may_edit(self):
        response = self.as_user(self.teammate).patch(self.url(self.secret), {"description": "组内补充", "version": 1},
                                                     content_type="application/json")
        self.assertEqual(response.status_code, 200)

    def test_stage_change_records_who_and_when_and_appears_in_history(self):
        client = self.as_user(self.officer)
        response = client.post(self.url(self.secret, "/stage"),
                               {"stage": "registered", "on": "2020-06-01", "note": "完成工商注册"},
                               content_type="application/json")
        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual(data["stage"], "registered")
        last = data["stage_history"][-1]
        self.assertEqual((last["stage"], last["on"], last["recorded_by"]["username"], last["note"]),
                         ("registered", "2020-06-01", "officer", "完成工商注册"))
        history = client.get(self.url(self.secret, "/history")).json()
        self.assertEqual(history[0]["who"]["username"], "officer")
        self.assertIn({"field": "stage", "label": "阶段", "old": "签约", "new": "注册"},
                      history[0]["changes"])

    def test_a_skipped_stage_comes_back_marked_inferred(self):
        response = self.as_user(self.officer).post(self.url(self.in_enclave, "/stage"),
                                                   {"stage": "signed", "on": "2020-06-01"},
                                                   content_type="application/json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual([(s["stage"], s["on"], s["inferred"]) for s in response.json()["stage_history"]],
                         [("negotiating", "2020-06-01", True), ("signed", "2020-06-01", False)])

    def test_stage_change_that_breaks_the_pipeline_is_a_400_with_the_reason(self):
        client = self.as_user(self.officer)
        response = client.post(self.url(self.secret, "/stage"), {"stage": "lead", "on": "2020-06-01"},
                               content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("不能转到“线索”", response.json()["detail"])
        dropped = client.post(self.url(self.secret, "/stage"), {"stage": "dropped"},
                              content_type="application/json")
        self.assertEqual(dropped.status_code, 400)
        self.assertIn("中止项目须填写原因", dropped.json()["errors"][0]["message"])

    def test_unknown_stage_is_a_422_naming_the_field(self):
        response = self.as_user(self.officer).post(self.url(self.secret, "/stage"), {"stage": "won"},
                                                   content_type="application/json")
        self.assertEqual(response.status_code, 422)
        error = response.json()["errors"][0]
        self.assertEqual(error["field"], "stage")
        self.assertIn("应为以下之一", error["message"])
        self.assertIn("'registered'", error["message"])

    def test_a_body_that_is_not_json_is_a_400(self):
        response = self.as_user(self.officer).post(self.url(self.secret, "/stage"), "{stage:",
                                                   content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["detail"], "请求体不是有效的 JSON。")

    def test_activities_list_and_create(self):
        client = self.as_user(self.officer)
        response = client.post(self.url(self.secret, "/activities"),
                               {"kind": "visit", "on": "2020-06-02", "people": "张伟", "notes": "实地考察"},
                               content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["recorded_by"]["username"], "officer")
        listed = client.get(self.url(self.secret, "/activities")).json()
        self.assertEqual([(a["kind_label"], a["notes"]) for a in listed], [("走访", "实地考察")])

    def test_officer_creates_a_project_owned_by_them(self):
        response = self.as_user(self.officer).post("/api/projects", {
            "name": "氢燃料电池系统项目", "investor_ids": [self.investor.pk], "amount": "860000000",
            "industry": "3670", "source_region": "330400", "confidential": True,
        }, content_type="application/json")
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual((data["owner"]["username"], data["stage"], data["zone"]["code"]),
                         ("officer", "lead", "testzone"))
        history = self.as_user(self.officer).get(f"/api/projects/{data['id']}/history").json()
        self.assertEqual((history[-1]["action"], history[-1]["who"]["username"]), ("created", "officer"))
        added = {"field": "investors", "label": "投资方", "old": None, "new": "芯源微电子（苏州）有限公司"}
        self.assertIn(added, history[0]["changes"])

    def test_create_names_every_unknown_code(self):
        response = self.as_user(self.officer).post("/api/projects", {
            "name": "某项目", "industry": "9999", "source_region": "000000", "investor_ids": [424242],
        }, content_type="application/json")
        self.assertEqual(response.status_code, 400)
        fields = {e["field"] for e in response.json()["errors"]}
        self.assertEqual(fields, {"industry", "source_region", "investor_ids"})

    def test_duplicate_name_in_the_zone_is_a_400(self):
        response = self.as_user(self.officer).post("/api/projects", {"name": self.open.name},
                                                   content_type="application/json")
        self.assertEqual(response.status_code, 400)

    def test_leader_and_partner_cannot_create(self):
        for user in (self.leader, self.partner):
            response = self.as_user(user).post("/api/projects", {"name": "新项目"},
                                               content_type="application/json")
            self.assertEqual(response.status_code, 403)


class ProjectListTests(ProjectApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for i in range(7):
            make_project(cls.zone, f"批量线索项目{i}", owner=cls.teammate, amount=None, source_region=None)

    def names(self, query):
        return {p["name"] for p in self.as_user(self.leader).get(f"/api/projects{query}").json()["items"]}

    def test_page_number_pagination(self):
        client = self.as_user(self.leader)
        first = client.get("/api/projects?page_size=4").json()
        third = client.get("/api/projects?page_size=4&page=3").json()
        self.assertEqual((first["count"], len(first["items"]), len(third["items"])), (10, 4, 2))
        every = {p["id"] for page in (1, 2, 3)
                 for p in client.get(f"/api/projects?page_size=4&page={page}").json()["items"]}
        self.assertEqual(len(every), 10)

    def test_filters_match_the_pages(self):
        self.assertEqual(self.names("?stage=signed"), {self.secret.name, self.open.name})
        self.assertEqual(self.names("?year=2019"), {self.open.name})
        self.assertEqual(self.names("?industry=39"), {self.secret.name})
        self.assertEqual(self.names("?industry=I"), {self.in_enclave.name})
        self.assertEqual(self.names("?source_city=320500"), {self.secret.name})
        self.assertEqual(self.names("?owner=other_officer"), {self.open.name})
        self.assertEqual(self.names("?q=电驱"), {self.open.name})
        self.assertEqual(self.names("?zone=testzone&stage=signed&year=2020"), {self.secret.name})

    def test_unknown_zone_is_a_400_naming_the_zone(self):
        response = self.as_user(self.leader).get("/api/projects?zone=atlantis")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["field"], "zone")
        self.assertIn("atlantis", response.json()["detail"])
