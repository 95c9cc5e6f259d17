"""The project sheet's template: the headers the import reads, an example row, and drop-down lists.

Written from the import's own field list, so a header renamed there is renamed here too.
"""

from __future__ import annotations

import io

from zhaoshang.core.gb2260 import divisions
from zhaoshang.projects.importers.rows import FIELDS
from zhaoshang.projects.models import Stage

COLUMNS = ["name", "investor", "credit_code", "source_city", "amount", "stage", "signed_on", "industry",
           "owner", "confidential", "carrier", "description"]
# A row whose name starts so is the template's example: the import skips it and says so.
EXAMPLE_MARK = "（示例）"
EXAMPLE = {"name": f"{EXAMPLE_MARK}年产10万套激光雷达项目", "investor": "纵目科技（上海）股份有限公司",
           "credit_code": "", "source_city": "上海", "amount": "2.5亿元", "stage": "签约",
           "signed_on": "2020-11-18", "industry": "3670", "owner": "", "confidential": "否", "carrier": "",
           "description": "示例行：照此格式填写，导入时本行自动跳过"}
TITLE = ("项目导入模板：第 2 行为表头（勿改名，可删去不用的列），加粗列必填；"
         "第 3 行为示例，以“（示例）”开头的行不会导入。"
         "总投资可写 2.5亿元、25000万元、3000万美元；阶段与来源城市可从下拉列表选择。")
MAX_ROWS = 100_000  # rows the drop-down lists cover


def city_names() -> list[str]:
    """Prefecture-level cities by their short names (上海, 苏州), as the import's city lookup reads them."""
    names = {d.short_name for d in divisions().values() if d.level == "city"}
    return sorted(names)


def project_template() -> bytes:
    """The .xlsx template officers download from the import page."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "项目"
    sheet.append([TITLE])
    sheet.append([FIELDS.label(name) for name in COLUMNS])
    sheet.append([EXAMPLE[name] for name in COLUMNS])
    required = {f.name for f in FIELDS.required}
    for i, name in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=2, column=i)
        cell.font = Font(bold=name in required)
        cell.fill = PatternFill("solid", fgColor="FFF1F0" if name in required else "F5F5F5")
        sheet.column_dimensions[cell.column_letter].width = 28 if name in ("name", "investor") else 16
    sheet.cell(row=3, column=COLUMNS.index("credit_code") + 1).number_format = "@"
    lists = workbook.create_sheet("选项")
    stages = [s.label for s in Stage]
    cities = city_names()
    for row, value in enumerate(stages, start=1):
        lists.cell(row=row, column=1, value=value)
    for row, value in enumerate(cities, start=1):
        lists.cell(row=row, column=2, value=value)
    lists.sheet_state = "hidden"
    _drop_down(sheet, DataValidation, COLUMNS.index("stage"), f"选项!$A$1:$A${len(stages)}", strict=True)
    _drop_down(sheet, DataValidation, COLUMNS.index("source_city"), f"选项!$B$1:$B${len(cities)}", strict=False)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _drop_down(sheet, validation_class, index: int, source: str, *, strict: bool) -> None:
    # A city list cannot hold every spelling the import accepts (区划代码, 嘉定): other values only warn.
    validation = validation_class(type="list", formula1=source, allow_blank=True,
                                  errorStyle="stop" if strict else "warning",
                                  error="请从列表中选择" if strict else "不在城市列表中；区县名或 6 位区划代码也可导入")
    letter = sheet.cell(row=3, column=index + 1).column_letter
    validation.add(f"{letter}3:{letter}{MAX_ROWS + 2}")
    sheet.add_data_validation(validation)
