"""Fault scenarios against a real data folder with the demo loaded; prints what happened in each.

    python benchmarks/faults.py

1. The database locked past the busy timeout while the app serves: an edit answers 503 in Chinese with
   Retry-After; once the lock is gone the same edit succeeds, without restarting the app.
2. An import killed mid-way (SIGKILL during its write): no project of the file is stored; the retry imports
   every row.
3. The disk full while writing a backup (the file-size limit of the process, RLIMIT_FSIZE): a Chinese error
   and no backup file, half-written or otherwise.
"""

from __future__ import annotations

import json
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import Browser, _env, start_server  # noqa: E402  # the load benchmark's server and browser

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
    server, base = start_server(data, None, 4)
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


if __name__ == "__main__":
    locked_database()
    killed_import()
    full_disk()
