"""How a bulletin writes numbers, dates and periods: the style of Chinese official documents.

441.38亿元 (亿元 with two decimals), 7成以上 (a share in tenths), 72.73% (a share in prose, trailing zeros
dropped: 80%), 50多名 (a rounded count), 2274人 (an exact count: no thousands separator in running text),
2020年12月31日 (no zero padding). Plain Python, no Django: the cockpit's own formatter is
`core.figures.format_figure`; this module is for prose.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from zhaoshang.core.errors import UserError
from zhaoshang.core.figures import YI

__all__ = ["yi", "percent", "cheng", "count", "rounded_count", "chinese_date", "completion", "BulletinPeriod",
           "period_parse", "PeriodInvalid", "CHINESE_DIGITS"]

CHINESE_DIGITS = "〇一二三四五六七八九"
TWO_PLACES = Decimal("0.01")


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def yi(amount) -> str:
    """An amount in yuan as 亿元 with two decimals: 44138000000 → '441.38亿元', 100000000 → '1.00亿元'."""
    return f"{(_decimal(amount) / YI).quantize(TWO_PLACES, ROUND_HALF_UP)}亿元"


def percent(ratio) -> str:
    """A share for prose: 0.7273 → '72.73%', 0.8 → '80%', 1 → '100%' (two decimals at most)."""
    text = f"{(_decimal(ratio) * 100).quantize(TWO_PLACES, ROUND_HALF_UP)}"
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"


def percent_fixed(ratio) -> str:
    """A share in a table, always with two decimals as the cockpit shows it: 0.8 → '80.00%'."""
    return f"{(_decimal(ratio) * 100).quantize(TWO_PLACES, ROUND_HALF_UP)}%"


def cheng(ratio) -> str:
    """A share in tenths (成) as official texts write it: 0.7273 → '7成以上', 0.7 → '7成', 1 → '全部';
    below one tenth a percentage ('5%'), since '0成以上' says nothing."""
    number = _decimal(ratio)
    if number >= 1:
        return "全部"
    tenths = int((number * 10).to_integral_value(ROUND_FLOOR))
    if tenths == 0:
        return percent(number)
    return f"{tenths}成" if number * 10 == tenths else f"{tenths}成以上"


def count(number, measure: str = "个") -> str:
    """An exact count in running text: 33 → '33个', 2274 → '2274人' (no separator, as official texts)."""
    return f"{int(number)}{measure}"


def rounded_count(number, measure: str = "名") -> str:
    """A count rounded down the way official texts round people: 53 → '50多名', 50 → '50名', 7 → '7名',
    2274 → '2200多名'. Below ten the count stays exact; from 100 it is rounded to hundreds."""
    whole = int(number)
    step = 1 if whole < 10 else 10 if whole < 100 else 100
    floor = whole - whole % step
    return f"{floor}{'多' if floor != whole else ''}{measure}"


def chinese_date(day: dt.date) -> str:
    """2020-09-03 → '2020年9月3日' (Arabic numerals, full year, no zero padding: GB/T 9704 成文日期)."""
    return f"{day.year}年{day.month}月{day.day}日"


def completion(rate, measure_text: str) -> str:
    """Completion against a target, for a parenthesis after the figure: '年度目标40个，完成82.50%'; with
    the target met, '年度目标30个，已完成110.00%'. `rate` is the completion rate (kpis.targets.completion:
    value ÷ target, target ÷ value for working days); measure_text is the target already written."""
    if rate is None:
        return ""
    share = _decimal(rate)
    return f"年度目标{measure_text}，{'已' if share >= 1 else ''}完成{percent_fixed(share)}"


def chinese_number(n: int) -> str:
    """1 → '一', 10 → '十', 12 → '十二', 23 → '二十三' (section numbers 一、（一）)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{CHINESE_DIGITS[tens] if tens > 1 else ''}十{CHINESE_DIGITS[ones] if ones else ''}"


class PeriodInvalid(UserError):
    """A period that is neither a quarter (Q1–Q4) nor a month of the year (2020-09)."""


@dataclass(frozen=True)
class BulletinPeriod:
    """The stretch of time a bulletin reports: the year, one quarter or one month."""

    start: dt.date
    end: dt.date
    label: str  # 2020年, 2020年第三季度, 2020年9月
    opening: str  # how the paragraph opens: 今年以来, 第三季度, 9月

    @property
    def is_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)

    def year_to_date(self) -> BulletinPeriod | None:
        """今年以来: 1 January to this period's end, for a quarter or a month that starts later (Q2–Q4,
        February–December); None when the period itself starts on 1 January."""
        if (self.start.month, self.start.day) == (1, 1):
            return None
        months = f"1—{self.end.month}月"
        return BulletinPeriod(dt.date(self.start.year, 1, 1), self.end, f"{self.start.year}年{months}",
                              f"今年以来（{months}）")


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)


def period_parse(year: int, period: str | None) -> BulletinPeriod:
    """The year, or a quarter ('Q3', 'q3') or month ('2020-09', '9') of it."""
    text = (period or "").strip()
    if not text:
        return BulletinPeriod(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年", "今年以来")
    quarter = re.fullmatch(r"[Qq]([1-4])", text)
    if quarter:
        q = int(quarter.group(1))
        start = dt.date(year, 3 * q - 2, 1)
        name = f"第{CHINESE_DIGITS[q]}季度"
        return BulletinPeriod(start, _month_end(year, 3 * q), f"{year}年{name}", name)
    month = re.fullmatch(r"(?:(\d{4})-)?(\d{1,2})", text)
    if month and 1 <= int(month.group(2)) <= 12:
        if month.group(1) and int(month.group(1)) != year:
            raise PeriodInvalid(f"期间“{text}”不在 {year} 年内")
        m = int(month.group(2))
        return BulletinPeriod(dt.date(year, m, 1), _month_end(year, m), f"{year}年{m}月", f"{m}月")
    raise PeriodInvalid(f"期间须为季度（Q1–Q4）或月份（如 {year}-09），而不是“{text}”")
