"""Builders for questionnaire tests (through the services, so the rules apply)."""

from kompetensnav.questionnaires import services
from kompetensnav.questionnaires.models import Questionnaire

YES_NO_WITH_FOLLOW_UP = [
    {"key": "hard_to_recruit", "type": "yes_no", "text_sv": "Svårt att rekrytera?",
     "text_en": "Hard to recruit?", "required": True},
    {"key": "roles", "type": "short_text", "text_sv": "Vilka roller?", "text_en": "Which roles?",
     "required": True, "condition_key": "hard_to_recruit", "condition_value": "yes"},
    {"key": "match", "type": "scale", "text_sv": "Hur väl matchar utbudet?",
     "text_en": "How well does it match?"},
    {"key": "formats", "type": "multiple", "text_sv": "Format", "text_en": "Formats",
     "options": [
         {"value": "live_stream", "label_sv": "Livesänt", "label_en": "Live stream"},
         {"value": "on_site", "label_sv": "På plats", "label_en": "On site"},
         {"value": "online", "label_sv": "Distans", "label_en": "Online"},
     ]},
    {"key": "interest", "type": "single", "text_sv": "Intresse", "text_en": "Interest",
     "options": [
         {"value": "yes", "label_sv": "Ja", "label_en": "Yes"},
         {"value": "no", "label_sv": "Nej", "label_en": "No"},
     ]},
    {"key": "staff", "type": "number", "text_sv": "Antal anställda", "text_en": "Employees"},
    {"key": "comment", "type": "long_text", "text_sv": "Kommentar", "text_en": "Comment"},
]  # fmt: skip


WITH_OTHER_OPTION = {"value": "other", "label_sv": "Annat", "label_en": "Other", "other": True}
# choice questions whose last option asks for a text (“Annat, nämligen”)
WITH_OTHER = [
    {"key": "areas", "type": "multiple", "text_sv": "Område", "text_en": "Area",
     "options": [
         {"value": "welding", "label_sv": "Svetsning", "label_en": "Welding"},
         {"value": "it", "label_sv": "IT", "label_en": "IT"},
         WITH_OTHER_OPTION,
     ]},
    {"key": "industry", "type": "single", "text_sv": "Bransch", "text_en": "Industry",
     "options": [
         {"value": "industry", "label_sv": "Industri", "label_en": "Manufacturing"},
         {"value": "care", "label_sv": "Vård", "label_en": "Care"},
         WITH_OTHER_OPTION,
     ]},
    {"key": "level", "type": "single", "text_sv": "Nivå", "text_en": "Level",
     "options": [
         {"value": "basic", "label_sv": "Grund", "label_en": "Basic"},
         {"value": "advanced", "label_sv": "Fördjupning", "label_en": "Advanced"},
     ]},
    {"key": "comment", "type": "long_text", "text_sv": "Kommentar", "text_en": "Comment"},
]  # fmt: skip


def make_questionnaire(
    key: str = "test", questions=None, *, publish: bool = True, **fields
) -> Questionnaire:
    questionnaire = services.questionnaire_create(
        actor=None, key=key, title_sv=f"Enkät {key}", title_en=f"Questionnaire {key}", **fields
    )
    version = questionnaire.versions.get()
    for spec in questions if questions is not None else YES_NO_WITH_FOLLOW_UP:
        services.question_save(actor=None, version=version, **spec)
    if publish:
        services.version_publish(actor=None, version=version)
    return questionnaire
