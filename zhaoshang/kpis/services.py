"""Evaluating the KPI catalogue for a zone and a period."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal

from zhaoshang.core.concurrency import concurrently
from zhaoshang.core.errors import UserError
from zhaoshang.kpis.cache import cached, keys_digest
from zhaoshang.kpis.computations import COMPUTATIONS, Period, RecordIds, basis_apply, figure_of, one_evaluation
from zhaoshang.kpis.definitions import KPIS, KpiDefinition
from zhaoshang.kpis.pipeline import pipeline_kpis
from zhaoshang.zones.models import Zone
from zhaoshang.zones.services import BASES


@dataclass
class KpiValue:
    key: str
    label: str
    unit: str
    value: Decimal | int | None  # None: nothing to compute from (a median of no stays)
    record_model: str
    record_ids: list[int] | RecordIds  # at scale a query: len() is counted by the database, ids fetched on demand
    period: str
    zone: str
    group: str = "seed"
    notes: list[str] = field(default_factory=list)
    description: str = ""
    record_notes: dict[int, str] = field(default_factory=dict)
    hidden_count: int = 0  # records counted in the value that the viewer may not see
    # A ratio's denominator: the records the numerator (record_ids) was drawn from.
    base_ids: list[int] | RecordIds = field(default_factory=list)
    base_hidden_count: int = 0
    # A figure per record that the value summarises (a median's days), shown as one more column.
    record_figures: Mapping[int, Decimal | int] = field(default_factory=dict)
    record_figure_header: str = ""
    basis: str = "full"  # full 全口径, zone 本区口径, partner 合作方口径
    # What each record adds to a summed value (issue 9: core.disclosure sums the visible part of a small cell).
    record_amounts: Mapping[int, Decimal] = field(default_factory=dict)
    suppressed: bool = False  # a small cell: the value is only the viewer's visible part (core.disclosure)

    @property
    def all_notes(self) -> list[str]:
        return [*self.notes, *self.record_notes.values()]

    @property
    def record_count(self) -> int:
        """How many records the viewer may open (len of record_ids, counted without fetching them)."""
        return len(self.record_ids)

    def as_json(self, ids_limit: int | None = None) -> dict:
        """The value for JSON; with ids_limit, record_ids holds only the first ids_limit ids (in id order)."""
        data = asdict(replace(self, record_ids=[], base_ids=[], record_figures={}, record_notes={}))
        data["record_ids"] = list(self.record_ids if ids_limit is None else self.record_ids[:ids_limit])
        data["value"] = _jsonable(self.value)
        data["notes"] = self.all_notes
        for drill_down_only in ("record_notes", "base_ids", "base_hidden_count", "record_figures",
                                "record_figure_header", "record_amounts"):
            del data[drill_down_only]
        return data


def _jsonable(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def kpi_evaluate_one(*, zone: Zone, period: Period, definition: KpiDefinition, basis: str = "full",
                     partner: str | None = None) -> KpiValue:
    result = COMPUTATIONS[definition.computation](zone, period, definition.params)
    if definition.unit != "ratio":
        result = basis_apply(result, figure=figure_of(definition.computation, definition.params), basis=basis,
                             period=period, partner=partner)
    elif basis != "full":  # a share of records is the same share whichever side counts them
        result.notes = [*result.notes, f"{BASES[basis]}：比例按全口径记录计算"]
    value = KpiValue(key=definition.key, label=definition.label, unit=definition.unit, value=result.value,
                     record_model=result.model, record_ids=result.record_ids, period=period.label,
                     zone=zone.name, group=definition.group, notes=result.notes,
                     record_notes=result.record_notes, description=definition.description, basis=basis,
                     record_amounts=result.record_amounts)  # issue 9: for core.disclosure
    value.base_ids = result.base_ids
    if result.record_shares:
        value.record_figures = dict(result.record_shares)
        value.record_figure_header = "本区份额" if basis == "zone" else "合作方份额"
    elif result.record_figures:
        value.record_figures = result.record_figures
    return value


def kpi_evaluate(*, zone: Zone, period: Period, keys: list[str] | None = None,
                 include_pipeline: bool = True, basis: str = "full", partner: str | None = None) -> list[KpiValue]:
    """Every catalogue KPI (or those named in keys) plus the pipeline figures, for the zone and period, on
    a basis (口径): full (全口径), zone (本区口径) or partner (合作方口径, optionally one partner's)."""
    if basis not in BASES:
        raise BasisInvalid(f"口径须为 {'、'.join(BASES)} 之一：{basis}")

    def catalogue() -> list[KpiValue]:
        with one_evaluation():
            return [kpi_evaluate_one(zone=zone, period=period, definition=d, basis=basis, partner=partner)
                    for d in KPIS if keys is None or d.key in keys]

    if not include_pipeline:
        return catalogue()
    # The pipeline's stage scans and the catalogue's queries read the same tables independently: at once.
    values, pipeline = concurrently(catalogue, lambda: pipeline_kpis(zone=zone, period=period))
    notes = [] if basis == "full" else [f"{BASES[basis]}：在谈项目不按合作协议分成"]
    for item in pipeline:
        if keys is None or item["key"] in keys:
            item["notes"] = [*item.get("notes", []), *notes]
            values.append(KpiValue(period=period.label, zone=zone.name, group="pipeline", basis=basis, **item))
    return values


def zone_figures(*, zone: Zone, period: Period, keys: list[str] | None = None, include_pipeline: bool = True,
                 basis: str = "full") -> list[KpiValue]:
    """kpi_evaluate's zone-wide figures, cached under the zone's figures' version (kpis.cache): the same for
    every viewer, so after a write the cockpit's viewer classes (each officer, the leaders, each partner)
    share one computation and each only applies what it may see (kpis_for_viewer)."""
    return cached(("zone-figures", zone.pk, period.start, period.end, basis, include_pipeline,
                   "all" if keys is None else keys_digest(keys)),
                  lambda: kpi_evaluate(zone=zone, period=period, keys=keys, include_pipeline=include_pipeline,
                                       basis=basis), zone=zone.pk)


class BasisInvalid(UserError):
    """A basis (口径) other than full, zone or partner."""
