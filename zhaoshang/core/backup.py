"""Backup and restore: the database and the data folder's files in one zip, checked before anything is touched.

A backup holds `manifest.json` (format, engine, when, every table's row count and checksum, every file's
SHA-256), the database (SQLite through its online backup API, so it is consistent while the app runs;
PostgreSQL through pg_dump's custom format) and the files under the data folder (uploads, the enterprise
universe, mail…; not the collected static files, the secret key or the database file itself).

A restore first checks the whole archive — zip CRCs, the manifest, every member's checksum, the engine, the
database file's own integrity — and refuses a wrong or corrupt file in Chinese with the current data
untouched. Only then does it replace the database in one transaction (SQLite's backup API writes the
destination in one step; pg_restore runs with --single-transaction) and swap the files in by renaming.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from zhaoshang.core.errors import UserError

FORMAT = "zhaoshang-backup/1"
MANIFEST = "manifest.json"
FILES_PREFIX = "files/"
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Left out of a backup: rebuilt (static, the workers' shared cache), secret (the key: a restored site makes or
# is given its own), or the database itself (taken through the engine instead). Top-level names in the data folder.
EXCLUDED = {"static", "cache", "secret_key", "backups"}


class BackupRefused(UserError):
    """A backup that cannot be written or a file that cannot be restored; nothing was changed."""


@dataclass
class BackupSummary:
    path: Path
    tables: int
    rows: int
    files: int
    bytes: int


# What is in the database --------------------------------------------------------------------------------

def table_checksums() -> dict[str, dict]:
    """Every table's row count and a checksum of its rows (sorted, so row order does not matter)."""
    result = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608  # names from introspection
            rows = sorted(repr(tuple(row)) for row in cursor.fetchall())
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            result[table] = {"rows": len(rows), "sha256": digest}
    return result


def _engine() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def _database_name() -> str:
    return str(connection.settings_dict["NAME"])


def _data_files() -> list[Path]:
    root = Path(settings.DATA_DIR)
    if not root.exists():
        return []
    database = Path(_database_name()).name if _engine() == "sqlite" else None
    found = []
    for path in sorted(root.rglob("*")):
        top = path.relative_to(root).parts[0]
        if top in EXCLUDED or top.startswith(".restore") or (database and top.startswith(database)):
            continue
        if path.is_file() and not path.name.endswith(".zsbackup") and not path.name.startswith(".zsbackup"):
            found.append(path)
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


# Writing a backup ---------------------------------------------------------------------------------------

def _dump_database(target: Path) -> None:
    if _engine() == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return
    _pg("pg_dump", "--format=custom", "--no-owner", f"--file={target}")


def _pg(tool: str, *arguments: str) -> subprocess.CompletedProcess:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    command = [tool, *arguments, f"--dbname={db['NAME']}", f"--host={db.get('HOST') or 'localhost'}",
               f"--port={db.get('PORT') or 5432}", f"--username={db.get('USER') or 'postgres'}"]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError:
        raise BackupRefused(f"找不到 {tool}：PostgreSQL 的备份与恢复需要安装 postgresql-client") from None
    if done.returncode != 0:
        raise BackupRefused(f"{tool} 失败：{done.stderr.strip()[:500]}")
    return done


