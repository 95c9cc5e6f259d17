"""The chains a fresh installation starts with, read from `data/chains.toml`.

The data migration 0002 loads them; `chain_rows` also serves the tests that check every code exists.
"""

from __future__ import annotations

import tomllib
from importlib import resources

DATA_FILE = "chains.toml"


def chain_rows() -> list[dict]:
    """The shipped chains, each with its segments as dictionaries (codes as {"code", "partial"})."""
    raw = resources.files("zhaoshang.chains").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    chains = tomllib.loads(raw)["chain"]
    for chain in chains:
        for segment in chain["segment"]:
            segment["industry_codes"] = [parse_code(c) for c in segment.pop("codes", [])]
    return chains


def parse_code(text: str) -> dict:
    """'3670*' → {"code": "3670", "partial": True}: the notation of the data file and the spreadsheet."""
    text = text.strip()
    return {"code": text.rstrip("*").strip(), "partial": text.endswith("*")}


def format_code(entry: dict) -> str:
    return f"{entry['code']}{'*' if entry.get('partial') else ''}"


def chains_load(chain_model, segment_model) -> int:
    """Create the shipped chains that are missing (by key); existing ones are left as analysts edited them."""
    created = 0
    for row in chain_rows():
        if chain_model.objects.filter(key=row["key"]).exists():
            continue
        chain = chain_model.objects.create(key=row["key"], name=row["name"], description=row.get("description", ""),
                                           order=row.get("order", 0))
        by_key: dict[str, object] = {}
        for order, segment in enumerate(row["segment"], start=1):
            by_key[segment["key"]] = segment_model.objects.create(
                chain=chain, key=segment["key"], name=segment["name"], position=segment["position"],
                parent=by_key.get(segment.get("parent")), industry_codes=segment["industry_codes"],
                keywords=segment.get("keywords", []), order=order * 10)
        created += 1
    return created


def supplies_load(chain_model, segment_model) -> None:
    """Fill the shipped segments' supply links where none are recorded (migration 0004)."""
    for row in chain_rows():
        for segment in row["segment"]:
            segment_model.objects.filter(chain__key=row["key"], key=segment["key"], supplies=[]).update(
                supplies=segment.get("supplies", []))
