"""`/report/`: the bulletin as the signed-in user may see it, streamed as a download."""

from __future__ import annotations

import tempfile

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from zhaoshang.bulletin.build import bulletin_build
from zhaoshang.bulletin.wording import PeriodInvalid
from zhaoshang.bulletin.writers import FORMATS, bulletin_write
from zhaoshang.core.errors import UserError
from zhaoshang.core.middleware import problem_page
from zhaoshang.kpis.selectors import kpi_scope
from zhaoshang.zones.services import BASES

SUFFIXES = {"md": "md", "docx": "docx", "pdf": "pdf", "xlsx": "xlsx"}


@login_required
def report(request):
    fmt = request.GET.get("format") or "docx"
    if fmt not in FORMATS:
        return problem_page(request, 400, "格式无效", f"简报格式须为 {'、'.join(FORMATS)} 之一，而不是“{fmt}”。")
    basis = request.GET.get("basis") or "zone"
    if basis not in BASES:
        return problem_page(request, 400, "口径无效", f"口径须为 {'、'.join(BASES)} 之一，而不是“{basis}”。")
    try:
        zone, year = kpi_scope(request.GET.get("zone"), request.GET.get("year"))
    except UserError as exc:  # a zone or year that is not there: the bulletin is not there either
        raise Http404(str(exc)) from None
    try:
        bulletin = bulletin_build(zone=zone, year=year, period=request.GET.get("period"), viewer=request.user,
                                  basis=basis)
    except PeriodInvalid as exc:
        return problem_page(request, 400, "期间无效", str(exc))
    spool = tempfile.TemporaryFile()  # noqa: SIM115 — the response closes it once sent
    bulletin_write(bulletin, fmt, spool)
    spool.seek(0)
    filename = f"{bulletin.title}-{bulletin.period_label}.{SUFFIXES[fmt]}"
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=FORMATS[fmt][1])
