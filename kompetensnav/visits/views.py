"""Pages of the needs inventory: logging visits (fast on a phone), the visit list and
detail, "my follow-ups", the visit plan and the needs dashboard. Thin: permission, form →
service → redirect. Another organisation's visit or plan entry answers 404 (the selectors
never find it); needs and their aggregates are shared."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompetensnav.accounts.acting import acting_affiliation
from kompetensnav.common.datacache import remember
from kompetensnav.common.filters import filter_notes, id_or_none
from kompetensnav.common.forms import apply_errors, without_errors
from kompetensnav.common.http import download
from kompetensnav.common.keptpages import kept_page
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require
from kompetensnav.common.views import confirm_page
from kompetensnav.companies.models import Company
from kompetensnav.companies.selectors import company_matches
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.figures.charts import bar_chart
from kompetensnav.interchange.tables import table_download
from kompetensnav.questionnaires.forms import AnswerForm
from kompetensnav.questionnaires.selectors import current_version

from . import charts, exporters, selectors, services
from .forms import (
    DashboardFilterForm,
    FollowUpRescheduleForm,
    NeedAnalysisForm,
    PlanFilterForm,
    PlanItemForm,
    VisitFilterForm,
    VisitForm,
    VisitStartForm,
    need_formset,
    needs_data,
    visit_needs_formset,
)
from .models import PlanItem, Visit, VisitDraft

COMPANY_MATCHES = 8


def _next_or(request: HttpRequest, fallback: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return fallback


def _organisation_id(request: HttpRequest) -> int | None:
    affiliation = acting_affiliation(request.user)
    return affiliation.organisation_id if affiliation else None


# --- visits -------------------------------------------------------------------------------


@login_required
@kept_page(apps=("visits", "companies", "network", "reference"))
def visit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "visits.view_visits")
    sees_all = selectors.sees_all_visits(actor=request.user)
    filters = SimpleLazyObject(
        lambda: VisitFilterForm(request.GET or None, all_organisations=sees_all)
    )  # made only for what is not kept
    # the filter bar (a select of every visiting organisation for coordinators: a tenth of the
    # page's time) is the same for everyone with the same values; kept until visits or
    # organisations change
    names = VisitFilterForm.field_names(all_organisations=sees_all)
    shown = tuple((name, tuple(request.GET.getlist(name))) for name in names)
    filter_bar = remember(
        "visits:visit-filters",
        (shown, sees_all, translation.get_language()),
        lambda: render_to_string("visits/partials/visit_filters.html", {"filters": filters}),
        apps=("visits", "network"),
    )
    # the page of visits, kept per reader (what they may read depends on their role and
    # organisation), filters, page and language until a visit, company or organisation changes
    affiliation = acting_affiliation(request.user)
    own_organisation_id = affiliation.organisation_id if affiliation is not None else None
    rows = remember(
        "visits:visit-rows",
        (
            tuple(sorted((name, tuple(values)) for name, values in request.GET.lists())),
            translation.get_language(),
            request.user.pk,
            affiliation.pk if affiliation is not None else None,
        ),
        lambda: render_to_string(
            "visits/partials/visit_rows.html",
            {
                "sees_all": sees_all,
                "own_organisation_id": own_organisation_id,
                **paginate(request, selectors.visit_list(actor=request.user, **filters.filters())),
            },
        ),
        apps=("visits", "companies", "network", "reference"),
    )
    return render(
        request,
        "visits/visit_list.html",
        {
            "filter_bar": mark_safe(filter_bar),  # noqa: S308 - rendered by our template above
            "rows": mark_safe(rows),  # noqa: S308 - rendered by our template above
            "can_log": request.user.has_perm("visits.log_visit"),
            "drafts": list(selectors.visit_drafts(actor=request.user)),
        },
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "visits.view_visits")
    try:
        visit = selectors.visit_detail(actor=request.user, pk=pk)
    except Visit.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "visits/visit_detail.html",
        {
            "visit": visit,
            "answers": selectors.visit_answers(
                visit=visit, language=translation.get_language() or "sv"
            ),
            "can_edit": request.user.has_perm("visits.edit_visit", visit),
            "routed": not selectors.sees_all_visits(actor=request.user)
            and visit.organisation_id != _organisation_id(request),
            "can_log": request.user.has_perm("visits.log_visit"),
        },
    )


def _answer_form(request: HttpRequest, visit: Visit | None, data: QueryDict | None = None):
    """The shared visit questionnaire embedded in the visit form: the version the visit was
    answered with, else the current one. None when no version is published. Bound to
    `data` (the post, or a draft resumed) when given."""
    response = visit.response if visit is not None and visit.response_id else None
    version = response.version if response else current_version("visit")
    if version is None:
        return None
    return AnswerForm(
        version,
        language=translation.get_language() or "sv",
        data=data,
        initial=response.answer_values() if response else None,
        prefix="q",
    )


# the form's buttons and token: not kept in a draft
_NOT_IN_DRAFT = frozenset(
    {"csrfmiddlewaretoken", "save", "save_draft", "refresh", "add_need", "search_company", "draft"}
)


def _draft_data(data: QueryDict) -> dict[str, list[str]]:
    return {name: data.getlist(name) for name in data if name not in _NOT_IN_DRAFT}


def _draft_querydict(draft: VisitDraft) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, values in draft.data.items():
        data.setlist(name, [str(v) for v in values])
    return data


def _resumed_draft(request: HttpRequest, visit: Visit | None) -> VisitDraft | None:
    """The broker's own draft the form continues (?draft= or posted again), else None;
    someone else's, or one that is gone, answers 404."""
    value = (request.POST if request.method == "POST" else request.GET).get("draft")
    if visit is not None or not value:
        return None
    pk = id_or_none(value)
    if pk is None:
        raise Http404
    try:
        return selectors.visit_draft(actor=request.user, pk=pk)
    except VisitDraft.DoesNotExist:
        raise Http404 from None


