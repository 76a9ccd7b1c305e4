"""A person's notifications: the list (opening one marks it read), and their preferences.
Everybody signed in has their own; nobody sees another's."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from kompetensnav.common.pagination import paginate

from . import selectors, services
from .forms import InboxFilterForm, PreferenceForm
from .models import Notification


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    offered = selectors.kinds_offered(actor=request.user)
    filters = InboxFilterForm(request.GET or None, offered=offered)
    chosen = filters.filters()
    if request.method == "POST":
        count = services.mark_all_read(actor=request.user, kind=chosen["kind"])
        messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
        return redirect(request.get_full_path())
    page = paginate(request, selectors.inbox(actor=request.user, **chosen))
    return render(
        request,
        "notifications/inbox.html",
        {
            "filters": filters,
            "unread": selectors.unread_count(actor=request.user),
            **page,
        },
    )


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks the notification read and goes to what it is about."""
    try:
        notification = selectors.notification_for(actor=request.user, pk=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    services.mark_read(actor=request.user, notification=notification)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(target)


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    offered = selectors.kinds_offered(actor=request.user)
    current = selectors.preference_of(actor=request.user)
    initial = {
        "delivery": current.delivery,
        "wanted": [kind.code for kind in offered if kind.code not in current.muted],
    }
    form = PreferenceForm(request.POST or None, initial=initial, offered=offered)
    if request.method == "POST" and form.is_valid():
        services.preference_save(
            actor=request.user,
            delivery=form.cleaned_data["delivery"],
            wanted=form.cleaned_data["wanted"],
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
