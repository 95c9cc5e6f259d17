"""How the cockpit, the KPI API, a drill-down, `zhaoshang kpi` and the project export scale with a zone's size.

    python benchmarks/cockpit.py                                # 1,000, 10,000 and 100,000 projects, both databases
    python benchmarks/cockpit.py --sizes 1000,10000 --backends sqlite --requests 20

Each backend runs in a child process with its own temporary ZHAOSHANG_DATA_DIR: SQLite in that folder, or
PostgreSQL in a database created afresh (`--postgres postgres://postgres@127.0.0.1:5432/bench`, dropped
and recreated). The child migrates, loads the demo (users, exchange rates, regions), then for each size
a zone of that many projects with stage histories (lead → … → operating or dropped over 2018–2020, a
tenth in dollars), 200 activities a day through 2020, an enclave with residents, talents and teams,
graduate intakes, a daily indicator series and yearly targets for four figures. It then signs in as the
demo's leader and an officer and times each page (the cockpit for the year and for Q3 with its 同比 and
环比, the htmx panel, the 大屏, the API, a drill-down, the exports) in process through Django's test
client (server time: view, queries and template, no network), each page over `--requests` requests
with the KPI cache emptied before each one (cold) and then left warm. It prints the median and the 95th
percentile in milliseconds and the SQL queries per request. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2020


def _zone(n: int):
    from zhaoshang.zones.models import Zone

    return Zone.objects.get_or_create(code=f"bench{n}", defaults={"name": f"基准新区{n}", "region_id": "330500"})[0]


def load(n: int) -> None:
    """A zone of n projects with histories, a year of activities, talent and indicator records."""
    import datetime as dt
    import random
    from decimal import Decimal

    from django.db import transaction

    from zhaoshang.accounts.models import User
    from zhaoshang.currencies.models import ExchangeRate
    from zhaoshang.indicators.models import Indicator, Observation
    from zhaoshang.kpis.models import KpiTarget
    from zhaoshang.projects.models import PIPELINE, Activity, Project, Stage, StageChange
    from zhaoshang.talent.models import Education, GraduateIntake, Person, ResearchProject, TalentTeam
    from zhaoshang.zones.models import Carrier, Residency

    # The demo's dollar rates begin in 2020; the benchmark signs dollar projects from 2018 on.
    ExchangeRate.objects.get_or_create(currency="USD", on=dt.date(2017, 12, 29),
                                       defaults={"cny_per_unit": Decimal("6.5342"), "source": "基准数据"})
    zone = _zone(n)
    if zone.projects.exists():
        return
    rng = random.Random(n)
    officers = list(User.objects.filter(role="officer"))
    cities = ["310100", "330100", "320500", "320100", "340100", "330200", "110100", "440300", "330500"]
    start = dt.date(2018, 1, 1)
    with transaction.atomic():
        enclave = Carrier.objects.create(zone=zone, name=f"基准飞地{n}", kind=Carrier.Kind.ENCLAVE,
                                         region_id="330100")
        Carrier.objects.create(zone=zone, name=f"基准创新载体{n}", kind=Carrier.Kind.INNOVATION,
                               region_id="330500", introduced_on=dt.date(2019, 5, 1))
        for first in range(0, n, 5000):
            batch = []
            for i in range(first, min(n, first + 5000)):
                dollars = rng.random() < 0.1
                amount = Decimal(rng.choice([3, 8, 20, 50, 150, 300, 800])) * (10**6 if dollars else 10**7)
                batch.append(Project(zone=zone, name=f"基准项目{n}-{i:06d}", amount=amount,
                                     currency="USD" if dollars else "CNY", source_region_id=rng.choice(cities),
                                     owner=rng.choice(officers), confidential=rng.random() < 0.05))
            Project.objects.bulk_create(batch)
        changes, stages = [], {}
        for project_id in Project.objects.filter(zone=zone).values_list("id", flat=True):
            on = start + dt.timedelta(days=rng.randrange(0, 1000))
            reach = rng.choices(range(len(PIPELINE)), weights=[30, 25, 20, 10, 8, 7])[0]
            for stage in PIPELINE[:reach + 1]:
                if on > dt.date(YEAR, 12, 31):
                    break
                changes.append(StageChange(project_id=project_id, stage=stage, on=on, inferred=rng.random() < 0.02))
                stages[project_id] = stage
                on += dt.timedelta(days=rng.randrange(5, 120))
            if rng.random() < 0.05 and on <= dt.date(YEAR, 12, 31):
                changes.append(StageChange(project_id=project_id, stage=Stage.DROPPED, on=on))
                stages[project_id] = Stage.DROPPED
        StageChange.objects.bulk_create(changes, batch_size=5000)
        for stage in {*stages.values()}:
            Project.objects.filter(pk__in=[p for p, s in stages.items() if s == stage]).update(stage=stage)
        ids = list(stages)
        activities = [Activity(project_id=rng.choice(ids), kind="visit", on=dt.date(YEAR, 1, 1) + dt.timedelta(days=d),
                               notes="基准走访") for d in range(366) for _ in range(200)]
        Activity.objects.bulk_create(activities, batch_size=5000)
        Residency.objects.bulk_create([Residency(carrier=enclave, project_id=p, since=dt.date(2019, 3, 1))
                                       for p in rng.sample(ids, max(1, n // 100))])
        teams = TalentTeam.objects.bulk_create([
            TalentTeam(zone=zone, name=f"基准团队{n}-{i}", kind=rng.choice(["leading", "startup"]),
                       declared_year=rng.choice([2019, 2020]), source_region_id=rng.choice(cities))
            for i in range(max(1, n // 100))])
        Residency.objects.bulk_create([Residency(carrier=enclave, team=t, since=dt.date(2019, 3, 1))
                                       for t in teams[::3]])
        Person.objects.bulk_create([
            Person(zone=zone, name=f"基准人才{i}", education=rng.choice([Education.BACHELOR, Education.MASTER]),
                   team=rng.choice(teams), carrier=enclave,
                   introduced_on=dt.date(2019, 1, 1) + dt.timedelta(days=i % 700))
            for i in range(max(1, n // 20))])
        GraduateIntake.objects.bulk_create([GraduateIntake(zone=zone, year=YEAR, source_region_id=c,
                                                           count=rng.randrange(10, 500)) for c in cities])
        for i in range(5):
            ResearchProject.objects.create(zone=zone, title=f"基准攻关{n}-{i}", started_on=dt.date(YEAR, 3 + i, 1))
        online = Indicator.objects.create(zone=zone, key="online_service_cases", name="全程网办件", unit="件")
        Observation.objects.bulk_create([Observation(indicator=online, on=dt.date(YEAR, 1, 1) + dt.timedelta(days=d),
                                                     value=rng.randrange(0, 9)) for d in range(366)])
        targets = (("signed_projects_over_100m", n // 5), ("signed_investment_total_cny", n * 60_000_000),
                   ("signed_yrd_share", "0.7"), ("online_service_cases", 1500))
        KpiTarget.objects.bulk_create([KpiTarget(zone=zone, kpi_key=key, year=YEAR, value=Decimal(value))
                                       for key, value in targets])


class _Queries:
    """Counts the SQL statements of every connection, the figure threads' (core.concurrency) too."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self, execute, sql, params, many, context):
        with self._lock:
            self.count += 1
        return execute(sql, params, many, context)

    def watch(self) -> None:
        from django.db import connection
        from django.db.backends.signals import connection_created

        connection_created.connect(self._connected, weak=False)
        self._connected(None, connection)

    def _connected(self, sender, connection, **kwargs) -> None:
        # A thread's connection object reconnects after its age (CONN_MAX_AGE): counted once all the same.
        if self not in connection.execute_wrappers:
            connection.execute_wrappers.append(self)


