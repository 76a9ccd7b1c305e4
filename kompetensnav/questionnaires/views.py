"""Pages for coordinators (building, distributing, importing) and for those who read the
results. Thin: check the permission, form → service → redirect. Questionnaires are shared
across the network: everyone who may read results finds every questionnaire, and an action
without the right answers 403."""

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kompetensnav.common.filters import filter_notes
from kompetensnav.common.forms import apply_errors
from kompetensnav.common.http import download
from kompetensnav.common.links import site_url
from kompetensnav.common.pagination import paginate
from kompetensnav.common.permissions import require
from kompetensnav.common.views import confirm_page
from kompetensnav.figures.charts import bar_chart
from kompetensnav.interchange.tables import TableError, read_table, table_download

from . import exporters, imports, jsonformat, selectors, services
from .enums import NUMERIC_TYPES, QuestionType
from .forms import (
    AnswerForm,
    AnswerUploadForm,
    InvitationForm,
    JsonUploadForm,
    MappingForm,
    PublicLinkForm,
    QuestionForm,
    QuestionnaireFilterForm,
    QuestionnaireForm,
    ResultFilterForm,
)
from .models import AnswerImport, Question, Questionnaire, QuestionnaireVersion
from .statistics import SMALL_CELL, question_statistics, text_answers

MANAGE = "questionnaires.manage"
VIEW = "questionnaires.view_results"


def _language() -> str:
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def _questionnaire(request, pk: int, permission: str = VIEW) -> Questionnaire:
    require(request.user, permission)
    return get_object_or_404(Questionnaire.objects.select_related("owner"), pk=pk)


# --- list, create, settings ---------------------------------------------------------------


@login_required
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW)
    search = QuestionnaireFilterForm(request.GET or None).filters()["search"]
    qs = selectors.questionnaire_list(actor=request.user, search=search)
    context = paginate(request, qs, per_page=20)
    counts = selectors.response_counts([q.pk for q in context["object_list"]])
    for questionnaire in context["object_list"]:
        questionnaire.response_count = counts.get(questionnaire.pk, 0)
    context.update(
        {"search": search, "can_manage": request.user.has_perm(MANAGE), "language": _language()}
    )
    return render(request, "questionnaires/questionnaire_list.html", context)


@login_required
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    require(request.user, MANAGE)
    form = QuestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            questionnaire = services.questionnaire_create(actor=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The questionnaire has been created. Add its questions."))
            return redirect("questionnaires:questionnaire_detail", pk=questionnaire.pk)
    return render(request, "questionnaires/questionnaire_form.html", {"form": form})


@login_required
def questionnaire_edit(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk, MANAGE)
    form = QuestionnaireForm(request.POST or None, instance=questionnaire)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "key"}
        try:
            services.questionnaire_update(
                actor=request.user, questionnaire=Questionnaire.objects.get(pk=pk), **data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("questionnaires:questionnaire_detail", pk=pk)
    return render(
        request,
        "questionnaires/questionnaire_form.html",
        {"form": form, "questionnaire": questionnaire},
    )


# --- the builder --------------------------------------------------------------------------


@login_required
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The builder: the newest version's questions, editable unless it has answers."""
    questionnaire = _questionnaire(request, pk, MANAGE)
    version = services.latest_version(questionnaire=questionnaire)
    questions = list(version.questions.order_by("position", "pk"))
    return render(
        request,
        "questionnaires/questionnaire_detail.html",
        {
            "questionnaire": questionnaire,
            "version": version,
            "questions": questions,
            "editable": not version.frozen,
            "language": _language(),
            "public_url": site_url(reverse("survey:answer", args=[questionnaire.public_token])),
        },
    )


@login_required
def version_list(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk, MANAGE)
    return render(
        request,
        "questionnaires/version_list.html",
        {
            "questionnaire": questionnaire,
            "versions": selectors.versions_of(questionnaire=questionnaire),
        },
    )


@login_required
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE)
    version = get_object_or_404(QuestionnaireVersion.objects.select_related("questionnaire"), pk=pk)
    return render(
        request,
        "questionnaires/version_detail.html",
        {
            "questionnaire": version.questionnaire,
            "version": version,
            "questions": list(version.questions.order_by("position", "pk")),
            "language": _language(),
            "preview": AnswerForm(version, language=_language(), prefix="preview"),
        },
    )


@login_required
@require_POST
def version_new(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE)
    version = get_object_or_404(QuestionnaireVersion, pk=pk)
    draft = services.version_new_draft(actor=request.user, version=version)
    messages.success(
        request,
        _("Version %(n)s is a draft: change it, then publish it.") % {"n": draft.number},
    )
    return redirect("questionnaires:questionnaire_detail", pk=version.questionnaire_id)


