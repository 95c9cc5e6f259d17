"""Requests the application cannot serve, answered in Chinese with a status a browser or script can act on."""

from __future__ import annotations

import logging
import sys
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.template.loader import render_to_string
from django.views import defaults

from zhaoshang.core.text_input import INVISIBLE, without_invisible

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
DATABASE_UNAVAILABLE = "系统暂时连不上数据库（可能正在重启或维护），请稍后重试；如有提交，您的修改未被保存。"
# PostgreSQL's SQLSTATEs for a connection that failed or went away: class 08 (connection exception) and the
# server shutting down or starting up (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
_CONNECTION_LOST_STATES = ("08", "57P01", "57P02", "57P03")


def is_database_busy(exception: BaseException) -> bool:
    """A lock held past the busy timeout (SQLite's `database is locked`, or a table lock)."""
    return isinstance(exception, OperationalError) and "locked" in str(exception)


def is_database_unavailable(exception: BaseException) -> bool:
    """The database could not be reached or dropped the connection (refused, restarting, closed under us)."""
    if isinstance(exception, InterfaceError):  # Django's or the driver's: the connection is already closed
        return True
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    state = getattr(cause, "sqlstate", None)
    if state is not None:
        return state.startswith(_CONNECTION_LOST_STATES)
    # A connection attempt or a connection broken mid-query carries no SQLSTATE in psycopg.
    text = str(exception).lower()
    return any(words in text for words in ("connection", "server closed", "unable to open database file"))


def database_busy_response(request: HttpRequest, response: HttpResponse | None = None) -> HttpResponse:
    response = response or problem_page(request, 503, "系统正忙", DATABASE_BUSY)
    response["Retry-After"] = str(settings.DATABASE_BUSY_RETRY_SECONDS)
    return response


def database_problem(exception: BaseException) -> str | None:
    """The sentence for a database failure that is not the code's bug and passes once retried, else None."""
    if is_database_busy(exception):
        return DATABASE_BUSY
    if is_database_unavailable(exception):
        return DATABASE_UNAVAILABLE
    return None


def database_problem_page(request: HttpRequest, message: str) -> HttpResponse:
    """503 with Retry-After: the API's JSON error for /api/, else a page drawn without the request's context
    (its user and session need the database)."""
    if request.path.startswith("/api/"):
        return database_busy_response(request, JsonResponse({"detail": message, "errors": []}, status=503,
                                                            json_dumps_params={"ensure_ascii": False}))
    try:
        body = render_to_string("503.html", {"message": message})
    except Exception:
        logger.exception("503 page failed to render")
        return database_busy_response(request, HttpResponse(f"系统暂时不可用：{message}", status=503,
                                                            content_type="text/plain; charset=utf-8"))
    return database_busy_response(request, HttpResponse(body, status=503))


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. Django calls it for an exception anywhere in the request, middleware included (a session
    read while the database restarts): a busy or unreachable database answers 503, anything else the 500 page."""
    exception = sys.exc_info()[1]
    message = database_problem(exception) if exception is not None else None
    if message is not None:
        return database_problem_page(request, message)
    return defaults.server_error(request)


class ServerProblemMiddleware:
    """Two failures that are not the code's bug answer a 4xx/5xx a person can act on, not a bare 500:
    a number too large for the database (the caller's mistake, 400) and a busy or unreachable database
    (503, retry). Raised before the view (in a middleware), the same failure reaches `server_error`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OverflowError):
            return problem_page(request, 400, "请求无效", NUMBER_TOO_LARGE)
        if (message := database_problem(exception)) is not None:
            logger.warning("database busy or unreachable on %s %s: %s", request.method, request.path, exception)
            return database_problem_page(request, message)
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


class QueryTextMiddleware:
    """A page's query string (a search, a filter) loses the control and direction characters core.text_input
    refuses in stored text: nobody types them, PostgreSQL refuses a NUL in a query, and a page would
    otherwise write them back into its search box. Reading, not storing, so they are dropped, not refused;
    the API refuses them with a 400 of its own (core.api_inputs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not request.path.startswith("/api/") and any(
                INVISIBLE.search(v) for values in request.GET.lists() for v in values[1]):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(without_invisible(key), [without_invisible(v) for v in values])
            cleaned._mutable = False
            request.GET = cleaned  # type: ignore[assignment]  # made immutable above, as Django's own
        return self.get_response(request)
