"""Background work for projects: a web import of a large sheet (inline when huey runs immediate)."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

from zhaoshang.projects.importers.jobs import import_job_run

log = logging.getLogger(__name__)


@db_task()
def project_import_task(job_id: int) -> str:
    """Run a queued import job; returns its status."""
    return import_job_run(job_id=job_id).status
