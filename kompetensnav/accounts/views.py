from allauth.account.internal.flows.reauthentication import suspend_request
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompetensnav.common.forms import apply_errors
from kompetensnav.common.links import site_url
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require

from . import selectors, services
from .acting import acting_affiliation, affiliations_of, set_acting
from .forms import AffiliationForm, ApiTokenForm, InviteForm, PeopleFilterForm, ProfileForm
from .mfa import has_mfa, recently_confirmed_with_mfa, role_requires_mfa


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"full_name": user.full_name, "language": user.language}
    )
    if request.method == "POST" and form.is_valid():
        services.profile_update(actor=user, **form.cleaned_data)
        with translation.override(user.language):
            messages.success(request, _("Your settings have been saved."))
        return redirect("accounts:profile")

    return render(
        request,
        "accounts/profile.html",
        {"form": form, "mfa_enabled": is_mfa_enabled(user), "affiliations": affiliations_of(user)},
    )


@login_required
@require_POST
def switch_affiliation(request: HttpRequest) -> HttpResponse:
    try:
        wanted = int(request.POST.get("affiliation", ""))
    except ValueError:
        wanted = None
    for affiliation in affiliations_of(request.user):
        if affiliation.pk == wanted:
            set_acting(request, affiliation)
            messages.success(
                request, _("You now act for %(org)s.") % {"org": affiliation.organisation}
            )
            break
    else:
        raise Http404
    return redirect("common:home")


@login_required
def people(request: HttpRequest) -> HttpResponse:
    require(request.user, "accounts.manage_people")
    filters = PeopleFilterForm(request.GET or None)
    filters.is_valid()
    data = getattr(filters, "cleaned_data", {})
    qs = selectors.affiliation_list(
        actor=request.user, search=data.get("q", ""), role=data.get("role", "")
    )
    return render(request, "accounts/people.html", {"filters": filters, **paginate(request, qs)})


@login_required
def person_invite(request: HttpRequest) -> HttpResponse:
    require(request.user, "accounts.manage_people")
    form = InviteForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            affiliation = services.person_invite(
                actor=request.user, base_url=site_url("/"), **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("You may not give that role."))
        else:
            messages.success(
                request,
                _("%(email)s has been added and gets an e-mail with a link to log in.")
                % {"email": affiliation.user.email},
            )
            return redirect("accounts:people")
    return render(request, "accounts/person_invite.html", {"form": form})


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    affiliation = selectors.affiliation_get(actor=request.user, pk=pk)
    form = AffiliationForm(
        request.POST or None,
        actor=request.user,
        initial={"role": affiliation.role, "is_active": affiliation.is_active},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.affiliation_update(
                actor=request.user, affiliation=affiliation, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("accounts:people")
    return render(request, "accounts/person_edit.html", {"form": form, "affiliation": affiliation})


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """List and create tokens. For a role that requires two-factor authentication, creating
    one needs two-factor set up and a code entered in the last few minutes: otherwise the
    POST is kept and allauth's reauthentication page asks for a code, then carries it out."""
    user = request.user
    require(user, "accounts.use_api_tokens")
    role = acting_affiliation(user).role
    needs_mfa = role_requires_mfa(role)
    mfa_missing = needs_mfa and not has_mfa(user)
    form = ApiTokenForm(request.POST or None, role=role)
    new_key = None
    if request.method == "POST" and form.is_valid():
        if mfa_missing:
            form.add_error(
                None,
                _(
                    "Your role requires two-factor authentication: turn it on before you create a token."
                ),
            )
        elif needs_mfa and not recently_confirmed_with_mfa(request):
            return suspend_request(request, reverse("mfa_reauthenticate"))
        else:
            _token, new_key = services.api_token_create(
                actor=user, mfa_confirmed=needs_mfa, **form.cleaned_data
            )
            form = ApiTokenForm(role=role)
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": selectors.api_token_list(actor=user),
            "needs_mfa": needs_mfa,
            "mfa_missing": mfa_missing,
            "max_age_days": settings.API_TOKEN_MAX_AGE_DAYS,
        },
    )


@login_required
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST revokes."""
    token = selectors.api_token_list(actor=request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    if request.method == "POST":
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("The token has been revoked and can no longer be used."))
        return redirect("accounts:api_tokens")
    return render(request, "accounts/api_token_revoke.html", {"token": token})


@login_required
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator disables (or re-enables) a whole account; GET asks for confirmation."""
    require(request.user, "accounts.disable_user")
    affiliation = selectors.affiliation_get(actor=request.user, pk=pk)
    person = affiliation.user
    if request.method == "POST":
        try:
            services.user_set_active(
                actor=request.user, user=person, is_active=not person.is_active
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if person.is_active:
                messages.success(request, _("The account has been enabled again."))
            else:
                messages.success(
                    request, _("The account has been disabled and its sessions have ended.")
                )
        return redirect("accounts:person_edit", pk=affiliation.pk)
    return render(
        request, "accounts/user_set_active.html", {"affiliation": affiliation, "person": person}
    )
