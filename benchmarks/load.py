"""Load: simulated users against the app served by its production server (`zhaoshang serve --workers N`,
gunicorn's worker processes), on a fresh data folder with the demo and a generated zone of 10,000 projects;
prints requests, errors and p50/p95/max per kind of request beside the goal, the load average and the CPU.

    python benchmarks/load.py [--users 20] [--seconds 60] [--database-url postgres://…/loadbench]
                              [--workers N] [--threads T] [--clients P] [--projects 10000] [--think 5,15]
                              [--ramp S]

With --database-url the named PostgreSQL database is dropped and created afresh (and dropped at the end
unless --keep); without it SQLite in a temporary data folder. The extra zone (`bench10000`, 10,000 projects
with stage histories, a year of activities, talent and indicator records) is `benchmarks/cockpit.py`'s
generator, so the leader's unfiltered project export really has 10,000 rows and more.

Users arrive evenly over --ramp seconds (default a fifth of the run, at most 60), as people come to work
rather than all in one second. Each signs in through the page (CSRF and session, as a browser does; timed
as `sign-in`), then repeatedly waits a think time (uniform in --think seconds) and does one task, drawn by
weight:

- officers (zhangwei, lina, wangqiang): project list 3, project page 4, API list 2, API edit 3 (GET, then
  PATCH with If-Match: 2 in 3 the description, 1 in 3 the amount), cockpit 1, drill-down 1, import 1,
  export of the officer's search 1;
- the leader: cockpit 3, cockpit of the 10,000-project zone 2, drill-down 2, project list 2, project page 2,
  export of 10,000+ rows as .xlsx 1 and as .csv 1;
- the analyst: cockpit 2, drill-down 2, project list 2, project page 2, API list 1.

After each page with the site's header (lists, project pages, the cockpit, drill-downs) the user's browser
asks for the header's 待办 badge (`/todo/count/`, htmx), reported as its own kind.

An import uploads a 3-row CSV through the import page (项目 → 导入); one in five has a bad amount in its
last row and must be refused whole (400 with the row named). At the end the database is asked whether
every accepted sheet's rows are stored and none of a refused sheet's. A 412 on an edit (a colleague saved
the project first) and the bad sheet's 400 are correct answers, counted apart from errors.

Percentiles are of the steady part, the requests started after the last user arrived (the warm-up column
counts the others); sign-ins, which all happen during the ramp, are reported over all of them; errors are
counted over the whole run. The default think time of 5–15 s is people reading what they open, the load
the goal is about; --think 1,5 is a capacity figure, every user clicking on as soon as a page has loaded
(about one request per 2 s per user).

Clients run in --clients separate processes (default 2, each with its users as threads), so the load
generator's own interpreter lock does not add to the measured times; its CPU time is printed beside the
server's. A process pool of plain threads and the standard library rather than locust: nothing to install,
and the users' think times keep the generator's CPU small (it is printed).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Zhaoshang@2020"  # noqa: S105  # the demo's published password
DEMO_ZONE = "nantaihu"
YEAR = 2020
OFFICERS = ["zhangwei", "lina", "wangqiang"]
USERS = ["zhangwei", "leader", "lina", "analyst", "wangqiang"]  # round-robin: 3 officers, a leader, an analyst
BIG_EXPORTS = ("export 10k xlsx", "export 10k csv")
PAGE_GOAL_S, EXPORT_GOAL_S = 1.0, 3.0
IMPORT_PREFIX = "压测导入"
BADGED = {"project list", "project page", "cockpit", "cockpit 10k", "drill-down"}  # pages with the site's header


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(data: Path, database_url: str | None) -> dict:
    env = {**os.environ, "ZHAOSHANG_DATA_DIR": str(data), "PYTHONPATH": str(ROOT),
           "DJANGO_SETTINGS_MODULE": "zhaoshang.settings", "ZHAOSHANG_LOGIN_ADDRESS_LIMIT": "100000"}
    env.pop("ZHAOSHANG_DATABASE_URL", None)
    if database_url:
        env["ZHAOSHANG_DATABASE_URL"] = database_url
    return env


def postgres_fresh(url: str, drop_only: bool = False) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(data: Path, database_url: str | None, projects: int = 0) -> None:
    """Migrate and load the demo; with `projects`, also cockpit.py's generated zone of that many projects."""
    env = _env(data, database_url)
    subprocess.run([sys.executable, "-m", "zhaoshang", "demo", "--no-serve"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    if projects:
        subprocess.run([sys.executable, __file__, "--child-load", str(projects)], env=env, check=True)


def start_server(data: Path, database_url: str | None, threads: int | None = None, workers: int | None = None,
                 load_demo: bool = True) -> tuple[subprocess.Popen, str]:
    """`zhaoshang serve` on a free port (the demo loaded first unless `load_demo` is false)."""
    env = _env(data, database_url)
    if load_demo:
        prepare(data, database_url)
    port = _free_port()
    command = [sys.executable, "-m", "zhaoshang", "serve", "--addr", f"127.0.0.1:{port}"]
    if threads:
        command += ["--threads", str(threads)]
    if workers:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=10)  # noqa: S310  # our own http URL
                return server, base
            except OSError:  # not listening yet (refused), or its first answer is slow
                time.sleep(0.2)
        raise SystemExit("server did not start")
    except BaseException:  # never leave a server (gunicorn's master and its workers) running behind us
        server.terminate()
        server.wait(30)
        raise


class Browser:
    """One user's cookie jar and CSRF token."""

    def __init__(self, base: str, timeout: float = 60):
        self.base = base
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        """(status, body, headers); status 0 when no answer came (refused, reset, timed out)."""
        req = urllib.request.Request(self.base + path, data=body, method=method,  # noqa: S310  # our http URL
                                     headers=headers or {})
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                return response.status, response.read(), response.headers  # case-insensitive
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), exc.headers
        except (OSError, urllib.error.URLError) as exc:  # no answer at all
            return 0, str(exc).encode(), {}

    def sign_in(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        # On to the project list: the cockpit without ?zone= asks which zone once the database holds two.
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "next": "/projects/",
                                       "csrfmiddlewaretoken": self.csrf()}).encode()
        status, _, _ = self.request("POST", "/accounts/login/", form, {
            "Content-Type": "application/x-www-form-urlencoded", "Referer": self.base + "/accounts/login/"})
        if status >= 400 or status == 0:
            raise RuntimeError(f"sign-in of {username} answered {status}")


