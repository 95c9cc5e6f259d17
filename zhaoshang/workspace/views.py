"""The header's search and the reminders (待办) page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html

from zhaoshang.kpis.cache import cached
from zhaoshang.workspace.reminders import reminder_count, reminders_for
from zhaoshang.workspace.search import site_search

RESULTS_PER_KIND_PAGE = 50
BADGE_SECONDS = 60


@login_required
def search(request):
    """As-you-type answers for the header (htmx), or the whole result page when the form is sent."""
    q = request.GET.get("q", "").strip()
    if request.headers.get("HX-Request"):
        return render(request, "workspace/search_results.html", {"q": q, "groups": site_search(
            user=request.user, q=q)})
    return render(request, "workspace/search.html", {"q": q, "groups": site_search(
        user=request.user, q=q, limit=RESULTS_PER_KIND_PAGE)})


@login_required
def todo(request):
    return render(request, "workspace/todo.html", {"nav": "todo", "reminders": reminders_for(request.user)})


@login_required
def todo_count(request):
    """The header's badge, loaded after the page so reminders never slow a page down."""
    # Drawn on every page, so kept for a minute (and until a write changes the figures); /todo/ is always fresh.
    count = cached(("todo-count", request.user.pk, timezone.localdate()), lambda: reminder_count(request.user),
                   seconds=BADGE_SECONDS)
    if not count:
        return HttpResponse("")
    return HttpResponse(format_html('<span class="badge" id="todo-count" title="{} 项待办">{}</span>', count,
                                    count if count < 100 else "99+"))
