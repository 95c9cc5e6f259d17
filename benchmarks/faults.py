"""Fault scenarios against a real data folder with the demo loaded; prints what happened in each.

    python benchmarks/faults.py [--only restart|lock|import|disk]

1. The database locked past the busy timeout while the app serves: an edit answers 503 in Chinese with
   Retry-After; once the lock is gone the same edit succeeds, without restarting the app.
2. An import killed mid-way (SIGKILL during its write): no project of the file is stored; the retry imports
   every row.
3. The disk full while writing a backup (the file-size limit of the process, RLIMIT_FSIZE): a Chinese error
   and no backup file, half-written or otherwise.
4. PostgreSQL restarting under load. Not the machine's shared server: a throwaway cluster made with Debian's
   binaries (`/usr/lib/postgresql/15/bin/initdb`, `pg_ctl`, run as the `postgres` user when run as root) in a
   temporary folder on a free port. The app (`zhaoshang serve`, gunicorn workers) serves signed-in users
   reading pages and the API; the cluster is stopped (`pg_ctl stop -m fast`, which also ends the workers'
   open connections) for a while and started again. Every answer while it is down must be a 503 with the
   Chinese page (or the API's Chinese JSON) and Retry-After, none a 500, none slower than a few seconds;
   after the start the same app, not restarted, answers 200 again.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import Browser, _env, _free_port, start_server  # noqa: E402  # the load benchmark's server and browser

ROOT = Path(__file__).resolve().parents[1]


def _zhaoshang(env: dict, *arguments: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhaoshang", *arguments], env=env, capture_output=True, text=True,
                          **kwargs)


def _count(database: Path, sql: str) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchone()[0]


def locked_database() -> None:
    data = Path(tempfile.mkdtemp(prefix="zs-fault-lock-"))
    env_extra = {"ZHAOSHANG_SQLITE_BUSY_SECONDS": "1"}
    import os

    os.environ.update(env_extra)
    server, base = start_server(data, None, threads=4)
    try:
        browser = Browser(base)
        browser.sign_in("zhangwei")
        _, body, _ = browser.request("GET", "/api/projects?page_size=100")
        project = next(p for p in json.loads(body)["items"] if (p["owner"] or {}).get("username") == "zhangwei")

        def edit() -> tuple[int, dict, float]:
            _, _, headers = browser.request("GET", f"/api/projects/{project['id']}")
            started = time.monotonic()
            status, answer, headers = browser.request(
                "PATCH", f"/api/projects/{project['id']}", json.dumps({"description": "故障演练"}).encode(),
                {"Content-Type": "application/json", "If-Match": headers.get("ETag", ""),
                 "X-CSRFToken": browser.csrf()})
            return status, {**json.loads(answer or b"{}"), "retry_after": headers.get("Retry-After")}, \
                time.monotonic() - started

        holder = sqlite3.connect(data / "zhaoshang.sqlite3", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the database
        status, answer, seconds = edit()
        print(f"1. database locked: PATCH answered {status} after {seconds:.1f} s, Retry-After "
              f"{answer['retry_after']}, “{answer.get('detail', '')}”")
        holder.execute("ROLLBACK")
        holder.close()
        status, answer, seconds = edit()
        print(f"   lock released: the same PATCH answered {status} in {seconds * 1000:.0f} ms, no restart"
              + (f" ({answer.get('detail')})" if status != 200 else ""))
    finally:
        server.terminate()
        server.wait(10)
        for key in env_extra:
            os.environ.pop(key, None)


def killed_import(rows: int = 20_000) -> None:
    data = Path(tempfile.mkdtemp(prefix="zs-fault-import-"))
    env = _env(data, None)
    _zhaoshang(env, "demo", "--no-serve", check=True)
    database = data / "zhaoshang.sqlite3"
    sheet = data / "big.csv"
    lines = ["项目名称,投资方,总投资,阶段,来源城市"] + [f"故障演练项目{n},演练投资集团{n % 300},{1 + n % 9}亿,线索,上海"
                                                   for n in range(rows)]
    sheet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = _count(database, "SELECT count(*) FROM projects_project")
    process = subprocess.Popen([sys.executable, "-m", "zhaoshang", "import", "projects", str(sheet)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Kill it once it holds the write lock (its transaction has begun writing), or after 60 s at the latest.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            probe = sqlite3.connect(database, timeout=0)
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            probe.close()
        except sqlite3.OperationalError:  # locked: the import is writing
            break
        time.sleep(0.05)
    killed_while_writing = process.poll() is None
    process.send_signal(signal.SIGKILL)
    process.wait()
    after = _count(database, "SELECT count(*) FROM projects_project")
    half = _count(database, "SELECT count(*) FROM projects_project WHERE name LIKE '故障演练项目%'")
    print(f"2. import of {rows:,} rows killed {'while writing' if killed_while_writing else 'after it ended'}: "
          f"projects {before} → {after}, rows of the file stored: {half}")
    started = time.monotonic()
    retry = _zhaoshang(env, "import", "projects", str(sheet))
    stored = _count(database, "SELECT count(*) FROM projects_project WHERE name LIKE '故障演练项目%'")
    print(f"   retry exited {retry.returncode} in {time.monotonic() - started:.1f} s: {stored:,} rows stored")


def _small_files() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, 256 * 1024))


def full_disk() -> None:
    data = Path(tempfile.mkdtemp(prefix="zs-fault-disk-"))
    env = _env(data, None)
    _zhaoshang(env, "demo", "--no-serve", check=True)
    out = Path(tempfile.mkdtemp(prefix="zs-fault-backups-"))
    result = subprocess.run([sys.executable, "-m", "zhaoshang", "backup", "-o", str(out / "b.zsbackup")], env=env,
                            capture_output=True, text=True, preexec_fn=_small_files)  # noqa: PLW1509
    print(f"3. backup with room for 256 KB: exit {result.returncode}, “{result.stderr.strip()}”, "
          f"files left in the folder: {[p.name for p in out.iterdir()]}")
    result = _zhaoshang(env, "backup", "-o", str(out / "b.zsbackup"))
    print(f"   with room again: {result.stdout.strip()}")


PG_BIN = Path("/usr/lib/postgresql/15/bin")


class ThrowawayCluster:
    """A PostgreSQL cluster of its own in a temporary folder, on a free port; as `postgres` when we are root
    (initdb refuses to run as root)."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="zs-fault-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        full = ["runuser", "-u", "postgres", "--", *command] if self.as_root else list(command)
        return subprocess.run(full, capture_output=True, text=True, check=True)

    def init(self) -> None:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
                  "-E", "UTF8", "--locale", "C.UTF-8")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w",
                  "start")

    def stop(self) -> None:
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def database_restart(users: int = 8, before: float = 10, down: float = 12, after: float = 15) -> bool:
    if not (PG_BIN / "initdb").exists():
        print(f"4. database restart: skipped, no {PG_BIN / 'initdb'} (Debian's postgresql-15)")
        return True
    import psycopg

    cluster = ThrowawayCluster()
    cluster.init()
    cluster.start()
    data = Path(tempfile.mkdtemp(prefix="zs-fault-restart-"))
    url = cluster.url("zhaoshang")
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute("CREATE DATABASE zhaoshang")
    server, base = start_server(data, url, workers=2, threads=4)
    records: list[tuple[float, str, int, float, bool]] = []  # when, path, status, seconds, Chinese 503 page
    lock = threading.Lock()
    paths = ["/projects/", "/api/projects?page_size=20", "/organizations/"]
    browsers = []
    for n in range(users):  # all signed in before the clock starts
        browsers.append(Browser(base, timeout=30))
        browsers[-1].sign_in(["zhangwei", "leader", "analyst"][n % 3])
    stop_at = time.monotonic() + before + down + after

    def user(n: int) -> None:
        browser = browsers[n]
        while time.monotonic() < stop_at:
            path = paths[n % len(paths)]
            started = time.monotonic()
            status, body, headers = browser.request("GET", path)
            text = body.decode("utf-8", "replace")
            chinese = status == 503 and "系统暂时连不上数据库" in text and bool(headers.get("Retry-After"))
            with lock:
                records.append((started, path, status, time.monotonic() - started, chinese))
            time.sleep(0.2)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    try:
        for thread in threads:
            thread.start()
        time.sleep(before)
        stopped_at = time.monotonic()
        cluster.stop()
        time.sleep(down)
        restart_at = time.monotonic()
        cluster.start()
        started_at = time.monotonic()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait(30)
        cluster.remove()

    def phase(start: float, end: float) -> list:
        return [r for r in records if start <= r[0] < end]

    ok = True
    for label, rows in (("before the stop", [r for r in records if r[0] + r[3] < stopped_at]),
                        ("while down", phase(stopped_at + 0.5, restart_at)),
                        ("after the start", phase(started_at, stop_at))):
        counts = Counter(r[2] for r in rows)
        slowest = max((r[3] for r in rows), default=0)
        pages = sum(1 for r in rows if r[4])
        print(f"   {label:16} {len(rows):4} requests: " + ", ".join(f"{s}×{c}" for s, c in sorted(counts.items()))
              + f"; slowest {slowest:.1f} s" + (f"; Chinese 503 with Retry-After: {pages}" if label == "while down"
                                                else ""))
        if label == "while down":
            ok &= counts.get(500, 0) == 0 and pages == len(rows) and slowest < 5
        elif label == "after the start":
            first_ok = min((r[0] for r in rows if r[2] == 200), default=None)
            last = [r for r in rows if r[0] >= started_at + 2]
            recovered = bool(last) and all(r[2] == 200 for r in last)
            first = f"{first_ok - started_at:.1f} s after the start" if first_ok else "never"
            print(f"   first 200: {first}; from 2 s after the start on: "
                  f"{'all 200' if recovered else dict(Counter(r[2] for r in last))}")
            ok &= recovered
        else:
            ok &= set(counts) == {200}
    transition = [r for r in records if r[0] < stopped_at <= r[0] + r[3]] + phase(stopped_at, stopped_at + 0.5) \
        + phase(restart_at, started_at)
    print(f"   in the moments of stopping and starting: {dict(Counter(r[2] for r in transition))}")
    print(f"4. database restart mid-load ({users} users, down {down:.0f} s): "
          f"{'503 in Chinese while down, no 500, recovered without restarting the app' if ok else 'FAILED'}")
    return ok


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["lock", "import", "disk", "restart"])
    choice = parser.parse_args().only
    if choice in (None, "lock"):
        locked_database()
    if choice in (None, "import"):
        killed_import()
    if choice in (None, "disk"):
        full_disk()
    if choice in (None, "restart"):
        sys.exit(0 if database_restart() else 1)
