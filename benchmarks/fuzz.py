"""Schemathesis over every API operation as an officer and a partner, on a fresh test database with the
demo loaded; prints the cases run per operation and any server error or undocumented status.

    python benchmarks/fuzz.py [--examples 50]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.test.utils import get_runner, setup_test_environment

    logging.disable(logging.WARNING)  # every refused case logs a line; the summary is what matters
    setup_test_environment()
    runner = get_runner(settings)(verbosity=0)
    old = runner.setup_databases()
    try:
        from zhaoshang.accounts.models import ApiToken, User
        from zhaoshang.core.tests.test_api_fuzz import fuzz
        from zhaoshang.demo.load import demo_load

        demo_load()
        total, failures = 0, []
        for username in ("zhangwei", "enclave"):
            _, key = ApiToken.issue(user=User.objects.get(username=username), name="fuzz")
            started = time.monotonic()
            found: dict[str, str] = {}
            ran = fuzz(None, {"Authorization": f"Bearer {key}"}, args.examples, found)
            for label, count in ran.items():
                print(f"{username:9} {label:45} {count:5} cases{'  FAILED' if label in found else ''}")
            failures += [f"{username} {label}: {text}" for label, text in found.items()]
            total += sum(ran.values())
            print(f"{username}: {sum(ran.values())} cases over {len(ran)} operations in "
                  f"{time.monotonic() - started:.1f} s")
        print(f"total {total} cases, {len(failures)} failing operations")
        for failure in failures:
            print(failure[:1500])
        return 1 if failures else 0
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    sys.exit(main())
