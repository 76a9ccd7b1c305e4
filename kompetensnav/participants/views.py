"""Staff pages: participants per course (with the waitlist, move, cancel, export), taking
attendance on a phone, totals per participant, employer and project, and certificates.

Registrations are personal data of the provider and the receiving sites: a course the actor
neither provides nor receives is not found (404); a receiving site sees its own site only."""

import json
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.common.http import download
from kompetensnav.common.links import site_url
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require
from kompetensnav.common.views import confirm_page
from kompetensnav.companies.models import Company
from kompetensnav.figures.charts import bar_chart
from kompetensnav.interchange.tables import table_download

from . import privacy, selectors, services
from .certificates import certificates, certificates_pdf
from .enums import RegistrationStatus
from .evaluation import evaluation_results, evaluation_send, last_session_end
from .forms import (
    AttendanceForm,
    CourseFilterForm,
    PlaceForm,
    RegistrationFilterForm,
    TotalsFilterForm,
    hours_text,
)
from .models import Registration


def _language() -> str:
    return translation.get_language() or "sv"


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- courses and their registrations ------------------------------------------------------


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "participants.view_participants")
    filters = CourseFilterForm(request.GET or None)
    criteria = filters.filters()
    qs = selectors.course_list(actor=request.user, **criteria)
    return render(
        request,
        "participants/course_list.html",
        {"filters": filters, "search": criteria["search"], **paginate(request, qs)},
    )


@login_required
def course_registrations(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "participants.view_participants")
    course = selectors.course_for(actor=request.user, pk=pk)
    filters = RegistrationFilterForm(request.GET or None).filters()
    status, search = filters["status"], filters["search"]
    registrations = list(
        selectors.registrations_for_course(
            actor=request.user, course=course, status=status, search=search
        )
    )
    positions = selectors.waitlist_positions(
        registrations=selectors.registrations_for_course(actor=request.user, course=course)
        if status or search
        else registrations
    )
    pages = paginate(request, registrations, per_page=50)
    for registration in pages["object_list"]:
        registration.position = positions.get(registration.pk)
    can_manage = request.user.has_perm("participants.manage_course", course)
    sessions = list(course.sessions.order_by("start"))
    return render(
        request,
        "participants/course_registrations.html",
        {
            "course": course,
            "course_title": course.title(_language()),
            "registrations": pages["object_list"],
            "total": len(registrations),
            **pages,
            "status": status,
            "search": search,
            "statuses": RegistrationStatus.choices,
            "can_manage": can_manage,
            "options": services.place_options(course=course) if can_manage else [],
            "sessions": sessions,
        },
    )


@login_required
def course_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    require(request.user, "participants.view_participants")
    course = selectors.course_for(actor=request.user, pk=pk)
    registrations = list(selectors.registrations_for_course(actor=request.user, course=course))
    positions = selectors.waitlist_positions(registrations=registrations)
    header = [
        _("Name"),
        _("E-mail address"),
        _("Employer"),
        _("Organisation number"),
        _("Place"),
        _("Status"),
        _("Waitlist position"),
        _("Registered"),
    ]
    rows = [
        [
            r.participant.full_name,
            r.participant.email,
            r.participant.employer.name if r.participant.employer_id else "",
            r.participant.employer.org_number if r.participant.employer_id else "",
            r.site.name if r.site_id else (_("Remote") if r.remote else ""),
            r.get_status_display(),
            positions.get(r.pk, ""),
            r.registered,
        ]
        for r in registrations
    ]
    filename = f"registrations-{course.pk}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    return table_download(
        filename,
        header,
        rows,
        title=_("Registrations"),
        notes=[(_("Course"), course.title()), (_("Created"), timezone.localdate())],
    )


def _managed_registration(request: HttpRequest, pk: int) -> Registration:
    """A registration the actor sees (else 404: another site's too) and may manage (403)."""
    require(request.user, "participants.view_participants")
    registration = selectors.registration_for(actor=request.user, pk=pk)
    require(request.user, "participants.manage_course", registration.course)
    return registration


@login_required
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _managed_registration(request, pk)
    back = reverse("participants:course_registrations", args=[registration.course_id])
    if request.method == "POST":
        result = services.registration_cancel(
            actor=request.user,
            registration=registration,
            base_url=site_url("/"),
        )
        if result.cancelled:
            text = _("The registration of %(name)s is cancelled.") % {
                "name": registration.participant
            }
            if result.promoted:
                text += " " + _("%(name)s moved up from the waitlist and has been told.") % {
                    "name": ", ".join(str(r.participant) for r in result.promoted)
                }
            messages.success(request, text)
        return redirect(back)
    return render(
        request,
        "participants/registration_cancel.html",
        {
            "registration": registration,
            "course_title": registration.course.title(_language()),
            "back": back,
        },
    )


