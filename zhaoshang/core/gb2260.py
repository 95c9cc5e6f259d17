"""GB/T 2260 administrative divisions with coordinates, read from the cpca package's table.

Pure Python (no Django): the extractor uses it to recognise places and the `regions` app loads it into
the database. cpca ships 12-digit codes; the national standard's six digits are the first six.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

# The Yangtze River Delta as defined by the 2019 regional integration plan: all 41 prefecture-level
# cities of Shanghai, Jiangsu, Zhejiang and Anhui.
YRD_PROVINCES = frozenset({"31", "32", "33", "34"})
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    level: str  # province | city | county
    parent: str | None
    lng: float
    lat: float

    @property
    def is_yrd(self) -> bool:
        return self.code[:2] in YRD_PROVINCES

    @property
    def short_name(self) -> str:
        return short_name(self.name)


_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县",
             "地区", "省", "市", "区", "县", "盟", "旗")


def short_name(name: str) -> str:
    """湖州市 → 湖州, 浙江省 → 浙江; names of two characters keep their suffix (城区 stays 城区)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def _parent(code: str, level: str) -> str | None:
    if level == "province":
        return None
    if level == "city":
        return code[:2] + "0000"
    return code[:4] + "00"


# Divisions created after cpca's table was made (it predates 2019), from the Ministry of Civil Affairs'
# announcements of changes to county-level divisions. Additions only: a code already in the table is
# never renamed or removed here (杭州's 江干区 and 下城区, merged in 2021, stay, as existing records may
# point at them). Coordinates are those of the district or city government, rounded.
SUPPLEMENT: tuple[tuple[str, str, float, float], ...] = (
    ("330113", "临平区", 120.299, 30.419),  # 杭州, 2021, from part of 余杭区
    ("330114", "钱塘区", 120.493, 30.323),  # 杭州, 2021
    ("330383", "龙港市", 120.553, 27.578),  # 温州, 2019, from 苍南县's 龙港镇
    ("340281", "无为市", 117.902, 31.304),  # 芜湖, 2019, formerly 无为县
    ("341882", "广德市", 119.417, 30.877),  # 宣城, 2019, formerly 广德县
    ("370116", "莱芜区", 117.676, 36.214),  # 济南, 2019, formerly the city of 莱芜
    ("370117", "钢城区", 117.811, 36.059),  # 济南, 2019
    ("371681", "邹平市", 117.743, 36.863),  # 滨州, 2018, formerly 邹平县
)


@functools.cache
def divisions() -> dict[str, Division]:
    """Every division by six-digit code. A municipality's city level (上海市 市辖区) takes the municipality's name."""
    table = resources.files("cpca").joinpath("resources/adcodes.csv")
    raw: dict[str, tuple[str, float, float]] = {}
    with table.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            lng, lat = (float(row[k]) if row[k] else 0.0 for k in ("longitude", "latitude"))
            raw[row["adcode"][:6]] = (row["name"], lng, lat)
    result: dict[str, Division] = {}
    for code, (name, lng, lat) in sorted(raw.items()):
        level = _level(code)
        if level == "county" and name == "市辖区":
            continue  # a statistical placeholder, not a division
        if level == "city" and code[:2] in MUNICIPALITIES:
            name, lng, lat = raw.get(code[:2] + "0000", (name, lng, lat))
        parent = _parent(code, level)
        if parent is not None and parent not in raw:
            parent = code[:2] + "0000" if level == "county" else None
        result[code] = Division(code, name, level, parent, lng, lat)
    for code, name, lng, lat in SUPPLEMENT:
        if code not in result:
            parent = _parent(code, _level(code))
            result[code] = Division(code, name, _level(code), parent if parent in result else None, lng, lat)
    return dict(sorted(result.items()))


def yrd_cities() -> list[Division]:
    return [d for d in divisions().values() if d.level == "city" and d.is_yrd]
