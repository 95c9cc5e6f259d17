"""Money as an exact decimal with its currency, and conversion into yuan at a dated rate.

A total never adds yuan to dollars: `to_cny` converts each amount at the rate of its own date and says
which rate it used, and a missing rate is an error, not a silent zero.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from zhaoshang.core.figures import format_amount


class MissingRate(Exception):
    """No exchange rate on or before the date is known for the currency."""

    def __init__(self, currency: str, on: dt.date):
        super().__init__(f"没有 {currency} 在 {on} 或之前的汇率，无法折算为人民币")
        self.currency, self.on = currency, on


@dataclass(frozen=True, slots=True)
class Conversion:
    amount: Decimal
    currency: str
    cny: Decimal
    rate: Decimal
    rate_on: dt.date | None

    @property
    def note(self) -> str:
        if self.currency == "CNY":
            return ""
        return (f"{format_amount(self.amount, self.currency)}按 {self.rate_on} 汇率 {self.rate.normalize():f} "
                f"折合{format_amount(self.cny, 'CNY')}")


def to_cny(amount: Decimal, currency: str, on: dt.date) -> Conversion:
    """Convert at the latest rate on or before `on`."""
    if currency == "CNY":
        return Conversion(amount, currency, amount, Decimal(1), None)
    from zhaoshang.currencies.models import ExchangeRate

    rate = ExchangeRate.objects.filter(currency=currency, on__lte=on).order_by("-on").first()
    if rate is None:
        raise MissingRate(currency, on)
    cny = (amount * rate.cny_per_unit).quantize(Decimal("0.01"))
    return Conversion(amount, currency, cny, rate.cny_per_unit, rate.on)