def _edit(browser: Browser, project_id: int) -> int:
    status, _, headers = browser.request("GET", f"/api/projects/{project_id}")
    if status != 200:
        return status
    # Two edits in three rewrite the description (no figure reads it: the cockpit's cache stays), one in three
    # the amount, which changes the figures and empties the cache for everyone.
    change = ({"amount": f"{random.randint(1, 500)}00000000"} if random.random() < 1 / 3
              else {"description": f"压测 {time.time():.3f}"})
    payload = json.dumps(change).encode()
    status, _, _ = browser.request("PATCH", f"/api/projects/{project_id}", payload, {
        "Content-Type": "application/json", "If-Match": headers.get("ETag", ""), "X-CSRFToken": browser.csrf(),
        "Referer": browser.base + "/"})
    return status


def _import(browser: Browser, zone_id: str, name: str, bad: bool) -> int:
    rows = [f"{name}-{i},压测投资集团{i},{i + 1}亿,线索,上海" for i in range(3)]
    if bad:
        rows[-1] = f"{name}-2,压测投资集团2,很多,线索,上海"  # not an amount: the whole sheet is refused
    sheet = ("项目名称,投资方,总投资,阶段,来源城市\n" + "\n".join(rows) + "\n").encode()
    boundary = uuid.uuid4().hex
    parts = [(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n').encode()
             for k, v in (("csrfmiddlewaretoken", browser.csrf()), ("zone", zone_id))]
    parts.append((f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}.csv"\r\n'
                  "Content-Type: text/csv\r\n\r\n").encode() + sheet + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    status, _, _ = browser.request("POST", "/projects/import/", body, {
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Referer": browser.base + "/projects/import/"})
    return status


def _zone_id(browser: Browser) -> str:
    """The demo zone's id in the import form's choice list (the database holds two zones)."""
    _, page, _ = browser.request("GET", "/projects/import/")
    text = page.decode("utf-8", "replace")
    marker = text.find("湖州南太湖新区</option>")
    start = text.rfind('value="', 0, marker) + len('value="')
    return text[start:text.index('"', start)]


def _tasks(username: str, projects: list[int], editable: list[int]) -> list[tuple[str, float, object]]:
    """(kind, weight, path or action) for one user's role; see the module's docstring."""
    page = ("project page", lambda: f"/projects/{random.choice(projects)}/")
    cockpit = ("cockpit", f"/?zone={DEMO_ZONE}&year={YEAR}")
    drill = ("drill-down", f"/kpis/signed_investment_total_cny/?zone={DEMO_ZONE}&year={YEAR}")
    listing = ("project list", "/projects/")
    api_list = ("api list", "/api/projects?page_size=50")
    if username in OFFICERS:
        return [(*listing[:1], 3, listing[1]), (page[0], 4, page[1]), (api_list[0], 2, api_list[1]),
                *([("api edit", 3, "edit")] if editable else []), (cockpit[0], 1, cockpit[1]),
                (drill[0], 1, drill[1]), ("import", 1, "import"),
                ("export search", 1, "/projects/export/?format=xlsx&q=%E5%8E%8B%E6%B5%8B")]  # q=压测
    if username == "leader":
        return [(cockpit[0], 3, cockpit[1]), ("cockpit 10k", 2, f"/?zone=bench10000&year={YEAR}"),
                (drill[0], 2, drill[1]), (listing[0], 2, listing[1]), (page[0], 2, page[1]),
                (BIG_EXPORTS[0], 1, "/projects/export/?format=xlsx"),
                (BIG_EXPORTS[1], 1, "/projects/export/?format=csv")]
    return [(cockpit[0], 2, cockpit[1]), (drill[0], 2, drill[1]), (listing[0], 2, listing[1]),
            (page[0], 2, page[1]), (api_list[0], 1, api_list[1])]


def user_loop(base: str, username: str, until: float, think: tuple[float, float], results: dict,
              lock: threading.Lock, imports: list, seed: int, arrive: float, steady: float) -> None:
    """One user: arrives at `arrive` (monotonic), signs in, works until `until`. Rows of requests started
    before `steady` (the last user's arrival) are marked warm-up."""
    random.seed(seed)
    browser = Browser(base)

    def record(kind: str, started: float, status: int, detail: str = "") -> None:
        with lock:
            results[kind].append((time.monotonic() - started, status, detail, started < steady))

    time.sleep(max(0.0, arrive - time.monotonic()))
    started = time.monotonic()
    try:
        browser.sign_in(username)
    except RuntimeError as exc:
        record("sign-in", started, 0, str(exc))
        return
    record("sign-in", started, 200)
    began = time.monotonic()
    status, body, _ = browser.request("GET", "/api/projects?page_size=100")
    if status != 200:  # the user cannot start: an error of its own, never a thread dying unseen
        record("api list", began, status, body[:200].decode(errors="replace"))
        return
    items = json.loads(body)["items"]
    projects = [p["id"] for p in items]
    editable = [p["id"] for p in items if p["owner"] and p["owner"]["username"] == username]
    tasks = _tasks(username, projects, editable)
    zone_id = _zone_id(browser) if username in OFFICERS else ""
    n = 0
    while True:
        time.sleep(random.uniform(*think))
        if time.monotonic() >= until:
            return
        kind, _, what = random.choices(tasks, weights=[w for _, w, _ in tasks])[0]
        started = time.monotonic()
        detail = ""
        if what == "edit":
            status = _edit(browser, random.choice(editable))
        elif what == "import":
            n += 1
            name, bad = f"{IMPORT_PREFIX}{username}{seed}-{n}", (n + seed) % 5 == 0  # a fifth, across users
            status = _import(browser, zone_id, name, bad)
            imports.append((name, bad, status))
        else:
            path = what() if callable(what) else what
            status, answer, _ = browser.request("GET", str(path))
            if status == 0 or status >= 500:
                detail = answer[:200].decode("utf-8", "replace")
        record(kind, started, status, detail)
        if kind in BADGED:  # the page's header asks for the 待办 badge once it has loaded (htmx), as a browser does
            started = time.monotonic()
            status, _, _ = browser.request("GET", "/todo/count/", headers={"HX-Request": "true"})
            record("todo badge", started, status)


def client_process(base: str, usernames: list[tuple[int, str]], start_wall: float, until_wall: float,
                   think: tuple[float, float], ramp: float, users: int):
    """One client process: its users as threads, user n arriving n/users of the way through the ramp;
    returns their results and the process's CPU seconds."""
    start = time.monotonic() + (start_wall - time.time())
    until = start + (until_wall - start_wall)
    steady = start + ramp * (users - 1) / max(1, users)
    results: dict[str, list] = defaultdict(list)
    imports: list = []
    lock = threading.Lock()
    threads = [threading.Thread(target=user_loop, args=(base, name, until, think, results, lock, imports, n,
                                                        start + ramp * n / users, steady))
               for n, name in usernames]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return dict(results), imports, usage.ru_utime + usage.ru_stime


def run_load(base: str, users: int, seconds: float, think: tuple[float, float], clients: int = 2,
             ramp: float = 0.0):
    """Run the users for `seconds` (the ramp included) in `clients` processes; (results per kind, imports,
    client CPU seconds)."""
    clients = max(1, min(clients, users))
    start_wall = time.time() + 1  # the client processes forked and ready
    until_wall = start_wall + seconds
    shares = [[(n, USERS[n % len(USERS)]) for n in range(users) if n % clients == c] for c in range(clients)]
    results: dict[str, list] = defaultdict(list)
    imports: list = []
    cpu = 0.0
    with ProcessPoolExecutor(clients, mp_context=get_context("fork")) as pool:
        for part, part_imports, part_cpu in pool.map(client_process, [base] * clients, shares,
                                                     [start_wall] * clients, [until_wall] * clients,
                                                     [think] * clients, [ramp] * clients, [users] * clients):
            for kind, rows in part.items():
                results[kind].extend(rows)
            imports.extend(part_imports)
            cpu += part_cpu
    return results, imports, cpu


def _expected(kind: str, status: int) -> bool:
    """A refusal that is the right answer: a stale edit (412), the bad sheet refused whole (400)."""
    return (kind == "api edit" and status == 412) or (kind == "import" and status == 400)


def _percentile(times: list[float], q: float) -> float:
    return times[min(len(times) - 1, int(len(times) * q))]


def report(results: dict, seconds: float, users: int, label: str, ramp: float = 0.0) -> tuple[int, list[str]]:
    """Print the table; (errors, the goals missed). Percentiles are of the steady part, once every user has
    arrived (sign-ins, which all happen during the ramp, of all); errors are counted over the whole run."""
    print(f"\n{label}: {users} users for {seconds:.0f} s, arriving over the first {ramp:.0f} s")
    print(f"{'request':16} {'n':>6} {'warm-up':>7} {'errors':>6} {'refused':>7} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'max ms':>8} {'goal p95':>9}")
    errors_total = total = 0
    missed = []
    for kind in sorted(results, key=lambda k: (k != "sign-in", k in BIG_EXPORTS, k)):
        rows = results[kind]
        measured = [row for row in rows if kind == "sign-in" or not row[3]] or rows
        times = sorted(t for t, _, _, _ in measured)
        errors = sum(1 for _, s, _, _ in rows if (s == 0 or s >= 400) and not _expected(kind, s))
        refused = sum(1 for _, s, _, _ in rows if _expected(kind, s))
        goal = EXPORT_GOAL_S if kind in BIG_EXPORTS else PAGE_GOAL_S
        p95 = _percentile(times, 0.95)
        verdict = "ok" if p95 < goal else "MISSED"
        if p95 >= goal:
            missed.append(f"{kind} p95 {p95 * 1000:.0f} ms ≥ {goal * 1000:.0f} ms")
        warm = 0 if kind == "sign-in" else sum(1 for row in rows if row[3])
        print(f"{kind:16} {len(measured):6} {warm:7} {errors:6} {refused:7} {_percentile(times, 0.5) * 1000:8.0f} "
              f"{p95 * 1000:8.0f} {times[-1] * 1000:8.0f} {goal * 1000:6.0f} {verdict}")
        errors_total += errors
        total += len(rows)
    samples = sorted({d for rows in results.values() for _, s, d, _ in rows if d})[:5]
    for sample in samples:
        print(f"  error sample: {sample}")
    steady = max(1.0, seconds - ramp)
    measured_total = sum(1 for k, rows in results.items() for r in rows if k != "sign-in" and not r[3])
    print(f"total {total} requests, {errors_total} errors; steady part {measured_total} requests in "
          f"{steady:.0f} s, {measured_total / steady:.1f}/s")
    return errors_total, missed


def _check_imports(data: Path, database_url: str | None, imports: list) -> str:
    """Ask the database: every accepted sheet's 3 rows stored, none of a refused sheet's."""
    names = json.dumps([[name, bad, status] for name, bad, status in imports])
    result = subprocess.run([sys.executable, __file__, "--child-check"], env=_env(data, database_url), input=names,
                            capture_output=True, text=True, check=True)
    return result.stdout.strip()


def child_check() -> None:
    import django

    django.setup()
    from zhaoshang.projects.models import Project

    imports = json.loads(sys.stdin.read())
    stored: dict[str, int] = {}
    for name in Project.objects.filter(name__startswith=IMPORT_PREFIX).values_list("name", flat=True):
        sheet = name.rsplit("-", 1)[0]
        stored[sheet] = stored.get(sheet, 0) + 1
    good = [n for n, bad, status in imports if not bad]
    bad = [n for n, is_bad, status in imports if is_bad]
    whole = sum(1 for n in good if stored.get(n) == 3)
    leaked = sum(stored.get(n, 0) for n in bad)
    print(f"imports: {len(good)} good sheets, {whole} stored whole; {len(bad)} bad sheets, "
          f"{sum(1 for n, b, s in imports if b and s == 400)} refused with 400, {leaked} of their rows stored")


def child_load(projects: int) -> None:
    import django

    django.setup()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from cockpit import load  # the cockpit benchmark's generated zone
    from django.db import connection

    began = time.perf_counter()
    load(projects)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"generated a zone of {projects:,} projects in {time.perf_counter() - began:.0f} s", flush=True)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, help="the server's worker processes (default: zhaoshang serve's)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: zhaoshang serve's)")
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--projects", type=int, default=10_000, help="projects of the generated zone (0: none)")
    parser.add_argument("--think", default="5,15", help="think time between a user's requests, min,max seconds")
    parser.add_argument("--ramp", type=float, help="seconds over which the users arrive, evenly (default: a fifth "
                                                   "of --seconds, at most 60)")
    parser.add_argument("--database-url", help="PostgreSQL URL of a database to drop and create; default SQLite")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database afterwards")
    parser.add_argument("--child-load", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-check", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_load:
        child_load(args.child_load)
        return 0
    if args.child_check:
        child_check()
        return 0
    think = tuple(float(x) for x in args.think.split(","))
    assert len(think) == 2
    ramp = min(60.0, args.seconds / 5) if args.ramp is None else args.ramp
    data = Path(tempfile.mkdtemp(prefix="zs-load-"))
    if args.database_url:
        postgres_fresh(args.database_url)
    began = time.perf_counter()
    prepare(data, args.database_url, args.projects)
    print(f"demo and {args.projects:,} generated projects loaded in {time.perf_counter() - began:.0f} s", flush=True)
    cpu_before = _children_cpu()
    server, base = start_server(data, args.database_url, args.threads, args.workers, load_demo=False)
    load_before = os.getloadavg()
    try:
        results, imports, client_cpu = run_load(base, args.users, args.seconds, (think[0], think[1]), args.clients,
                                                ramp)
    finally:
        load_after = os.getloadavg()
        server.terminate()
        server.wait(30)
    server_cpu = _children_cpu() - cpu_before - client_cpu
    engine = "PostgreSQL" if args.database_url else "SQLite"
    workers = args.workers or 2 * (os.cpu_count() or 1)
    errors, missed = report(results, args.seconds, args.users,
                            f"{engine}, zhaoshang serve --workers {workers} (gunicorn gthread), think {args.think} s",
                            ramp)
    print(_check_imports(data, args.database_url, imports))
    print(f"load average (1, 5, 15 min) before {' '.join(f'{x:.2f}' for x in load_before)}, "
          f"after {' '.join(f'{x:.2f}' for x in load_after)}; {os.cpu_count()} CPUs")
    print(f"CPU: server {server_cpu:.0f} s, clients {client_cpu:.0f} s over {args.seconds:.0f} s wall "
          f"({server_cpu / args.seconds:.2f} cores busy serving)")
    goal = "met" if not errors and not missed else "missed: " + "; ".join(
        ([f"{errors} errors"] if errors else []) + missed)
    print(f"goal (pages p95 < 1 s, 10,000-row export p95 < 3 s, 0 errors): {goal}")
    if args.database_url and not args.keep:
        postgres_fresh(args.database_url, drop_only=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
