"""Public pages, no account needed: register for a course, cancel by the link in the
confirmation e-mail, download one's certificate by its link.

Protection against automation without hurting accessibility: a per-IP rate limit on
submissions (allauth's limiter, as for the login), a honeypot field that people never see
or reach (hidden from assistive technology and out of the tab order, labelled "leave this
field empty" in case it is ever read), and CSRF."""

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kompetensnav.accounts.models import Affiliation
from kompetensnav.campus.ical import calendar_for_sessions
from kompetensnav.campus.models import Course
from kompetensnav.common.forms import apply_errors
from kompetensnav.common.http import download
from kompetensnav.common.links import site_url
from kompetensnav.companies.models import Company

from . import services
from .certificates import certificates, certificates_pdf
from .certificates import verify as verify_certificate
from .enums import RegistrationStatus
from .forms import RegistrationForm, VerifyForm
from .models import Participant, PendingRegistration, Registration
from .retention import consent_text

DEFAULT_RATE = "10/m/ip,40/h/ip"
DONE_SESSION_KEY = "participants_registered"
PENDING_SESSION_KEY = "participants_pending"


def _rate_limited(request: HttpRequest) -> bool:
    config = {"register": getattr(settings, "PARTICIPANTS_REGISTRATION_RATE_LIMIT", DEFAULT_RATE)}
    usage = ratelimit.consume(
        request, app="kompetensnav.participants", action="register", config=config
    )
    return usage is None


def _open_course(pk: int) -> Course:
    course = get_object_or_404(Course.objects.select_related("provider"), pk=pk)
    if not services.course_open_for_registration(course):
        raise Http404
    return course


