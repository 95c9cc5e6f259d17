"""Audit rows for what a request did: writes, downloads and exports, denials."""

from __future__ import annotations

import logging

from django.db import DatabaseError

from zhaoshang.audit.models import AuditEvent
from zhaoshang.audit.services import audit_record, current_request

logger = logging.getLogger(__name__)
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
DENIALS = {401, 403, 429}
# Sign-in and sign-out are recorded by the auth signals, with their own action.
SKIPPED_PATHS = ("/accounts/login/", "/accounts/logout/", "/admin/login/", "/admin/logout/", "/static/")


class AuditMiddleware:
    """Records each write (its method, path and status), each attachment sent (exports and downloads) and
    each denial; model receivers read who and from where from the request it holds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        try:
            self._record(request, response)
        except DatabaseError:  # a database too busy to take the row must not turn the answer into a 500
            logger.exception("audit row not written for %s %s", request.method, request.path)
        return response

    def _record(self, request, response) -> None:
        path = request.path
        if path.startswith(SKIPPED_PATHS):
            return
        status = response.status_code
        if status in DENIALS:
            action = AuditEvent.Action.DENIED
        elif "attachment" in response.get("Content-Disposition", ""):
            action = AuditEvent.Action.EXPORT
        elif request.method in WRITES and status < 400:
            action = AuditEvent.Action.DELETE if request.method == "DELETE" else AuditEvent.Action.WRITE
        else:
            return
        query = request.META.get("QUERY_STRING", "")
        audit_record(action=action, request=request, target=f"{request.method} {path}",
                     detail=query[:1000], result=status)
