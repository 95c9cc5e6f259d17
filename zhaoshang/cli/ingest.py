"""`zhaoshang ingest`: store documents, extract them, and queue the extractions for review."""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "store documents (deduplicated by content), extract them and queue the extractions for review"
NEEDS_DJANGO = True
SUFFIXES = {".txt", ".html", ".htm", ".md"}


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE|DIR",
                        help="files, or folders searched for .txt, .html and .md files")
    parser.add_argument("--zone", help="zone code or name (optional while the database holds one zone)")
    parser.add_argument("--user", help="username the documents are attributed to")
    parser.add_argument("--background", action="store_true",
                        help="hand extraction to the huey worker (inline while ZHAOSHANG_TASKS_INLINE is true)")


def _files(paths: list[str]) -> list[Path]:
    files = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        else:
            files.append(path)
    return files


class ExtractionFailed(Exception):
    """The document was stored but the extractor failed on it."""


def _ingest_one(path: Path, *, zone, user, background: bool) -> str:
    from zhaoshang.intel.services import document_extract, document_extract_failed, document_ingest
    from zhaoshang.intel.tasks import document_extract_task

    document, created = document_ingest(raw_bytes=path.read_bytes(), source=str(path), zone=zone, user=user)
    if not created and document.extracted_at is not None:
        return f"duplicate of document {document.pk}"
    state = "new" if created else "duplicate, not yet extracted"
    if background:
        document_extract_task(document.pk)
        return f"{state}: document {document.pk}, extraction queued"
    try:
        items = document_extract(document=document)
    except Exception as exc:  # one bad article must not stop a batch
        document_extract_failed(document=document, error=f"{type(exc).__name__}: {exc}")
        raise ExtractionFailed(f"stored as document {document.pk}, but extraction failed: {exc}") from exc
    return f"{state}: document {document.pk}, {len(items)} items queued for review"


def run(args) -> int:
    from zhaoshang.accounts.models import User
    from zhaoshang.intel.services import IngestRejected
    from zhaoshang.zones.selectors import zone_resolve

    zone = zone_resolve(args.zone)
    user = None
    if args.user:
        user = User.objects.filter(username=args.user).first()
        if user is None:
            print(f"zhaoshang ingest: 没有用户名为“{args.user}”的用户。", file=sys.stderr)
            return 2
    failed = 0
    for path in _files(args.paths):
        try:
            print(f"{path}: {_ingest_one(path, zone=zone, user=user, background=args.background)}")
        except (OSError, IngestRejected, ExtractionFailed) as exc:
            failed += 1
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            print(f"{path}: rejected: {reason}", file=sys.stderr)
    return 1 if failed else 0
