"""Load: simulated officers against the app served by its production server (`zhaoshang serve`, waitress),
on a fresh data folder with the demo loaded; prints requests, errors and p50/p95/max per kind of request.

    python benchmarks/load.py [--users 20] [--seconds 60] [--database-url postgres://…] [--threads 8]

Each user signs in through the page (CSRF and session, as a browser does) and loops over the cockpit, the
project list, a project page, a drill-down, the API list, an API edit with If-Match (a 412 from a colleague's
edit is a correct answer, counted apart) and the Excel export. Plain threads and the standard library: no
load-testing package to install.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Zhaoshang@2020"  # noqa: S105  # the demo's published password
USERS = ["zhangwei", "leader"]  # demo accounts: an officer (reads and edits), a leader (reads)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(data: Path, database_url: str | None) -> dict:
    env = {**os.environ, "ZHAOSHANG_DATA_DIR": str(data), "PYTHONPATH": str(ROOT),
           "ZHAOSHANG_LOGIN_ADDRESS_LIMIT": "100000"}
    if database_url:
        env["ZHAOSHANG_DATABASE_URL"] = database_url
    return env


def start_server(data: Path, database_url: str | None, threads: int) -> tuple[subprocess.Popen, str]:
    env = _env(data, database_url)
    subprocess.run([sys.executable, "-m", "zhaoshang", "demo", "--no-serve"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "zhaoshang", "serve", "--addr", f"127.0.0.1:{port}",
                               "--threads", str(threads)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=2)  # noqa: S310  # our own http URL
            return server, base
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not start")


class Browser:
    """One user's cookie jar and CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        req = urllib.request.Request(self.base + path, data=body, method=method,  # noqa: S310  # our http URL
                                     headers=headers or {})
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read(), response.headers  # case-insensitive
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), exc.headers

    def sign_in(self, username: str) -> None:
        self.request("GET", "/accounts/login/")
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                       "csrfmiddlewaretoken": self.csrf()}).encode()
        status, _, _ = self.request("POST", "/accounts/login/", form, {
            "Content-Type": "application/x-www-form-urlencoded", "Referer": self.base + "/accounts/login/"})
        if status >= 400:
            raise RuntimeError(f"sign-in of {username} answered {status}")


def user_loop(base: str, username: str, until: float, results: dict, lock: threading.Lock):
    browser = Browser(base)
    browser.sign_in(username)
    _, body, _ = browser.request("GET", "/api/projects?page_size=100")
    project_ids = [p["id"] for p in json.loads(body)["items"]]
    editable = [p["id"] for p in json.loads(body)["items"] if p["owner"] and p["owner"]["username"] == username]
    steps = [("cockpit", "GET", "/?year=2020"), ("project list", "GET", "/projects/"),
             ("drill-down", "GET", "/kpis/signed_investment_total_cny/?year=2020"),
             ("api list", "GET", "/api/projects?page_size=50")]
    while time.monotonic() < until:
        for kind, method, path in [*steps, ("project page", "GET", f"/projects/{random.choice(project_ids)}/"),
                                   *([("api edit", "PATCH", "")] if editable else []),
                                   ("export", "GET", "/projects/export/")]:
            started = time.monotonic()
            if kind == "api edit":
                status = _edit(browser, random.choice(editable))
            else:
                status, _, _ = browser.request(method, path)
            elapsed = time.monotonic() - started
            with lock:
                results[kind].append((elapsed, status))
            if time.monotonic() >= until:
                return


def _edit(browser: Browser, project_id: int) -> int:
    status, body, headers = browser.request("GET", f"/api/projects/{project_id}")
    if status != 200:
        return status
    payload = json.dumps({"description": f"压测 {time.time():.3f}"}).encode()
    status, _, _ = browser.request("PATCH", f"/api/projects/{project_id}", payload, {
        "Content-Type": "application/json", "If-Match": headers.get("ETag", ""), "X-CSRFToken": browser.csrf(),
        "Referer": browser.base + "/"})
    return status


def report(results: dict, seconds: float, users: int, label: str) -> int:
    print(f"\n{label}: {users} users for {seconds:.0f} s")
    print(f"{'request':14} {'n':>6} {'errors':>6} {'412':>5} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    errors_total = total = 0
    for kind, rows in results.items():
        times = sorted(t for t, _ in rows)
        errors = sum(1 for _, s in rows if s >= 400 and s != 412)
        stale = sum(1 for _, s in rows if s == 412)
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(f"{kind:14} {len(rows):6} {errors:6} {stale:5} {statistics.median(times) * 1000:8.0f} "
              f"{p95 * 1000:8.0f} {times[-1] * 1000:8.0f}")
        errors_total += errors
        total += len(rows)
    print(f"total {total} requests, {total / seconds:.1f}/s, {errors_total} errors")
    return errors_total


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--threads", type=int, default=8, help="the server's worker threads")
    parser.add_argument("--database-url", help="PostgreSQL URL (an empty database); default SQLite")
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="zs-load-"))
    server, base = start_server(data, args.database_url, args.threads)
    try:
        results: dict[str, list] = defaultdict(list)
        lock = threading.Lock()
        until = time.monotonic() + args.seconds
        threads = [threading.Thread(target=user_loop, args=(base, USERS[n % 2], until, results, lock))
                   for n in range(args.users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        engine = "PostgreSQL" if args.database_url else "SQLite"
        return 1 if report(results, args.seconds, args.users, f"{engine}, waitress {args.threads} threads") else 0
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    sys.exit(main())
