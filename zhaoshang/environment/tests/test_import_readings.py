"""Importing water readings: Chinese headers, all or nothing, every bad cell named, re-import changes nothing."""

import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.test import TestCase
from openpyxl import Workbook

from zhaoshang.accounts.models import Role, User
from zhaoshang.environment.importers import reading_import
from zhaoshang.environment.models import Reading, Station
from zhaoshang.testing import make_user, make_zone
from zhaoshang.zones.models import Zone

GOOD = """断面,日期,项目,数值,单位
长兜港（入湖口）,2020-06-10,溶解氧,6.8,mg/L
长兜港（入湖口）,2020/6/10,氨氮（NH3-N）,0.42,mg/L
长兜港（入湖口）,2020年6月10日,TP,0.12,
"""


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


class ReadingImportTests(TestCase):
    zone: Zone
    officer: User

    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        cls.station = Station.objects.create(zone=cls.zone, name="长兜港（入湖口）", water_body="river")
        cls.officer = make_user("officer")
        cls.partner = make_user("partner", Role.PARTNER)

    def _import(self, text: str, **extra):
        return reading_import(user=self.officer, file=_csv(text), filename="readings.csv", zone=self.zone, **extra)

    def test_a_sheet_with_chinese_headers_stores_each_reading_in_its_parameters_unit(self):
        result = self._import(GOOD)
        self.assertTrue(result.ok, result.problems)
        stored = {r.parameter: (r.value, r.unit) for r in Reading.objects.all()}
        self.assertEqual(stored, {"do": (Decimal("6.8"), "mg/L"), "nh3n": (Decimal("0.42"), "mg/L"),
                                  "tp": (Decimal("0.12"), "mg/L")})

    def test_the_same_file_twice_changes_nothing(self):
        self._import(GOOD)
        again = self._import(GOOD)
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 3))
        self.assertEqual(Reading.objects.count(), 3)

    def test_a_corrected_value_updates_the_stored_reading(self):
        self._import(GOOD)
        result = self._import(GOOD.replace("0.42", "0.52"))
        self.assertEqual((result.created, result.updated), (0, 1))
        self.assertEqual(Reading.objects.get(parameter="nh3n").value, Decimal("0.52"))

    def test_one_bad_row_stops_the_whole_file_and_every_bad_cell_is_named(self):
        bad = GOOD + ("黄浦江,2020-06-10,溶解氧,7,mg/L\n"
                      "长兜港（入湖口）,2020-13-40,浊度,abc,mg/L\n"
                      "长兜港（入湖口）,2020-06-11,总磷,0.1,μg/L\n"
                      "长兜港（入湖口）,2020-06-12,氨氮,-1,mg/L\n"
                      "长兜港（入湖口）,2020-06-10,溶解氧,6.9,mg/L\n")
        result = self._import(bad)
        problems = [(p.row, p.column, p.reason[:12]) for p in result.problems]
        self.assertEqual(Reading.objects.count(), 0)
        self.assertEqual([(row, column) for row, column, _ in problems], [
            (5, "断面"), (6, "日期"), (6, "项目"), (6, "数值"), (7, "单位"), (8, "数值"), (9, "项目")])
        self.assertIn("黄浦江", result.problems[0].reason)
        self.assertIn("与第 2 行重复", result.problems[-1].reason)

    def test_a_value_below_the_detection_limit_is_refused_with_its_reason(self):
        result = self._import("断面,日期,项目,数值\n长兜港（入湖口）,2020-06-10,氨氮,0.025L\n")
        self.assertIn("低于检出限", result.problems[0].reason)

    def test_a_dry_run_checks_but_writes_nothing(self):
        result = self._import(GOOD, dry_run=True)
        self.assertEqual((result.ok, result.created, Reading.objects.count()), (True, 3, 0))

    def test_an_xlsx_sheet_with_english_headers_imports_too(self):
        book = Workbook()
        sheet = book.active
        sheet.append(["station", "date", "parameter", "value", "unit"])
        sheet.append(["长兜港（入湖口）", "2020-06-10", "CODMn", 3.2, "mg/L"])
        stream = io.BytesIO()
        book.save(stream)
        result = reading_import(user=self.officer, file=stream, filename="readings.xlsx", zone=self.zone)
        self.assertTrue(result.ok, result.problems)
        self.assertEqual(Reading.objects.get().parameter, "codmn")

    def test_a_partner_may_not_import_readings(self):
        with self.assertRaises(PermissionDenied):
            reading_import(user=self.partner, file=_csv(GOOD), filename="readings.csv", zone=self.zone)


class ReadingImportCommandTests(TestCase):
    def test_the_console_imports_readings_and_names_a_bad_cell(self):
        import contextlib
        import tempfile
        from pathlib import Path

        from zhaoshang.cli import main

        zone = make_zone()
        Station.objects.create(zone=zone, name="长兜港（入湖口）", water_body="river")
        make_user("admin", Role.ADMINISTRATOR)
        with tempfile.TemporaryDirectory() as folder:
            good, bad = Path(folder, "good.csv"), Path(folder, "bad.csv")
            good.write_text(GOOD, encoding="utf-8")
            bad.write_text(GOOD + "长兜港（入湖口）,2020-06-12,氨氮,-1,mg/L\n", encoding="utf-8")
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                self.assertEqual(main(["import", "readings", str(bad)]), 1)
                self.assertEqual(Reading.objects.count(), 0)
                self.assertEqual(main(["import", "readings", str(good)]), 0)
        self.assertIn(f"{bad}:5:数值:", err.getvalue())
        self.assertEqual(Reading.objects.count(), 3)