QUERIES = _Queries()


def _time(client, path: str, repeat: int, cold: bool) -> dict:
    from django.core.cache import cache

    times, queries, size = [], [], 0
    for _ in range(repeat):
        if cold:
            cache.clear()
        counted = QUERIES.count
        began = time.perf_counter()
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (path, response.status_code, body[:500])
        queries.append(QUERIES.count - counted)
        size = len(body)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    return {"median": statistics.median(times), "p95": p95, "queries": max(queries), "bytes": size}


def _cli_ms(zone_code: str) -> float:
    import contextlib
    import io

    from zhaoshang.cli import main

    began = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        main(["kpi", "--zone", zone_code, "--year", str(YEAR), "--format", "json"])
    return (time.perf_counter() - began) * 1000


def child(sizes: list[int], repeat: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from zhaoshang.accounts.models import User
    from zhaoshang.demo.load import demo_load
    from zhaoshang.projects.models import Project

    call_command("migrate", verbosity=0)
    QUERIES.watch()
    demo_load()
    leader, officer = User.objects.get(username="leader"), User.objects.get(username="zhangwei")
    for n in sizes:
        began = time.perf_counter()
        load(n)
        if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would give a loaded table
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        zone = _zone(n).code
        loaded = time.perf_counter() - began
        pages = {
            "cockpit": f"/?zone={zone}&year={YEAR}",
            "cockpit_q3": f"/?zone={zone}&year={YEAR}&period=Q3",  # 同比 and 环比, targets read year to date
            "panel": f"/cockpit/panel/?zone={zone}&year={YEAR}&period={YEAR}-09&source=310000",
            "wall": f"/cockpit/wall/?zone={zone}&year={YEAR}",
            "api_kpis": f"/api/kpis?zone={zone}&year={YEAR}",
            "drill_down": f"/kpis/signed_projects_over_100m/?zone={zone}&year={YEAR}",
            "export_csv": f"/projects/export/?format=csv&zone={zone}",
            "export_xlsx": f"/projects/export/?format=xlsx&zone={zone}",
        }
        for who, user in (("leader", leader), ("officer", officer)):
            client = Client()
            client.force_login(user)
            for page, path in pages.items():
                if who == "officer" and page.startswith("export"):
                    continue
                for cold in (True, False):
                    if page.startswith("export") and not cold:
                        continue
                    # 50 cold cockpits (the goal's p95); fewer of the rest, which are reported, not targets.
                    few = repeat if page == "cockpit" and cold else min(repeat, 3 if page.startswith("export") else 10)
                    figures = _time(client, path, few, cold)
                    if page.startswith("export"):  # the export lists every project the viewer sees
                        figures["rows"] = Project.objects.count()
                    print(json.dumps({"size": n, "who": who, "page": page, "cold": cold, "loaded_s": round(loaded, 1),
                                      **figures}), flush=True)
        print(json.dumps({"size": n, "who": "cli", "page": "zhaoshang kpi", "cold": True,
                          "median": _cli_ms(zone), "p95": None, "queries": None, "bytes": None}), flush=True)


def _postgres_fresh(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/bench")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the PostgreSQL database and the SQLite folder (--data) of an earlier run")
    parser.add_argument("--data", help="SQLite data folder to keep between runs (default: a temporary one)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.child:
        child(sizes, args.requests)
        return
    rows = []
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory() as scratch:
            data = args.data or scratch
            env = {**os.environ, "ZHAOSHANG_DATA_DIR": data, "DJANGO_SETTINGS_MODULE": "zhaoshang.settings",
                   "PYTHONPATH": os.environ.get("PYTHONPATH", str(ROOT))}
            env.pop("ZHAOSHANG_DATABASE_URL", None)
            if backend == "postgres":
                if not args.reuse:
                    _postgres_fresh(args.postgres)
                env["ZHAOSHANG_DATABASE_URL"] = args.postgres
            child_process = subprocess.Popen([sys.executable, __file__, "--child", "--sizes", args.sizes,
                                              "--requests", str(args.requests)], env=env, text=True,
                                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            assert child_process.stdout is not None and child_process.stderr is not None
            for line in child_process.stdout:  # each figure as soon as it is measured, on stderr
                if line.startswith("{"):
                    rows.append({"backend": backend, **json.loads(line)})
                    print(backend, line.strip(), file=sys.stderr, flush=True)
            if child_process.wait():
                sys.exit(f"{backend}: {child_process.stderr.read()[-3000:]}")
    print(f"{'backend':8} {'projects':>8} {'viewer':7} {'page':14} {'cache':5} {'median ms':>10} {'p95 ms':>8} "
          f"{'queries':>7} {'bytes':>9} {'rows':>7}")
    for r in rows:
        p95 = f"{r['p95']:8.0f}" if r["p95"] is not None else f"{'':8}"
        print(f"{r['backend']:8} {r['size']:8,} {r['who']:7} {r['page']:14} {'cold' if r['cold'] else 'warm':5} "
              f"{r['median']:10.0f} {p95} {r['queries'] if r['queries'] is not None else '':>7} "
              f"{r['bytes'] if r['bytes'] is not None else '':>9} {r.get('rows', ''):>7}")


if __name__ == "__main__":
    main()
