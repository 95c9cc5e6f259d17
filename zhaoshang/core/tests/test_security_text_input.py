"""One text rule for the API, imports and the admin: control characters and direction overrides are
refused, free texts have a length limit, and exports never fail on stored text."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook

from zhaoshang.accounts.models import Role
from zhaoshang.core.imports import csv_reader
from zhaoshang.core.imports.base import FileRefused, Limits
from zhaoshang.core.text_input import spreadsheet_cell, text_problem
from zhaoshang.organizations.models import Tag
from zhaoshang.projects.forms import ActivityForm, FileForm
from zhaoshang.projects.models import Project
from zhaoshang.testing import PASSWORD, make_user, make_zone

SPOOFED = "合同\u202efdp.exe"  # displays as 合同exe.pdf


class TextRuleTests(TestCase):
    def test_nul_and_control_characters_are_refused_but_line_breaks_kept(self):
        self.assertIn("控制字符", text_problem("电池\x00项目"))
        self.assertIn("U+0007", text_problem("电池\x07项目"))
        self.assertIsNone(text_problem("第一行\n第二行\t制表"))

    def test_a_direction_override_is_refused(self):
        self.assertIn("改变文字方向", text_problem(SPOOFED))

    def test_a_description_past_its_limit_is_refused(self):
        self.assertIn("最多", text_problem("长" * 20_001, field="description"))
        self.assertIsNone(text_problem("长" * 20_000, field="description"))

    def test_a_stored_text_with_control_characters_still_makes_a_workbook(self):
        sheet = Workbook(write_only=True)
        rows = sheet.create_sheet("项目")
        rows.append([spreadsheet_cell("电池\x01项目"), spreadsheet_cell("=HYPERLINK(\"x\")"), spreadsheet_cell(3)])
        sheet.save(io.BytesIO())  # raised IllegalCharacterError before
        self.assertEqual(spreadsheet_cell("电池\x01项目"), "电池项目")
        self.assertEqual(spreadsheet_cell("=1+1"), "'=1+1")


class ApiTextRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_zone()
        make_user("officer", Role.OFFICER, team="一组")

    def setUp(self):
        self.client.login(username="officer", password=PASSWORD)

    def create(self, **fields):
        return self.client.post("/api/projects", {"zone": "testzone", **fields}, content_type="application/json")

    def test_the_api_refuses_a_nul_in_a_name_naming_the_field(self):
        response = self.create(name="电池\x00项目")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["errors"][0]["field"], "name")
        self.assertFalse(Project.objects.exists())

    def test_the_api_refuses_a_spoofed_name(self):
        self.assertEqual(self.create(name=SPOOFED).status_code, 400)

    def test_the_api_refuses_a_description_past_its_limit(self):
        response = self.create(name="电池项目", description="长" * 20_001)
        self.assertEqual(response.status_code, 400)
        self.assertIn("最多", response.json()["detail"])


class ImportTextRuleTests(TestCase):
    def test_an_import_cell_with_a_control_character_is_refused_with_row_and_column(self):
        data = "项目名称,投资方\n电池项目,甲公司\n芯片\x0b项目,乙公司\n".encode()
        with self.assertRaises(FileRefused) as refused:
            list(csv_reader.read(io.BytesIO(data), Limits()))
        self.assertEqual((refused.exception.row, refused.exception.column), (3, "项目名称"))


class AdminTextRuleTests(TestCase):
    def test_the_admin_refuses_a_spoofed_name(self):
        make_user("boss", Role.ADMINISTRATOR)
        self.client.login(username="boss", password=PASSWORD)
        response = self.client.post("/admin/organizations/tag/add/", {"name": SPOOFED})
        self.assertContains(response, "改变文字方向")
        self.assertFalse(Tag.objects.exists())


class PageFormTextRuleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_zone()
        make_user("officer", Role.OFFICER, team="一组")

    def setUp(self):
        self.client.login(username="officer", password=PASSWORD)

    def test_the_project_page_refuses_a_nul_or_a_control_character_in_a_name(self):
        # A NUL is refused by Django's own validator first (its message, in Chinese, wins over ours).
        response = self.client.post(reverse("projects:new"), {"name": "电池\x00项目", "currency": "CNY"})
        self.assertTrue(response.context["form"].errors["name"])
        response = self.client.post(reverse("projects:new"), {"name": "电池\x07项目", "currency": "CNY"})
        self.assertContains(response, "控制字符")
        self.assertFalse(Project.objects.exists())

    def test_the_project_page_refuses_a_spoofed_name_in_chinese(self):
        response = self.client.post(reverse("projects:new"), {"name": SPOOFED, "currency": "CNY"})
        self.assertContains(response, "改变文字方向")
        self.assertFalse(Project.objects.exists())

    def test_activity_notes_and_file_names_follow_the_same_rule(self):
        activity = ActivityForm({"kind": "visit", "on": "2020-04-01", "people": "张伟", "notes": "走访\x07总部"})
        self.assertIn("控制字符", activity.errors["notes"][0])
        upload = SimpleUploadedFile("协议.pdf", b"%PDF-1.4", content_type="application/pdf")
        attachment = FileForm({"name": SPOOFED}, {"file": upload})
        self.assertIn("改变文字方向", attachment.errors["name"][0])


class PageQueryTextTests(TestCase):
    """A search or filter typed with invisible characters reads as if they were not there (PostgreSQL refuses
    a NUL in a query, and the page would write it back into its search box)."""

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.officer = make_user("query-officer", Role.OFFICER)
        Project.objects.create(zone=cls.zone, name="宝山电池项目")

    def setUp(self):
        self.client.login(username=self.officer.username, password=PASSWORD)

    def test_a_search_with_a_nul_finds_what_it_would_without(self):
        for path in ("/search/", reverse("projects:list"), reverse("intel:documents")):
            with self.subTest(path=path):
                response = self.client.get(path, {"q": "宝山\x00电池\u202e"})
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("\x00", response.content.decode())
                self.assertNotIn("\u202e", response.content.decode())
        self.assertIn("宝山电池项目", self.client.get("/search/", {"q": "宝山\x00电池"}).content.decode())
