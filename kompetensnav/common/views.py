"""The site's own pages (start, accessibility, language, health, errors, a person's data),
and the two page shapes the apps' views share: a form page and a question before a
destructive step."""

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from . import people
from .forms import Form, apply_errors
from .http import download
from .permissions import require

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


# --- a person's data (GDPR) -----------------------------------------------------------------


class PersonDataForm(Form):
    email = forms.EmailField(label=gettext_lazy("The person's e-mail address"), max_length=254)
    confirmed = forms.BooleanField(
        label=gettext_lazy(
            "I have checked that the request comes from the person (or their representative)"
        ),
        required=False,
    )


@never_cache
@login_required
def person_data(request: HttpRequest) -> HttpResponseBase:
    """Everything the product holds about a person, found by e-mail (participant, company
    or organisation contact, user): what is held, the register extract as PDF or JSON, and
    erasure on request after a confirmation. POST only, so that no address lands in a log
    of visited pages."""
    require(request.user, people.PERMISSION)
    form = PersonDataForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "summary": None, "asking": False, "error": ""}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        action = request.POST.get("action", "find")
        if action == "json":
            data = people.person_data(email, actor=request.user)
            body = json.dumps({"email": email, "sources": data}, ensure_ascii=False, indent=2)
            return download(body.encode(), "registerutdrag.json")
        if action == "pdf":
            return download(people.person_pdf(email, actor=request.user), "registerutdrag.pdf")
        context["summary"] = people.person_summary(email, actor=request.user)
        context["email"] = email
        if action == "erase" and context["summary"]:
            if form.cleaned_data["confirmed"]:
                try:
                    people.person_erase(email, actor=request.user)
                except ValidationError as exc:
                    context["error"] = " ".join(exc.messages)
                else:
                    messages.success(
                        request,
                        _("The personal data of %(email)s is erased; the act is in the audit log.")
                        % {"email": email},
                    )
                    return redirect(reverse("common:person_data"))
            elif "confirm" in request.POST:
                form.add_error("confirmed", _("Tick the box once you have checked who is asking."))
            context["asking"] = True
    return render(request, "common/person_data_page.html", context)
