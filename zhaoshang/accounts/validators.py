"""Password rules of the 等保 2.0 level-2 baseline: length and the common-password list come from Django,
character classes and predictable shapes from here."""

from __future__ import annotations

import re
import string

from django.core.exceptions import ValidationError

_CLASSES = (
    ("小写字母", str.islower),
    ("大写字母", str.isupper),
    ("数字", str.isdigit),
    ("符号", lambda c: c in string.punctuation or c == " "),
)


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        present = [name for name, test in _CLASSES if any(test(c) for c in password)]
        if len(present) < self.min_classes:
            raise ValidationError(
                f"密码须包含以下至少 {self.min_classes} 类字符：小写字母、大写字母、数字、符号"
                f"（当前只有 {len(present)} 类）。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_classes} 类。"


# A word with digits and perhaps a symbol or two after it (Zhaoshang1, Welcome2024!), or before it: the
# first shapes a guessing tool tries, whatever the character classes say.
_WORD_THEN_DIGITS = re.compile(r"^[A-Za-z]+[0-9]+[^A-Za-z0-9]{0,2}$")
_DIGITS_THEN_WORD = re.compile(r"^[0-9]+[A-Za-z]+[^A-Za-z0-9]{0,2}$")


class PredictablePatternValidator:
    """Refuses the breached-password shapes (Django's CommonPasswordValidator refuses the listed ones)."""

    def validate(self, password: str, user=None) -> None:
        if _WORD_THEN_DIGITS.match(password) or _DIGITS_THEN_WORD.match(password):
            raise ValidationError("密码不能是“一个单词加数字”的形式（如 Zhaoshang1）：这是破解工具最先尝试的形式。",
                                  code="password_predictable")

    def get_help_text(self) -> str:
        return "密码不能是“单词加数字”的形式（如 Zhaoshang1）。"
