"""The 全代办 block another app's page shows: `{% load approvals_tags %}{% project_approvals project %}`.

The project page stays the projects app's; this tag brings the checklist to it, read through the approvals
selectors, so a user who may not read cases sees nothing (not even that a checklist exists)."""

from __future__ import annotations

from django import template
from django.utils import timezone

from zhaoshang.approvals.models import ApprovalTask
from zhaoshang.approvals.selectors import tasks_visible_to

register = template.Library()


@register.inclusion_tag("approvals/_project_tasks.html", takes_context=True)
def project_approvals(context, project) -> dict:
    """The project's checklist: how far it is done and, first, each item past due and not done today."""
    request = context.get("request")
    user = getattr(request, "user", None)
    tasks = list(tasks_visible_to(user, ApprovalTask.objects.filter(project=project)).select_related("owner"))
    today = timezone.localdate()
    overdue = [(t, (today - t.due_on).days) for t in tasks if t.overdue_on(today)]
    return {"tasks": tasks, "overdue": overdue, "today": today,
            "done": sum(1 for t in tasks if t.status != ApprovalTask.Status.OPEN)}
