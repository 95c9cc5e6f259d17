"""Password rules of the 等保 2.0 level-2 baseline: length comes from Django, character classes from here."""

from __future__ import annotations

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