def _visit_form_page(request: HttpRequest, visit: Visit | None) -> HttpResponse:
    organisation_id = visit.organisation_id if visit else _organisation_id(request)
    plan_item = None
    draft = _resumed_draft(request, visit)
    # the plan entry is in the address, or posted again with the form
    start = request.GET.copy()
    if request.method == "POST" and request.POST.get("plan"):
        start["plan"] = request.POST["plan"]
    elif draft is not None and draft.data.get("plan"):
        start["plan"] = draft.data["plan"][0]  # a draft begun from the plan
    start = VisitStartForm(start).filters()
    if visit is None and start["plan"] is not None:
        try:
            plan_item = selectors.plan_item(actor=request.user, pk=start["plan"])
        except PlanItem.DoesNotExist:
            raise Http404 from None

    if request.method == "POST" or draft is not None:
        data = request.POST.copy() if request.method == "POST" else _draft_querydict(draft)
        if "change_company" in data:
            data["company"] = ""
        form = VisitForm(data, organisation_id=organisation_id)
        extra_rows = 1 if "add_need" in data else 0
        if extra_rows:
            data["needs-TOTAL_FORMS"] = str(int(data.get("needs-TOTAL_FORMS") or 0) + 1)
        needs = need_formset(data)
        answer_form = _answer_form(request, visit, data=data)
        if request.method == "GET":  # a draft resumed: as typed, not yet judged
            without_errors(form, needs, answer_form)
        if "save_draft" in data and visit is None:
            try:
                draft = services.visit_draft_save(
                    actor=request.user, data=_draft_data(data), draft=draft
                )
            except ValidationError as exc:
                without_errors(form, needs, answer_form)
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _(
                        "The draft is kept: continue it from Visits or your start page. "
                        "Nothing is logged until you save the visit."
                    ),
                )
                return redirect("visits:visit_list")
        elif "save" in data:
            forms_valid = form.is_valid() & needs.is_valid()
            if answer_form is not None:
                forms_valid &= answer_form.is_valid()
            if forms_valid:
                try:
                    saved = _save_visit(
                        request, form, needs, visit, plan_item, answer_form, draft=draft
                    )
                except ValidationError as exc:
                    apply_errors(form, exc)
                    form.ask_to_confirm(*_asked(exc))
                else:
                    messages.success(request, _("The visit has been saved."))
                    return redirect(f"{reverse('visits:visit_detail', args=[saved.pk])}?saved=1")
    else:
        form = VisitForm(
            organisation_id=organisation_id,
            visit=visit,
            user=request.user,
            company_id=plan_item.company_id if plan_item else start["company"],
        )
        needs = visit_needs_formset(visit)
        answer_form = _answer_form(request, visit)

    # The company: the one picked, else the matches of the search typed (no-JS fallback).
    company = form.chosen_company()
    query = form.company_search_text()
    matches, match_total = (
        company_matches(query=query, limit=COMPANY_MATCHES) if query and not company else ([], 0)
    )
    return render(
        request,
        "visits/visit_form.html",
        {
            "form": form,
            "needs": needs,
            "visit": visit,
            "company": company,
            "query": query,
            "matches": matches,
            "match_total": match_total,
            "searched": bool(query) and not company,
            "plan_item": plan_item,
            "draft": draft,
            "answer_form": answer_form,
            "areas": CompetenceArea.objects.order_by("name").values_list("name", flat=True),
        },
    )


