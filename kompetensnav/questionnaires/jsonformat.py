"""Questionnaires as JSON, so networks can share them.

Format "kompetensnav-questionnaire", format_version 1:

    {
      "format": "kompetensnav-questionnaire",
      "format_version": 1,
      "questionnaire": {
        "key": "visit",                                  # slug, stable across versions
        "title": {"sv": "...", "en": "..."},             # sv required
        "description": {"sv": "...", "en": "..."},       # optional
        "consent": {"sv": "...", "en": "..."},           # optional
        "retention_months": 36                           # 1-240, optional (36)
      },
      "questions": [
        {
          "key": "recruitment_roles",                    # slug, unique in the file
          "type": "short_text",    # single, multiple, scale, number, short_text, long_text,
                                   # date, yes_no
          "text": {"sv": "...", "en": "..."},            # sv required
          "help": {"sv": "...", "en": "..."},            # optional
          "required": false,                             # optional
          "options": [{"value": "a", "label": {"sv": "...", "en": "..."}}],  # single/multiple
          # an option with "other": true asks for a text ("Annat, nämligen")
          "condition": {"question": "recruitment_difficulties", "value": "yes"}  # or null
        }
      ]
    }

Importing a file whose key is new creates the questionnaire with a draft version 1; a key
that exists gets a new draft version with the file's questions (same keys, so results
compare). Problems are reported with their place, e.g. `questions[3].type: ...`."""

import json

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from kompetensnav.common.permissions import require_unless_system

from . import services
from .enums import QuestionType
from .models import Questionnaire, QuestionnaireVersion

FORMAT = "kompetensnav-questionnaire"
FORMAT_VERSION = 1


def _texts(sv: str, en: str) -> dict:
    return {"sv": sv, "en": en}


def export_questionnaire(version: QuestionnaireVersion) -> dict:
    questionnaire = version.questionnaire
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "questionnaire": {
            "key": questionnaire.key,
            "title": _texts(questionnaire.title_sv, questionnaire.title_en),
            "description": _texts(questionnaire.description_sv, questionnaire.description_en),
            "consent": _texts(questionnaire.consent_sv, questionnaire.consent_en),
            "retention_months": questionnaire.retention_months,
        },
        "questions": [
            {
                "key": q.key,
                "type": q.type,
                "text": _texts(q.text_sv, q.text_en),
                "help": _texts(q.help_sv, q.help_en),
                "required": q.required,
                "options": [
                    {
                        "value": o["value"],
                        "label": _texts(o.get("label_sv", ""), o.get("label_en", "")),
                        **({"other": True} if o.get("other") else {}),
                    }
                    for o in q.options
                ],
                "condition": {"question": q.condition_key, "value": q.condition_value}
                if q.condition_key
                else None,
            }
            for q in version.questions.order_by("position", "pk")
        ],
    }


class FormatError(ValidationError):
    pass


def _text_pair(value, where: str, errors: list[str], *, required: bool) -> tuple[str, str]:
    if value is None and not required:
        return "", ""
    if not isinstance(value, dict):
        errors.append(_('%(where)s: expected an object {"sv": …, "en": …}.') % {"where": where})
        return "", ""
    sv, en = value.get("sv", ""), value.get("en", "")
    if not isinstance(sv, str) or not isinstance(en, str):
        errors.append(_("%(where)s: the texts must be strings.") % {"where": where})
        return "", ""
    if required and not sv.strip():
        errors.append(_("%(where)s.sv: the Swedish text is required.") % {"where": where})
    return sv.strip(), en.strip()


