"""Running a web import as a job: queue it with its file, run it with progress, keep how it ended."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zhaoshang.accounts.models import User
from zhaoshang.accounts.permissions import PROJECT_IMPORT_DENIED, can_import_projects
from zhaoshang.projects.importers.service import ProjectImportResult, project_import
from zhaoshang.projects.models import PROBLEMS_KEPT, ImportJob
from zhaoshang.zones.models import Zone

log = logging.getLogger(__name__)


def import_job_queue(*, user: User, zone: Zone, upload, dry_run: bool = False) -> ImportJob:
    """Store the uploaded file with a queued job; the caller hands the job to `project_import_task`."""
    if not can_import_projects(user):
        raise PermissionDenied(PROJECT_IMPORT_DENIED)
    job = ImportJob(user=user, zone=zone, filename=upload.name[:255], dry_run=dry_run)
    job.file.save(upload.name, upload, save=False)
    job.save()
    return job


def import_job_run(*, job_id: int) -> ImportJob:
    """Import the job's file, recording progress as it goes and the outcome at the end."""
    job = ImportJob.objects.select_related("user", "zone").get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job  # run already (a retried task)
    _update(job, status=ImportJob.Status.RUNNING, started_at=timezone.now())

    def progress(phase: str, done: int, total: int | None) -> None:
        _update(job, phase=phase, done=done, total=total)

    try:
        with job.file.open("rb") as stream:
            result = project_import(user=job.user, zone=job.zone, file=stream, filename=job.filename,
                                    dry_run=job.dry_run, progress=progress)
    except Exception as exc:
        log.exception("import job %s failed", job_id)
        _update(job, status=ImportJob.Status.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000],
                finished_at=timezone.now())
    else:
        _update(job, **_outcome(result), finished_at=timezone.now())
    job.file.delete(save=False)  # the record keeps the file's name, counts and problems
    _update(job, file="")
    return job


def _outcome(result: ProjectImportResult) -> dict:
    return {"status": ImportJob.Status.DONE if result.ok else ImportJob.Status.REFUSED,
            "rows": result.rows, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "organizations_created": result.organizations_created,
            "organizations_updated": result.organizations_updated, "notes": result.notes,
            "problem_count": len(result.problems),
            "problems": [{"file": p.file, "row": p.row, "column": p.column, "reason": p.reason}
                         for p in result.problems[:PROBLEMS_KEPT]]}


def _update(job: ImportJob, **fields) -> None:
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)
