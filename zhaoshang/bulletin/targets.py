"""A KPI's yearly target (年度目标), if the catalogue has targets.

Targets are another module's records (`kpis.KpiTarget`, one per zone, year and KPI). The bulletin reads
them through this one function so it works whether or not that model is installed, and whatever its
value field is called.
"""

from __future__ import annotations

from decimal import Decimal

_KEY_FIELDS = ("key", "kpi_key", "kpi")
_VALUE_FIELDS = ("value", "target", "target_value", "amount")


def _model():
    try:
        from zhaoshang.kpis import models
    except ImportError:  # pragma: no cover - the kpis app always has a models module
        return None
    return getattr(models, "KpiTarget", None)


def _field(model, names: tuple[str, ...]) -> str | None:
    fields = {f.name for f in model._meta.get_fields()}
    return next((n for n in names if n in fields), None)


def kpi_targets(*, zone, year: int) -> dict[str, Decimal]:
    """The zone's targets for the year, by KPI key; empty when no target model or no target exists."""
    model = _model()
    if model is None:
        return {}
    key_field, value_field = _field(model, _KEY_FIELDS), _field(model, _VALUE_FIELDS)
    if key_field is None or value_field is None:
        return {}
    rows = model.objects.filter(zone=zone, year=year).values_list(key_field, value_field)
    return {str(key): Decimal(str(value)) for key, value in rows if value is not None}
