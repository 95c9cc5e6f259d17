"""Requests the application cannot serve, answered in Chinese with a status a browser or script can act on."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.core.exceptions import RequestDataTooBig
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

NUMBER_TOO_LARGE = "请求中的数字超出允许范围。"
BAD_REQUEST = "请求无效：请检查地址或表单内容后重试。"


def body_too_big_message() -> str:
    megabytes = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
    return f"请求内容超过上限 {megabytes:g} MB，未被处理。请缩小文件或分批提交。"


def problem_page(request: HttpRequest, status: int, heading: str, message: str) -> HttpResponse:
    """A short Chinese page for a refused request; plain text if even the page cannot be drawn."""
    try:
        body = render_to_string("errors/problem.html", {"heading": heading, "message": message}, request)
    except Exception:  # the page itself failed (e.g. no database): the status and sentence still reach the user
        logger.exception("error page failed to render")
        return HttpResponse(f"{heading}：{message}", status=status, content_type="text/plain; charset=utf-8")
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a body past the upload limit is a 413; anything else Django refuses is a 400."""
    if isinstance(exception, RequestDataTooBig):
        return problem_page(request, 413, "内容过大", body_too_big_message())
    return problem_page(request, 400, "请求无效", BAD_REQUEST)


DATABASE_BUSY = "系统正忙（数据库被其他操作占用），请稍后重试；您的修改未被保存。"


def is_database_busy(exception: BaseException) -> bool:
    """A lock held past the busy timeout (SQLite's `database is locked`, or a table lock)."""
    return isinstance(exception, OperationalError) and "locked" in str(exception)


def database_busy_response(request: HttpRequest, response: HttpResponse | None = None) -> HttpResponse:
    response = response or problem_page(request, 503, "系统正忙", DATABASE_BUSY)
    response["Retry-After"] = str(settings.DATABASE_BUSY_RETRY_SECONDS)
    return response


class ServerProblemMiddleware:
    """Two failures that are not the code's bug answer a 4xx/5xx a person can act on, not a bare 500:
    a number too large for the database (the caller's mistake, 400) and a busy database (503, retry)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OverflowError):
            return problem_page(request, 400, "请求无效", NUMBER_TOO_LARGE)
        if is_database_busy(exception):
            logger.warning("database busy on %s %s", request.method, request.path)
            return database_busy_response(request)
        return None


class SessionLifetimeMiddleware:
    """The idle timeout without a database write per request, and an absolute lifetime.

    The session is saved (so its expiry moves on) at most every SESSION_TOUCH_SECONDS; a session older than
    SESSION_ABSOLUTE_SECONDS since sign-in is ended however active it is. Token callers have no session
    and are left alone.
    """

    STARTED, TOUCHED = "zs_started", "zs_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = int(time.time())
        session = request.session
        if SESSION_KEY in session and now - session.get(self.STARTED, now) > settings.SESSION_ABSOLUTE_SECONDS:
            logout(request)
        response = self.get_response(request)
        if SESSION_KEY in session:
            session.setdefault(self.STARTED, now)
            if now - session.get(self.TOUCHED, 0) >= settings.SESSION_TOUCH_SECONDS:
                session[self.TOUCHED] = now
        return response


# No inline script anywhere (the cockpit's charts are static/js/cockpit.js); inline style attributes stay.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
    "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
])


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on every response, and `Cache-Control: no-store` on the API's, whose
    answers hold confidential records no proxy or browser cache should keep."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if request.path.startswith("/api/"):
            response["Cache-Control"] = "no-store"
        return response
