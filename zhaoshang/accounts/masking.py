"""Masking of people's phone and ID-card numbers for everyone but administrators (等保 2.0).

Plain Python, no Django import: pages, exports and the API call the same two functions.
"""

from __future__ import annotations


def _mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    """Keep the first and last characters, star the rest; short values keep at most their last two."""
    if len(value) <= keep_start + keep_end:
        keep = min(2, len(value) // 2)
        return "*" * (len(value) - keep) + value[len(value) - keep:]
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]


def mask_phone(value: str | None) -> str:
    """138****1234 for a mobile number; landlines and numbers with separators keep their last four digits.

    >>> mask_phone("13812341234")
    '138****1234'
    >>> mask_phone("0572-2345678")
    '057*****5678'
    """
    value = (value or "").strip()
    if not value:
        return ""
    return _mask_middle(value, 3, 4)


def mask_id_number(value: str | None) -> str:
    """First three and last four characters of a resident ID number: 330***********1234.

    >>> mask_id_number("33010219850101100X")
    '330***********100X'
    """
    value = (value or "").strip()
    if not value:
        return ""
    return _mask_middle(value, 3, 4)


def shows_personal_data(user) -> bool:
    from zhaoshang.accounts.permissions import sees_personal_data

    return sees_personal_data(user)


def phone_for(user, value: str | None) -> str:
    """The phone number as this user may see it."""
    return (value or "") if shows_personal_data(user) else mask_phone(value)


def id_number_for(user, value: str | None) -> str:
    """The ID-card number as this user may see it."""
    return (value or "") if shows_personal_data(user) else mask_id_number(value)
