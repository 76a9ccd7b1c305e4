"""Pages of the matching: a need with its suggestions, the needs a course answers, the needs
without an adequate offer (and a draft course proposed from them), telling a company about a
course, and one's notices. Thin: permission, form → selector or service → page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.accounts.enums import Role
from kompetensnav.campus.enums import CourseStatus
from kompetensnav.campus.models import Course
from kompetensnav.common.filters import id_or_none
from kompetensnav.common.forms import apply_errors
from kompetensnav.common.links import site_url
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require
from kompetensnav.network.models import Organisation
from kompetensnav.visits.enums import Horizon
from kompetensnav.visits.models import Need, Visit
from kompetensnav.visits.selectors import can_read_visit, visible_visits

from . import selectors, services
from .forms import CourseProposalForm, CourseTipForm, UnmetFilterForm


def _organisation(request: HttpRequest) -> Organisation | None:
    affiliation = acting_affiliation(request.user)
    if affiliation is None or affiliation.role == Role.COORDINATOR:
        return None
    return affiliation.organisation


@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "analysis.view_matches")
    need = get_object_or_404(
        Need.objects.select_related(
            "area", "seqf_level", "visit__company__municipality", "visit__organisation"
        ),
        pk=pk,
    )
    return render(
        request,
        "analysis/need_detail.html",
        {
            "need": need,
            "suggestions": selectors.need_suggestions(need=need),
            "matched": bool(selectors.matched_need_ids(needs=[need])),
            "providers": selectors.need_providers(need=need),
            "visit_readable": can_read_visit(actor=request.user, visit=need.visit),
            "can_tell": request.user.has_perm("analysis.tell_company")
            and request.user.has_perm("visits.edit_visit", need.visit),
            "can_propose": request.user.has_perm("analysis.propose_course"),
        },
    )


@login_required
def course_needs(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "analysis.view_matches")
    course = get_object_or_404(Course.objects.select_related("provider"), pk=pk)
    try:
        qs = selectors.course_needs(actor=request.user, course=course)
    except Course.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "analysis/course_needs.html",
        {"course": course, **paginate(request, qs)},
    )


@login_required
def unmet_needs(request: HttpRequest) -> HttpResponse:
    require(request.user, "analysis.view_unmet_needs")
    organisation = _organisation(request)
    data = request.GET or ({"mine": "on"} if organisation else None)
    form = UnmetFilterForm(data, organisation_id=organisation.pk if organisation else None)
    filters = form.filters()
    return render(
        request,
        "analysis/unmet_needs.html",
        {
            "filters": form,
            "totals": selectors.unmet_totals(filters=filters),
            "waiting": selectors.waiting_count(),
            "horizons": Horizon.choices,
            "can_propose": request.user.has_perm("analysis.propose_course"),
            **paginate(request, selectors.unmet_groups(filters=filters)),
        },
    )


def _group(request: HttpRequest) -> tuple[dict, list[Need]]:
    source = request.POST if request.method == "POST" else request.GET
    area = id_or_none(source.get("area"))
    if area is None:
        raise Http404
    group = {
        "area": area,
        "subregion": (source.get("subregion") or "")[:10],
        "horizon": (source.get("horizon") or "")[:5],
    }
    needs = list(selectors.group_needs(**group)[:200])
    if not needs:
        raise Http404
    return group, needs


def _proposal_text(needs: list[Need]) -> tuple[str, str]:
    area = needs[0].area
    companies = len({n.visit.company_id for n in needs})
    lines = [
        ngettext(
            "A course asked for by %(count)s company:",
            "A course asked for by %(count)s companies:",
            companies,
        )
        % {"count": companies}
    ]
    for need in needs[:15]:
        text = (need.description or need.area.name).strip().replace("\n", " ")
        lines.append(f"- {text}")
    return area.name, "\n".join(lines)


@login_required
def course_propose(request: HttpRequest) -> HttpResponse:
    """From a group of unmet needs, a draft course prefilled from them and linked to them."""
    require(request.user, "analysis.propose_course")
    group, needs = _group(request)
    organisation = _organisation(request)
    title, description = _proposal_text(needs)
    form = CourseProposalForm(
        request.POST if request.method == "POST" else None,
        provider=organisation,
        initial={"title_sv": title, "description_sv": description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.course_propose(
                actor=request.user,
                provider=organisation or form.cleaned_data["provider"],
                needs=needs,
                title_sv=form.cleaned_data["title_sv"],
                description_sv=form.cleaned_data["description_sv"],
                target_group=form.cleaned_data["target_group"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("A draft course is made from %(count)s needs. Add sessions and submit it.")
                % {"count": len(needs)},
            )
            return redirect("campus:course_detail", pk=proposal.course_id)
    return render(
        request,
        "analysis/course_propose.html",
        {"form": form, "needs": needs, "group": group},
    )


@login_required
def course_tip(request: HttpRequest, visit: int, course: int) -> HttpResponse:
    """Tell the visited company about a course: an e-mail prefilled with the course's link,
    logged on the visit."""
    require(request.user, "analysis.tell_company")
    try:
        the_visit = visible_visits(actor=request.user).select_related("company").get(pk=visit)
    except Visit.DoesNotExist:
        raise Http404 from None
    require(request.user, "visits.edit_visit", the_visit)
    the_course = get_object_or_404(
        Course.objects.select_related("provider"), pk=course, status=CourseStatus.PUBLISHED
    )
    source = request.POST if request.method == "POST" else request.GET
    need = None
    if (need_pk := id_or_none(source.get("need"))) is not None:
        need = the_visit.needs.select_related("area").filter(pk=need_pk).first()
    language = translation.get_language() or "sv"
    text = services.tip_text(
        course=the_course,
        need=need,
        base_url=site_url("/"),
        language=language,
        sender=request.user,
    )
    form = CourseTipForm(request.POST if request.method == "POST" else None, initial=text)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_tip_send(
                actor=request.user,
                visit=the_visit,
                course=the_course,
                need=need,
                to=form.cleaned_data["to"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The e-mail to %(to)s is on its way and logged on the visit.")
                % {"to": form.cleaned_data["to"]},
            )
            return redirect("visits:visit_detail", pk=the_visit.pk)
    return render(
        request,
        "analysis/course_tip.html",
        {"form": form, "visit": the_visit, "course": the_course, "need": need},
    )
