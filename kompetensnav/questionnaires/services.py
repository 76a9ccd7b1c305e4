"""Writes on questionnaires: building and versioning, responses, invitations, retention.
The web pages, the visit form, course evaluations, the importers and the commands come here."""

import calendar
import re
from datetime import date, datetime, time, timedelta
from typing import Any, TypedDict, Unpack

from auditlog.context import disable_auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetensnav.accounts.acting import acting_affiliation, acting_user
from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import User
from kompetensnav.common.actor import Actor
from kompetensnav.common.links import site_url
from kompetensnav.common.mail import queue_email
from kompetensnav.common.permissions import require_unless_system
from kompetensnav.companies.models import Company
from kompetensnav.network.models import Organisation

from .answers import answer_rows, clean_answers, other_key
from .enums import CHOICE_TYPES, Channel, PublicMode, QuestionType, VersionStatus
from .models import (
    Answer,
    AnswerImport,
    FrozenVersionError,
    Invitation,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
    new_token,
)

# names the answer form's template reads from the form, which a question key would shadow
RESERVED_KEYS = {"rendered_questions", "questions", "version", "language"}
OPTION_VALUE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


def _save[M: Model](obj: M, **fields: Any) -> M:
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj


def _subject_fields(subject: Model | None) -> dict[str, Any]:
    if subject is None:
        return {"subject_type": None, "subject_id": None}
    return {
        "subject_type": ContentType.objects.get_for_model(subject),
        "subject_id": subject.pk,
    }


# --- questionnaires and versions ----------------------------------------------------------


class QuestionnaireFields(TypedDict, total=False):
    """What the questionnaire form sets; a key left out keeps its value."""

    title_sv: str
    title_en: str
    description_sv: str
    description_en: str
    consent_sv: str
    consent_en: str
    retention_months: int
    opens: date | None
    closes: date | None
    public_mode: str
    invitations_anonymous: bool
    owner: Organisation | None
    is_template: bool


# callers outside the type check (a view's cleaned data) are checked when they run
QUESTIONNAIRE_FIELDS = QuestionnaireFields.__optional_keys__


@transaction.atomic
def questionnaire_create(
    *, actor: Actor, key: str, **fields: Unpack[QuestionnaireFields]
) -> Questionnaire:
    """A new questionnaire with an empty draft version 1 (title_sv is required)."""
    require_unless_system(actor, "questionnaires.manage")
    unknown = set(fields) - QUESTIONNAIRE_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if Questionnaire.objects.filter(key=key).exists():
        raise ValidationError({"key": _("A questionnaire with this key already exists.")})
    affiliation = getattr(actor, "affiliation", None) if actor is not None else None
    if "owner" not in fields and affiliation:
        fields["owner"] = affiliation.organisation
    questionnaire = _save(Questionnaire(key=key), **fields)
    QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=1)
    return questionnaire


@transaction.atomic
def questionnaire_update(
    *, actor: Actor, questionnaire: Questionnaire, **fields: Unpack[QuestionnaireFields]
) -> Questionnaire:
    require_unless_system(actor, "questionnaires.manage")
    unknown = set(fields) - QUESTIONNAIRE_FIELDS
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    return _save(questionnaire, **fields)


@transaction.atomic
def questionnaire_set_public_mode(
    *, actor: Actor, questionnaire: Questionnaire, mode: str, new_link: bool = False
) -> Questionnaire:
    require_unless_system(actor, "questionnaires.manage")
    if mode not in PublicMode.values:
        raise ValidationError({"public_mode": _("Choose off, anonymous or named.")})
    questionnaire.public_mode = mode
    fields = ["public_mode", "updated"]
    if new_link:
        questionnaire.public_token = new_token()
        fields.append("public_token")
    questionnaire.save(update_fields=fields)
    return questionnaire