@login_required
def registration_move(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _managed_registration(request, pk)
    options = [
        o
        for o in services.place_options(course=registration.course)
        if o.place != services.Place.of(registration)
    ]
    form = PlaceForm(request.POST or None, options=options)
    back = reverse("participants:course_registrations", args=[registration.course_id])
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.registration_move(
                actor=request.user,
                registration=registration,
                place=form.cleaned_data["place"],
                base_url=site_url("/"),
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            if moved.status == RegistrationStatus.WAITLISTED:
                messages.warning(
                    request,
                    _("%(name)s has been moved to the waitlist of the new place.")
                    % {"name": moved.participant},
                )
            else:
                messages.success(
                    request, _("%(name)s has been moved.") % {"name": moved.participant}
                )
            return redirect(back)
    return render(
        request,
        "participants/registration_move.html",
        {
            "registration": registration,
            "course_title": registration.course.title(_language()),
            "form": form,
            "back": back,
        },
    )


# --- attendance ------------------------------------------------------------------------------


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "participants.view_participants")
    session = selectors.session_for_attendance(actor=request.user, pk=pk)
    require(request.user, "participants.take_attendance", session)
    sites = selectors.attendance_sites(actor=request.user, session=session)
    keys = [key for key, _name in sites]
    provider_view = request.user.has_perm("participants.manage_course", session.course)
    site = request.GET.get("site", "")
    if site not in keys and not (site == "" and provider_view):
        if site or not keys:
            raise Http404
        site = keys[0]
    rows = selectors.attendance_sheet(actor=request.user, session=session, site=site)
    not_started = session.start > timezone.now()
    form = AttendanceForm(
        request.POST if request.method == "POST" and not not_started else None,
        rows=rows,
        session=session,
    )
    if form.is_bound and form.is_valid():
        marks = form.marks()
        try:
            saved = services.attendance_save(
                actor=request.user,
                session=session,
                marks=marks,
                site_id=int(site) if site and site != "remote" else None,
            )
        except services.AttendanceErrors as exc:
            form.add_participant_errors(exc.by_participant)
        except ValidationError as exc:  # the session was moved meanwhile (not started)
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Attendance saved for %(n)s people.") % {"n": len(marks)}
                if saved
                else _("Attendance saved: nothing had changed."),
            )
            url = reverse("participants:attendance", args=[session.pk])
            return redirect(f"{url}?site={site}" if site else url)
    site_names = dict(sites)
    return render(
        request,
        "participants/attendance.html",
        {
            "session": session,
            "course_title": session.course.title(_language()),
            "form": form,
            "rows": form.sheet(),
            "sites": sites,
            "site": site,
            "site_name": (site_names.get(site) or _("Remote")) if site else _("All sites"),
            "provider_view": provider_view,
            "has_errors": bool(form.errors),
            "max_hours": hours_text(session.hours),
            "not_started": not_started,
        },
    )


# --- totals ----------------------------------------------------------------------------------


@login_required
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "participants.view_participants")
    participant = selectors.participant_for(actor=request.user, pk=pk)
    return render(
        request,
        "participants/participant_detail.html",
        {
            "participant": participant,
            "totals": selectors.participant_totals(participant=participant, actor=request.user),
            "courses": selectors.participant_courses(participant=participant, actor=request.user),
            "language": _language(),
            "can_manage_data": request.user.has_perm("participants.manage_personal_data"),
        },
    )


@login_required
def participant_data(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """Everything held about the participant (registerutdrag), as JSON or PDF."""
    require(request.user, "participants.manage_personal_data")
    if fmt not in ("json", "pdf"):
        raise Http404
    participant = selectors.participant_for(actor=request.user, pk=pk)
    data = privacy.participant_data(actor=request.user, participant=participant)
    name = f"registerutdrag-deltagare-{participant.pk}"
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2).encode()
        return download(body, f"{name}.json")
    return download(privacy.participant_data_pdf(data=data), f"{name}.pdf")


@login_required
def participant_erase(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "participants.manage_personal_data")
    participant = selectors.participant_for(actor=request.user, pk=pk)
    return confirm_page(
        request,
        action=lambda: privacy.participant_erase(actor=request.user, participant=participant),
        success=_("The participant's personal data has been erased."),
        redirect_to=reverse("participants:participant_detail", args=[participant.pk]),
        template="participants/participant_erase.html",
        context={"participant": participant},
    )