@login_required
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE)
    version = get_object_or_404(QuestionnaireVersion.objects.select_related("questionnaire"), pk=pk)
    error = ""
    if request.method == "POST":
        try:
            services.version_publish(actor=request.user, version=version)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Version %(n)s is published.") % {"n": version.number})
            return redirect("questionnaires:questionnaire_detail", pk=version.questionnaire_id)
    return render(
        request,
        "questionnaires/version_publish.html",
        {"version": version, "questionnaire": version.questionnaire, "error": error},
    )


def _question_form_page(request, version: QuestionnaireVersion, question: Question | None):
    require(request.user, MANAGE)
    if version.frozen:
        messages.error(
            request,
            _("This version has answers and can no longer be changed. Create a new version."),
        )
        return redirect("questionnaires:questionnaire_detail", pk=version.questionnaire_id)
    earlier = list(version.questions.order_by("position", "pk"))
    if question is not None:
        earlier = [q for q in earlier if (q.position, q.pk) < (question.position, question.pk)]
    form = QuestionForm(
        request.POST or None,
        initial=QuestionForm.initial_for(question) if question else {"type": QuestionType.SINGLE},
        earlier=earlier,
        language=_language(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                actor=request.user, version=version, question=question, **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect("questionnaires:questionnaire_detail", pk=version.questionnaire_id)
    return render(
        request,
        "questionnaires/question_form.html",
        {
            "form": form,
            "question": question,
            "version": version,
            "questionnaire": version.questionnaire,
        },
    )


@login_required
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE)
    version = get_object_or_404(QuestionnaireVersion.objects.select_related("questionnaire"), pk=pk)
    return _question_form_page(request, version, None)


@login_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE)
    question = get_object_or_404(Question.objects.select_related("version__questionnaire"), pk=pk)
    return _question_form_page(request, question.version, question)


@login_required
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE)
    question = get_object_or_404(Question.objects.select_related("version__questionnaire"), pk=pk)
    questionnaire = question.version.questionnaire
    return confirm_page(
        request,
        action=lambda: services.question_delete(actor=request.user, question=question),
        success=_("The question has been deleted."),
        redirect_to=reverse("questionnaires:questionnaire_detail", args=[questionnaire.pk]),
        template="questionnaires/question_delete.html",
        context={"question": question, "questionnaire": questionnaire},
    )


@login_required
@require_POST
def question_move(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE)
    question = get_object_or_404(Question.objects.select_related("version"), pk=pk)
    offset = -1 if request.POST.get("direction") == "up" else 1
    try:
        services.question_move(actor=request.user, question=question, offset=offset)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(
        reverse("questionnaires:questionnaire_detail", args=[question.version.questionnaire_id])
        + f"#question-{question.pk}"
    )


# --- JSON export and import ---------------------------------------------------------------


@login_required
def questionnaire_export(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk, MANAGE)
    version = services.latest_version(questionnaire=questionnaire)
    data = jsonformat.export_questionnaire(version)
    return download(
        json.dumps(data, ensure_ascii=False, indent=2),
        f"{questionnaire.key}-v{version.number}.json",
    )


@login_required
def questionnaire_import(request: HttpRequest) -> HttpResponse:
    require(request.user, MANAGE)
    form = JsonUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            version = jsonformat.import_questionnaire(
                actor=request.user, raw=form.cleaned_data["file"].read()
            )
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(
                request,
                _("Imported as version %(n)s (a draft): check it, then publish it.")
                % {"n": version.number},
            )
            return redirect("questionnaires:questionnaire_detail", pk=version.questionnaire_id)
    return render(
        request, "questionnaires/questionnaire_import.html", {"form": form, "problems": problems}
    )


# --- distribution -------------------------------------------------------------------------


def _distribution_page(request, questionnaire, *, public_form=None, invitation_form=None):
    invitations = selectors.invitation_list(actor=request.user, questionnaire=questionnaire)
    page = paginate(request, invitations, per_page=50)
    counts = {
        "total": invitations.count(),
        "answered": invitations.filter(answered_at__isnull=False).count(),
    }
    return render(
        request,
        "questionnaires/distribution.html",
        {
            "questionnaire": questionnaire,
            "current": selectors.current_version(questionnaire.key),
            "public_form": public_form
            or PublicLinkForm(initial={"public_mode": questionnaire.public_mode}),
            "invitation_form": invitation_form or InvitationForm(),
            "public_url": site_url(reverse("survey:answer", args=[questionnaire.public_token])),
            "counts": counts,
            "today": timezone.localdate(),
            **page,
        },
    )


