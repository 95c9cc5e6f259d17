"""The `zhaoshang` console script. Each sub-command is a module in this package with the same shape:

    HELP = "one line"
    NEEDS_DJANGO = True | False
    def add_arguments(parser): ...
    def run(args) -> int: ...

Adding a command means copying a sibling and listing it in COMMANDS.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from zhaoshang.core.errors import UserError

COMMANDS = ["demo", "serve", "kpi", "extract", "ingest", "import_", "report", "network", "route", "enclave", "chains",
            "manage"]


def _name(module: str) -> str:
    return module.rstrip("_")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    import django

    django.setup()


def build_parser() -> tuple[argparse.ArgumentParser, dict]:
    parser = argparse.ArgumentParser(prog="zhaoshang", description="招商 — investment promotion for a development zone")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = {}
    for module_name in COMMANDS:
        try:
            module = importlib.import_module(f"zhaoshang.cli.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"zhaoshang.cli.{module_name}":
                continue  # a command not built yet
            raise
        command = sub.add_parser(_name(module_name), help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        modules[_name(module_name)] = module
    return parser, modules


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["manage"]:  # hand everything after `manage` to Django untouched
        setup_django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["zhaoshang manage", *argv[1:]])
        return 0
    parser, modules = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    module = modules[args.command]
    if getattr(module, "NEEDS_DJANGO", True):
        setup_django()
    try:
        return module.run(args) or 0
    except UserError as exc:
        print(f"zhaoshang {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
