"""`universe_import`: registry exports (CSV, XLSX, Parquet; files or folders) into a new universe version.

Each file's header row is found and mapped by the shared import core (`core.imports`: the same header
detection and alias rules as every other import); the body is then streamed in Arrow batches, normalised
column-wise (`normalise.Normaliser`) and staged as Parquet, so memory stays flat however long the file.
Staged rows are merged with the current universe in DuckDB (by credit code, then by normalised name; the
later row wins), sorted by province and industry code, and published as a new version in one rename.
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from zhaoshang.core.imports import FileRefused, Limits, Problem
from zhaoshang.core.imports.base import is_blank
from zhaoshang.core.imports.cells import text as cell_text
from zhaoshang.core.imports.headers import Columns, find_header, map_headers
from zhaoshang.core.imports.readers import opened
from zhaoshang.universe import storage
from zhaoshang.universe.normalise import Normaliser
from zhaoshang.universe.schema import FIELDS

EXTENSIONS = (".csv", ".xlsx", ".parquet")
BATCH_ROWS = 100_000
# Small enough that a segment's industry-code range reads little more than its own rows (64k-row groups
# read about twice as much on the 5M benchmark), large enough to keep a province's file compact.
ROW_GROUP = 16_384
MAX_PROBLEMS_LISTED = 200
# Universe exports run to millions of rows and gigabytes; the readers' other checks (zip bombs) still apply.
LIMITS = Limits(max_bytes=64 * 2**30, max_rows=100_000_000, max_uncompressed_bytes=8 * 2**30,
                max_compression_ratio=100, max_part_bytes=2 * 2**30)
_DATE_IN_NAME = re.compile(r"(20\d{2})[-_.年]?(\d{2})[-_.月]?(\d{2})")


@dataclass
class UniverseImportResult:
    """What an import did, or why it did nothing."""

    ok: bool
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    rows_read: int = 0
    rows_imported: int = 0
    rows_rejected: int = 0
    merged: int = 0
    firms: int = 0
    rejected_file: Path | None = None
    version: str = ""

    @property
    def summary(self) -> str:
        parts = [f"读取 {self.rows_read:,} 行，导入 {self.rows_imported:,} 行"]
        if self.merged:
            parts.append(f"合并重复 {self.merged:,} 家")
        if self.rows_rejected:
            parts.append(f"跳过有问题的 {self.rows_rejected:,} 行（见 {self.rejected_file}）")
        return "，".join(parts) + f"；企业库现有 {self.firms:,} 家企业"


def source_files(paths: Iterable[Path | str]) -> list[Path]:
    """The files named, and the export files inside folders named (sorted); refuses a missing path."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in EXTENSIONS and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise FileRefused(f"{raw}: 文件或文件夹不存在")
    if not found:
        raise FileRefused("没有可导入的文件（.csv、.xlsx 或 .parquet）")
    return found


def export_date(path: Path) -> str:
    """The export date a file name carries (企查查导出-20250102.xlsx), else the file's modification date."""
    match = _DATE_IN_NAME.search(path.stem)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            pass
    return dt.date.fromtimestamp(path.stat().st_mtime).isoformat()


