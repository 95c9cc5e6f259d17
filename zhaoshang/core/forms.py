"""What pages share about forms: a form's errors as sentences for a message or an inline error."""

from __future__ import annotations

from django import forms


def form_errors(form: forms.BaseForm) -> list[str]:
    """Each error as “label：reason” (a form-wide error without a label stands alone)."""
    parts: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}：{error}" if label else str(error) for error in errors)
    return parts
