"""The pages respondents use without an account: a questionnaire's public link and the
personal invitation link. Rate-limited by client address (hashed, kept only in the cache),
with a honeypot field; conditions work without JavaScript (the server decides)."""

import hashlib

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language

from kompetensnav.companies.models import Company

from . import selectors, services
from .enums import Channel, PublicMode
from .forms import AnswerForm, RespondentForm
from .models import Invitation, Questionnaire

SUBMISSIONS_PER_HOUR = 30


def _language() -> str:
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def rate_limited(request: HttpRequest, scope: str, limit: int = SUBMISSIONS_PER_HOUR) -> bool:
    """Count a submission from this client address; True when over the hourly limit."""
    address = get_adapter().get_client_ip(request) or "unknown"
    digest = hashlib.sha256(f"{scope}:{address}".encode()).hexdigest()[:32]
    key = f"survey-rate:{digest}"
    cache.add(key, 0, timeout=3600)
    try:
        used = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        used = 1
    return used > limit


def _closed(request, questionnaire, language: str) -> HttpResponse:
    return render(
        request,
        "questionnaires/public/closed.html",
        {
            "questionnaire": questionnaire,
            "title": questionnaire.title(language),
            "today": timezone.localdate(),
        },
    )


def _apply(form: AnswerForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for key, errors in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        questionnaire = selectors.questionnaire_by_public_token(token)
    except Questionnaire.DoesNotExist:
        raise Http404 from None
    language = _language()
    version = selectors.current_version(questionnaire.key)
    if version is None or not questionnaire.is_open(timezone.localdate()):
        return _closed(request, questionnaire, language)
    named = questionnaire.public_mode == PublicMode.NAMED
    consent = questionnaire.consent(language)
    data = request.POST if request.method == "POST" else None
    form = AnswerForm(version, language=language, data=data)
    respondent = RespondentForm(data, named=named, has_consent=bool(consent), prefix="r")
    if request.method == "POST":
        if rate_limited(request, "public"):
            return render(request, "429.html", status=429)
        if respondent.is_spam:
            return redirect("survey:thanks")  # say nothing to a bot
        answers_ok = form.is_valid()
        respondent_ok = respondent.is_valid()
        if answers_ok and respondent_ok:
            who = respondent.cleaned_data
            company = None
            if named and who.get("org_number"):
                company = Company.objects.filter(org_number=who["org_number"]).first()
            try:
                services.response_submit(
                    version=version,
                    answers=form.answers(),
                    channel=Channel.PUBLIC,
                    company=company,
                    respondent_name=who.get("name", "") if named else "",
                    respondent_email=who.get("email", "") if named else "",
                )
            except ValidationError as exc:
                _apply(form, exc)
            else:
                return redirect("survey:thanks")
    return render(
        request,
        "questionnaires/public/answer.html",
        {
            "questionnaire": questionnaire,
            "title": questionnaire.title(language),
            "description": questionnaire.description(language),
            "consent": consent,
            "form": form,
            "respondent": respondent,
            "named": named,
            "anonymous": not named,
        },
    )


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invite = selectors.invitation_by_token(token)
    except Invitation.DoesNotExist:
        raise Http404 from None
    questionnaire = invite.version.questionnaire
    language = _language()
    if invite.answered:
        return render(
            request,
            "questionnaires/public/answered.html",
            {"title": questionnaire.title(language)},
        )
    if not questionnaire.is_open(timezone.localdate()):
        return _closed(request, questionnaire, language)
    consent = questionnaire.consent(language)
    data = request.POST if request.method == "POST" else None
    form = AnswerForm(invite.version, language=language, data=data)
    respondent = RespondentForm(data, named=False, has_consent=bool(consent), prefix="r")
    if request.method == "POST":
        if rate_limited(request, "invitation"):
            return render(request, "429.html", status=429)
        answers_ok = form.is_valid()
        respondent_ok = respondent.is_valid()
        if answers_ok and respondent_ok and not respondent.is_spam:
            try:
                services.invitation_answer(invitation=invite, answers=form.answers())
            except services.AlreadyAnswered:
                return render(
                    request,
                    "questionnaires/public/answered.html",
                    {"title": questionnaire.title(language)},
                )
            except ValidationError as exc:
                _apply(form, exc)
            else:
                return redirect("survey:thanks")
    return render(
        request,
        "questionnaires/public/answer.html",
        {
            "questionnaire": questionnaire,
            "title": questionnaire.title(language),
            "description": questionnaire.description(language),
            "consent": consent,
            "form": form,
            "respondent": respondent,
            "named": False,
            "anonymous": questionnaire.invitations_anonymous,
            "invitation": invite,
        },
    )


def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "questionnaires/public/thanks.html")
