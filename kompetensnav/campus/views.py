"""The course catalogue's pages. Thin: check the permission, form → service → redirect.

A course in any status but published is private to its provider organisation, the board
and the coordinators: for anybody else it is not found (404). Role-level permissions are
checked before the lookup, so a role that may never do a thing gets 403 whatever the course.
"""

import calendar as month_calendar
from collections import defaultdict
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.accounts.enums import Role
from kompetensnav.common.datacache import remember
from kompetensnav.common.forms import apply_errors
from kompetensnav.common.http import download
from kompetensnav.common.links import site_url
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require
from kompetensnav.common.views import confirm_page
from kompetensnav.network.models import Organisation

from . import selectors, services
from .enums import RevisionStatus
from .forms import (
    CalendarFilterForm,
    CatalogueFilterForm,
    CourseFilterForm,
    CourseForm,
    ReviewForm,
    SessionForm,
    SiteFormSet,
)
from .ical import calendar_for_sessions
from .models import Course, CourseRevision, Session


def _course_or_404(request: HttpRequest, pk: int) -> Course:
    course = selectors.visible_courses(actor=request.user).select_related("provider").filter(pk=pk)
    found = course.first()
    if found is None:
        raise Http404
    return found


def _language() -> str:
    return "en" if (get_language() or "sv").startswith("en") else "sv"


# --- courses --------------------------------------------------------------------------------


@login_required
def course_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "campus.view_courses")
    filters = CourseFilterForm(request.GET or None)
    qs = selectors.course_list(actor=request.user, **filters.filters())
    context = {
        "filters": filters,
        "can_add": request.user.has_perm("campus.add_course"),
        "language": _language(),
        **paginate(request, qs),
    }
    template = "campus/partials/course_results.html" if request.htmx else "campus/course_list.html"
    return render(request, template, context)


def _course_form_page(request: HttpRequest, course: Course | None) -> HttpResponse:
    affiliation = acting_affiliation(request.user)
    # a coordinator creates courses for any member; the provider never changes afterwards
    choose_provider = affiliation.role == Role.COORDINATOR and course is None
    own = affiliation.organisation
    form = CourseForm(
        request.POST or None, instance=course, provider=own, choose_provider=choose_provider
    )
    if request.method == "POST" and form.is_valid():
        areas = list(form.cleaned_data["areas"])
        new_areas = form.cleaned_data["new_areas"]
        try:
            if course is None:
                course = services.course_create(
                    actor=request.user,
                    provider=form.cleaned_data.get("provider") or own,
                    areas=areas,
                    new_areas=new_areas,
                    **form.course_fields(),
                )
                messages.success(request, _("The course has been saved as a draft."))
            else:
                saved = services.course_update(
                    actor=request.user,
                    course=course,
                    areas=areas,
                    new_areas=new_areas,
                    **form.course_fields(),
                )
                if saved.revision_pending:
                    messages.success(
                        request,
                        _(
                            "The course has been saved. Your change of its reviewed text waits "
                            "for the board; the published text stays until the board approves it."
                        ),
                    )
                else:
                    messages.success(request, _("The course has been saved."))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("campus:course_detail", pk=course.pk)
    cancel = (
        reverse("campus:course_detail", args=[course.pk])
        if course
        else reverse("campus:course_list")
    )
    return render(
        request, "campus/course_form.html", {"form": form, "course": course, "cancel_url": cancel}
    )


@login_required
def course_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "campus.add_course")
    return _course_form_page(request, None)


@login_required
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "campus.add_course")
    course = _course_or_404(request, pk)
    require(request.user, "campus.change_course", course)
    if course.status == "archived":
        messages.error(request, _("An archived course cannot be changed."))
        return redirect("campus:course_detail", pk=course.pk)
    return _course_form_page(request, course)


@login_required
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "campus.view_courses")
    try:
        course = selectors.course_detail(actor=request.user, pk=pk)
    except Course.DoesNotExist:
        raise Http404 from None
    user = request.user
    return render(
        request,
        "campus/course_detail.html",
        {
            "course": course,
            "language": _language(),
            "transitions": services.allowed_transitions(actor=user, course=course),
            "can_edit": user.has_perm("campus.change_course", course)
            and course.status != "archived",
            "can_manage_sessions": user.has_perm("campus.manage_sessions", course)
            and course.status != "archived",
            "can_review": user.has_perm("campus.review_course", course),
            "pending_revision": selectors.pending_revision_of(course=course)
            if user.has_perm("campus.change_course", course)
            or user.has_perm("campus.review_course", course)
            else None,
            "now": timezone.now(),
        },
    )


