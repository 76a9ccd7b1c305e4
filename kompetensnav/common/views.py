"""The site's own pages (start, accessibility, language, health, errors), and the two page
shapes the apps' views share: a form page and a question before a destructive step."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .forms import apply_errors

# --- the shared page shapes ---------------------------------------------------------------


def form_page(
    request: HttpRequest,
    *,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    redirect_to: str | Callable[[Any], str],
    template: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET (or a POST the form refuses) shows `template` with the form. A valid POST calls
    `save(cleaned_data)`, the service call: a ValidationError it raises shows on the form with
    what was typed; else the `success` message and a redirect to `redirect_to` (a URL, or a
    function of what save returned)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(redirect_to(saved) if callable(redirect_to) else redirect_to)
    return render(request, template, {**(context or {}), "form": form})


def confirm_page(
    request: HttpRequest,
    *,
    action: Callable[[], Any],
    success: str,
    redirect_to: str,
    template: str,
    context: dict[str, Any] | None = None,
    refused_status: int = 200,
) -> HttpResponse:
    """Ask before a destructive step: GET shows `template` (the question, and a form that
    POSTs here); POST calls `action()`, then the `success` message and a redirect. A step the
    service refuses (ValidationError) shows its reason on the page as `error`, with
    `refused_status`."""
    error = ""
    if request.method == "POST":
        try:
            action()
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, success)
            return redirect(redirect_to)
    return render(
        request,
        template,
        {**(context or {}), "error": error},
        status=refused_status if error else 200,
    )


# --- the site's own pages -----------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "common/landing.html")
    # The apps above fill the start page with panels (whom the user acts for, the network).
    return render(request, "common/home.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "common/accessibility.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, and a logged-in user's choice is remembered on their account."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in {code for code, _ in _languages()}:
        request.user.language = language
        request.user.save(update_fields=["language"])
    nxt = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        post = request.POST.copy()
        post["next"] = "/"
        request.POST = post  # type: ignore[assignment]  # Django's set_language reads it
    return django_set_language(request)


def _languages() -> list[tuple[str, Any]]:
    return settings.LANGUAGES


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """allauth calls this when a login or password-reset rate limit is hit."""
    return render(request, "429.html", status=429)
