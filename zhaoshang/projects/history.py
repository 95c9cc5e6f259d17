"""The change history of a record as people read it: who, when, which fields from what to what."""

from __future__ import annotations

from dataclasses import dataclass

from zhaoshang.core.figures import format_amount


@dataclass
class HistoryEntry:
    when: object
    who: str
    kind: str
    reason: str
    changes: list[tuple[str, str, str]]


_KINDS = {"+": "创建", "~": "修改", "-": "删除"}


def _display(record, field: str) -> str:
    if field == "amount" and getattr(record, "amount", None) is not None:
        return format_amount(record.amount, record.currency)
    display = getattr(record, f"get_{field}_display", None)
    if callable(display):
        return str(display())
    value = getattr(record, field, None)
    return "" if value is None else str(value)


def _m2m_display(field, rows: list[dict]) -> str:
    """Through-table rows ({'project': 1, 'organization': 12}) as the related records' names."""
    target = field.related_model
    key = target._meta.model_name
    ids = [row[key] for row in rows if key in row]
    names = dict(target.objects.filter(pk__in=ids).values_list("pk", "name"))
    return "、".join(names.get(i, str(i)) for i in ids)


def history_entries(instance, limit: int = 50) -> list[HistoryEntry]:
    """Newest first, each with the fields it changed against the version before it."""
    records = list(instance.history.select_related("history_user")
                   .order_by("-history_date", "-history_id")[: limit + 1])
    m2m = {f.name: f for f in instance._meta.many_to_many}
    entries = []
    for record, older in zip(records, [*records[1:], None], strict=False):
        changes = []
        if older is not None:
            tracked = [f.name for f in record.tracked_fields if f.editable] + list(m2m)
            for change in record.diff_against(older, included_fields=tracked).changes:
                label = str(instance._meta.get_field(change.field).verbose_name)
                if change.field in m2m:
                    changes.append((label, _m2m_display(m2m[change.field], change.old),
                                    _m2m_display(m2m[change.field], change.new)))
                else:
                    changes.append((label, _display(older, change.field), _display(record, change.field)))
        who = record.history_user.display_name if record.history_user else "系统"
        entries.append(HistoryEntry(record.history_date, who, _KINDS[record.history_type],
                                    record.history_change_reason or "", changes))
    return entries[:limit]
