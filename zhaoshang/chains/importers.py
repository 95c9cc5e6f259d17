"""A chain as a spreadsheet, one row per segment: exported from the chain page and imported back through
the shared import core (every row checked, all or nothing, problems named by file, row and column).

A sheet may hold several chains (by 产业链代码); a chain missing from the database is created (its name is
then required). Segments are matched by chain and 环节代码: a new key adds a segment, a known one is
updated, and a segment the sheet does not list is left as it is (an import never deletes).
"""

from __future__ import annotations

import io
from collections.abc import Hashable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils.text import slugify

from zhaoshang.accounts.permissions import CHAINS_EDIT_DENIED, can_edit_chains
from zhaoshang.chains.fields import format_codes, format_words, parse_codes, parse_position, split_words
from zhaoshang.chains.forms import unknown_codes
from zhaoshang.chains.models import Chain, Position, Segment
from zhaoshang.core.imports import Field, Fields, ImportResult, ImportSpec, Report, RowReport, SheetRow, text

IMPORT_REASON = "表格导入"

FIELDS = Fields([
    Field("chain", "产业链代码", ("chain", "chain key"), required=True),
    Field("chain_name", "产业链名称", ("chain name",)),
    Field("key", "环节代码", ("segment", "segment key", "key"), required=True),
    Field("name", "环节名称", ("segment name", "name"), required=True),
    Field("position", "位置", ("上中下游", "position"), required=True),
    Field("parent", "上级环节", ("parent",)),
    Field("codes", "行业代码", ("国民经济行业代码", "industry codes", "codes")),
    Field("keywords", "经营范围关键词", ("关键词", "keywords")),
    Field("supplies", "供给环节", ("下游环节", "supplies")),
    Field("order", "排序", ("order",)),
])
HEADERS = [f.label for f in FIELDS]


@dataclass
class SegmentRow:
    """One valid row: the chain it belongs to and the segment's values (parent and supplies by key)."""

    number: int
    chain: str
    chain_name: str
    key: str
    values: dict = field(default_factory=dict)
    parent: str = ""


class ChainSheet(ImportSpec[SegmentRow, tuple]):
    fields = FIELDS
    duplicate_field = "key"
    duplicate_reason = "与第 {row} 行的环节代码重复"

    def __init__(self, *, user):
        self.user = user
        self.chains: dict[str, Chain] = {}
        self.stored: dict[tuple[str, str], Segment] = {}
        self.keys: dict[str, set[str]] = {}  # chain key → segment keys after the import
        self.sheet: dict[tuple[str, str], SegmentRow] = {}
        self.rows: dict[tuple[str, str], RowReport] = {}
        self.unknown: set[str] = set()

    def parse(self, row: SheetRow) -> SegmentRow | None:
        chain, key = _slug(row, "chain"), _slug(row, "key")
        name = text(row.cell("name"))
        if not name:
            row.problem("name", "环节名称不能为空")
        position = parse_position(text(row.cell("position")))
        if position is None:
            row.problem("position", f"位置应为上游、中游或下游，而不是“{text(row.cell('position'))}”")
        codes, problems = parse_codes(text(row.cell("codes")))
        for problem in problems:
            row.problem("codes", problem)
        order = row.convert("order", _order)
        if row.refused or chain is None or key is None:
            return None
        return SegmentRow(row.number, chain, text(row.cell("chain_name")), key, {
            "name": name, "position": position, "industry_codes": codes,
            "keywords": split_words(text(row.cell("keywords"))), "supplies": split_words(text(row.cell("supplies"))),
            "order": order if order is not None else row.number * 10}, parent=_slug_text(text(row.cell("parent"))))

    def key(self, value: SegmentRow) -> Hashable:
        return value.chain, value.key

    def prepare(self, values: list[SegmentRow], report: Report) -> None:
        wanted = {v.chain for v in values}
        self.chains = {c.key: c for c in Chain.objects.filter(key__in=wanted)}
        for segment in Segment.objects.filter(chain__key__in=wanted).select_related("chain", "parent"):
            self.stored[segment.chain.key, segment.key] = segment
        for chain, key in self.stored:
            self.keys.setdefault(chain, set()).add(key)
        for v in values:
            self.keys.setdefault(v.chain, set()).add(v.key)
        codes = [c for v in values for c in v.values["industry_codes"]]
        self.unknown = set(unknown_codes(codes))

    def find(self, value: SegmentRow):
        return self.stored.get((value.chain, value.key))

    def _check(self, value: SegmentRow, row: RowReport) -> None:
        self.sheet[value.chain, value.key], self.rows[value.chain, value.key] = value, row
        if value.chain not in self.chains and not value.chain_name:
            row.problem("chain_name", f"产业链“{value.chain}”尚不存在，新建时须填写产业链名称")
        missing = sorted({c["code"] for c in value.values["industry_codes"]} & self.unknown)
        if missing:
            row.problem("codes", f"GB/T 4754-2017 中没有这些代码：{'、'.join(missing)}"
                                 "（以 0 开头的代码请以文本格式填写，如 0913）")
        keys = self.keys.get(value.chain, set())
        if value.parent and value.parent not in keys:
            row.problem("parent", f"本产业链没有代码为“{value.parent}”的环节")
        if value.parent == value.key:
            row.problem("parent", "环节不能是它自己的上级")
        unknown = [k for k in value.values["supplies"] if k not in keys or k == value.key]
        if unknown:
            row.problem("supplies", f"供给环节须为本产业链的其他环节：{'、'.join(unknown)}")

    def plan_new(self, value: SegmentRow, row: RowReport):
        self._check(value, row)
        return value, None

    def plan_update(self, value: SegmentRow, stored: Segment, row: RowReport):
        self._check(value, row)
        parent = stored.parent.key if stored.parent else ""
        same = parent == value.parent and all(getattr(stored, k) == v for k, v in value.values.items())
        return None if same else (value, stored)

    def planned(self, report: Report) -> None:
        """A parent chain that loops back (A under B, B under A) is refused on the row that closes it."""
        parents = {key: (key[0], s.parent.key) for key, s in self.stored.items() if s.parent}
        for key, value in self.sheet.items():
            parents.pop(key, None)
            if value.parent:
                parents[key] = (value.chain, value.parent)
        for key in self.sheet:
            trail, node = [key], parents.get(key)
            while node is not None and node not in trail:
                trail.append(node)
                node = parents.get(node)
            if node == key:
                loop = " → ".join(k for _, k in [*trail, key])
                self.rows[key].problem("parent", f"上级环节形成循环：{loop}")

    def write(self, plans: list[tuple], report: Report) -> None:
        for value, _ in plans:
            if value.chain not in self.chains:
                chain = Chain(key=value.chain, name=value.chain_name)
                chain._history_user = self.user  # type: ignore[attr-defined]
                chain.save()
                self.chains[value.chain] = chain
        by_key = dict(self.stored)
        for value, stored in _ordered(plans):
            segment: Segment = stored or Segment(chain=self.chains[value.chain], key=value.key)
            for name, v in value.values.items():
                setattr(segment, name, v)
            segment.parent = by_key[value.chain, value.parent] if value.parent else None
            segment._history_user = self.user  # type: ignore[attr-defined]
            segment._change_reason = IMPORT_REASON  # type: ignore[attr-defined]
            segment.save()
            by_key[value.chain, value.key] = segment