def register(request: HttpRequest, pk: int) -> HttpResponse:
    course = _open_course(pk)
    options = services.place_options(course=course)
    form = RegistrationForm(request.POST or None, options=options)
    form.fields["consent"].help_text = consent_text(course)  # the course's real period
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "429.html", status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                outcome = services.registration_request(
                    course=course,
                    full_name=data["full_name"],
                    email=data["email"],
                    place=data["place"],
                    gender=data["gender"] or "",
                    employer_org_number=data["employer_org_number"],
                    employer_name=data["employer_name"],
                    language=translation.get_language() or "sv",
                    base_url=site_url("/"),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if outcome.pending is not None:
                    request.session[PENDING_SESSION_KEY] = outcome.pending.pk
                    return redirect("registration:check_email", pk=course.pk)
                request.session[DONE_SESSION_KEY] = outcome.result.registration.pk
                return redirect("registration:registered", pk=course.pk)
    language = translation.get_language() or "sv"
    return render(
        request,
        "registration/register.html",
        {
            "course": course,
            "course_title": course.title(language),
            "description": course.description(language),
            "sessions": course.sessions.select_related("sending_site").order_by("start"),
            "options": options,
            "form": form,
        },
    )


@never_cache
def registered(request: HttpRequest, pk: int) -> HttpResponse:
    registration_pk = request.session.get(DONE_SESSION_KEY)
    registration = (
        Registration.objects.select_related("course", "site", "participant")
        .filter(pk=registration_pk, course_id=pk)
        .first()
    )
    if registration is None:
        return redirect("registration:register", pk=pk)
    language = translation.get_language() or "sv"
    return render(
        request,
        "registration/registered.html",
        {
            "registration": registration,
            "course_title": registration.course.title(language),
            "position": services.waitlist_position(registration),
        },
    )


@never_cache
def check_email(request: HttpRequest, pk: int) -> HttpResponse:
    """After a registration with an address we know: the link to confirm is on its way. Only
    what the visitor typed is shown."""
    pending = (
        PendingRegistration.objects.select_related("course")
        .filter(pk=request.session.get(PENDING_SESSION_KEY), course_id=pk)
        .first()
    )
    if pending is None:
        return redirect("registration:register", pk=pk)
    language = translation.get_language() or "sv"
    return render(
        request,
        "registration/check_email.html",
        {
            "pending": pending,
            "course_title": pending.course.title(language),
            "hours": int(services.CONFIRM_MAX_AGE.total_seconds() // 3600),
        },
    )


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: a page that asks for a click (mail scanners open links; a GET
    changes nothing), then the registration is made."""
    try:
        pending = services.pending_from_confirm_token(token)
    except services.ConfirmLinkExpired:
        return render(request, "registration/confirm_invalid.html", {"expired": True}, status=410)
    except PendingRegistration.DoesNotExist:
        return render(request, "registration/confirm_invalid.html", {"expired": False}, status=404)
    language = translation.get_language() or "sv"
    context = {
        "pending": pending,
        "course_title": pending.course.title(language),
        "course_pk": pending.course_id,
    }
    if request.method == "POST":
        try:
            result = services.registration_confirm(pending=pending, base_url=site_url("/"))
        except ValidationError as exc:
            context["errors"] = exc.messages
            return render(request, "registration/confirm.html", context, status=409)
        request.session[DONE_SESSION_KEY] = result.registration.pk
        return redirect("registration:registered", pk=pending.course_id)
    return render(request, "registration/confirm.html", context)


@never_cache
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    try:
        registration = services.registration_from_cancel_token(token)
    except Registration.DoesNotExist:
        raise Http404 from None
    done = False
    if request.method == "POST":
        result = services.registration_cancel(registration=registration, base_url=site_url("/"))
        registration = result.registration
        done = result.cancelled
    language = translation.get_language() or "sv"
    return render(
        request,
        "registration/cancel.html",
        {
            "registration": registration,
            "course_title": registration.course.title(language),
            "done": done,
            "position": services.waitlist_position(registration),
        },
    )


@never_cache
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail that offers a place from the waitlist: a page with the offer
    and its deadline (a GET changes nothing: mail scanners open links), accepted by a click."""
    try:
        registration = services.registration_from_accept_token(token)
    except Registration.DoesNotExist:
        raise Http404 from None
    accepted = False
    if request.method == "POST" and registration.offer_open:
        registration = services.offer_accept(registration=registration, base_url=site_url("/"))
        accepted = registration.status == RegistrationStatus.REGISTERED
    language = translation.get_language() or "sv"
    return render(
        request,
        "registration/accept.html",
        {
            "registration": registration,
            "course_title": registration.course.title(language),
            "accepted": accepted,
            "expired": registration.offer_run_out,
            "cancel_token": services.cancel_token(registration),
        },
    )


def certificate(request: HttpRequest, token: str) -> HttpResponse:
    try:
        participant_id, course_id = services.certificate_from_token(token)
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404 from None
    participant = get_object_or_404(Participant, pk=participant_id)
    course = get_object_or_404(Course.objects.select_related("provider"), pk=course_id)
    language = translation.get_language() or "sv"
    items = certificates(participants=[participant], course=course, language=language)
    if not items:
        return render(
            request,
            "registration/no_certificate.html",
            {"course_title": course.title(language), "participant": participant},
        )
    return download(certificates_pdf(items, language=language), "intyg.pdf")


def employer_certificates(request: HttpRequest, token: str) -> HttpResponse:
    """An employer's people's certificates of a period as one PDF, by the signed link a
    staff member made (services.employer_link_token): what that staff member may see, while
    their affiliation is active and the link is young enough."""
    try:
        affiliation_id, company_id, start, end = services.employer_link_from_token(token)
    except (signing.BadSignature, ValueError, TypeError):
        return render(request, "registration/employer_link_invalid.html", status=404)
    affiliation = (
        Affiliation.objects.active()
        .select_related("user", "organisation")
        .filter(pk=affiliation_id)
        .first()
    )
    company = Company.objects.filter(pk=company_id).first()
    if affiliation is None or company is None:
        return render(request, "registration/employer_link_invalid.html", status=404)
    staff = affiliation.user
    staff.affiliation = affiliation
    language = translation.get_language() or "sv"
    items = certificates(actor=staff, employer=company, start=start, end=end, language=language)
    if not items:
        return render(request, "registration/employer_link_invalid.html", status=404)
    return download(certificates_pdf(items, language=language), f"intyg-{company.pk}.pdf")


def verify(request: HttpRequest) -> HttpResponse:
    """Check a certificate by its verification code (public, rate-limited like the form)."""
    form = VerifyForm(request.GET or None)
    result = None
    limited = False
    if form.is_bound and form.is_valid():
        usage = ratelimit.consume(
            request,
            app="kompetensnav.participants",
            action="verify",
            config={"verify": getattr(settings, "PARTICIPANTS_VERIFY_RATE_LIMIT", "30/m/ip")},
        )
        if usage is None:
            limited = True
        else:
            result = verify_certificate(
                form.cleaned_data["code"], language=translation.get_language() or "sv"
            )
    return render(
        request,
        "registration/verify.html",
        {"form": form, "result": result, "limited": limited},
        status=429 if limited else 200,
    )


def calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The participant's calendar feed (RFC 5545): every session of the courses they are
    registered for, at their own receiving site. A signed link, no login."""
    try:
        participant_id = services.participant_from_calendar_token(token)
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404 from None
    get_object_or_404(Participant, pk=participant_id)
    sessions, sites, remote = services.participant_sessions(participant_id)
    language = translation.get_language() or "sv"
    body = calendar_for_sessions(
        sessions,
        name=_("My courses"),
        language=language,
        base_url=site_url("/"),
        sites=sites,
        remote=remote,
    )
    return download(body, "mina-kurser.ics", attachment=False, cache_control="private, max-age=900")