def _asked(exc: ValidationError) -> tuple[set[str], dict]:
    """The codes (and their params) of the errors that a tick on the form can answer."""
    found = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    errors = [e for errors in found for e in errors]
    codes = {e.code for e in errors if e.code}
    params: dict = {}
    for e in errors:
        params.update(e.params or {})
    return codes, params


def _save_visit(
    request,
    form: VisitForm,
    needs,
    visit: Visit | None,
    plan_item,
    answer_form=None,
    *,
    draft: VisitDraft | None = None,
) -> Visit:
    """Save the visit (with a new company, if one was added), its needs and its
    questionnaire answers, in one transaction in visit_log/visit_update."""
    fields = {
        **form.visit_fields(),
        "needs": needs_data(needs),
        "answers": answer_form.answers() if answer_form is not None else None,
        "answer_version": answer_form.version if answer_form is not None else None,
    }
    if visit is None:
        return services.visit_log(
            actor=request.user,
            plan_item=plan_item,
            duplicate_confirmed=bool(form.cleaned_data.get("duplicate_confirmed")),
            draft=draft,
            **fields,
        )
    return services.visit_update(actor=request.user, visit=visit, **fields)


@login_required
def visit_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "visits.log_visit")
    return _visit_form_page(request, None)


def _visit_to_change(request: HttpRequest, pk: int, permission: str) -> Visit:
    """A visit the user may see (else 404) and change as `permission` says (else 403)."""
    require(request.user, "visits.log_visit")
    try:
        visit = selectors.visit_detail(actor=request.user, pk=pk)
    except Visit.DoesNotExist:
        raise Http404 from None
    require(request.user, permission, visit)
    return visit


@login_required
def draft_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "visits.log_visit")
    try:
        draft = selectors.visit_draft(actor=request.user, pk=pk)
    except VisitDraft.DoesNotExist:
        raise Http404 from None
    return confirm_page(
        request,
        action=lambda: services.visit_draft_delete(actor=request.user, draft=draft),
        success=_("The draft has been discarded."),
        redirect_to=reverse("visits:visit_list"),
        template="visits/draft_delete.html",
        context={"draft": draft},
    )


@login_required
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _visit_form_page(request, _visit_to_change(request, pk, "visits.edit_visit"))


@login_required
def visit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visit_to_change(request, pk, "visits.delete_visit")
    return confirm_page(
        request,
        action=lambda: services.visit_delete(actor=request.user, visit=visit),
        success=_("The visit to %(company)s on %(date)s has been deleted.")
        % {"company": visit.company.name, "date": visit.date.isoformat()},
        redirect_to=reverse("visits:visit_list"),
        template="visits/visit_delete.html",
        context={"visit": visit, "needs": visit.needs.count(), "has_answers": visit.response_id},
    )


# --- follow-ups ---------------------------------------------------------------------------


@login_required
def followups(request: HttpRequest) -> HttpResponse:
    require(request.user, "visits.view_followups")
    today = timezone.localdate()
    return render(
        request,
        "visits/followups.html",
        {"today": today, **selectors.followups(actor=request.user, today=today)},
    )


def _followup_visit(request: HttpRequest, pk: int) -> Visit:
    require(request.user, "visits.view_followups")
    try:
        visit = selectors.followup_visit(actor=request.user, pk=pk)
    except Visit.DoesNotExist:
        raise Http404 from None
    require(request.user, "visits.edit_visit", visit)
    return visit


