"""The import page in headless Chromium: download the template, fill it in as a government sheet with a
合计 row at the end, upload it, and read the outcome."""


from openpyxl import load_workbook

from zhaoshang.projects.models import Project
from zhaoshang.testing import ARTIFACTS, BrowserTestCase


class TemplateImportBrowserTests(BrowserTestCase):

    def setUp(self):
        super().setUp()
        self.page, _ = self.signed_in("zhangwei", accept_downloads=True)

    def tearDown(self):
        self.page.close()

    def test_the_template_filled_in_with_a_totals_row_imports(self):
        page = self.page
        page.goto(f"{self.live_server_url}/projects/import/")
        with page.expect_download() as download:
            page.click("#download-template")
        path = ARTIFACTS / "项目导入模板-填写.xlsx"
        download.value.save_as(path)
        workbook = load_workbook(path)
        sheet = workbook["项目"]
        header = [c.value for c in sheet[2]]
        for values in ({"项目名称": "湖州智造传感器项目", "投资方": "沪新传感科技有限公司", "来源城市": "上海",
                        "总投资": "2亿元", "阶段": "签约", "签约日期": "2020-11-18"},
                       {"项目名称": "苏新显示模组项目", "投资方": "苏新光电材料有限公司", "来源城市": "苏州",
                        "总投资": "1.5亿元", "阶段": "洽谈"},
                       {"项目名称": "合计", "总投资": "3.5亿元"}):
            sheet.append([values.get(h) for h in header])
        workbook.save(path)
        before = Project.objects.count()
        page.set_input_files("input[type=file]", str(path))
        page.click("form.card button[type=submit]")
        page.wait_for_selector("#import-summary")
        summary = page.locator("#import-summary").inner_text()
        page.screenshot(path=ARTIFACTS / "import-template.png", full_page=True)
        self.assertIn("新增 2 个项目", summary)
        self.assertIn("合计行", summary)
        self.assertIn("示例行，已跳过", summary)
        self.assertEqual(Project.objects.count(), before + 2)
        self.assertFalse(Project.objects.filter(name="合计").exists())
