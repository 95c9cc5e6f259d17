"""The investors a project sheet names: matched through the organisations' one matcher, then written.

`OrganizationIndex` (organizations/matching.py) owns the precedence (credit code, then normalised
name) and keeps a file consistent; this module owns the words a row's conflict is refused with, and
the bulk writes of the organisations the file creates or completes, each with its history.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from zhaoshang.core.batches import chunks
from zhaoshang.core.imports import RowReport
from zhaoshang.organizations.matching import Indexed, Match, OrganizationIndex
from zhaoshang.organizations.models import Organization, validate_credit_code
from zhaoshang.projects.importers.rows import ParsedRow
from zhaoshang.projects.importers.writing import BATCH, insert_history, insert_objects

WRITE_CHUNK = 5000  # organisations written at a time inside the one transaction, to bound memory


class Investors:
    """Investors by credit code, then by normalised name, else new — consistent across the whole file."""

    def __init__(self) -> None:
        self.index = OrganizationIndex()
        self._valid: dict[str, str | None] = {}

    @property
    def created(self) -> int:
        return len(self.index.new)

    @property
    def updated(self) -> int:
        return len(self.index.gained)

    def load(self, parsed: list[ParsedRow]) -> None:
        self.index.load(pair for p in parsed for pair in p.investors)

    def match(self, row: RowReport, name: str, code: str, region_id, industry_id) -> Indexed | None:
        """The organisation a row's investor denotes, remembered if new; None with a problem on `row`."""
        if code:
            reason = self._code_problem(code)
            if reason:
                row.problem("credit_code", reason)
                return None
        match = self.index.match(name, code)
        if match.conflict:
            row.problem("credit_code", _conflict(match, name, code))
            return None
        known = match.organization
        if known is None:
            return self.index.remember(name, code, row=row.number, region_id=region_id, industry_id=industry_id)
        if code and not known.credit_code:
            self.index.add_code(known, code, row=row.number)
        return known

    def _code_problem(self, code: str) -> str | None:
        if code not in self._valid:
            try:
                validate_credit_code(code)
                self._valid[code] = None
            except ValidationError as exc:
                self._valid[code] = exc.messages[0]
        return self._valid[code]

    def write(self, *, user, when, reason) -> None:
        """Create the new organisations and give known ones their codes; `reason(row)` names the row."""
        new = list(self.index.new.values())
        for chunk in chunks(new, WRITE_CHUNK):
            instances = [Organization(name=o.name, credit_code=o.credit_code, **o.values) for o in chunk]
            insert_objects(Organization, instances, key="name")
            insert_history(Organization, ((i, reason(o.row)) for i, o in zip(instances, chunk, strict=True)),
                           user=user, when=when, kind="+")
            for org, instance in zip(chunk, instances, strict=True):
                org.id = instance.pk
        gained = self.index.gained
        if not gained:
            return
        stored = Organization.objects.in_bulk(list(gained))
        for pk, org in gained.items():
            stored[pk].credit_code = org.credit_code
        Organization.objects.bulk_update(stored.values(), ["credit_code"], batch_size=BATCH)
        insert_history(Organization, ((i, reason(gained[pk].row)) for pk, i in stored.items()),
                       user=user, when=when, kind="~")


def _conflict(match: Match[Indexed], name: str, code: str) -> str:
    """A conflict in the words of a project sheet: which row or the system holds the other pairing."""
    other = match.organization
    assert other is not None  # a conflict is between this row and an organisation found
    if match.by == "credit_code":
        return f"统一社会信用代码 {code} 在第 {other.row} 行对应投资方“{other.name}”，与本行的“{name}”不一致"
    where = f"第 {other.row} 行" if other.row else "系统中"
    return f"投资方“{other.name}”在{where}的统一社会信用代码为 {other.credit_code}，与本行的 {code} 不一致"