@login_required
@require_POST
def followup_done(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _followup_visit(request, pk)
    services.followup_done(actor=request.user, visit=visit)
    messages.success(
        request, _("The follow-up of %(company)s is done.") % {"company": visit.company.name}
    )
    return redirect(_next_or(request, reverse("visits:followups")))


@login_required
@require_POST
def followup_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _followup_visit(request, pk)
    form = FollowUpRescheduleForm(request.POST)
    if form.is_valid():
        try:
            services.followup_reschedule(
                actor=request.user, visit=visit, on=form.cleaned_data["on"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("The follow-up of %(company)s is moved to %(date)s.")
                % {"company": visit.company.name, "date": f"{form.cleaned_data['on']:%Y-%m-%d}"},
            )
    else:
        messages.error(request, _("Give the new follow-up date as a date."))
    return redirect(_next_or(request, reverse("visits:followups")))


# --- the visit plan -----------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "visits.plan_visits")
    filters = PlanFilterForm(request.GET or None)
    qs = selectors.plan_list(actor=request.user, **filters.filters())
    return render(request, "visits/plan_list.html", {"filters": filters, **paginate(request, qs)})


def _plan_form_page(request: HttpRequest, item: PlanItem | None) -> HttpResponse:
    require(request.user, "visits.plan_visits")
    organisation_id = _organisation_id(request)
    if item is not None:
        initial = {
            "company": item.company_id,
            "status": item.status,
            "owner": item.owner_id,
            "target_date": item.target_date,
            "note": item.note,
        }
    else:
        initial = {"status": "planned", "owner": request.user.pk}
    query = ""
    if request.method == "POST":
        data = request.POST.copy()
        if "change_company" in data:
            data["company"] = ""
        form = PlanItemForm(data, organisation_id=organisation_id)
        query = (data.get("company_query") or "").strip()[:100]
        if "save" in request.POST and form.is_valid():
            data = form.cleaned_data
            try:
                services.plan_item_save(actor=request.user, item=item, **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The visit plan has been saved."))
                return redirect("visits:plan_list")
    else:
        form = PlanItemForm(initial=initial, organisation_id=organisation_id)
    company = None
    company_pk = form.data.get("company") if form.is_bound else initial.get("company")
    if company_pk and str(company_pk).isdigit():
        company = Company.objects.filter(pk=int(company_pk)).first()
    matches, match_total = company_matches(query=query, limit=COMPANY_MATCHES) if query else ([], 0)
    return render(
        request,
        "visits/plan_form.html",
        {
            "form": form,
            "item": item,
            "company": company,
            "query": query,
            "matches": matches,
            "match_total": match_total,
        },
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    return _plan_form_page(request, None)


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "visits.plan_visits")
    try:
        item = selectors.plan_item(actor=request.user, pk=pk)
    except PlanItem.DoesNotExist:
        raise Http404 from None
    return _plan_form_page(request, item)


# --- the needs dashboard ------------------------------------------------------------------


def _dashboard_filters(request: HttpRequest):
    form = DashboardFilterForm(request.GET or None)
    return form, form.filters()


def _accepted_query(request: HttpRequest, form: DashboardFilterForm) -> QueryDict:
    """The page's query without the values the filter form refused, which no link carries
    on."""
    params = request.GET.copy()
    for name in form.errors:
        params.pop(name, None)
    return params


def _drill_down(params: QueryDict, name: str = "", value: object = "", **more: object) -> str:
    """The need list's address for the page's filters with `name` set to `value` (and the
    other names of `more` to theirs)."""
    query = params.copy()
    for key, given in (({name: value} if name else {}) | more).items():
        query[key] = str(given)
    return f"{reverse('visits:need_list')}?{query.urlencode()}"


@login_required
@kept_page()
def dashboard(request: HttpRequest) -> HttpResponse:
    """The needs analysis. What it shows below the heading depends on the filters, the
    language, whom the user acts for (the panels of the apps above follow their permissions)
    and the day (the default period ends today): drawn once for those and kept until any of
    the network's data changes (its parts are kept apart, each until its own sources change,
    so a page drawn again after a write seldom scans anything)."""
    require(request.user, "visits.view_dashboard")
    affiliation = acting_affiliation(request.user)
    key = (
        tuple(sorted(request.GET.lists())),
        translation.get_language(),
        getattr(affiliation, "role", None),
        getattr(affiliation, "organisation_id", None),
        timezone.localdate(),
    )
    content = remember("needs_dashboard_page", key, lambda: _dashboard_content(request))
    return render(request, "visits/dashboard.html", {"content": mark_safe(content)})  # noqa: S308 - our template's output


def _dashboard_content(request: HttpRequest) -> str:
    form, filters = _dashboard_filters(request)
    view = NeedAnalysisForm(request.GET or None)
    by, step = view.choices()
    params = _accepted_query(request, form)
    for name in ("page", "filter", "back"):
        params.pop(name, None)
    params["date_from"] = filters.date_from.isoformat()
    params["date_to"] = filters.date_to.isoformat()
    # every link to the need list carries the way back to this page as it is
    here = params.urlencode()
    for name in ("by", "step"):
        params.pop(name, None)
    params["back"] = here
    # the filter bar, kept while its options stay the same: a page drawn again after a visit
    # is recorded does not build and draw its hundreds of options anew
    filter_bar = remember(
        "visits:needs-filter-bar",
        (
            tuple(sorted(request.GET.lists())),
            translation.get_language(),
            timezone.localdate(),
            form.option_ids(),
        ),
        lambda: render_to_string(
            "visits/partials/dashboard_filters.html", {"filters": form, "view": view}
        ),
        apps=DashboardFilterForm.OPTION_SOURCES,
    )
    analysis = selectors.needs_analysis(
        actor=request.user,
        filters=filters,
        by=by,
        step=step,
        language=translation.get_language() or "sv",
    )
    summary = analysis["summary"]
    chart = None
    if summary["top_areas"]:
        chart = bar_chart(
            _("Top competence areas"),
            [(row["area__name"], row["count"]) for row in summary["top_areas"]],
            value_label=_("Needs"),
        )
    dimension = selectors.DIMENSIONS[by]
    breakdown = analysis["breakdown"]
    for row in breakdown:
        if not row["key"]:
            row["href"] = ""
        elif params.get(dimension.filter):
            # already filtered on this dimension (e.g. a division of a section): the row is
            # the filter's needs, and widening it to the row's value would add others
            row["href"] = _drill_down(params)
        else:
            row["href"] = _drill_down(params, dimension.filter, row["key"])
    trend = analysis["trend"]
    for row in trend["rows"]:
        start = max(row["start"], filters.date_from)
        end = min(row["end"], filters.date_to)
        row["href"] = _drill_down(params, date_from=start.isoformat(), date_to=end.isoformat())
    trend_chart = charts.trend_chart(trend)
    gaps = analysis["gaps"]
    gap_chart = charts.gap_chart(gaps)
    comparison = analysis["comparison"]
    for area in comparison["areas"]:
        for country, cell in zip(comparison["area_countries"], area["row"], strict=True):
            cell["href"] = _drill_down(params, area=area["area_id"], country=country["code"])
    focus = analysis["focus"]
    for row in focus:
        row["href"] = _drill_down(params, "area", row["area_id"])
    area_query = params.copy()
    area_query.pop("area", None)
    return render_to_string(
        "visits/partials/dashboard_content.html",
        {
            "filter_bar": mark_safe(filter_bar),  # noqa: S308 - our template's output
            "by": by,
            "step": step,
            "dimension": dimension,
            "period": filters,
            "summary": summary,
            "chart": chart,
            "breakdown": breakdown,
            "trend": trend,
            "trend_chart": trend_chart,
            "focus": focus,
            "gaps": gaps,
            "gap_chart": gap_chart,
            "comparison": comparison,
            "weights": selectors.FOCUS_WEIGHTS,
            "query": area_query.urlencode(),
            "full_query": params.urlencode(),
        },
        request=request,
    )


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "visits.view_needs")
    form, filters = _dashboard_filters(request)
    qs = selectors.need_list(actor=request.user, filters=filters)
    area = CompetenceArea.objects.filter(pk=filters.area).first() if filters.area else None
    back = form.cleaned_data.get("back", "") if hasattr(form, "cleaned_data") else ""
    if back:  # the dashboard as the user left it
        params = QueryDict(back, mutable=True)
        params.pop("back", None)
    else:
        params = _accepted_query(request, form)
        params.pop("area", None)
        params.pop("page", None)
    page = paginate(request, qs)
    readable = {
        v.pk
        for v in selectors.visible_visits(actor=request.user).filter(
            pk__in=[n.visit_id for n in page["object_list"]]
        )
    }
    return render(
        request,
        "visits/need_list.html",
        {
            "filters": form,
            "period": filters,
            "area": area,
            "applied": filter_notes(form, skip=("date_from", "date_to")),
            "readable": readable,
            "dashboard_query": params.urlencode(),
            **page,
        },
    )


@login_required
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    require(request.user, "visits.view_dashboard")
    form, filters = _dashboard_filters(request)
    filename = f"needs-{filters.date_from:%Y-%m-%d}-{filters.date_to:%Y-%m-%d}.{fmt}"
    if fmt == "csv":  # the summary, for machines
        summary = selectors.needs_dashboard(actor=request.user, filters=filters)
        return table_download(filename, exporters.SUMMARY_HEADER, exporters.summary_rows(summary))
    _by, step = NeedAnalysisForm(request.GET or None).choices()
    notes = [
        (_("From"), filters.date_from),
        (_("To"), filters.date_to),
        *filter_notes(form, skip=("date_from", "date_to")),
        (_("Created"), timezone.localdate()),
    ]
    content = exporters.needs_workbook(
        actor=request.user,
        filters=filters,
        notes=notes,
        step=step,
        language=translation.get_language() or "sv",
    )
    return download(content, filename)
