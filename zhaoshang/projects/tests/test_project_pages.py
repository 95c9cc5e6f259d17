"""The officer's pipeline pages, and who may see and change what on them."""

import datetime as dt
import re
import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.projects.models import Project, Stage
from zhaoshang.testing import PASSWORD, make_carrier, make_project, make_user, make_zone

MEDIA = tempfile.mkdtemp()


@override_settings(MEDIA_ROOT=MEDIA)
class ProjectPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        carrier = make_carrier(cls.zone)
        cls.owner = make_user("owner", Role.OFFICER, team="一组")
        cls.teammate = make_user("teammate", Role.OFFICER, team="一组")
        cls.other = make_user("other", Role.OFFICER, team="二组")
        cls.leader = make_user("leader", Role.LEADER)
        cls.partner = make_user("partner", Role.PARTNER, carrier=carrier)
        cls.secret = make_project(cls.zone, "机密芯片项目", owner=cls.owner, confidential=True,
                                  signed_on=dt.date(2020, 5, 1), industry="3973")
        cls.public = make_project(cls.zone, "公开电池项目", owner=cls.owner, source_region="320500",
                                  industry="3841")
        cls.enclave = make_project(cls.zone, "飞地软件项目", owner=cls.other, carrier=carrier)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def as_user(self, user):
        self.client.login(username=user.username, password=PASSWORD)

    def test_list_filters_by_stage_industry_city_owner_and_year(self):
        self.as_user(self.leader)
        url = reverse("projects:list")
        cases = {"stage": ("signed", "机密芯片项目"), "industry": ("38", "公开电池项目"),
                 "source_city": ("苏州", "公开电池项目"), "owner": ("other", "飞地软件项目"),
                 "year": ("2020", "机密芯片项目")}
        for field, (value, expected) in cases.items():
            page = self.client.get(url, {field: value}).content.decode()
            names = [n for n in ["机密芯片项目", "公开电池项目", "飞地软件项目"] if n in page]
            self.assertEqual(names, [expected], field)

    def test_confidential_project_is_hidden_from_another_team_and_partners(self):
        for user in [self.other, self.partner]:
            self.as_user(user)
            self.assertNotContains(self.client.get(reverse("projects:list")), "机密芯片项目")
            self.assertNotContains(self.client.get(reverse("projects:list"), {"q": "机密"}), "机密芯片项目")
            self.assertEqual(self.client.get(self.secret.get_absolute_url()).status_code, 404)
            self.client.logout()

    def test_owner_team_and_leader_see_the_confidential_project(self):
        for user in [self.owner, self.teammate, self.leader]:
            self.as_user(user)
            self.assertContains(self.client.get(self.secret.get_absolute_url()), "机密芯片项目")

    def test_partner_sees_only_their_carriers_projects(self):
        self.as_user(self.partner)
        page = self.client.get(reverse("projects:list")).content.decode()
        self.assertIn("飞地软件项目", page)
        self.assertNotIn("公开电池项目", page)

    def test_moving_to_the_next_stage_records_who_and_when(self):
        self.as_user(self.teammate)
        response = self.client.post(reverse("projects:advance", args=[self.secret.pk]),
                                    {"stage": "registered", "on": "2020-06-15", "note": ""}, follow=True)
        self.assertContains(response, "已转入“注册”")
        change = self.secret.stage_changes.get(stage=Stage.REGISTERED)
        self.assertEqual((change.on, change.recorded_by), (dt.date(2020, 6, 15), self.teammate))
        self.assertContains(response, "teammate 记录于")
        self.assertContains(response, "阶段：签约 → 注册")  # the change history names the change

    def test_a_skipped_stage_is_shown_as_inferred_with_why(self):
        self.as_user(self.owner)
        response = self.client.post(reverse("projects:advance", args=[self.secret.pk]),
                                    {"stage": "started", "on": "2020-07-01", "note": "桩基开工"}, follow=True)
        stages = re.search(r'<ul class="timeline" id="stages">.*?</ul>', response.content.decode(), re.S).group(0)
        registered, started = (re.search(rf"<li[^>]*><strong>{label}</strong>.*?</li>", stages, re.S).group(0)
                               for label in ("注册", "开工"))
        self.assertIn("（推定）", registered)
        self.assertIn('title="未直接报告：项目到达后续阶段时补记，日期取自首个证据"', registered)
        self.assertNotIn("推定", started)
        self.assertNotIn("推定", re.search(r"<li[^>]*><strong>签约</strong>.*?</li>", stages, re.S).group(0))

    def test_a_stage_cannot_go_backwards_and_a_drop_needs_a_reason(self):
        self.as_user(self.owner)
        url = reverse("projects:advance", args=[self.secret.pk])
        response = self.client.post(url, {"stage": "dropped", "on": "2020-06-15", "note": ""}, follow=True)
        self.assertContains(response, "须填写原因")
        response = self.client.post(url, {"stage": "lead", "on": "2020-06-15"}, follow=True)
        self.assertContains(response, "转入阶段")
        self.assertEqual(Project.objects.get(pk=self.secret.pk).stage, Stage.SIGNED)

    def test_leader_reads_but_cannot_change_a_project(self):
        self.as_user(self.leader)
        response = self.client.post(reverse("projects:advance", args=[self.public.pk]),
                                    {"stage": "negotiating", "on": "2020-06-15"})
        self.assertEqual(response.status_code, 403)

    def test_activities_and_files_are_recorded_and_files_follow_visibility(self):
        self.as_user(self.owner)
        self.client.post(reverse("projects:activity", args=[self.secret.pk]),
                         {"kind": "visit", "on": "2020-04-01", "people": "张伟", "notes": "走访总部"})
        upload = SimpleUploadedFile("协议.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        self.client.post(reverse("projects:file", args=[self.secret.pk]), {"file": upload})
        page = self.client.get(self.secret.get_absolute_url())
        self.assertContains(page, "走访总部")
        attachment = self.secret.files.get()
        url = reverse("projects:file_download", args=[self.secret.pk, attachment.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.logout()
        self.as_user(self.other)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_editing_is_attributed_in_the_history(self):
        self.as_user(self.owner)
        self.client.post(reverse("projects:edit", args=[self.public.pk]), {
            "name": "公开电池项目", "amount_text": "3亿元", "source_region": "320500",
            "owner": self.owner.pk, "industry": "3841"})
        self.public.refresh_from_db()
        self.assertEqual(self.public.amount, 300000000)
        record = self.public.history.latest()
        self.assertEqual(record.history_user, self.owner)
        self.assertContains(self.client.get(self.public.get_absolute_url()), "总投资：2亿元 → 3亿元")

    def test_a_name_taken_in_the_zone_is_a_form_error_that_does_not_say_whose(self):
        self.as_user(self.other)
        response = self.client.post(reverse("projects:new"), {"name": "机密芯片项目", "currency": "CNY"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "本园区已有同名项目")
        self.assertNotContains(response, self.secret.get_absolute_url())
        self.assertEqual(Project.objects.filter(name="机密芯片项目").count(), 1)

    @override_settings(UPLOAD_MAX_BYTES=1024)
    def test_an_attachment_over_the_limit_is_refused(self):
        self.as_user(self.owner)
        upload = SimpleUploadedFile("大文件.pdf", b"x" * 2048, content_type="application/pdf")
        response = self.client.post(reverse("projects:file", args=[self.public.pk]), {"file": upload}, follow=True)
        self.assertContains(response, "超过上限")
        self.assertFalse(self.public.files.exists())