@contextmanager
def _locked(base: Path) -> Iterator[None]:
    base.mkdir(parents=True, exist_ok=True)
    with open(base / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FileRefused("另一个企业库导入正在进行，请等它完成后再试") from None
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def universe_import(*, paths: Iterable[Path | str], data_dir: Path | str | None = None, replace: bool = False,
                    skip_invalid: bool = False, source: str = "", keywords: Iterable[str] = (),
                    rates: dict[str, Decimal] | None = None, threads: int | None = None) -> UniverseImportResult:
    """Import every file, or nothing: a problem in any row refuses the lot unless `skip_invalid`."""
    files = source_files(paths)
    base = storage.root(data_dir)
    with _locked(base):
        return _import(files, base, replace=replace, skip_invalid=skip_invalid, source=source,
                       keywords=list(keywords), rates=rates or {}, threads=threads)


def _import(files, base, *, replace, skip_invalid, source, keywords, rates, threads) -> UniverseImportResult:
    old = storage.current(base)
    old_manifest = old.manifest if old else {}
    all_keywords = sorted(set(keywords) | set(old_manifest.get("keywords", [])))
    version_dir = storage.new_version_dir(base)
    result = UniverseImportResult(ok=False, version=version_dir.name)
    try:
        stage = _Stage(version_dir / "staging", next_seq=int(old_manifest.get("next_seq", 0)))
        normaliser = Normaliser(keywords=all_keywords, rates=rates, source=source)
        sources = []
        rejects = _Rejects(base, skip_invalid)
        for path in files:
            rows_before = stage.rows
            _read_file(path, normaliser, stage, rejects, result, write=skip_invalid or not result.problem_count)
            sources.append({"label": source or path.stem, "file": path.name, "export_date": export_date(path),
                            "rows": stage.rows - rows_before})
        stage.close()
        rejects.close()
        result.rows_imported = stage.rows
        result.rows_rejected = rejects.rows
        result.rejected_file = rejects.path
        if result.problem_count and not skip_invalid:
            storage.discard(version_dir)
            return result
        previous = None if replace or old is None else old
        counts = _merge_and_write(version_dir, previous, threads=threads)
        kept_sources = [] if replace else old_manifest.get("sources", [])
        manifest = {
            "version": version_dir.name,
            "updated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "firms": counts["firms"],
            "sources": kept_sources + sources,
            "keywords": all_keywords,
            "by_province": counts["by_province"],
            "by_status": counts["by_status"],
            "next_seq": stage.next_seq,
        }
        result.merged = counts["rows_in"] - counts["firms"]
        result.firms = counts["firms"]
        storage.publish(base, version_dir, manifest)
        result.ok = True
        return result
    except BaseException:
        storage.discard(version_dir)
        raise


def _read_file(path: Path, normaliser: Normaliser, stage: _Stage, rejects: _Rejects,
               result: UniverseImportResult, *, write: bool) -> None:
    label = str(path)

    def problem(row, column, reason):
        result.problem_count += 1
        if len(result.problems) < MAX_PROBLEMS_LISTED:
            result.problems.append(Problem(label, row, column, reason))

    try:
        columns, batches = _open(path)
        for cells, rows in batches:
            result.rows_read += len(rows)
            out = normaliser.batch(cells, rows, columns.header)
            for row, column, reason in sorted(out.problems):
                problem(row, column, reason)
            rejects.add(label, cells, rows, out, columns)
            if write and (rejects.enabled or not result.problem_count):
                stage.add(out.table)
            write = write and (rejects.enabled or not result.problem_count)
    except FileRefused as exc:
        problem(exc.row, exc.column, exc.reason)


def _open(path: Path) -> tuple[Columns, Iterator[tuple[pa.Table, np.ndarray]]]:
    ext = path.suffix.lower()
    if ext == ".parquet":
        return _open_parquet(path)
    if ext == ".csv":
        return _open_csv(path)
    return _open_rows(path)


def _mapped(number: int, cells: list) -> Columns:
    columns, problems = map_headers(FIELDS, number, cells)
    if problems:
        row, column, reason = problems[0]
        raise FileRefused(reason, row=row, column=column)
    return columns


def _header(path: Path) -> tuple[int, list]:
    with opened(path, path.name, LIMITS) as rows:
        return find_header(FIELDS, rows)


def _open_csv(path: Path):
    import pyarrow.csv as pcsv

    from zhaoshang.core.imports.csv_reader import _delimiter

    number, header = _header(path)
    columns = _mapped(number, header)
    encoding = _sniff_encoding(path)
    with open(path, "rb") as fh:
        first = fh.readline().decode(encoding, errors="replace")
    names = [f"c{i}" for i in range(len(header))]
    wanted = {names[i]: name for name, i in columns.index.items()}

    def batches():
        reader = pcsv.open_csv(
            path,
            read_options=pcsv.ReadOptions(skip_rows=number, column_names=names, block_size=8 << 20,
                                          encoding=encoding),
            parse_options=pcsv.ParseOptions(delimiter=_delimiter(first), newlines_in_values=True),
            convert_options=pcsv.ConvertOptions(include_columns=list(wanted),
                                                column_types={n: pa.string() for n in wanted}))
        offset = number + 1
        try:
            for batch in reader:
                table = pa.Table.from_batches([batch]).rename_columns([wanted[n] for n in batch.schema.names])
                yield table, np.arange(offset, offset + table.num_rows)
                offset += table.num_rows
        except pa.ArrowInvalid as exc:
            raise FileRefused(f"CSV 格式错误：{exc}", row=offset) from None

    return columns, batches()


def _sniff_encoding(path: Path) -> str:
    """UTF-8 (Arrow checks every byte of it as it reads) or GB18030, judged on the first megabyte: reading a
    gigabyte twice to be sure would cost more than the import."""
    with open(path, "rb") as fh:
        head = fh.read(1 << 20)
    try:
        head.decode("utf-8")
        return "utf8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a character cut at the end of the sample
            return "utf8"
        return "gb18030"


def _open_parquet(path: Path):
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError):
        raise FileRefused("不是有效的 Parquet 文件") from None
    header = parquet.schema_arrow.names
    columns = _mapped(1, header)
    wanted = {header[i]: name for name, i in columns.index.items()}

    def batches():
        offset = 2
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=list(wanted)):
            table = pa.Table.from_batches([batch])
            table = pa.table({wanted[n]: _as_text(table.column(n)) for n in table.column_names})
            yield table, np.arange(offset, offset + table.num_rows)
            offset += table.num_rows

    return columns, batches()


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return column.cast(pa.string())
    if pa.types.is_date(column.type) or pa.types.is_timestamp(column.type):
        return column.cast(pa.date32()).cast(pa.string())
    return column.cast(pa.string())


