"""The README's command table and `zhaoshang --help` describe the same commands."""

import re
from pathlib import Path

from zhaoshang.cli import build_parser

README = Path(__file__).resolve().parents[3] / "README.md"


def test_every_command_in_help_has_a_row_in_the_readme_table():
    _, commands = build_parser()
    table = README.read_text(encoding="utf-8").split("## The command line", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `zhaoshang (\w+)", table, flags=re.M))
    assert documented == set(commands), f"README documents {sorted(documented)}, --help has {sorted(commands)}"


def test_every_command_has_a_one_line_help():
    _, commands = build_parser()
    for name, module in commands.items():
        assert module.HELP and "\n" not in module.HELP, name
