"""The web upload pages for service cases and water readings: a good file imports, a bad one is refused
whole with every problem named in Chinese, and only those allowed may upload."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from zhaoshang.accounts.models import Role
from zhaoshang.approvals.models import Case
from zhaoshang.approvals.services import service_items_load
from zhaoshang.approvals.tests.test_import_cases import CODE, HEADER, ROWS
from zhaoshang.environment.models import Reading, Station
from zhaoshang.environment.tests.test_import_readings import GOOD
from zhaoshang.organizations.models import Organization
from zhaoshang.testing import make_project, make_user, make_zone


def upload(name: str, text: str, **extra) -> dict:
    return {"file": SimpleUploadedFile(name, text.encode("utf-8")), **extra}


class CaseImportPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.zone = make_zone()
        service_items_load(zone=cls.zone)
        Organization.objects.create(name="湖州示例科技有限公司", credit_code=CODE)
        make_project(cls.zone, "电驱项目")
        cls.admin = make_user("admin", Role.ADMINISTRATOR)
        cls.officer = make_user("officer", Role.OFFICER)

    def post(self, user, data):
        self.client.force_login(user)
        return self.client.post(reverse("approvals:import"), data)

    def test_an_administrator_imports_an_export_and_again_changes_nothing(self):
        page = self.post(self.admin, upload("办件.csv", HEADER + ROWS)).content.decode()
        self.assertIn("导入完成", page)
        self.assertIn("新增 <strong>3</strong> 条", page)
        self.assertEqual(Case.objects.count(), 3)
        again = self.post(self.admin, upload("办件.csv", HEADER + ROWS)).content.decode()
        self.assertIn("未变 <strong>3</strong> 条", again)

    def test_a_bad_file_is_refused_whole_naming_the_row_column_and_reason(self):
        bad = HEADER + ROWS + "NTH009,不存在的事项,某公司,,,2020-13-01,,邮寄,,,\n"
        response = self.post(self.admin, upload("办件.csv", bad))
        self.assertEqual(response.status_code, 400)
        page = response.content.decode()
        self.assertIn("未导入任何数据", page)
        problems = page.split('id="import-problems"')[1]
        for text in ("办件.csv", "<td class=\"num\">5</td>", "事项名称", "受理时间", "办理方式"):
            self.assertIn(text, problems)
        self.assertEqual(Case.objects.count(), 0)

    def test_a_check_only_run_writes_nothing(self):
        page = self.post(self.admin, upload("办件.csv", HEADER + ROWS, dry_run="on")).content.decode()
        self.assertIn("检查通过（未写入）", page)
        self.assertEqual(Case.objects.count(), 0)

    def test_the_page_lists_the_columns_and_only_administrators_may_upload(self):
        self.client.force_login(self.admin)
        page = self.client.get(reverse("approvals:import")).content.decode()
        self.assertIn("办件编号 *", page)
        self.assertIn("办件号", page)
        self.assertIn('id="import-cases"', self.client.get(reverse("approvals:list")).content.decode())
        self.assertEqual(self.post(self.officer, upload("办件.csv", HEADER + ROWS)).status_code, 403)
        self.assertEqual(Case.objects.count(), 0)


class ReadingImportPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        zone = make_zone()
        Station.objects.create(zone=zone, name="长兜港（入湖口）", water_body="river")
        cls.officer = make_user("officer", Role.OFFICER)
        cls.leader = make_user("leader", Role.LEADER)

    def post(self, user, data):
        self.client.force_login(user)
        return self.client.post(reverse("environment:import"), data)

    def test_an_officer_imports_readings(self):
        page = self.post(self.officer, upload("水质.csv", GOOD)).content.decode()
        self.assertIn("新增 <strong>3</strong> 条", page)
        self.assertEqual(Reading.objects.count(), 3)

    def test_an_unknown_station_and_a_bad_value_refuse_the_whole_file(self):
        bad = GOOD + "不存在的断面,2020-06-10,溶解氧,6.1,mg/L\n长兜港（入湖口）,2020-06-11,总磷,很多,mg/L\n"
        response = self.post(self.officer, upload("水质.csv", bad))
        self.assertEqual(response.status_code, 400)
        problems = response.content.decode().split('id="import-problems"')[1]
        self.assertIn("发现 2 个问题", response.content.decode())
        self.assertIn("断面", problems)
        self.assertIn("数值", problems)
        self.assertEqual(Reading.objects.count(), 0)

    def test_a_wrong_file_type_is_named_not_a_500(self):
        response = self.post(self.officer, upload("水质.xls", "x"))
        self.assertEqual(response.status_code, 400)
        self.assertIn("另存为 .xlsx", response.content.decode())

    def test_a_leader_may_not_upload_and_has_no_button(self):
        self.assertEqual(self.post(self.leader, upload("水质.csv", GOOD)).status_code, 403)
        self.client.force_login(self.leader)
        self.assertNotIn('id="import-readings"', self.client.get(reverse("environment:stations")).content.decode())
        self.client.force_login(self.officer)
        self.assertIn('id="import-readings"', self.client.get(reverse("environment:stations")).content.decode())


class EmptyUploadTests(TestCase):
    def test_sending_no_file_asks_for_one(self):
        make_zone()
        self.client.force_login(make_user("officer", Role.OFFICER))
        response = self.client.post(reverse("environment:import"), {})
        self.assertEqual(response.status_code, 400)
        self.assertIn("这个字段是必填项", response.content.decode())
