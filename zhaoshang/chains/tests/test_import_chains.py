"""A chain as a spreadsheet: exported, edited and imported back through the import core, all or nothing."""

import io

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.accounts.models import Role
from zhaoshang.chains.importers import HEADERS, chain_export_xlsx, chain_import
from zhaoshang.chains.models import Chain, Segment
from zhaoshang.testing import make_user, make_zone


def _csv(*rows: str) -> io.BytesIO:
    return io.BytesIO(("\n".join([",".join(HEADERS), *rows]) + "\n").encode("utf-8"))


class ChainImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_zone()
        cls.analyst = make_user("analyst", Role.ANALYST)
        cls.officer = make_user("officer", Role.OFFICER)

    def test_an_exported_chain_imports_back_unchanged(self):
        data = chain_export_xlsx(Chain.objects.get(key="vehicles"))
        sheet = load_workbook(io.BytesIO(data)).active
        header, first = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
        self.assertEqual(header, HEADERS)
        self.assertEqual(first[:7], ["vehicles", "智能网联与新能源汽车", "battery-metals", "锂镍钴资源与冶炼",
                                     "上游", None, "0913, 0939, 3213, 3239"])
        result = chain_import(user=self.analyst, file=io.BytesIO(data), filename="chain-vehicles.xlsx")
        self.assertEqual((result.ok, result.created, result.updated, result.unchanged), (True, 0, 0, 24))

    def test_a_new_chain_with_a_node_under_a_new_segment(self):
        result = chain_import(user=self.analyst, filename="新材料.csv", file=_csv(
            "materials,新材料,fibre-node,碳纤维丝,上游,fibre,2826*,碳纤维,,20",
            "materials,新材料,fibre,碳纤维,上游,,2826,碳纤维、原丝,composites,10",
            "materials,新材料,composites,复合材料,中游,,3062,复合材料,,30"))
        self.assertTrue(result.ok, [str(p) for p in result.problems])
        node = Segment.objects.get(chain__key="materials", key="fibre-node")
        self.assertEqual((node.parent.key, node.industry_codes), ("fibre", [{"code": "2826", "partial": True}]))
        self.assertEqual(Segment.objects.get(chain__key="materials", key="fibre").supplies, ["composites"])
        self.assertEqual(node.history.get().history_user, self.analyst)

    def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(self):
        result = chain_import(user=self.analyst, filename="bad.csv", file=_csv(
            "vehicles,,thermal,热管理系统,中游,,3464*,热管理,,10",
            "vehicles,,Heat Pump,热泵,中游,,3464*,热泵,,20",
            "vehicles,,pumps,水泵,旁游,,3464,水泵,,30",
            "vehicles,,valves,阀门,中游,nowhere,3443,,thermal,40",
            "vehicles,,fans,风扇,中游,,9999,,,50",
            "vehicles,,hoses,管路,中游,,3670*,,,x"))
        self.assertFalse(result.ok)
        problems = [str(p) for p in result.problems]
        self.assertIn("bad.csv:3:环节代码: “Heat Pump”不是有效的代码："
                      "只能用英文小写字母、数字和连字符（如 heat-pump）", problems)
        self.assertIn("bad.csv:4:位置: 位置应为上游、中游或下游，而不是“旁游”", problems)
        self.assertIn("bad.csv:5:上级环节: 本产业链没有代码为“nowhere”的环节", problems)
        self.assertIn("bad.csv:6:行业代码: GB/T 4754-2017 中没有这些代码：9999"
                      "（以 0 开头的代码请以文本格式填写，如 0913）", problems)
        self.assertIn("bad.csv:7:排序: 排序应为非负整数，而不是“x”", problems)
        self.assertEqual(Segment.objects.get(chain__key="vehicles", key="thermal").name, "热管理")
        self.assertFalse(Segment.objects.filter(key__in=["pumps", "valves", "fans", "hoses"]).exists())

    def test_a_parent_loop_is_refused(self):
        result = chain_import(user=self.analyst, filename="loop.csv", file=_csv(
            "vehicles,,sensors,环境感知传感器,上游,lidar,3983,传感器,,80"))
        self.assertEqual([str(p) for p in result.problems],
                         ["loop.csv:2:上级环节: 上级环节形成循环：sensors → lidar → sensors"])

    def test_a_new_chain_needs_its_name(self):
        result = chain_import(user=self.analyst, filename="x.csv", file=_csv("drones,,frames,机架,中游,,3749,,,1"))
        self.assertEqual([str(p) for p in result.problems],
                         ["x.csv:2:产业链名称: 产业链“drones”尚不存在，新建时须填写产业链名称"])
        self.assertFalse(Chain.objects.filter(key="drones").exists())

    def test_only_editors_import(self):
        with self.assertRaises(PermissionDenied):
            chain_import(user=self.officer, filename="x.csv", file=_csv("vehicles,,bms,电池管理系统,中游,,,,,1"))

    def test_the_page_shows_the_problems_and_a_dry_run_writes_nothing(self):
        self.client.force_login(self.analyst)
        upload = SimpleUploadedFile("x.csv", _csv("vehicles,,bms,电池管理系统（BMS）,中游,,3670*,BMS,,1").read())
        response = self.client.post(reverse("chains:import"), {"file": upload, "dry_run": "1"})
        self.assertContains(response, "检查通过，未写入")
        self.assertEqual(Segment.objects.get(chain__key="vehicles", key="bms").name, "电池管理系统")
        upload = SimpleUploadedFile("y.csv", _csv("vehicles,,bms,,中游,,,,,1").read())
        response = self.client.post(reverse("chains:import"), {"file": upload})
        self.assertContains(response, "y.csv:2:环节名称: 环节名称不能为空", status_code=400)
