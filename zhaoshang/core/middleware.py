"""Requests the application cannot serve, answered in Chinese with a status a browser or script can act on."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
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


class InputOverflowMiddleware:
    """An id or number too large for the database (in a path or a query) is the caller's mistake: 400."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OverflowError):
            return problem_page(request, 400, "请求无效", NUMBER_TOO_LARGE)
        return None
