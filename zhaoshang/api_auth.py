"""How the API knows who is calling, and how it answers when something is wrong.

Two ways in: the browser's Django session (unsafe methods need the CSRF token, as on the pages) and
`Authorization: Bearer <key>` for scripts (keys from `zhaoshang manage api_token`). Every error is JSON a
person can act on: `{"detail": "...", "errors": [{"field": ..., "message": ...}]}`.
"""

from __future__ import annotations

import functools
import logging

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer as BaseJSONRenderer
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from zhaoshang.accounts.models import ApiToken, User
from zhaoshang.core.middleware import (
    NUMBER_TOO_LARGE,
    body_too_big_message,
    database_busy_response,
    database_problem,
)
from zhaoshang.core.text_input import payload_check
from zhaoshang.currencies.money import MissingRate
from zhaoshang.zones.selectors import ZoneNotFound

logger = logging.getLogger(__name__)

UNAUTHENTICATED = "未登录或令牌无效：请先登录，或在请求头中提供 Authorization: Bearer <令牌>。"
NOT_FOUND = "未找到该记录，或您无权查看。"
READ_ONLY_DENIED = "此令牌为只读令牌，只能查询，不能新建或修改数据。"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FAILED = "CSRF 校验失败：以会话方式修改数据时，请在 X-CSRFToken 请求头中提供 csrftoken Cookie 的值。"


class TokenAuth(HttpBearer):
    """`Authorization: Bearer zs_…`; the user the key was issued to, if still active."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = ApiToken.find(token.strip()) if token.strip() else None
        if found is None:
            return None
        if found.read_only and request.method not in SAFE_METHODS:
            raise HttpError(403, READ_ONLY_DENIED)
        request.user = found.user  # so simple_history and services see who wrote
        return found.user


class SessionAuth(APIKeyCookie):
    """The signed-in user of the pages. CSRF is checked only when a session cookie is actually sent,
    so a script without a session gets 401 (not a CSRF error) when its token is missing or wrong."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        key = request.COOKIES.get(self.param_name)
        if key and self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, CSRF_FAILED)
        return key

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated and user.is_active else None


def api_user(request: HttpRequest) -> User:
    """The authenticated caller of an endpoint."""
    return request.auth  # type: ignore[attr-defined]  # set by ninja once a scheme accepts the caller


# --- documentation -------------------------------------------------------------------------------------

def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_active:
        return True
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    return scheme.lower() == "bearer" and bool(key.strip()) and ApiToken.authenticate(key.strip()) is not None