def latest_version(*, questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    return questionnaire.versions.order_by("-number").first()


@transaction.atomic
def version_new_draft(*, actor: Actor, version: QuestionnaireVersion) -> QuestionnaireVersion:
    """The version to edit after `version`: the newest version if it is still an unanswered
    draft, else a new draft numbered after the newest, with a copy of `version`'s questions
    (same keys, so results compare)."""
    require_unless_system(actor, "questionnaires.manage")
    questionnaire = Questionnaire.objects.select_for_update().get(pk=version.questionnaire_id)
    newest = latest_version(questionnaire=questionnaire)
    assert newest is not None  # `version` is one
    if newest.status == VersionStatus.DRAFT and newest.pk != version.pk:
        return newest
    if newest.pk == version.pk and not version.frozen and version.status == VersionStatus.DRAFT:
        return version
    number = (questionnaire.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=number)
    copies = [
        Question(
            version=draft,
            key=q.key,
            position=q.position,
            type=q.type,
            text_sv=q.text_sv,
            text_en=q.text_en,
            help_sv=q.help_sv,
            help_en=q.help_en,
            required=q.required,
            options=q.options,
            condition_key=q.condition_key,
            condition_value=q.condition_value,
        )
        for q in version.questions.order_by("position", "pk")
    ]
    Question.objects.bulk_create(copies)
    return draft


def editable_version(questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    """The version the builder edits in place: the newest, unless it has answers."""
    newest = latest_version(questionnaire=questionnaire)
    return newest if newest is not None and not newest.frozen else None


def _validate_version(version: QuestionnaireVersion) -> None:
    questions = list(version.questions.order_by("position", "pk"))
    if not questions:
        raise ValidationError(_("Add at least one question before publishing."))
    earlier: dict[str, Question] = {}
    for question in questions:
        if question.condition_key:
            _validate_condition(earlier, question.condition_key, question.condition_value, question)
        earlier[question.key] = question


@transaction.atomic
def version_publish(*, actor: Actor, version: QuestionnaireVersion) -> QuestionnaireVersion:
    require_unless_system(actor, "questionnaires.manage")
    version = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    if version.status == VersionStatus.PUBLISHED:
        return version
    _validate_version(version)
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    return version


def _check_editable(version: QuestionnaireVersion) -> None:
    if QuestionnaireVersion.objects.filter(pk=version.pk, frozen=True).exists():
        raise FrozenVersionError


# --- questions ----------------------------------------------------------------------------


def _validate_options(kind: str, options: list[Any]) -> list[dict[str, Any]]:
    if kind not in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return []
    cleaned = []
    seen = set()
    for option in options or []:
        value = str(option.get("value", "")).strip()
        label_sv = str(option.get("label_sv", "")).strip()
        label_en = str(option.get("label_en", "")).strip()
        if not OPTION_VALUE.match(value):
            raise ValidationError(
                {
                    "options": _(
                        "“%(value)s”: an option's value is 1–60 lower-case letters, digits, "
                        "hyphens or underscores."
                    )
                    % {"value": value}
                }
            )
        if value in seen:
            raise ValidationError(
                {"options": _("The value “%(value)s” appears twice.") % {"value": value}}
            )
        if not label_sv:
            raise ValidationError(
                {"options": _("The option “%(value)s” needs a Swedish label.") % {"value": value}}
            )
        seen.add(value)
        entry: dict[str, Any] = {"value": value, "label_sv": label_sv, "label_en": label_en}
        if option.get("other"):
            entry["other"] = True
        cleaned.append(entry)
    if len(cleaned) < 2:
        raise ValidationError({"options": _("A choice question needs at least two options.")})
    if sum(1 for o in cleaned if o.get("other")) > 1:
        raise ValidationError(
            {"options": _("Only one option can ask for a text (“Other, namely”).")}
        )
    return cleaned


def _choice_values(question: Question) -> list[str]:
    if question.type == QuestionType.YES_NO:
        return ["yes", "no"]
    return [str(o["value"]) for o in question.options]


def _validate_condition(
    earlier: dict[str, Question], key: str, value: str, question: Question | None = None
) -> None:
    """A condition refers to an EARLIER choice question and one of its answers."""
    if not key and not value:
        return
    if not key or not value:
        raise ValidationError(
            {"condition_value": _("Choose both the question and the answer of the condition.")}
        )
    target = earlier.get(key)
    if target is None:
        raise ValidationError(
            {
                "condition_key": _(
                    "A condition can only refer to an earlier question (“%(key)s” is not one)."
                )
                % {"key": key}
            }
        )
    if target.type not in CHOICE_TYPES:
        raise ValidationError(
            {
                "condition_key": _(
                    "A condition must refer to a choice or yes/no question, not to “%(key)s”."
                )
                % {"key": key}
            }
        )
    if value not in _choice_values(target):
        raise ValidationError(
            {
                "condition_value": _("“%(value)s” is not an answer of the question “%(key)s”.")
                % {"value": value, "key": key}
            }
        )


@transaction.atomic
def question_save(
    *,
    actor: Actor,
    version: QuestionnaireVersion,
    question: Question | None = None,
    key: str,
    type: str,
    text_sv: str,
    text_en: str = "",
    help_sv: str = "",
    help_en: str = "",
    required: bool = False,
    options: list[Any] | None = None,
    condition_key: str = "",
    condition_value: str = "",
) -> Question:
    """Add a question at the end of the version, or change one. Refused on a frozen
    version; a condition must refer to an earlier choice question and one of its answers."""
    require_unless_system(actor, "questionnaires.manage")
    version = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    if version.frozen:
        raise FrozenVersionError
    if question is not None and question.version_id != version.pk:
        raise ValidationError(_("The question belongs to another version."))
    if type not in QuestionType.values:
        raise ValidationError({"type": _("Choose a question type.")})
    if key in RESERVED_KEYS:
        raise ValidationError({"key": _("This key is reserved; choose another.")})
    others_qs = version.questions.all()
    if question is not None and question.pk is not None:
        others_qs = others_qs.exclude(pk=question.pk)
    others = list(others_qs)
    if any(q.key == key for q in others):
        raise ValidationError({"key": _("Another question of this version has this key.")})
    options = _validate_options(type, options or [])
    if question is None:
        position = max((q.position for q in others), default=0) + 1
    else:
        position = question.position
    if question is None:
        earlier = {q.key: q for q in others}
    else:
        earlier = {q.key: q for q in others if (q.position, q.pk) < (position, question.pk)}
    _validate_condition(earlier, condition_key, condition_value)
    candidate = question or Question(version=version)
    old_key = question.key if question else None
    fields = {
        "key": key,
        "type": type,
        "text_sv": text_sv,
        "text_en": text_en,
        "help_sv": help_sv,
        "help_en": help_en,
        "required": required,
        "options": options,
        "condition_key": condition_key,
        "condition_value": condition_value,
        "position": position,
    }
    for name, value in fields.items():
        setattr(candidate, name, value)
    # questions that depend on this one must still make sense
    dependents = [q for q in others if old_key and q.condition_key == old_key]
    for dependent in dependents:
        if key != old_key:
            raise ValidationError(
                {
                    "key": _(
                        "The question “%(other)s” depends on this key; change its condition first."
                    )
                    % {"other": dependent.key}
                }
            )
        if type not in CHOICE_TYPES or dependent.condition_value not in _choice_values(candidate):
            raise ValidationError(
                {
                    "options": _(
                        "The question “%(other)s” is shown when this question is answered "
                        "“%(value)s”; keep that answer or change its condition first."
                    )
                    % {"other": dependent.key, "value": dependent.condition_value}
                }
            )
    candidate.full_clean(exclude=["version"])
    candidate.save()
    return candidate


def _renumber(version: QuestionnaireVersion) -> None:
    for index, question in enumerate(version.questions.order_by("position", "pk"), start=1):
        if question.position != index:
            Question.objects.filter(pk=question.pk).update(position=index)


@transaction.atomic
def question_move(*, actor: Actor, question: Question, offset: int) -> None:
    """Move a question one step up (offset -1) or down (+1). A question cannot move above
    the question its condition refers to, nor below a question that depends on it."""
    require_unless_system(actor, "questionnaires.manage")
    _check_editable(question.version)
    _renumber(question.version)
    questions = list(question.version.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other_index = index + (1 if offset > 0 else -1)
    if not 0 <= other_index < len(questions):
        return
    other = questions[other_index]
    first, second = (question, other) if offset > 0 else (other, question)
    # `first` comes before `second` now and after it when moved
    if second.condition_key == first.key:
        raise ValidationError(
            _("“%(second)s” depends on “%(first)s” and must come after it.")
            % {"second": second.text_sv, "first": first.text_sv}
        )
    questions[index], questions[other_index] = questions[other_index], questions[index]
    for position, q in enumerate(questions, start=1):
        Question.objects.filter(pk=q.pk).update(position=position)


@transaction.atomic
def question_delete(*, actor: Actor, question: Question) -> None:
    require_unless_system(actor, "questionnaires.manage")
    _check_editable(question.version)
    dependent = question.version.questions.filter(condition_key=question.key).first()
    if dependent is not None:
        raise ValidationError(
            _("“%(other)s” is shown depending on this question; change its condition first.")
            % {"other": dependent.text_sv}
        )
    version = question.version
    question.delete()
    _renumber(version)


# --- responses ----------------------------------------------------------------------------


def _validated(
    version: QuestionnaireVersion,
    answers: dict[str, Any],
    check_required: bool = True,
    apply_conditions: bool = True,
) -> dict[str, Any]:
    values, errors = clean_answers(
        version.questions.order_by("position", "pk"),
        answers,
        check_required=check_required,
        apply_conditions=apply_conditions,
    )
    if errors:
        raise ValidationError(errors)
    return values


def _write_answers(
    response: Response, version: QuestionnaireVersion, values: dict[str, Any]
) -> None:
    """Store the answers. Those of a response tied to a person are saved one by one, so the
    audit log records them; anonymous ones in one statement, outside the log."""
    questions = {q.key: q for q in version.questions.all()}
    rows = []
    for key, value in values.items():
        if key not in questions:
            continue  # the text of an "other" option, stored with the option's row
        question = questions[key]
        for columns in answer_rows(question, value, values.get(other_key(key), "")):
            rows.append(Answer(response=response, question=question, key=key, **columns))
    if response.is_anonymous:
        Answer.objects.bulk_create(rows)
    else:
        for row in rows:
            row.save()


@transaction.atomic
def response_submit(
    *,
    version: QuestionnaireVersion,
    answers: dict[str, Any],
    channel: str,
    company: Company | None = None,
    organisation: Organisation | None = None,
    submitted_by: User | None = None,
    respondent_name: str = "",
    respondent_email: str = "",
    subject: Model | None = None,
    submitted_on: date | None = None,
    external_id: str | None = None,
    check_required: bool = True,
    apply_conditions: bool = True,
) -> Response:
    """Validate and store a response; the version is frozen from now on. Raises
    ValidationError({question key: message}). A response without a user, name or e-mail is
    anonymous: only its date is kept and it is left out of the audit log, whose entries
    carry the exact time and the client's address."""
    if channel not in Channel.values:
        raise ValidationError(_("Unknown channel."))
    version = QuestionnaireVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Only a published version can be answered."))
    values = _validated(version, answers, check_required, apply_conditions)
    anonymous = not (submitted_by or respondent_name or respondent_email)
    now = timezone.now()
    response = Response(
        version=version,
        channel=channel,
        submitted_on=submitted_on or timezone.localdate(),
        submitted_at=None if anonymous else now,
        company=company,
        organisation=organisation,
        submitted_by=submitted_by,
        respondent_name=respondent_name.strip()[:150],
        respondent_email=respondent_email.strip(),
        external_id=external_id,
        **_subject_fields(subject),
    )
    response.full_clean(exclude=["version", "company", "organisation", "submitted_by"])
    if anonymous:
        with disable_auditlog():
            response.save()
    else:
        response.save()
    _write_answers(response, version, values)
    if not version.frozen:
        QuestionnaireVersion.objects.filter(pk=version.pk).update(frozen=True)
        version.frozen = True
    return response


@transaction.atomic
def response_update(*, response: Response, answers: dict[str, Any], actor: Actor) -> Response:
    """Change the answers of a response (a visit's embedded questionnaire): only the person
    who submitted it, their organisation's admin, or a coordinator."""
    if actor is not None:
        affiliation = acting_affiliation(actor)
        allowed = affiliation is not None and (
            affiliation.role == Role.COORDINATOR
            or response.submitted_by_id == actor.pk
            or (
                affiliation.role == Role.ORG_ADMIN
                and response.organisation_id == affiliation.organisation_id
            )
        )
        if not allowed:
            raise PermissionDenied
    values = _validated(response.version, answers)
    response.answers.all().delete()
    _write_answers(response, response.version, values)
    response.updated_at = timezone.now()
    response.save(update_fields=["updated_at"])
    return response


@transaction.atomic
def response_delete(*, actor: Actor, response: Response) -> None:
    require_unless_system(actor, "questionnaires.manage")
    response.delete()


# --- invitations --------------------------------------------------------------------------


def _base_url(base_url: str) -> str:
    """The site's address for links in e-mails (settings.SITE_URL, common/links.py)."""
    return (base_url or site_url()).rstrip("/")


def _send_invitation_mail(invitation: Invitation, base_url: str, *, reminder: bool) -> None:
    questionnaire = invitation.version.questionnaire
    with translation.override("sv"):
        context = {
            "invitation": invitation,
            "questionnaire": questionnaire,
            "title_sv": questionnaire.title("sv"),
            "title_en": questionnaire.title("en"),
            "closes": questionnaire.closes,
            "link": base_url + reverse("survey:invitation", args=[invitation.token]),
            "reminder": reminder,
        }
        subject = (_("Reminder: %(title)s") if reminder else _("Invitation: %(title)s")) % {
            "title": questionnaire.title("sv")
        }
        queue_email(
            subject=subject,
            body=render_to_string("questionnaires/email/invitation.txt", context),
            to=[invitation.email],
        )


@transaction.atomic
def invitations_send(
    *,
    version: QuestionnaireVersion,
    recipients: list[tuple[str, str]],
    actor: Actor,
    subject: Model | None = None,
    message: str = "",
    base_url: str = "",
) -> list[Invitation]:
    """Personal invitations with a token link, e-mailed after the commit. A person who
    already has an unanswered invitation to the version (about the same subject) is not
    invited twice."""
    require_unless_system(actor, "questionnaires.manage")
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Publish the questionnaire before sending invitations."))
    subject_fields = _subject_fields(subject)
    existing = set(
        Invitation.objects.filter(
            version=version, answered_at__isnull=True, **subject_fields
        ).values_list("email", flat=True)
    )
    now = timezone.now()
    invitations = []
    seen = set()
    for email, name in recipients:
        email = email.strip().lower()
        if not email or email in existing or email in seen:
            continue
        seen.add(email)
        invitation = Invitation(
            version=version,
            email=email,
            name=(name or "").strip()[:150],
            message=message,
            created_by=acting_user(actor),
            sent_at=now,
            **subject_fields,
        )
        invitation.full_clean(exclude=["version", "created_by", "subject_type"])
        invitation.save()
        invitations.append(invitation)
    url = _base_url(base_url)
    for invitation in invitations:
        _send_invitation_mail(invitation, url, reminder=False)
    return invitations


@transaction.atomic
def invitations_remind(*, actor: Actor, questionnaire: Questionnaire, base_url: str = "") -> int:
    """Remind everyone invited to the questionnaire who has not answered."""
    require_unless_system(actor, "questionnaires.manage")
    pending = list(
        Invitation.objects.select_related("version__questionnaire").filter(
            version__questionnaire=questionnaire, answered_at__isnull=True
        )
    )
    now = timezone.now()
    url = _base_url(base_url)
    for invitation in pending:
        invitation.reminded_at = now
        invitation.save(update_fields=["reminded_at"])
        _send_invitation_mail(invitation, url, reminder=True)
    return len(pending)


class AlreadyAnswered(Exception):
    pass


@transaction.atomic
def invitation_answer(*, invitation: Invitation, answers: dict) -> Response:
    """Answer through an invitation, once. When the questionnaire's invitation answers are
    anonymous, the response keeps nothing of the invitation."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.answered_at is not None:
        raise AlreadyAnswered
    questionnaire = invitation.version.questionnaire
    named = not questionnaire.invitations_anonymous
    response = response_submit(
        version=invitation.version,
        answers=answers,
        channel=Channel.INVITATION,
        respondent_name=invitation.name if named else "",
        respondent_email=invitation.email if named else "",
        subject=invitation.subject,
    )
    now = timezone.now()
    if not named:
        # only the day: the order in which invitations were answered must not line up with
        # the order of the anonymous responses
        now = now.astimezone(timezone.get_current_timezone()).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
    invitation.answered_at = now
    invitation.save(update_fields=["answered_at"])
    return response


# --- retention ----------------------------------------------------------------------------


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1

    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def responses_purge(*, today: date | None = None) -> int:
    """Delete responses older than their questionnaire's retention period (and answered
    invitations as old). Returns the number of responses deleted."""
    today = today or timezone.localdate()
    deleted = 0
    for questionnaire in Questionnaire.objects.all():
        cutoff = _months_before(today, questionnaire.retention_months)
        old = Response.objects.filter(version__questionnaire=questionnaire, submitted_on__lt=cutoff)
        count = old.count()
        if count:
            Answer.objects.filter(response__in=old).delete()
            old.delete()
            deleted += count
        Invitation.objects.filter(
            version__questionnaire=questionnaire, sent_at__date__lt=cutoff
        ).delete()
    # uploads of answers that were never imported are not kept for long

    stale = timezone.make_aware(datetime.combine(today - timedelta(days=7), time.min))
    AnswerImport.objects.filter(imported_at__isnull=True, created__lt=stale).delete()
    return deleted
