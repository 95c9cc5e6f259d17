"""Placeholder so `zhaoshang --help` lists `manage`; main() hands `manage …` to Django before parsing."""

HELP = "run one of Django's management commands (migrate, createsuperuser, …)"
NEEDS_DJANGO = True


def add_arguments(parser) -> None:
    parser.add_argument("args", nargs="*", help="the management command and its arguments")


def run(args) -> int:  # pragma: no cover - main() never reaches here
    return 0