TRANSITION_GATES = {
    "submit": "campus.add_course",
    "publish": "campus.add_course",
    "archive": "campus.add_course",
}


def _transition_page(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require(request.user, TRANSITION_GATES[name])
    course = _course_or_404(request, pk)
    require(request.user, services.TRANSITIONS[name].permission, course)
    error = ""
    if request.method == "POST":
        try:
            services.course_transition(actor=request.user, course=course, name=name)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, DONE_MESSAGES[name]())
            return redirect("campus:course_detail", pk=course.pk)
    elif course.status not in services.TRANSITIONS[name].sources:
        error = " ".join(services.illegal_transition(name=name, course=course).messages)
    return render(
        request,
        "campus/course_confirm.html",
        {"course": course, "action": name, "error": error},
        status=400 if error and request.method == "POST" else 200,
    )


DONE_MESSAGES = {
    "submit": lambda: _("The course has been submitted to the board for review."),
    "approve": lambda: _("The course has been approved."),
    "send_back": lambda: _("The course has been sent back to the provider."),
    "publish": lambda: _("The course is published in the catalogue."),
    "archive": lambda: _("The course has been archived."),
}


@login_required
def course_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition_page(request, pk, "submit")


@login_required
def course_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition_page(request, pk, "publish")


@login_required
def course_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _transition_page(request, pk, "archive")


