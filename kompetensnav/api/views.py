"""The webhooks pages: an organisation's subscriptions, each with its delivery log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.accounts.enums import Role
from kompetensnav.common.forms import apply_errors
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require

from . import webhooks
from .forms import WebhookEditForm, WebhookForm
from .models import WebhookDelivery, WebhookSubscription


def _subscriptions(request: HttpRequest):
    require(request.user, "api.manage_webhooks")
    affiliation = acting_affiliation(request.user)
    return WebhookSubscription.objects.filter(organisation_id=affiliation.organisation_id)


def _subscription(request: HttpRequest, pk: int) -> WebhookSubscription:
    found = _subscriptions(request).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    subscriptions = _subscriptions(request)
    form = WebhookForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = webhooks.subscription_create(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The webhook %(name)s is created.") % {"name": subscription}
            )
            form = WebhookForm()
    return render(
        request,
        "api/webhook_list.html",
        {
            "form": form,
            "secret": secret,
            "subscriptions": list(subscriptions),
            "whole_network": acting_affiliation(request.user).role == Role.COORDINATOR,
        },
    )


@login_required
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subscription = _subscription(request, pk)
    initial = {
        "name": subscription.name,
        "url": subscription.url,
        "events": subscription.events,
        "is_active": subscription.is_active,
    }
    form = WebhookEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            webhooks.subscription_update(
                actor=request.user, subscription=subscription, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The webhook is saved."))
            return redirect("webhooks:webhook_detail", pk=subscription.pk)
    deliveries = WebhookDelivery.objects.filter(subscription=subscription).defer("payload")
    return render(
        request,
        "api/webhook_detail.html",
        {"subscription": subscription, "form": form, **paginate(request, deliveries, 20)},
    )


@login_required
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes the webhook and its log."""
    subscription = _subscription(request, pk)
    if request.method == "POST":
        webhooks.subscription_delete(actor=request.user, subscription=subscription)
        messages.success(request, _("The webhook %(name)s is deleted.") % {"name": subscription})
        return redirect("webhooks:webhook_list")
    return render(request, "api/webhook_delete.html", {"subscription": subscription})


@login_required
@require_POST
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = (
        WebhookDelivery.objects.select_related("subscription")
        .filter(pk=pk, subscription__in=_subscriptions(request))
        .first()
    )
    if delivery is None:
        raise Http404
    try:
        webhooks.delivery_retry(actor=request.user, delivery=delivery)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The event will be sent again in a moment."))
    return redirect("webhooks:webhook_detail", pk=delivery.subscription_id)