def _ordered(plans: list[tuple]) -> list[tuple]:
    """Parents before their children, so a new node can point at a new segment of the same sheet (the
    sheet has no loops: `ChainSheet.planned` refused them)."""
    pending = {(v.chain, v.key): (v, s) for v, s in plans}
    done: dict[tuple[str, str], tuple] = {}

    def place(key) -> None:
        value, _ = pending[key]
        parent = (value.chain, value.parent)
        if value.parent and parent in pending and parent not in done:
            place(parent)
        done[key] = pending[key]

    for key in pending:
        if key not in done:
            place(key)
    return list(done.values())


def _slug(row: SheetRow, name: str) -> str | None:
    raw = text(row.cell(name))
    key = _slug_text(raw)
    if not raw:
        row.problem(name, f"{FIELDS.label(name)}不能为空")
        return None
    if key != raw:
        row.problem(name, f"“{raw}”不是有效的代码：只能用英文小写字母、数字和连字符（如 {key or 'bms'}）")
        return None
    return key


def _slug_text(raw: str) -> str:
    return slugify(raw) if raw else ""


def _order(value) -> int:
    number = text(value)
    if not number.isdigit():
        raise ValueError(f"排序应为非负整数，而不是“{number}”")
    return int(number)


def chain_import(*, user, file, filename: str, dry_run: bool = False, zone=None) -> ImportResult:
    """Import a chain sheet (.xlsx or .csv), all rows or none. Chains are shared by the zones: `zone` is
    accepted so `zhaoshang import chains` calls it as it calls every importer, and not used."""
    if not can_edit_chains(user):
        raise PermissionDenied(CHAINS_EDIT_DENIED)
    from zhaoshang.core.imports import sheet_import

    return sheet_import(ChainSheet(user=user), file=file, filename=filename, dry_run=dry_run)


def chain_rows(chain: Chain) -> list[list]:
    """The chain's sheet: a header and one row per segment, in tree order."""
    rows: list[list] = [HEADERS]
    for s in chain.segments.select_related("parent").order_by("order", "id"):
        rows.append([chain.key, chain.name, s.key, s.name, Position(s.position).label,
                     s.parent.key if s.parent else "", format_codes(s.industry_codes), format_words(s.keywords),
                     format_words(s.supplies, ", "), s.order])
    return rows


def chain_export_xlsx(chain: Chain) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = chain.name[:31]
    for row in chain_rows(chain):
        sheet.append([str(c) if i != 9 or not isinstance(c, int) else c for i, c in enumerate(row)])
    for cells in sheet.iter_rows(min_row=2, min_col=7, max_col=7):
        for cell in cells:
            cell.number_format = "@"  # codes stay text: 0913 keeps its leading zero
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
