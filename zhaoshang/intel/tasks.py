"""Background work for documents: extraction off the request path (inline when huey runs immediate)."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

from zhaoshang.intel.models import Document
from zhaoshang.intel.services import document_extract, document_extract_failed

log = logging.getLogger(__name__)


@db_task()
def document_extract_task(document_id: int) -> int:
    """Extract a stored document and queue its items; returns how many items were queued."""
    document = Document.objects.get(pk=document_id)
    try:
        return len(document_extract(document=document))
    except Exception as exc:
        log.exception("extraction of document %s failed", document_id)
        document_extract_failed(document=document, error=f"{type(exc).__name__}: {exc}")
        raise