@login_required
def employer_totals(request: HttpRequest) -> HttpResponse:
    require(request.user, "participants.view_participants")
    filters = TotalsFilterForm(request.GET or None).filters()
    start, end, search = filters["start"], filters["end"], filters["search"]
    qs = selectors.employer_totals(actor=request.user, start=start, end=end, search=search)
    page = paginate(request, qs)
    affiliation = acting_affiliation(request.user)
    rows = list(page["object_list"])
    for row in rows:
        # a link the employer can open without an account (services.employer_link_token)
        row["employer_link"] = site_url(
            reverse(
                "registration:employer_certificates",
                args=[
                    services.employer_link_token(
                        affiliation_id=affiliation.pk if affiliation else 0,
                        company_id=row["participant__employer_id"],
                        start=start,
                        end=end,
                    )
                ],
            )
        )
    page["object_list"] = rows
    return render(
        request,
        "participants/employer_totals.html",
        {
            "start": start,
            "end": end,
            "search": search,
            "link_days": services.links.EMPLOYER_LINK_DAYS,
            **page,
        },
    )


@login_required
def project_totals(request: HttpRequest) -> HttpResponse:
    require(request.user, "participants.view_participants")
    filters = TotalsFilterForm(request.GET or None).filters()
    start, end = filters["start"], filters["end"]
    rows = selectors.project_totals(actor=request.user, start=start, end=end)
    return render(
        request,
        "participants/project_totals.html",
        {"start": start, "end": end, "rows": rows},
    )


# --- certificates ----------------------------------------------------------------------------


def _pdf(items, filename: str) -> HttpResponse:
    if not items:
        raise Http404
    return download(certificates_pdf(items, language=_language()), filename)


@login_required
def certificate(request: HttpRequest, course_pk: int, pk: int) -> HttpResponse:
    require(request.user, "participants.view_participants")
    course = selectors.course_for(actor=request.user, pk=course_pk)
    participant = selectors.participant_for(actor=request.user, pk=pk)
    items = certificates(
        actor=request.user, participants=[participant], course=course, language=_language()
    )
    return _pdf(items, f"intyg-{course.pk}-{participant.pk}.pdf")


@login_required
def employer_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    """All certificates of one employer's people as one PDF: for a course (?course=) or a
    period (?from=&to=), within what the actor may see (a receiving site: its own site's
    people)."""
    require(request.user, "participants.view_participants")
    company = get_object_or_404(Company, pk=pk)
    course = None
    if course_pk := request.GET.get("course", ""):
        try:
            course = selectors.course_for(actor=request.user, pk=int(course_pk))
        except ValueError:
            raise Http404 from None
    items = certificates(
        actor=request.user,
        course=course,
        employer=company,
        start=_date(request.GET.get("from", "")),
        end=_date(request.GET.get("to", "")),
        language=_language(),
    )
    return _pdf(items, f"intyg-{company.pk}.pdf")


@login_required
@require_POST
def waitlist_fill(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "participants.view_participants")
    course = selectors.course_for(actor=request.user, pk=pk)
    require(request.user, "participants.manage_course", course)
    promoted = []
    for option in services.place_options(course=course):
        promoted += services.waitlist_fill(
            actor=request.user,
            course=course,
            place=option.place,
            base_url=site_url("/"),
        )
    if promoted:
        messages.success(
            request,
            _("%(n)s people moved up from the waitlist and have been told.") % {"n": len(promoted)},
        )
    else:
        messages.info(request, _("No free places to give to the waitlist."))
    return redirect("participants:course_registrations", pk=course.pk)


# --- course evaluation --------------------------------------------------------------------


@login_required
def course_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """The course's evaluation: send it after the last session, and its results."""
    require(request.user, "participants.view_participants")
    course = selectors.course_for(actor=request.user, pk=pk)
    can_manage = request.user.has_perm("participants.manage_course", course)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        try:
            evaluation = evaluation_send(actor=request.user, course=course, base_url=site_url("/"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The evaluation has been sent to %(n)s participants.")
                % {"n": evaluation.invited},
            )
        return redirect("participants:course_evaluation", pk=course.pk)
    results = evaluation_results(course=course, language=_language())
    for stats in results.statistics:
        stats.chart = (
            bar_chart(
                stats.label,
                [(option.label, option.count) for option in stats.options],
                value_label=_("Answers"),
            )
            if stats.options and stats.answered
            else None
        )
    last = last_session_end(course)
    return render(
        request,
        "participants/course_evaluation.html",
        {
            "course": course,
            "results": results,
            "can_send": can_manage
            and results.evaluation is None
            and last is not None
            and last <= timezone.now(),
            "last_session_end": last,
        },
    )