def _open_rows(path: Path):
    """XLSX (and anything the core readers know) row by row, gathered into Arrow batches."""
    context = opened(path, path.name, LIMITS)
    rows = context.__enter__()
    try:
        number, header = find_header(FIELDS, rows)
        columns = _mapped(number, header)
    except BaseException:
        context.__exit__(None, None, None)
        raise

    def batches() -> Iterator[tuple[pa.Table, np.ndarray]]:
        try:
            names = list(columns.index)
            buffer: dict[str, list] = {n: [] for n in names}
            numbers: list[int] = []
            for row_number, cells in rows:
                if is_blank(cells):
                    continue
                numbers.append(row_number)
                for name in names:
                    i = columns.index[name]
                    buffer[name].append(cell_text(cells[i]) if i < len(cells) else "")
                if len(numbers) >= BATCH_ROWS // 5:
                    yield pa.table({n: pa.array(buffer[n], pa.string()) for n in names}), np.array(numbers)
                    buffer, numbers = {n: [] for n in names}, []
            if numbers:
                yield pa.table({n: pa.array(buffer[n], pa.string()) for n in names}), np.array(numbers)
        finally:
            context.__exit__(None, None, None)

    return columns, batches()


class _Stage:
    """Valid rows, staged as Parquet files for the merge."""

    def __init__(self, path: Path, next_seq: int) -> None:
        self.path, self.next_seq, self.rows = path, next_seq, 0
        path.mkdir(parents=True, exist_ok=True)
        self.writer: pq.ParquetWriter | None = None

    def add(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        seq = pa.array(np.arange(self.next_seq, self.next_seq + table.num_rows, dtype=np.int64))
        table = table.append_column("seq", seq)
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path / "rows.parquet", table.schema, compression="lz4")
        self.writer.write_table(table)
        self.next_seq += table.num_rows
        self.rows += table.num_rows

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


