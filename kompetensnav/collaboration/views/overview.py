"""The collaboration model's start page: the two levels, and where each part lives."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kompetensnav.common.permissions import require

from ..selectors import overview as selectors


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require(request.user, "collaboration.view")
    return render(
        request,
        "collaboration/overview.html",
        {"counts": selectors.overview_counts(actor=request.user)},
    )
