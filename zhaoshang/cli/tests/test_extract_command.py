"""`zhaoshang extract --format table` writes figures as the cockpit does, in columns that line up."""

from zhaoshang.cli import main
from zhaoshang.cli.tests.columns import assert_columns_line_up

ARTICLE = ("其中，浙江瑞驰动力科技有限公司投资32亿元建设电驱系统项目。"
           "唯品会华东运营中心落户湖州，总投资20亿元，吞吐量达268.4万标箱，增长12.5%。")


def _table(tmp_path, capsys) -> list[str]:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", "--format", "table", str(path)]) == 0
    return capsys.readouterr().out.splitlines()


def _section(lines: list[str], prefix: str) -> list[str]:
    """The indented table rows under the heading that starts with `prefix`."""
    start = next(i for i, line in enumerate(lines) if line.startswith(prefix)) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("  ")), len(lines))
    return lines[start:end]


def test_the_extract_table_writes_money_in_yi_and_ratios_as_percentages(tmp_path, capsys):
    out = "\n".join(_table(tmp_path, capsys))
    assert "浙江瑞驰动力科技有限公司  电驱系统项目" in out
    assert "32亿元" in out
    assert "12.5%" in out
    assert "3,200,000,000" not in out


def test_the_extract_tables_line_up_by_display_width(tmp_path, capsys):
    lines = _table(tmp_path, capsys)
    metrics = _section(lines, "指标")
    assert len(metrics) == 4
    assert_columns_line_up(metrics, "><<<<")
    assert_columns_line_up(_section(lines, "投资"), "<<><<")