class _Rejects:
    """With --skip-invalid: the rows left out, as the file wrote them, with the reasons, in one CSV."""

    def __init__(self, base: Path, enabled: bool) -> None:
        self.enabled, self.rows = enabled, 0
        self.path: Path | None = None
        self._writer: Any = None
        self._fh: Any = None
        self._base = base

    def add(self, label: str, cells: pa.Table, rows: np.ndarray, out, columns: Columns) -> None:
        if not self.enabled or not out.rejected:
            return
        if self._writer is None:
            folder = self._base / "rejected"
            folder.mkdir(parents=True, exist_ok=True)
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
            self.path = folder / f"rejected-{stamp}.csv"
            self._fh = open(self.path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 — closed by close()
            self._writer = csv.writer(self._fh)
            self._writer.writerow(["文件", "行", "列", "原因", *[f.label for f in FIELDS]])
        reasons: dict[int, list[tuple[str, str]]] = {}
        for row, column, reason in out.problems:
            reasons.setdefault(row, []).append((column, reason))
        data: dict[str, list] = {name: cells.column(name).to_pylist() if name in cells.column_names else []
                                 for name in FIELDS.by_name}
        for i in sorted(set(out.rejected)):
            row = int(rows[i])
            values = [data[n][i] if data[n] else "" for n in FIELDS.by_name]
            for column, reason in reasons.get(row, [("", "")]):
                self._writer.writerow([label, row, column, reason, *values])
            self.rows += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def _merge_and_write(version_dir: Path, previous: storage.Version | None, *, threads: int | None) -> dict:
    con = storage.connect(threads=threads, temp_dir=version_dir / "tmp")
    staged = version_dir / "staging" / "rows.parquet"
    parts = []
    if staged.exists():
        parts.append(f"SELECT * FROM read_parquet('{_q(staged)}')")  # noqa: S608 — paths we made, quoted by _q
    if previous is not None:
        parts.append(f"SELECT * FROM {storage.firms_relation_sql(previous)}")  # noqa: S608 — paths we made, quoted by _q
    firms = version_dir / "firms"
    firms.mkdir()
    if not parts:
        return {"firms": 0, "rows_in": 0, "by_province": {}, "by_status": {}}
    union = " UNION ALL BY NAME ".join(parts)
    con.execute(f"CREATE TEMP VIEW incoming AS {union}")
    rows_in = con.execute("SELECT count(*) FROM incoming").fetchone()[0]
    # The rows a merge drops (an older row of the same credit code; a row without a code whose normalised
    # name a coded row or a later row has), found on the key columns alone: duplicates are few.
    con.execute("""
        CREATE TEMP TABLE dropped AS
        WITH dup_codes AS (SELECT credit_code FROM incoming WHERE credit_code IS NOT NULL
                           GROUP BY 1 HAVING count(*) > 1),
             coded_names AS (SELECT DISTINCT name_norm FROM incoming WHERE credit_code IS NOT NULL),
             uncoded AS (SELECT name_norm, seq FROM incoming WHERE credit_code IS NULL)
        SELECT seq FROM (SELECT i.seq, row_number() OVER (PARTITION BY i.credit_code ORDER BY i.seq DESC) AS r
                         FROM incoming i JOIN dup_codes USING (credit_code)) WHERE r > 1
        UNION ALL
        SELECT seq FROM uncoded WHERE name_norm IN (SELECT name_norm FROM coded_names)
        UNION ALL
        SELECT seq FROM (SELECT seq, row_number() OVER (PARTITION BY name_norm ORDER BY seq DESC) AS r
                         FROM uncoded WHERE name_norm NOT IN (SELECT name_norm FROM coded_names)) WHERE r > 1""")
    reader = con.sql("""SELECT * FROM incoming WHERE seq NOT IN (SELECT seq FROM dropped)
                            ORDER BY prov, industry_code NULLS LAST""").to_arrow_reader(ROW_GROUP)
    _write_partitions(reader, firms)
    glob = version_dir / "firms" / "*" / "*.parquet"
    relation = f"read_parquet('{_q(glob)}', hive_partitioning = true, hive_types = {{'prov': VARCHAR}})"
    by_province = dict(con.execute(f"SELECT prov, count(*) FROM {relation} GROUP BY 1 ORDER BY 1").fetchall())  # noqa: S608 — paths we made, quoted by _q
    by_status = dict(con.execute(f"SELECT status, count(*) FROM {relation} GROUP BY 1 ORDER BY 2 DESC").fetchall())  # noqa: S608 — paths we made, quoted by _q
    con.close()
    storage.discard(version_dir / "staging")
    storage.discard(version_dir / "tmp")
    return {"firms": sum(by_province.values()), "rows_in": rows_in, "by_province": by_province,
            "by_status": by_status}


def _write_partitions(reader, firms: Path) -> None:
    """Stream rows sorted by province and industry code into one file per province (prov=33/data.parquet);
    DuckDB's own PARTITION_BY does not keep the order inside a file, which the row-group pruning needs."""
    writer: pq.ParquetWriter | None = None
    current = None
    for batch in reader:
        table = pa.Table.from_batches([batch])
        prov = table.column("prov").to_numpy(zero_copy_only=False)
        bounds = np.flatnonzero(prov[1:] != prov[:-1]) + 1
        for start, end in zip(np.concatenate([[0], bounds]), np.concatenate([bounds, [len(prov)]]), strict=True):
            if prov[start] != current:
                if writer is not None:
                    writer.close()
                current = prov[start]
                folder = firms / f"prov={current}"
                folder.mkdir()
                writer = None
            part = table.slice(start, end - start).drop_columns(["prov"])
            if writer is None:
                writer = pq.ParquetWriter(folder / "data.parquet", part.schema, compression="zstd", compression_level=1)
            writer.write_table(part, row_group_size=ROW_GROUP)
    if writer is not None:
        writer.close()


def _q(path: Path | str) -> str:
    return str(path).replace("'", "''")
