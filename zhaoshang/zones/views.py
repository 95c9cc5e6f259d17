"""The enclave statement page: each agreement's figures split between the zone and its partner."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from zhaoshang.zones.selectors import agreements_visible_to
from zhaoshang.zones.services import enclave_statement


@login_required
def enclave_report(request):
    """Partner staff see their own carrier's part of their own agreement; zone staff see every agreement."""
    try:
        year = int(request.GET.get("year") or dt.date.today().year - 1)
    except ValueError:
        raise Http404("年度须为数字") from None
    user = request.user
    carrier_id = user.carrier_id if user.is_partner else None
    statement = enclave_statement(agreements=agreements_visible_to(user), year=year, carrier_id=carrier_id)
    return render(request, "zones/enclave.html", {"statement": statement, "year": year})
