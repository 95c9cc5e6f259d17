"""Water classes by GB 3838-2002: the limits (data/gb3838_2002.toml) and the rules that apply them.

Plain Python, no Django. Classes are numbers 1–5 for Ⅰ–Ⅴ and 6 for 劣Ⅴ; a larger number is worse water.
A parameter the standard does not class (chlorophyll a, algae density), or one it does not class for
the water body (total nitrogen in a river), classes as None and is left out of a sample's class.
"""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources

WORSE_THAN_V = 6
CLASS_LABELS = {1: "Ⅰ类", 2: "Ⅱ类", 3: "Ⅲ类", 4: "Ⅳ类", 5: "Ⅴ类", WORSE_THAN_V: "劣Ⅴ类"}
WATER_BODIES = ("river", "lake")  # 河流; 湖库 (lakes and reservoirs)
MEAN_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Parameter:
    """One monitored parameter: its names, unit, and its class limits per water body (best class first)."""

    key: str
    name: str
    unit: str
    direction: str  # min: at least the limit (dissolved oxygen); max: at most; none: not classed
    limits: Mapping[str, tuple[Decimal, ...]]
    aliases: tuple[str, ...] = ()
    unit_aliases: tuple[str, ...] = ()

    def classify(self, value: Decimal, water_body: str) -> int | None:
        """The best class whose limit the value meets; 劣Ⅴ past class Ⅴ; None if not classed here."""
        limits = self.limits.get(water_body)
        if not limits:
            return None
        for number, limit in enumerate(limits, start=1):
            if (value >= limit) if self.direction == "min" else (value <= limit):
                return number
        return WORSE_THAN_V

    def accepts_unit(self, unit: str) -> bool:
        written = unit_key(unit)
        return written in {unit_key(u) for u in (self.unit, *self.unit_aliases)} or (
            unit_key(self.unit) == "mg/l" and written in MG_PER_LITRE)


def unit_key(unit: str) -> str:
    return unicodedata.normalize("NFKC", unit).replace(" ", "").lower()


MG_PER_LITRE = frozenset({"mg/l", "毫克/升"})


def _load() -> tuple[dict, dict[str, Parameter]]:
    raw = tomllib.loads(resources.files("zhaoshang.environment").joinpath("data/gb3838_2002.toml").read_text("utf-8"))
    parameters = {}
    for key, item in raw["parameters"].items():
        limits = {body: tuple(Decimal(v) for v in item[body]) for body in WATER_BODIES if body in item}
        parameters[key] = Parameter(key=key, name=item["name"], unit=item["unit"], direction=item["direction"],
                                    limits=limits, aliases=tuple(item.get("aliases", ())),
                                    unit_aliases=tuple(item.get("unit_aliases", ())))
    return raw["standard"], parameters


STANDARD, PARAMETERS = _load()
STANDARD_NAME = f"{STANDARD['code']}《{STANDARD['title']}》"


def class_label(number: int | None) -> str:
    return CLASS_LABELS[number] if number is not None else "—"


def classify(parameter: str, value: Decimal, water_body: str) -> int | None:
    return PARAMETERS[parameter].classify(value, water_body)


@dataclass(frozen=True)
class Classed:
    """A set of parameter values classed together: the worst class and the parameters that set it."""

    number: int | None
    by_parameter: Mapping[str, int | None]

    @property
    def label(self) -> str:
        return class_label(self.number)

    @property
    def deciding(self) -> list[str]:
        """The parameters at the worst class (定类项目), in the standard's order."""
        return [p for p, n in self.by_parameter.items() if n is not None and n == self.number]

    def worse_than(self, target: int) -> list[str]:
        """The parameters whose class is worse than the target class (超标项目)."""
        return [p for p, n in self.by_parameter.items() if n is not None and n > target]


def class_of(values: Mapping[str, Decimal], water_body: str) -> Classed:
    """The class of values measured together (a sample, or a period's means): that of the worst parameter."""
    by_parameter = {key: PARAMETERS[key].classify(values[key], water_body) for key in PARAMETERS if key in values}
    return Classed(worst(by_parameter.values()), by_parameter)


def worst(classes: Iterable[int | None]) -> int | None:
    found = [c for c in classes if c is not None]
    return max(found) if found else None


def means(readings: Iterable[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """Each parameter's arithmetic mean over (parameter, value) pairs.

    Monthly and yearly classes are the class of these means, as the Ministry's 地表水环境质量评价办法 assesses
    a section over a period: the mean concentration of each parameter, then the worst parameter.
    """
    sums: dict[str, list[Decimal]] = {}
    for parameter, value in readings:
        sums.setdefault(parameter, []).append(value)
    return {p: (sum(vs, Decimal(0)) / len(vs)).quantize(MEAN_PLACES) for p, vs in sums.items()}


def parameter_named(text: str) -> Parameter | None:
    """The parameter a header or cell names: its key, its Chinese name or an alias, loosely compared."""
    return _BY_NAME.get(_name_key(text))


def _name_key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").replace("_", "").replace("-", "").lower()


_BY_NAME = {_name_key(n): p for p in PARAMETERS.values() for n in (p.key, p.name, *p.aliases)}
