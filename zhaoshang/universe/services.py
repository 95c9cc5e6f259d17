"""The universe as the Django side sees it: chain keywords and exchange rates fed into an import, the
current version's manifest for `info`, and the data folder from settings."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from zhaoshang.universe import storage
from zhaoshang.universe.importer import UniverseImportResult, universe_import


def chain_segments() -> list[tuple[list[str], list[str]]]:
    """(industry code prefixes, business-scope keywords) of every chain segment in the database."""
    try:
        from zhaoshang.chains.models import Segment
    except ImportError:  # the chains app is not installed
        return []
    from django.db import DatabaseError

    segments = []
    try:
        rows = list(Segment.objects.values_list("industry_codes", "keywords"))
    except DatabaseError:  # a data folder not migrated yet: generate without the chains' words
        return []
    for codes, keywords in rows:
        prefixes = [c["code"] if isinstance(c, dict) else str(c) for c in codes or []]
        segments.append((prefixes, list(keywords or [])))
    return segments


def chain_keywords() -> list[str]:
    return sorted({k for _, words in chain_segments() for k in words})


def latest_rates() -> dict[str, Decimal]:
    """Yuan per unit of each currency at its latest known rate (registered capital has no date of its own)."""
    from zhaoshang.currencies.models import ExchangeRate

    rates: dict[str, Decimal] = {}
    for currency, rate in ExchangeRate.objects.order_by("currency", "-on").values_list("currency", "cny_per_unit"):
        rates.setdefault(currency, rate)
    return rates


def universe_import_files(*, paths: Iterable[Path | str], replace: bool = False, skip_invalid: bool = False,
                          source: str = "") -> UniverseImportResult:
    return universe_import(paths=paths, replace=replace, skip_invalid=skip_invalid, source=source,
                           keywords=chain_keywords(), rates=latest_rates())


def universe_current() -> storage.Version | None:
    return storage.current(storage.root())


def universe_info() -> dict:
    """What the universe holds: firms, sources, updated_at, counts by province and status."""
    version = universe_current()
    if version is None:
        return {"firms": 0, "sources": [], "updated_at": None, "by_province": {}, "by_status": {}}
    manifest = version.manifest
    return {key: manifest.get(key) for key in ("firms", "sources", "updated_at", "by_province", "by_status",
                                                "version")} | {"keywords_indexed": len(manifest.get("keywords", []))}