@login_required
def course_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's decision: approve (comment optional) or send back (comment required)."""
    require(request.user, "campus.review_courses")
    course = _course_or_404(request, pk)
    require(request.user, "campus.review_course", course)
    form = ReviewForm(request.POST or None)
    error = ""
    if course.status != "submitted":
        error = " ".join(services.illegal_transition(name="approve", course=course).messages)
    if request.method == "POST" and form.is_valid() and not error:
        decision = "send_back" if "send_back" in request.POST else "approve"
        try:
            services.course_transition(
                actor=request.user,
                course=course,
                name=decision,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, DONE_MESSAGES[decision]())
            return redirect("campus:review_queue")
    detail = selectors.course_detail(actor=request.user, pk=course.pk)
    return render(
        request,
        "campus/course_review.html",
        {"course": detail, "form": form, "error": error, "language": _language()},
        status=400 if error and request.method == "POST" else 200,
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    require(request.user, "campus.review_courses")
    qs = selectors.review_queue(actor=request.user)
    return render(
        request,
        "campus/review_queue.html",
        {
            "language": _language(),
            "revisions": selectors.pending_revisions(actor=request.user)[:100],
            **paginate(request, qs),
        },
    )


@login_required
def revision_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The board's decision on a change to an approved course: approve it (it is applied)
    or send it back with a comment (the published text stays)."""
    require(request.user, "campus.review_courses")
    try:
        revision = selectors.revision_for(actor=request.user, pk=pk)
    except CourseRevision.DoesNotExist:
        raise Http404 from None
    require(request.user, "campus.review_course", revision.course)
    form = ReviewForm(request.POST or None)
    error = ""
    if revision.status != RevisionStatus.PENDING:
        error = _("This change has already been decided.")
    if request.method == "POST" and form.is_valid() and not error:
        reject = "send_back" in request.POST
        try:
            if reject:
                services.revision_reject(
                    actor=request.user, revision=revision, comment=form.cleaned_data["comment"]
                )
            else:
                services.revision_approve(
                    actor=request.user, revision=revision, comment=form.cleaned_data["comment"]
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The change is sent back; the published text stays.")
                if reject
                else _("The change is approved and now shows in the catalogue."),
            )
            return redirect("campus:review_queue")
    return render(
        request,
        "campus/revision_review.html",
        {
            "revision": revision,
            "course": revision.course,
            "rows": selectors.revision_rows(revision=revision),
            "form": form,
            "error": error,
        },
        status=400 if error and request.method == "POST" else 200,
    )


# --- sessions -------------------------------------------------------------------------------


def _site_inputs(formset) -> list[services.SiteInput]:
    return [
        services.SiteInput(
            organisation=f.cleaned_data["organisation"],
            room=f.cleaned_data.get("room") or "",
            capacity=f.cleaned_data["capacity"],
        )
        for f in formset.forms
        if f.cleaned_data.get("organisation") and not f.cleaned_data.get("DELETE")
    ]


def _session_form_page(request: HttpRequest, course: Course, session: Session | None):
    if session is not None:
        initial = {
            "start": timezone.localtime(session.start),
            "end": timezone.localtime(session.end),
            "hours": session.hours,
            "sending_site": session.sending_site,
            "remote_capacity": session.remote_capacity,
            "stream_link": session.stream_link,
        }
        site_initial = [
            {"organisation": s.organisation, "room": s.room, "capacity": s.capacity}
            for s in session.sites.select_related("organisation")
        ]
        taken = {s.organisation_id: s.seats_taken for s in session.sites.all()}
    else:
        initial = {"sending_site": course.provider, "remote_capacity": 0}
        site_initial, taken = [], {}
    form = SessionForm(request.POST or None, initial=initial)
    formset = SiteFormSet(request.POST or None, initial=site_initial, prefix="sites")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_save(
                actor=request.user,
                course=course,
                session=session,
                start=data["start"],
                end=data["end"],
                hours=data["hours"],
                sending_site=data["sending_site"],
                remote_capacity=data["remote_capacity"],
                stream_link=data["stream_link"] or "",
                sites=_site_inputs(formset),
                past_confirmed=data["past_confirmed"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            if any(
                e.code == "in_the_past" for e in getattr(exc, "error_dict", {}).get("start", [])
            ):
                form.ask_to_confirm_the_past()
        else:
            messages.success(request, _("The session has been saved."))
            if session.overfull:
                messages.warning(
                    request,
                    _(
                        "More people are registered than there are places at: %(places)s. "
                        "Raise the places or move registrations."
                    )
                    % {"places": ", ".join(session.overfull)},
                )
            return redirect(f"{reverse('campus:course_detail', args=[course.pk])}#sessions")
    return render(
        request,
        "campus/session_form.html",
        {
            "course": course,
            "session": session,
            "form": form,
            "formset": formset,
            "taken": taken,
            "language": _language(),
        },
    )


@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "campus.add_course")
    course = _course_or_404(request, pk)
    require(request.user, "campus.manage_sessions", course)
    if course.status == "archived":
        messages.error(request, _("An archived course cannot get new or changed sessions."))
        return redirect("campus:course_detail", pk=course.pk)
    return _session_form_page(request, course, None)


def _session_or_404(request: HttpRequest, pk: int) -> Session:
    try:
        return selectors.session_for_change(actor=request.user, pk=pk)
    except Session.DoesNotExist:
        raise Http404 from None


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "campus.add_course")
    session = _session_or_404(request, pk)
    require(request.user, "campus.manage_sessions", session.course)
    return _session_form_page(request, session.course, session)


@login_required
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "campus.add_course")
    session = _session_or_404(request, pk)
    course = session.course
    require(request.user, "campus.manage_sessions", course)
    sites = list(session.sites.select_related("organisation"))
    return confirm_page(
        request,
        action=lambda: services.session_delete(actor=request.user, session=session),
        success=_("The session has been deleted."),
        redirect_to=f"{reverse('campus:course_detail', args=[course.pk])}#sessions",
        template="campus/session_delete.html",
        context={
            "session": session,
            "course": course,
            "taken": sum(s.seats_taken for s in sites) + session.remote_taken,
            "records": services.records_of(session=session),
        },
        refused_status=400,
    )


# --- calendars ------------------------------------------------------------------------------


def _calendar_page(request: HttpRequest, organisation: Organisation | None) -> HttpResponse:
    first_day = CalendarFilterForm(request.GET or None).filters()["month"]
    previous_month = (first_day - timedelta(days=1)).replace(day=1)
    days = month_calendar.monthrange(first_day.year, first_day.month)[1]
    next_month = first_day.replace(day=days) + timedelta(days=1)
    start, end = selectors.month_bounds(first_day)
    sessions = selectors.sessions_between(
        actor=request.user,
        start=start,
        end=end,
        organisation=organisation.pk if organisation else None,
    )
    by_day: dict[date, list[Session]] = defaultdict(list)
    for session in sessions:
        by_day[timezone.localtime(session.start).date()].append(session)
    return render(
        request,
        "campus/calendar.html",
        {
            "month": first_day,
            "previous_month": previous_month,
            "next_month": next_month,
            "days": sorted(by_day.items()),
            "session_count": sum(len(v) for v in by_day.values()),
            "organisation": organisation,
            "sites": Organisation.objects.exclude(kind="network").order_by("name"),
            "language": _language(),
        },
    )


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    require(request.user, "campus.view_courses")
    filters = CalendarFilterForm(request.GET or None).filters()
    if filters["site"] is not None:
        return redirect(
            f"{reverse('campus:site_calendar', args=[filters['site']])}"
            f"?month={filters['month']:%Y-%m}"
        )
    return _calendar_page(request, None)


@login_required
def site_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "campus.view_courses")
    return _calendar_page(request, get_object_or_404(Organisation, pk=pk))


# --- the public catalogue -------------------------------------------------------------------


# The apps whose tables the public catalogue shows (common.datacache): courses, sessions and
# their free places (campus), providers and sites (network), areas and levels.
CATALOGUE_SOURCES = frozenset({"campus", "network", "competences", "reference"})
# A kept catalogue is drawn again at least this often: sessions that begin leave it by time.
CATALOGUE_MINUTES = 10


def catalogue(request: HttpRequest) -> HttpResponse:
    """The public catalogue, the same for everyone who asks with the same filters: its
    search form and results are kept until a course, session or place changes (or for
    CATALOGUE_MINUTES), and only the page around them is drawn per request."""
    language = _language()
    partial = bool(request.htmx)

    def content() -> str:
        filters = CatalogueFilterForm(request.GET or None)
        qs = selectors.catalogue(**filters.filters())
        context = {"filters": filters, "language": language, **paginate(request, qs, per_page=20)}
        template = (
            "campus/partials/catalogue_results.html"
            if partial
            else "campus/partials/catalogue_content.html"
        )
        return render_to_string(template, context)

    moment = int(timezone.now().timestamp()) // (CATALOGUE_MINUTES * 60)
    key = (tuple(sorted(request.GET.lists())), language, partial, moment)
    html = mark_safe(remember("catalogue", key, content, apps=CATALOGUE_SOURCES))  # noqa: S308 - our own template's output
    if partial:
        return HttpResponse(html)
    return render(request, "campus/catalogue.html", {"content": html})


def catalogue_course(request: HttpRequest, pk: int) -> HttpResponse:
    """A course of the public catalogue, the same for everyone: its title and content are
    kept as the catalogue's are (until a course, session or place changes, or for
    CATALOGUE_MINUTES), and only the page around them is drawn per request."""
    language = _language()

    def content() -> tuple[str, str]:
        course = selectors.public_course(pk=pk)
        html = render_to_string(
            "campus/partials/catalogue_course_content.html",
            {"course": course, "sessions": course.upcoming, "language": language},
            request=request,
        )
        return course.local_title, html

    moment = int(timezone.now().timestamp()) // (CATALOGUE_MINUTES * 60)
    try:
        title, html = remember(
            "catalogue_course", (pk, language, moment), content, apps=CATALOGUE_SOURCES
        )
    except Course.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "campus/catalogue_course.html",
        {"title": title, "content": mark_safe(html)},  # noqa: S308 - our own template's output
    )


def course_ical(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(Course.objects.select_related("provider"), pk=pk, status="published")
    sessions = selectors.course_feed_sessions(course=course)
    content = calendar_for_sessions(
        sessions,
        name=course.title(_language()),
        language=_language(),
        base_url=site_url("/"),
    )
    return download(content, f"course-{course.pk}.ics", attachment=False)


def site_ical(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    since = timezone.now() - timedelta(days=90)
    sessions = selectors.site_feed_sessions(organisation=organisation.pk, since=since)
    content = calendar_for_sessions(
        sessions,
        name=organisation.name,
        language=_language(),
        base_url=site_url("/"),
    )
    return download(content, f"site-{organisation.pk}.ics", attachment=False)