def backup_create(*, output: Path | str) -> BackupSummary:
    """Write a backup to `output`, through a temporary file beside it, so a full disk leaves no half file."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".zsbackup-", dir=output.parent)
    os.close(handle)
    try:
        summary = _write(Path(temporary), output)
        os.replace(temporary, output)
    except (OSError, sqlite3.DatabaseError) as exc:  # SQLite reports a full disk as "disk I/O error"
        Path(temporary).unlink(missing_ok=True)
        full = isinstance(exc, sqlite3.DatabaseError) or exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
        reason = f"磁盘空间不足或无法写入：{exc}" if full else str(exc)
        raise BackupRefused(f"备份未写成（{reason}）；没有留下不完整的文件，请腾出空间后重试") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return summary


def _write(temporary: Path, output: Path) -> BackupSummary:
    engine = _engine()
    # The work folder is beside the output, so a full disk there is met (and reported) before anything is kept.
    with tempfile.TemporaryDirectory(prefix=".zsbackup-work-", dir=output.parent) as work:
        dump = Path(work) / DB_MEMBER[engine]
        _dump_database(dump)
        tables = table_checksums()
        root = Path(settings.DATA_DIR)
        files = {str(p.relative_to(root)): _sha256(p) for p in _data_files()}
        manifest = {"format": FORMAT, "engine": engine, "created_at": dt.datetime.now(dt.UTC).isoformat(),
                    "database": {"member": dump.name, "sha256": _sha256(dump)}, "tables": tables, "files": files}
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.write(dump, dump.name)
            for name in files:
                archive.write(root / name, FILES_PREFIX + name)
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return BackupSummary(output, len(tables), sum(t["rows"] for t in tables.values()), len(files),
                         temporary.stat().st_size)


# Restoring ------------------------------------------------------------------------------------------------

def _refuse(path: Path, reason: str) -> BackupRefused:
    return BackupRefused(f"{path.name} 不能恢复：{reason}；当前数据未做任何改动")


def _manifest(archive: zipfile.ZipFile, path: Path) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise _refuse(path, "不是招商系统的备份文件（缺少 manifest.json）") from None
    except (ValueError, zipfile.BadZipFile, OSError):
        raise _refuse(path, "备份清单已损坏") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(path, "不是本版本招商系统的备份文件")
    return manifest


def _verify(archive: zipfile.ZipFile, manifest: dict, path: Path, work: Path) -> tuple[Path, Path]:
    """Extract into `work` and check every member against the manifest; (database file, files folder)."""
    engine = _engine()
    if manifest.get("engine") != engine:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        source = str(manifest.get("engine"))
        raise _refuse(path, f"备份来自 {names.get(source, source)} 数据库，"
                            f"当前为 {names[engine]}")
    expected = {manifest["database"]["member"]: manifest["database"]["sha256"],
                **{FILES_PREFIX + name: digest for name, digest in manifest["files"].items()}}
    for member, digest in expected.items():
        target = (work / member).resolve()
        if not str(target).startswith(str(work.resolve())) or ".." in Path(member).parts:
            raise _refuse(path, f"备份中的路径 {member} 不安全")
        try:
            archive.extract(member, work)
        except KeyError:
            raise _refuse(path, f"备份缺少 {member}") from None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise _refuse(path, f"{member} 已损坏") from None
        if _sha256(target) != digest:
            raise _refuse(path, f"{member} 的校验值不符（文件已损坏或被改动）")
    database = work / manifest["database"]["member"]
    if engine == "sqlite":
        try:
            check = sqlite3.connect(database)
            ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            check.close()
        except sqlite3.DatabaseError:
            ok = False
        if not ok:
            raise _refuse(path, "其中的数据库文件已损坏")
    else:
        _pg_list(database, path)
    return database, work / FILES_PREFIX.rstrip("/")


def _pg_list(database: Path, path: Path) -> None:
    done = subprocess.run(["pg_restore", "--list", str(database)], capture_output=True, check=False)  # noqa: S603,S607
    if done.returncode != 0:
        raise _refuse(path, "其中的 PostgreSQL 转储已损坏")


def backup_restore(*, path: Path | str) -> dict:
    """Replace the database and the data folder's files with the backup's, after checking all of it."""
    path = Path(path)
    if not path.is_file():
        raise BackupRefused(f"找不到备份文件 {path}")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(path, "不是有效的备份文件（不是 zip，或已损坏）") from None
    with archive, tempfile.TemporaryDirectory(prefix=".restore-work-", dir=_staging_parent()) as work:
        if archive.testzip() is not None:
            raise _refuse(path, "压缩包校验失败（文件已损坏）")
        manifest = _manifest(archive, path)
        database, files = _verify(archive, manifest, path, Path(work))
        _restore_database(database)
        _swap_files(files)
    cache.clear()  # figures, badges and counters computed from the records that were there before
    return manifest


def _staging_parent() -> Path:
    # Beside the data folder's files, so swapping them in is a rename on the same file system.
    root = Path(settings.DATA_DIR)
    root.mkdir(parents=True, exist_ok=True)
    return root


def _restore_database(database: Path) -> None:
    if _engine() == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(database)
        try:
            source.backup(connection.connection)  # one step: the destination is replaced in one transaction
        finally:
            source.close()
        return
    _pg("pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner", str(database))


def _swap_files(staged: Path) -> None:
    """Move the backup's top-level folders and files into the data folder, the current ones aside first."""
    root = Path(settings.DATA_DIR)
    aside = root / f".restore-old-{dt.datetime.now():%Y%m%d%H%M%S%f}"
    aside.mkdir()
    database = Path(_database_name()).name if _engine() == "sqlite" else None
    for current in root.iterdir():
        name = current.name
        if name in EXCLUDED or name.startswith(".restore") or name.startswith(".zsbackup") or \
                (database and name.startswith(database)) or name.endswith(".zsbackup") or \
                str(staged).startswith(str(current)):
            continue
        current.rename(aside / name)
    if staged.exists():
        for item in staged.iterdir():
            item.rename(root / item.name)
    shutil.rmtree(aside, ignore_errors=True)