@login_required
def distribution(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk, MANAGE)
    if request.method == "POST":
        form = PublicLinkForm(request.POST)
        if form.is_valid():
            services.questionnaire_set_public_mode(
                actor=request.user,
                questionnaire=questionnaire,
                mode=form.cleaned_data["public_mode"],
                new_link=form.cleaned_data["new_link"],
            )
            messages.success(request, _("The public link has been updated."))
            return redirect("questionnaires:distribution", pk=pk)
        return _distribution_page(request, questionnaire, public_form=form)
    return _distribution_page(request, questionnaire)


@login_required
@require_POST
def invitation_send(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk, MANAGE)
    form = InvitationForm(request.POST)
    version = selectors.current_version(questionnaire.key)
    if form.is_valid():
        if version is None:
            form.add_error(None, _("Publish the questionnaire before sending invitations."))
        else:
            sent = services.invitations_send(
                version=version,
                recipients=form.cleaned_data["recipients"],
                actor=request.user,
                message=form.cleaned_data["message"],
                base_url=site_url("/"),
            )
            skipped = len(form.cleaned_data["recipients"]) - len(sent)
            text = _("%(n)s invitations have been sent.") % {"n": len(sent)}
            if skipped:
                text += " " + _(
                    "%(n)s had already been invited and have not answered yet; use the reminder."
                ) % {"n": skipped}
            messages.success(request, text)
            return redirect("questionnaires:distribution", pk=pk)
    return _distribution_page(request, questionnaire, invitation_form=form)


@login_required
@require_POST
def invitation_remind(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk, MANAGE)
    count = services.invitations_remind(
        actor=request.user, questionnaire=questionnaire, base_url=site_url("/")
    )
    messages.success(request, _("%(n)s reminders have been sent.") % {"n": count})
    return redirect("questionnaires:distribution", pk=pk)


# --- results ------------------------------------------------------------------------------


def _results_context(request, questionnaire):
    versions = list(questionnaire.versions.order_by("-number"))
    filters_form = ResultFilterForm(request.GET or None, versions=versions)
    filters = filters_form.filters()
    responses = selectors.response_list(
        actor=request.user, questionnaire=questionnaire, filters=filters
    )
    questions = selectors.result_questions(questionnaire=questionnaire, version_id=filters.version)
    return filters_form, filters, responses, questions


def _suppressed(request, total: int) -> bool:
    """Too few responses to show in a shared view (coordinators see all)."""
    return 0 < total < SMALL_CELL and not request.user.has_perm(MANAGE)


def gap_rows(statistics) -> list[dict]:
    """Current and wanted state side by side, for questionnaires with pairs of scale
    questions keyed <area>_current and <area>_wanted (the gap-analysis dialog map)."""
    by_key = {s.key: s for s in statistics}
    rows = []
    for stats in statistics:
        if not stats.key.endswith("_current"):
            continue
        wanted = by_key.get(stats.key.removesuffix("_current") + "_wanted")
        if wanted is None or stats.mean is None or wanted.mean is None:
            continue
        label = stats.label.split(":")[0].strip()
        rows.append(
            {"label": label, "current": stats.mean, "wanted": wanted.mean,
             "gap": wanted.mean - stats.mean}
        )  # fmt: skip
    return rows


def _chart_for(stats):
    if not stats.options or not stats.answered:
        return None
    return bar_chart(
        stats.label,
        [(option.label, option.count) for option in stats.options],
        value_label=_("Answers"),
    )


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    language = _language()
    filters_form, _filters, responses, questions = _results_context(request, questionnaire)
    total, statistics = question_statistics(responses, questions, language=language)
    suppressed = _suppressed(request, total)
    if suppressed:
        statistics = []
    for stats in statistics:
        stats.chart = _chart_for(stats)
    gaps = gap_rows(statistics)
    gap_chart = (
        bar_chart(
            _("Gap between the wanted and the current state (mean, scale 1–5)"),
            [(row["label"], row["gap"]) for row in gaps],
            value_label=_("Gap"),
        )
        if gaps
        else None
    )
    query = request.GET.urlencode()
    template = (
        "questionnaires/partials/results_body.html"
        if request.htmx
        else "questionnaires/results.html"
    )
    return render(
        request,
        template,
        {
            "questionnaire": questionnaire,
            "filters": filters_form,
            "total": total,
            "statistics": statistics,
            "suppressed": suppressed,
            "gaps": gaps,
            "gap_chart": gap_chart,
            "small_cell": SMALL_CELL,
            "query": query,
            "language": language,
            "numeric_types": NUMERIC_TYPES,
            "can_manage": request.user.has_perm(MANAGE),
        },
    )


