from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require

from .forms import LogFilterForm
from .selectors import log_entries, readable_changes


@login_required
def log(request: HttpRequest) -> HttpResponse:
    require(request.user, "audit.view_log")
    filters = LogFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = log_entries(
        actor=request.user,
        search=data.get("q", ""),
        model=data.get("model", ""),
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    page = paginate(request, qs, 50)
    entries = list(page["object_list"])
    readable = readable_changes(entries)
    for entry in entries:
        entry.readable = readable[entry.pk]
    page["object_list"] = entries
    return render(request, "audit/log.html", {"filters": filters, **page})