def docs_require_login(view):
    """The API documentation and its OpenAPI schema are for signed-in users only (等保 2.0).

    The schema also accepts a bearer token, so a client generator or fuzzer can fetch it.
    A browser asking for the documentation page is sent to the login page; anything else gets 401 JSON.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if _signed_in(request):
            return view(request, *args, **kwargs)
        if "text/html" in request.headers.get("Accept", "") and not request.path.endswith(".json"):
            try:
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            except NoReverseMatch:
                pass
        return JsonResponse(error_body(UNAUTHENTICATED), status=401,
                            json_dumps_params={"ensure_ascii": False})

    return wrapped


# --- errors --------------------------------------------------------------------------------------------

def error_body(detail: str, errors: list[dict] | None = None) -> dict:
    return {"detail": detail, "errors": errors or []}


def _django_validation_errors(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [{"field": None if field == "__all__" else field, "message": message}
                for field, messages in exc.message_dict.items() for message in messages]
    return [{"field": None, "message": message} for message in exc.messages]


# Chinese for the pydantic errors a client meets most; anything else keeps pydantic's English message.
_PYDANTIC_MESSAGES = {
    "missing": "必填",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "decimal_parsing": "应为数字，如 250000000",
    "decimal_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "date_from_datetime_parsing": "应为日期，格式 YYYY-MM-DD",
    "date_parsing": "应为日期，格式 YYYY-MM-DD",
    "string_type": "应为字符串",
    "list_type": "应为列表",
    "literal_error": "应为以下之一：{expected}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than_equal": "应不大于 {le}",
    "string_too_short": "不能为空",
    "string_too_long": "最多 {max_length} 个字符",
}


def _pydantic_message(error: dict) -> str:
    template = _PYDANTIC_MESSAGES.get(error.get("type", ""))
    if template is None:
        return error.get("msg", "")
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return error.get("msg", "")


def _ninja_validation_errors(exc: NinjaValidationError) -> list[dict]:
    errors = []
    for error in exc.errors:
        # ninja's loc is (source, [param name,] field, …); the source (body, query, path) is not a field.
        loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
        errors.append({"field": ".".join(loc) or None, "message": _pydantic_message(error)})
    return errors


def install_error_handlers(api: NinjaAPI) -> None:
    """Map the exceptions services raise to JSON with a status a client can branch on."""

    def respond(request, status: int, detail: str, errors: list[dict] | None = None) -> HttpResponse:
        return api.create_response(request, error_body(detail, errors), status=status)

    @api.exception_handler(DjangoValidationError)
    def validation_error(request, exc: DjangoValidationError):
        errors = _django_validation_errors(exc)
        detail = "；".join(e["message"] for e in errors) or "数据无效。"
        return respond(request, 400, detail, errors)

    @api.exception_handler(NinjaValidationError)
    def request_invalid(request, exc: NinjaValidationError):
        errors = _ninja_validation_errors(exc)
        summary = "；".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
        return respond(request, 422, f"请求参数有误：{summary}", errors)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc: PermissionDenied):
        return respond(request, 403, str(exc) or "您没有执行此操作的权限。")

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        return respond(request, 404, NOT_FOUND)

    @api.exception_handler(ObjectDoesNotExist)
    def does_not_exist(request, exc: ObjectDoesNotExist):
        return respond(request, 404, NOT_FOUND)

    @api.exception_handler(ZoneNotFound)
    def zone_not_found(request, exc: ZoneNotFound):
        return respond(request, 400, str(exc), [{"field": "zone", "message": str(exc)}])

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc: AuthenticationError):
        return respond(request, 401, UNAUTHENTICATED)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc: RequestDataTooBig):
        return respond(request, 413, body_too_big_message())

    @api.exception_handler(OverflowError)
    def overflow(request, exc: OverflowError):
        # A number past what the database stores (an id, a page) reached a query: the input is wrong.
        return respond(request, 400, NUMBER_TOO_LARGE)

    @api.exception_handler(MissingRate)
    def missing_rate(request, exc: MissingRate):
        return respond(request, 409, f"{exc}。请在管理后台“汇率”中补充后重试。")

    @api.exception_handler(Exception)
    def unexpected(request, exc: Exception):
        if (message := database_problem(exc)) is not None:
            logger.warning("database busy or unreachable on %s %s: %s", request.method, request.path, exc)
            return database_busy_response(request, respond(request, 503, message))
        if settings.DEBUG:
            raise exc
        logger.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500, "服务器内部错误，已记录日志；请稍后重试，或把出错时间告诉管理员。")

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if isinstance(exc.__cause__, DjangoValidationError):  # ninja wraps what the body parser refused
            return validation_error(request, exc.__cause__)
        detail = str(exc)
        if detail.startswith("Cannot parse request body"):
            detail = "请求体不是有效的 JSON。"
        return respond(request, exc.status_code, detail)


class JSONRenderer(BaseJSONRenderer):
    """JSON with Chinese left readable (no \\uXXXX escapes)."""

    json_dumps_params = {"ensure_ascii": False}


class TextRuleParser(Parser):
    """Bodies and query strings obey the one text rule of the pages and imports (`core.text_input`)."""

    def parse_body(self, request: HttpRequest):
        data = super().parse_body(request)
        payload_check(data)
        return data

    def parse_querydict(self, data, list_fields, request: HttpRequest):
        parsed = super().parse_querydict(data, list_fields, request)
        payload_check(parsed)
        return parsed
