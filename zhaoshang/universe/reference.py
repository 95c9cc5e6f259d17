"""The national tables an import resolves names against: GB/T 4754-2017 industries and GB/T 2260 regions.

Exports write industries as names per level (制造业 / 汽车制造业 / …) and places as names; both resolve
top-down, so a 中类 that holds a single 小类 of the same name is never confused with it.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from zhaoshang.core import gb2260

LEVELS = ("section", "division", "group", "class")
LEVEL_LABELS = {"section": "门类", "division": "大类", "group": "中类", "class": "小类"}


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True)
class Industries:
    """The GB/T 4754-2017 table indexed for name lookups."""

    names: dict[str, str]  # code → name
    parents: dict[str, str]  # code → parent code
    by_level_name: dict[tuple[str, str], list[str]]  # (level, name key) → codes

    def resolve(self, levels: list[str | None]) -> str:
        """The deepest code the names (or codes) per level denote, read top-down; ValueError says which
        level is wrong."""
        code = ""
        for level, value in zip(LEVELS, levels, strict=True):
            if not value:
                continue
            found = self._at(level, value, code)
            if found is None:
                within = f"（在“{self.names[code]}”之下）" if code else ""
                raise ValueError(f"国标行业{LEVEL_LABELS[level]}“{value}”不在 GB/T 4754-2017 中{within}")
            code = found
        return code

    def _at(self, level: str, value: str, under: str) -> str | None:
        if value in self.names and _level_of(value) == level:
            return value if not under or value.startswith(under) else None
        codes = self.by_level_name.get((level, _key(value)), [])
        codes = [c for c in codes if not under or self._descends(c, under)]
        return codes[0] if len(codes) == 1 else None

    def _descends(self, code: str, ancestor: str) -> bool:
        while code in self.parents:
            code = self.parents[code]
            if code == ancestor:
                return True
        return False

    def resolve_any(self, value: str) -> str:
        """One name or code of unknown level (所属行业): the deepest level where it is unambiguous."""
        if value in self.names:
            return value
        for level in reversed(LEVELS):
            codes = self.by_level_name.get((level, _key(value)), [])
            if len(codes) == 1:
                return codes[0]
            if len(codes) > 1:
                raise ValueError(f"行业“{value}”在 GB/T 4754-2017 中有多个同名类别，请改用行业代码或分级名称")
        raise ValueError(f"行业“{value}”不在 GB/T 4754-2017 中")


def _level_of(code: str) -> str:
    return {1: "section", 2: "division", 3: "group", 4: "class"}[len(code)] if 1 <= len(code) <= 4 else ""


@functools.cache
def industries() -> Industries:
    import csv
    from importlib import resources

    names: dict[str, str] = {}
    parents: dict[str, str] = {}
    by_level_name: dict[tuple[str, str], list[str]] = {}
    table = resources.files("zhaoshang.industries").joinpath("data/gbt4754-2017.csv")
    with table.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            names[row["code"]] = row["name"]
            if row["parent"]:
                parents[row["code"]] = row["parent"]
            by_level_name.setdefault((row["level"], _key(row["name"])), []).append(row["code"])
    return Industries(names, parents, by_level_name)


@dataclass(frozen=True)
class Place:
    prov: str
    city_code: str | None
    county_code: str | None
    city: str | None
    lng: float | None
    lat: float | None


class Regions:
    """GB/T 2260 divisions looked up by full or short name, each level within its parent."""

    def __init__(self) -> None:
        self.divisions = gb2260.divisions()
        self._children: dict[str | None, dict[str, str]] = {}
        for code, d in self.divisions.items():
            parent = None if d.level == "province" else (d.parent or code[:2] + "0000")
            names = self._children.setdefault(parent, {})
            for name in (d.name, d.short_name):
                names.setdefault(_key(name), code)

    def _child(self, parent: str | None, name: str) -> str | None:
        return self._children.get(parent, {}).get(_key(name))

    def place(self, province: str | None, city: str | None, county: str | None, code_hint: str | None) -> Place:
        """The division the names denote; without a province, the registering authority's region in the
        credit code (its characters 3–8). ValueError names an unknown province or city."""
        prov_code = self._child(None, province) if province else None
        if province and prov_code is None:
            raise ValueError(f"所属省份“{province}”不是 GB/T 2260 中的省级行政区")
        if prov_code is None and code_hint:
            return self._from_code(code_hint)
        if prov_code is None:
            return Place("00", None, None, None, None, None)
        city_code = None
        if city:
            city_code = self._child(prov_code, city)
            if city_code is None and prov_code[:2] in gb2260.MUNICIPALITIES:
                city_code = prov_code[:2] + "0100"
            if city_code is None:
                raise ValueError(f"所属城市“{city}”不在{self.divisions[prov_code].name}")
        county_code = self._child(city_code, county) if county and city_code else None
        return self._place(prov_code, city_code, county_code)

    def _from_code(self, credit_code: str) -> Place:
        region = credit_code[2:8]
        if not region.isdigit() or region[:2] + "0000" not in self.divisions:
            return Place("00", None, None, None, None, None)
        city = region[:4] + "00" if region[:4] + "00" in self.divisions else None
        county = region if region in self.divisions and not region.endswith("00") else None
        return self._place(region[:2] + "0000", city, county)

    def _place(self, prov: str, city: str | None, county: str | None) -> Place:
        best = self.divisions[county or city or prov]
        name = self.divisions[city].short_name if city else None
        return Place(prov[:2], city, county, name, best.lng or None, best.lat or None)


@functools.cache
def regions() -> Regions:
    return Regions()


def city_codes(names: list[str]) -> list[str]:
    """City codes for names such as 上海, 杭州市, 苏州; ValueError names one that is not a city."""
    table = regions()
    by_name: dict[str, str] = {}
    for code, d in table.divisions.items():
        if d.level == "city":
            for name in (d.name, d.short_name):
                by_name.setdefault(_key(name), code)
    codes = []
    for name in names:
        found = by_name.get(_key(name))
        if found is None:
            raise ValueError(f"“{name}”不是地级市名称")
        codes.append(found)
    return codes
