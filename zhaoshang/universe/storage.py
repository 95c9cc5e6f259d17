"""Where the universe lives on disk and how a new one replaces the old atomically.

    <data>/universe/CURRENT              the name of the version that answers queries
    <data>/universe/v-…/firms/prov=33/…  hive-partitioned Parquet, sorted by industry code in each file
    <data>/universe/v-…/manifest.json    sources (label, file, export date, rows), counts, updated_at
    <data>/universe/rejected/…csv        rows --skip-invalid left out, with their reasons

An import writes a whole new version beside the current one and then replaces CURRENT with one rename,
so a query sees the old universe or the new one, never half of either; a failed import deletes its
unfinished version and CURRENT still names the old one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

POINTER = "CURRENT"
KEEP_OLD_VERSIONS = 1  # a query that opened the previous version a moment ago can still finish


def root(data_dir: Path | str | None = None) -> Path:
    if data_dir is None:
        from django.conf import settings

        data_dir = settings.DATA_DIR
    return Path(data_dir) / "universe"


@dataclass(frozen=True)
class Version:
    """One complete universe on disk."""

    path: Path

    @property
    def firms_glob(self) -> str:
        return str(self.path / "firms" / "*" / "*.parquet")

    @property
    def manifest(self) -> dict:
        return json.loads((self.path / "manifest.json").read_text(encoding="utf-8"))


def current(base: Path) -> Version | None:
    pointer = base / POINTER
    if not pointer.is_file():
        return None
    path = base / pointer.read_text(encoding="utf-8").strip()
    return Version(path) if (path / "manifest.json").is_file() else None


def new_version_dir(base: Path) -> Path:
    base.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")  # names sort in the order versions were made
    path = base / f"v-{stamp}-{secrets.token_hex(3)}"
    path.mkdir()
    return path


def publish(base: Path, path: Path, manifest: dict) -> Version:
    """Write the manifest last, then point CURRENT at the version in one atomic rename."""
    tmp = path / "manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path / "manifest.json")
    pointer_tmp = base / f"{POINTER}.{secrets.token_hex(3)}.tmp"
    pointer_tmp.write_text(path.name, encoding="utf-8")
    os.replace(pointer_tmp, base / POINTER)
    _prune(base, keep=path.name)
    return Version(path)


def discard(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def _prune(base: Path, keep: str) -> None:
    versions = sorted((p for p in base.glob("v-*") if p.is_dir() and p.name != keep), key=lambda p: p.name)
    for old in versions[: max(0, len(versions) - KEEP_OLD_VERSIONS)]:
        shutil.rmtree(old, ignore_errors=True)
    for stale in base.glob(f"{POINTER}.*.tmp"):
        stale.unlink(missing_ok=True)


def connect(threads: int | None = None, memory_limit: str = "768MB", temp_dir: Path | None = None):
    """A DuckDB connection sized for a shared two-core machine."""
    import duckdb

    config: dict[str, str | bool | int | float | list[str]] = {"memory_limit": memory_limit}
    if threads:
        config["threads"] = str(threads)
    con = duckdb.connect(config=config)
    con.execute("SET enable_progress_bar = false")
    if temp_dir is not None:
        con.execute("SET temp_directory = ?", [str(temp_dir)])
    return con


def firms_relation_sql(version: Version) -> str:
    """The FROM clause that reads a version's firms with its province partitions as a column."""
    glob = version.firms_glob.replace("'", "''")
    return f"read_parquet('{glob}', hive_partitioning = true, hive_types = {{'prov': VARCHAR}})"
