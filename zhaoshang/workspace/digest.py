"""The daily digest: each user's 待办 by e-mail, through Django's mail settings."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string

from zhaoshang.accounts.models import User
from zhaoshang.workspace.reminders import reminders_for

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def digest_connection():
    """SMTP once a host is configured; until then the mails are written as files under the data folder,
    so a fresh install can try the digest without a mail server."""
    if settings.EMAIL_BACKEND == SMTP and settings.EMAIL_HOST in ("", "localhost"):
        path = settings.DATA_DIR / "mail"
        path.mkdir(parents=True, exist_ok=True)
        return get_connection("django.core.mail.backends.filebased.EmailBackend", file_path=str(path))
    return get_connection()


def digest_send(*, base_url: str = "") -> int:
    """Mail each active user with an address and something to do; returns how many were sent."""
    messages = []
    for user in User.objects.filter(is_active=True).exclude(email="").order_by("username"):
        reminders = reminders_for(user)
        if not reminders:
            continue
        body = render_to_string("workspace/digest.txt", {"user": user, "reminders": reminders, "base": base_url})
        total = sum(r.total for r in reminders)
        messages.append(EmailMessage(f"招商 · 今日待办 {total} 项", body, to=[user.email]))
    if messages:
        digest_connection().send_messages(messages)
    return len(messages)