def parse(raw: bytes | str) -> dict:
    """Parse and check the file; raises FormatError with every problem found."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise FormatError(_("The file is not valid JSON: %(error)s") % {"error": exc}) from None
    errors: list[str] = []
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FormatError(_("This is not a kompetensnav questionnaire file (format is missing)."))
    if data.get("format_version") != FORMAT_VERSION:
        raise FormatError(
            _("Format version %(found)s is not supported (expected %(expected)s).")
            % {"found": data.get("format_version"), "expected": FORMAT_VERSION}
        )
    meta = data.get("questionnaire")
    if not isinstance(meta, dict):
        raise FormatError(_("questionnaire: expected an object."))
    result = {"questions": []}
    key = meta.get("key")

    try:
        validate_slug(key if isinstance(key, str) else "")
    except ValidationError:
        errors.append(_("questionnaire.key: use letters, digits, hyphens or underscores."))
    result["key"] = key
    result["title_sv"], result["title_en"] = _text_pair(
        meta.get("title"), "questionnaire.title", errors, required=True
    )
    result["description_sv"], result["description_en"] = _text_pair(
        meta.get("description"), "questionnaire.description", errors, required=False
    )
    result["consent_sv"], result["consent_en"] = _text_pair(
        meta.get("consent"), "questionnaire.consent", errors, required=False
    )
    retention = meta.get("retention_months", 36)
    if not isinstance(retention, int) or isinstance(retention, bool) or not 1 <= retention <= 240:
        errors.append(_("questionnaire.retention_months: a whole number from 1 to 240."))
    result["retention_months"] = retention
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        errors.append(_("questions: expected a list with at least one question."))
        questions = []
    for index, q in enumerate(questions):
        where = f"questions[{index}]"
        if not isinstance(q, dict):
            errors.append(_("%(where)s: expected an object.") % {"where": where})
            continue
        kind = q.get("type")
        if kind not in QuestionType.values:
            errors.append(
                _("%(where)s.type: “%(type)s” is not one of %(types)s.")
                % {"where": where, "type": kind, "types": ", ".join(QuestionType.values)}
            )
        text_sv, text_en = _text_pair(q.get("text"), f"{where}.text", errors, required=True)
        help_sv, help_en = _text_pair(q.get("help"), f"{where}.help", errors, required=False)
        options = []
        for o_index, option in enumerate(q.get("options") or []):
            if not isinstance(option, dict) or "value" not in option:
                errors.append(
                    _('%(where)s.options[%(i)s]: expected {"value": …, "label": …}.')
                    % {"where": where, "i": o_index}
                )
                continue
            label_sv, label_en = _text_pair(
                option.get("label"), f"{where}.options[{o_index}].label", errors, required=True
            )
            options.append(
                {"value": str(option["value"]), "label_sv": label_sv, "label_en": label_en}
            )
            if option.get("other") is True:  # the option asks for a text ("Annat, nämligen")
                options[-1]["other"] = True
        condition = q.get("condition") or {}
        if not isinstance(condition, dict):
            errors.append(_("%(where)s.condition: expected an object or null.") % {"where": where})
            condition = {}
        result["questions"].append(
            {
                "key": q.get("key") if isinstance(q.get("key"), str) else "",
                "type": kind,
                "text_sv": text_sv,
                "text_en": text_en,
                "help_sv": help_sv,
                "help_en": help_en,
                "required": bool(q.get("required", False)),
                "options": options,
                "condition_key": str(condition.get("question", "") or ""),
                "condition_value": str(condition.get("value", "") or ""),
            }
        )
    if errors:
        raise FormatError(errors)
    return result


@transaction.atomic
def import_questionnaire(*, actor, raw: bytes | str) -> QuestionnaireVersion:
    """Create the questionnaire (or a new draft version of the one with the same key) from
    a file. All or nothing; raises FormatError/ValidationError naming each problem."""
    require_unless_system(actor, "questionnaires.manage")
    data = parse(raw)
    questionnaire = Questionnaire.objects.filter(key=data["key"]).first()
    if questionnaire is None:
        questionnaire = services.questionnaire_create(
            actor=actor,
            key=data["key"],
            title_sv=data["title_sv"],
            title_en=data["title_en"],
            description_sv=data["description_sv"],
            description_en=data["description_en"],
            consent_sv=data["consent_sv"],
            consent_en=data["consent_en"],
            retention_months=data["retention_months"],
        )
        version = questionnaire.versions.get()
    else:
        newest = services.latest_version(questionnaire=questionnaire)
        version = services.version_new_draft(actor=actor, version=newest)
        version.questions.all().delete()
    for index, spec in enumerate(data["questions"]):
        try:
            services.question_save(actor=actor, version=version, **spec)
        except ValidationError as exc:
            messages = (
                [f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()]
                if hasattr(exc, "error_dict")
                else exc.messages
            )
            raise FormatError(
                [f"questions[{index}] ({spec['key']}): {message}" for message in messages]
            ) from None
    return version
