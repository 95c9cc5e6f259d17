"""Building a network from plain rows (the database, the demo data file, a spreadsheet, the tests): every
bad row is named, and nothing is built while any is bad."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from zhaoshang.logistics.planner.network import (
    BASES,
    CUSTOMS,
    DAY,
    KINDS,
    MODES,
    CustomsStep,
    Departure,
    Factor,
    Handling,
    Link,
    Network,
    NetworkError,
    Node,
)


def _clock(text, what: str, problems: list[str]) -> int:
    """'08:30' → 510 minutes after midnight."""
    if isinstance(text, dt.time):
        return text.hour * 60 + text.minute
    try:
        hours, minutes = str(text).split(":")
        value = int(hours) * 60 + int(minutes)
        if not (0 <= int(hours) < 24 and 0 <= int(minutes) < 60):
            raise ValueError
        return value
    except ValueError:
        problems.append(f"{what}：时间“{text}”不是 HH:MM 格式")
        return 0


def _number(row: Mapping, name: str, what: str, problems: list[str], *, required: bool = True,
            positive: bool = False) -> Decimal | None:
    value = row.get(name)
    if value in (None, ""):
        if required:
            problems.append(f"{what}：缺少 {name}")
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        problems.append(f"{what}：{name} “{value}”不是数字")
        return None
    if not number.is_finite() or number < 0 or (positive and number == 0):
        problems.append(f"{what}：{name} 不能为{'零或' if positive else ''}负数（{value}）")
        return None
    return number


def _choice(row: Mapping, name: str, allowed: Mapping, what: str, problems: list[str], default=None) -> str:
    value = row.get(name) or default
    if value not in allowed:
        problems.append(f"{what}：{name} “{value}”不是 {'/'.join(allowed)} 之一")
    return value


def _factor(row: Mapping, prefix: str, what: str, problems: list[str]) -> Factor | None:
    value = _number(row, prefix, what, problems, required=False)
    if value is None:
        return None
    basis = _choice(row, f"{prefix}_basis", BASES, what, problems, default="WTW")
    return Factor(float(value), str(row.get(f"{prefix}_source") or "估算"), basis)


def _node(number: int, row: Mapping, problems: list[str]) -> Node | None:
    what = f"节点第 {number} 行（{row.get('key') or '无键'}）"
    if not row.get("key"):
        problems.append(f"{what}：缺少 key")
        return None
    handling = {}
    for i, h in enumerate(row.get("handling") or (), start=1):
        here = f"{what} 第 {i} 项换装"
        pair = (_choice(h, "from", MODES, here, problems), _choice(h, "to", MODES, here, problems))
        hours = _number(h, "hours", here, problems) or Decimal(0)
        handling[pair] = Handling(round(hours * 60), _number(h, "cost_per_teu", here, problems) or Decimal(0),
                                  _number(h, "cost_per_tonne", here, problems, required=False) or Decimal(0))
    step = None
    if row.get("customs_step"):
        hours = _number(row, "customs_step_hours", what, problems) or Decimal(0)
        step = CustomsStep(str(row["customs_step"]), round(hours * 60),
                           _number(row, "customs_step_fee_per_teu", what, problems) or Decimal(0))
    lon = _number(row, "lon", what, problems, required=False) or Decimal(0)
    lat = _number(row, "lat", what, problems, required=False) or Decimal(0)
    if lon > 180 or lat > 90:
        problems.append(f"{what}：坐标（{lon}, {lat}）超出经纬度范围")
    return Node(key=str(row["key"]), name=str(row.get("name") or row["key"]),
                kind=_choice(row, "kind", KINDS, what, problems), lon=float(lon), lat=float(lat),
                customs=_choice(row, "customs", CUSTOMS, what, problems, default="domestic"),
                handling=handling, hub_factor=_factor(row, "hub_factor", what, problems), customs_step=step)


def _departures(link_key: str, rows: Iterable[tuple[int, Mapping]], problems: list[str]) -> tuple[Departure, ...]:
    found = []
    for number, row in rows:
        what = f"时刻表第 {number} 行（{link_key}）"
        departs = _clock(row.get("departs"), what, problems)
        arrives = _clock(row.get("arrives"), what, problems)
        days = int(row.get("arrival_day") or 0)
        transit = days * DAY + arrives - departs
        if transit <= 0:
            problems.append(f"{what}：到达 {row.get('arrives')}（+{days} 天）早于或等于出发 {row.get('departs')}")
            continue
        cutoff = _number(row, "cutoff_minutes", what, problems, required=False) or Decimal(0)
        found.append(Departure(departs, transit, int(cutoff)))
    return tuple(found)


def link_key(row: Mapping) -> str:
    """A link's key: its own, or origin-destination-mode."""
    return str(row.get("key") or f"{row.get('from')}-{row.get('to')}-{row.get('mode')}")


def _link(number: int, row: Mapping, nodes: Mapping[str, Node], timetable: list[tuple[int, Mapping]],
          problems: list[str]) -> Link | None:
    key = link_key(row)
    what = f"连线第 {number} 行（{key}）"
    before = len(problems)
    for end in ("from", "to"):
        if row.get(end) not in nodes:
            problems.append(f"{what}：{'起点' if end == 'from' else '终点'}“{row.get(end)}”不是已知节点")
    mode = _choice(row, "mode", MODES, what, problems)
    distance = _number(row, "distance_km", what, problems, positive=True)
    speed = _number(row, "speed_kmh", what, problems, positive=True)
    per_teu = _number(row, "cost_per_teu", what, problems, required=False) or Decimal(0)
    per_tkm = _number(row, "cost_per_tkm", what, problems, required=False) or Decimal(0)
    factor = _factor(row, "co2_g_per_tkm", what, problems)
    if factor is None:
        problems.append(f"{what}：缺少 co2_g_per_tkm")
    capacity = _number(row, "capacity_teu", what, problems, required=False, positive=True)
    departures = _departures(key, timetable, problems)
    if len(problems) > before or distance is None or speed is None or factor is None:
        return None
    return Link(key=key, origin=row["from"], destination=row["to"], mode=mode, distance_km=float(distance),
                speed_kmh=float(speed), cost_per_teu=per_teu, cost_per_tkm=per_tkm, factor=factor,
                departures=departures, capacity_teu=int(capacity) if capacity is not None else None)


def network_build(*, nodes: Iterable[Mapping], links: Iterable[Mapping],
                  departures: Iterable[Mapping] = ()) -> Network:
    """A network from rows (dicts); raises NetworkError naming every bad row. Departures name their link
    by `link` (the link's key); rows are numbered from 1 in each list."""
    problems: list[str] = []
    built: dict[str, Node] = {}
    for number, row in enumerate(nodes, start=1):
        node = _node(number, row, problems)
        if node is not None and node.key in built:
            problems.append(f"节点第 {number} 行：key “{node.key}”重复")
        elif node is not None:
            built[node.key] = node
    by_link: dict[str, list[tuple[int, Mapping]]] = {}
    for number, row in enumerate(departures, start=1):
        by_link.setdefault(str(row.get("link")), []).append((number, row))
    made: list[Link] = []
    link_rows = list(links)
    keys = {link_key(r) for r in link_rows}
    for name in sorted(set(by_link) - keys):
        problems.append(f"时刻表第 {by_link[name][0][0]} 行：连线“{name}”不存在")
    for number, row in enumerate(link_rows, start=1):
        link = _link(number, row, built, by_link.get(link_key(row), []), problems)
        if link is not None:
            made.append(link)
    if problems:
        raise NetworkError(problems)
    return Network(built, made)
