"""GB/T 4754-2017 as shipped and as every database holds it."""

from collections import Counter

from django.test import TestCase

from zhaoshang.industries.models import Industry
from zhaoshang.industries.services import industry_load, industry_rows

LEVEL_ABOVE = {"division": "section", "group": "division", "class": "group"}


class ShippedTableTests(TestCase):
    def test_the_table_has_every_code_of_the_standard_at_four_levels(self):
        levels = Counter(row["level"] for row in industry_rows())
        self.assertEqual(levels, {"section": 20, "division": 97, "group": 473, "class": 1380})

    def test_every_code_but_a_section_hangs_under_the_level_above_in_its_own_section(self):
        rows = {row["code"]: row for row in industry_rows()}
        for row in rows.values():
            if row["level"] == "section":
                self.assertEqual((row["parent"], row["section"]), ("", row["code"]))
                continue
            parent = rows[row["parent"]]
            self.assertEqual(parent["level"], LEVEL_ABOVE[row["level"]], row["code"])
            self.assertEqual(parent["section"], row["section"], row["code"])
            self.assertTrue(row["code"].startswith(parent["code"]) or parent["level"] == "section", row["code"])


class IndustryTableTests(TestCase):
    def test_every_database_holds_the_1970_codes(self):
        self.assertEqual(Industry.objects.count(), 1970)
        self.assertEqual(Industry.objects.filter(level=Industry.Level.CLASS).count(), 1380)

    def test_a_class_leads_up_to_its_group_division_and_section(self):
        computers = Industry.objects.get(code="3911")
        self.assertEqual(str(computers), "3911 计算机整机制造")
        group, division = computers.parent, computers.parent.parent
        self.assertEqual((group.code, group.level), ("391", Industry.Level.GROUP))
        self.assertEqual((division.name, division.level), ("计算机、通信和其他电子设备制造业", Industry.Level.DIVISION))
        self.assertEqual((division.parent.name, computers.section), ("制造业", "C"))

    def test_loading_again_restores_only_the_missing_codes_under_their_parents(self):
        self.assertEqual(industry_load(), 0)
        computer_classes = sorted(Industry.objects.filter(parent_id="391").values_list("code", flat=True))
        Industry.objects.filter(code__in=computer_classes).delete()
        self.assertEqual(industry_load(), len(computer_classes))
        self.assertEqual(sorted(Industry.objects.filter(parent_id="391").values_list("code", flat=True)),
                         computer_classes)
        self.assertEqual(Industry.objects.count(), 1970)