@login_required
def result_texts(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    form, _filters, responses, questions = _results_context(request, questionnaire)
    question = next((q for q in questions if q.key == key), None)
    if question is None:
        raise Http404
    texts = text_answers(responses, key)
    if _suppressed(request, responses.count()):
        texts = texts.none()
    page = paginate(request, texts, per_page=50)
    return render(
        request,
        "questionnaires/result_texts.html",
        {
            "questionnaire": questionnaire,
            "question": question,
            "label": question.text(_language()),
            "back_query": request.GET.copy().urlencode(),
            **page,
        },
    )


@login_required
def results_export(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    if kind not in ("raw", "summary") or fmt not in ("csv", "xlsx"):
        raise Http404
    questionnaire = _questionnaire(request, pk)
    language = request.GET.get("lang") if request.GET.get("lang") in ("sv", "en") else _language()
    form, _filters, responses, questions = _results_context(request, questionnaire)
    if _suppressed(request, responses.count()):
        responses = responses.none()
    stamp = timezone.localdate().isoformat()
    filename = f"{slugify(questionnaire.key)}-{kind}-{stamp}.{fmt}"
    notes = [
        (_("Questionnaire"), questionnaire.title(language)),
        *filter_notes(form),
        (_("Created"), timezone.localdate()),
    ]
    if kind == "raw":
        identity = request.user.has_perm("questionnaires.view_respondents")
        header = exporters.RAW_HEADER + (exporters.IDENTITY_HEADER if identity else [])
        rows = exporters.raw_rows(responses, language=language, include_identity=identity)
        return table_download(filename, header, rows, title=_("Answers"), notes=notes)
    total, statistics = question_statistics(responses, questions, language=language)
    return table_download(
        filename,
        exporters.SUMMARY_HEADER,
        exporters.summary_rows(statistics, total),
        title=_("Summary"),
        notes=notes,
    )


# --- import of answers from another tool --------------------------------------------------


@login_required
def answer_import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk, MANAGE)
    versions = [v for v in questionnaire.versions.order_by("-number") if v.is_published]
    form = AnswerUploadForm(request.POST or None, request.FILES or None, versions=versions)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        name = "answers.xlsx" if upload.name.lower().endswith(".xlsx") else "answers.csv"
        try:
            read_table(content, name)
        except TableError as exc:
            form.add_error("file", str(exc))
        else:
            answer_import = AnswerImport.objects.create(
                questionnaire=questionnaire,
                version=next(v for v in versions if v.pk == form.cleaned_data["version"]),
                filename=name,
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
                created_by=request.user,
            )
            return redirect("questionnaires:answer_import_map", pk=answer_import.pk)
    return render(
        request,
        "questionnaires/answer_import_upload.html",
        {"questionnaire": questionnaire, "form": form, "has_versions": bool(versions)},
    )


@login_required
def answer_import_map(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE)
    answer_import = get_object_or_404(
        AnswerImport.objects.select_related("questionnaire", "version"), pk=pk
    )
    questionnaire = answer_import.questionnaire
    if answer_import.imported_at:
        return render(
            request,
            "questionnaires/answer_import_done.html",
            {"answer_import": answer_import, "questionnaire": questionnaire},
        )
    table = imports.load_table(answer_import)
    questions = list(answer_import.version.questions.order_by("position", "pk"))
    language = _language()
    form = MappingForm(
        request.POST or None,
        columns=table.header,
        targets=imports.targets(questions, language),
        suggested=answer_import.mapping
        or imports.suggest(
            table.header, questions, remembered=imports.remembered_mapping(answer_import)
        ),
        repeatable=imports.repeatable(questions),
    )
    validation = None
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        if "confirm" in request.POST:
            validation = imports.run(
                actor=request.user, answer_import=answer_import, mapping=mapping
            )
            if not validation.errors:
                messages.success(
                    request,
                    _("%(new)s responses imported; %(known)s were already there.")
                    % {"new": answer_import.created_count, "known": answer_import.skipped_count},
                )
                return redirect("questionnaires:results", pk=questionnaire.pk)
        else:
            validation = imports.validate(answer_import, mapping)
            answer_import.mapping = mapping
            answer_import.save(update_fields=["mapping"])
    return render(
        request,
        "questionnaires/answer_import_map.html",
        {
            "answer_import": answer_import,
            "questionnaire": questionnaire,
            "form": form,
            "validation": validation,
            "preview": table.rows[:5],
            "header": table.header,
            "reading": table,
            "row_count": len(table.rows),
        },
    )
