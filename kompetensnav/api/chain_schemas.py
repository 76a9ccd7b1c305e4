"""The shapes of the chain's records that the API reads and writes: visits and needs,
courses and sessions, registrations and attendance. JSON keys are English and never
translated; `*_label` fields carry a human text in the token user's language."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import GetCoreSchemaHandler, WithJsonSchema
from pydantic_core import PydanticCustomError, core_schema

from kompetensnav.campus.enums import CourseFormat, CourseStatus
from kompetensnav.common.text import has_control_characters_beyond_lines
from kompetensnav.common.validators import SINGLE_LINE_MESSAGE
from kompetensnav.participants.enums import Gender, RegistrationStatus
from kompetensnav.projects.enums import BudgetCategory, Funder, MobilityKind, MobilityStatus
from kompetensnav.questionnaires.answers import values_from_answers
from kompetensnav.visits.enums import GapArea, Horizon

from .schemas import OrganisationRef, SingleLineText

MAX_TEXT = 10_000
# Hours as a JSON number with at most two decimals (a Decimal, so never rounded on the way).
Hours = Annotated[
    Decimal,
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 999.99, "multipleOf": 0.01}),
]


def _refuse_control_characters(value: object) -> object:
    if has_control_characters_beyond_lines(value):
        raise PydanticCustomError("control_characters", str(SINGLE_LINE_MESSAGE))
    return value


class MultiLineText(str):
    """A text of several lines (notes, descriptions): tab and line breaks are allowed, other
    control characters refused as on the web forms."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: object, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(
            _refuse_control_characters,
            core_schema.str_schema(
                pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]*$",
                max_length=MAX_TEXT,
            ),
        )


class CompanyRef(Schema):
    id: int = Field(description="The company's id in kompetensnav.")
    name: str = Field(description="The company's name.")


# --- visits and needs ---


class NeedIn(Schema):
    area: SingleLineText = Field(
        min_length=1,
        max_length=200,
        description="The competence area, by its name or a synonym in the shared vocabulary "
        "(any letter case); a new name adds it to the vocabulary.",
    )
    description: MultiLineText = Field("", description="What the company needs, in its words.")
    horizon: Horizon | None = Field(None, description="When the need arises.")
    employees_affected: int | None = Field(
        None, ge=0, le=1_000_000, description="How many employees need it."
    )
    seqf_level: int | None = Field(None, ge=1, le=8, description="The SEQF level needed (1–8).")
    gap_area: GapArea | None = Field(None, description="The gap analysis area it belongs to.")


class NeedOut(Schema):
    id: int = Field(description="The need's id in kompetensnav.")
    area: str = Field(description="The competence area's name (Swedish).")
    description: str = Field(description="What the company needs.")
    horizon: str = Field(description="When the need arises (a horizon code), or empty.")
    employees_affected: int | None = Field(description="How many employees need it, if given.")
    seqf_level: int | None = Field(description="The SEQF level needed, if given.")
    gap_area: str = Field(description="The gap analysis area (a code), or empty.")

    @staticmethod
    def resolve_area(need) -> str:
        return need.area.name

    @staticmethod
    def resolve_seqf_level(need) -> int | None:
        return need.seqf_level_id


class VisitIn(Schema):
    company: int = Field(ge=1, le=2**63 - 1, description="The visited company's id.")
    date: dt.date = Field(description="The day of the visit (not in the future).")
    also_present: SingleLineText = Field(
        "", max_length=300, description="Others at the visit, e.g. the production manager."
    )
    notes: MultiLineText = Field("", description="The broker's notes.")
    advice: MultiLineText = Field("", description="Advice given to the company.")
    follow_up_date: dt.date | None = Field(None, description="When to follow the visit up.")
    needs: list[NeedIn] = Field(
        default_factory=list, max_length=50, description="The needs the company named."
    )
    duplicate_confirmed: bool = Field(
        False,
        description="Log it even though the same broker already logged a visit to the company "
        "that day (refused otherwise, as it is more often the same visit twice).",
    )


class VisitOut(Schema):
    id: int = Field(description="The visit's id in kompetensnav.")
    company: CompanyRef = Field(description="The visited company.")
    organisation: OrganisationRef = Field(description="The visiting broker's organisation.")
    date: dt.date = Field(description="The day of the visit.")
    also_present: str = Field(description="Others at the visit.")
    notes: str = Field(description="The broker's notes.")
    advice: str = Field(description="Advice given.")
    follow_up_date: dt.date | None = Field(description="When to follow the visit up, if planned.")
    needs: list[NeedOut] = Field(description="The needs the company named.")
    updated: dt.datetime = Field(description="When the visit was last changed.")

    @staticmethod
    def resolve_needs(visit) -> list:
        return list(visit.needs.all())


# --- courses and sessions ---


class CourseIn(Schema):
    title_sv: SingleLineText = Field(min_length=1, max_length=200, description="Swedish title.")
    title_en: SingleLineText = Field("", max_length=200, description="English title.")
    description_sv: MultiLineText = Field("", description="Swedish description.")
    description_en: MultiLineText = Field("", description="English description.")
    seqf_level: int | None = Field(None, ge=1, le=8, description="The SEQF level (1–8).")
    format: CourseFormat = Field(CourseFormat.LIVE_STREAM, description="How it is given.")
    target_group: SingleLineText = Field("", max_length=200, description="Who it is for.")
    pilot: bool = Field(False, description="Whether it is a pilot course.")
    areas: list[SingleLineText] = Field(
        default_factory=list,
        max_length=20,
        description="Competence areas by name or synonym; new names are added.",
    )
    provider: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="The providing organisation's id; the token's organisation when left out "
        "(only a coordinator may name another).",
    )


class CourseDetailOut(Schema):
    id: int = Field(description="The course's id in kompetensnav.")
    status: CourseStatus = Field(description="Where the course is in the board's review.")
    status_label: str = Field(description="The status, in the token user's language.")
    title_sv: str = Field(description="The title in Swedish.")
    title_en: str = Field(description="The title in English (may be empty).")
    description_sv: str = Field(description="The description in Swedish.")
    description_en: str = Field(description="The description in English.")
    provider: OrganisationRef = Field(description="The organisation that gives the course.")
    seqf_level: int | None = Field(description="The SEQF level, if given.")
    format: CourseFormat = Field(description="How the course is given.")
    target_group: str = Field(description="Who the course is for.")
    pilot: bool = Field(description="Whether it is a pilot course.")
    areas: list[str] = Field(description="Its competence areas' names (Swedish).")
    updated: dt.datetime = Field(description="When the course was last changed.")

    @staticmethod
    def resolve_status_label(course) -> str:
        return str(course.get_status_display())

    @staticmethod
    def resolve_seqf_level(course) -> int | None:
        return course.seqf_level_id

    @staticmethod
    def resolve_areas(course) -> list[str]:
        return sorted(area.name for area in course.areas.all())


class CourseActionIn(Schema):
    action: Literal["submit", "approve", "send_back", "publish", "archive"] = Field(
        description="The step: the provider submits a draft, the board approves it or sends "
        "it back (with a comment), the provider publishes an approved course, and a course "
        "is archived when withdrawn."
    )
    comment: MultiLineText = Field(
        "", description="The board's comment (required to send a course back)."
    )


class SiteIn(Schema):
    organisation: int = Field(ge=1, le=2**63 - 1, description="The receiving organisation's id.")
    room: SingleLineText = Field("", max_length=120, description="The room there.")
    capacity: int = Field(ge=0, le=100_000, description="The places there.")


class SiteOut(Schema):
    organisation: OrganisationRef = Field(description="The receiving organisation.")
    room: str = Field(description="The room there.")
    capacity: int = Field(description="The places there.")
    seats_taken: int = Field(description="The places taken there.")


class SessionIn(Schema):
    start: dt.datetime = Field(description="When it starts (ISO 8601 with a time zone).")
    end: dt.datetime = Field(description="When it ends.")
    hours: Hours | None = Field(
        None,
        ge=0,
        le=Decimal("999.99"),
        decimal_places=2,
        description="The hours counted for attendance (end − start when left out; fewer for "
        "breaks, never more).",
    )
    sending_site: int | None = Field(
        None, ge=1, le=2**63 - 1, description="The sending organisation's id."
    )
    remote_capacity: int = Field(0, ge=0, le=100_000, description="Places to follow remotely.")
    stream_link: SingleLineText = Field("", max_length=200, description="The stream's address.")
    sites: list[SiteIn] = Field(
        default_factory=list, max_length=100, description="The receiving sites."
    )
    already_took_place: bool = Field(
        False,
        description="Record a session that has already taken place (a start in the past is "
        "refused otherwise).",
    )


class SessionOut(Schema):
    id: int = Field(description="The session's id in kompetensnav.")
    course: int = Field(description="The course's id.")
    start: dt.datetime = Field(description="When it starts.")
    end: dt.datetime = Field(description="When it ends.")
    hours: float = Field(description="The hours counted for attendance.")
    remote_capacity: int = Field(description="Places to follow remotely.")
    remote_taken: int = Field(description="Remote places taken.")
    sites: list[SiteOut] = Field(description="The receiving sites.")
    teacher: str = Field(
        description="The teacher's name, or as an import gave them (a name or an e-mail "
        "address without an account); empty when not known."
    )

    @staticmethod
    def resolve_teacher(session) -> str:
        return session.teacher_name

    @staticmethod
    def resolve_course(session) -> int:
        return session.course_id

    @staticmethod
    def resolve_hours(session) -> float:
        return float(session.hours)

    @staticmethod
    def resolve_sites(session) -> list:
        # prefetched with their organisations by whoever reads sessions (session_list, the
        # session a write answers with)
        return sorted(session.sites.all(), key=lambda site: site.pk)


# --- registrations and attendance ---


class RegistrationIn(Schema):
    full_name: SingleLineText = Field(min_length=1, max_length=150, description="Full name.")
    email: SingleLineText = Field(min_length=3, max_length=254, description="E-mail address.")
    site: int | None = Field(
        None,
        ge=1,
        le=2**63 - 1,
        description="The receiving site's organisation id; leave out and set `remote` to "
        "follow remotely.",
    )
    remote: bool = Field(False, description="Follow the course remotely.")
    gender: Gender = Field(Gender.UNKNOWN, description="F, M, X or empty (not given).")
    language: Literal["sv", "en"] = Field("sv", description="The language of the e-mails.")


class RegistrationOut(Schema):
    id: int = Field(description="The registration's id in kompetensnav.")
    course: int = Field(description="The course's id.")
    participant: int = Field(description="The participant's id.")
    status: RegistrationStatus = Field(description="Registered, waitlisted or cancelled.")
    status_label: str = Field(description="The status, in the token user's language.")
    site: int | None = Field(description="The receiving site's organisation id, if any.")
    remote: bool = Field(description="Whether the participant follows remotely.")

    @staticmethod
    def resolve_course(registration) -> int:
        return registration.course_id

    @staticmethod
    def resolve_participant(registration) -> int:
        return registration.participant_id

    @staticmethod
    def resolve_status_label(registration) -> str:
        return str(registration.get_status_display())

    @staticmethod
    def resolve_site(registration) -> int | None:
        return registration.site_id


class MarkIn(Schema):
    participant: int = Field(ge=1, le=2**63 - 1, description="The participant's id.")
    present: bool = Field(description="Whether they were there.")
    hours: Hours | None = Field(
        None,
        ge=0,
        le=Decimal("999.99"),
        decimal_places=2,
        description="Hours attended (the session's hours when present and left out).",
    )


class AttendanceIn(Schema):
    marks: list[MarkIn] = Field(
        min_length=1, max_length=1000, description="One mark per participant."
    )


class MarkOut(Schema):
    participant: int = Field(description="The participant's id.")
    present: bool = Field(description="Whether they were there.")
    hours: float = Field(description="Hours attended.")

    @staticmethod
    def resolve_participant(mark) -> int:
        return mark.participant_id

    @staticmethod
    def resolve_hours(mark) -> float:
        return float(mark.hours)


class AttendanceOut(Schema):
    session: int = Field(description="The session's id.")
    marks: list[MarkOut] = Field(
        description="The session's attendance as saved, of the participants the token's "
        "organisation may see."
    )


# --- the matching ---


class CourseRef(Schema):
    id: int = Field(description="The course's id in kompetensnav.")
    title_sv: str = Field(description="The title in Swedish.")
    provider: OrganisationRef = Field(description="The organisation that gives the course.")


class NeedMatchOut(Schema):
    course: CourseRef = Field(description="The suggested course.")
    rank: int = Field(description="1 for the best match of the need.")
    score: float = Field(description="How well the course answers the need, 0–1.")
    areas: list[str] = Field(
        description="The competence areas the need and course share (Swedish names)."
    )
    terms: list[str] = Field(description="The words of the need found in the course.")

    @staticmethod
    def resolve_areas(match) -> list[str]:
        return match.area_names

    next_session: dt.datetime | None = Field(
        description="When the course's next session starts; null without one ahead."
    )


class CourseNeedOut(Schema):
    need: NeedOut = Field(description="The need.")
    score: float = Field(description="How well the course answers it, 0–1.")
    visit: int | None = Field(
        description="The visit it was named at, when the token may read it; else null."
    )
    company: CompanyRef | None = Field(
        description="The company behind it, when the token may read the visit; else null."
    )

    @staticmethod
    def resolve_visit(match) -> int | None:
        return match.need.visit_id if match.visit_readable else None

    @staticmethod
    def resolve_company(match) -> object | None:
        return match.need.visit.company if match.visit_readable else None


# --- projects, budget lines and mobilities ---

Money = Annotated[
    Decimal,
    WithJsonSchema(
        {"type": "number", "minimum": 0, "maximum": 999_999_999_999, "multipleOf": 0.01}
    ),
]


class ProjectOut(Schema):
    id: int = Field(description="The project's id in kompetensnav.")
    external_id: str | None = Field(description="The id used for it in import files.")
    name: str = Field(description="Its name.")
    funder: Funder = Field(description="Who funds it.")
    funder_label: str = Field(description="The funder, in the token user's language.")
    start: dt.date | None = Field(description="When it starts.")
    end: dt.date | None = Field(description="When it ends.")
    budget_sek: float | None = Field(description="Its budget in SEK.")
    cofinancing_sek_per_hour: float | None = Field(
        description="The co-financing value of one participant hour, SEK."
    )
    granted_places_student: int | None = Field(description="Erasmus+ places granted, students.")
    granted_places_staff: int | None = Field(description="Erasmus+ places granted, staff.")

    @staticmethod
    def resolve_funder_label(project) -> str:
        return str(project.get_funder_display())

    @staticmethod
    def resolve_budget_sek(project) -> float | None:
        return None if project.budget_sek is None else float(project.budget_sek)

    @staticmethod
    def resolve_cofinancing_sek_per_hour(project) -> float | None:
        value = project.cofinancing_sek_per_hour
        return None if value is None else float(value)


class ProjectIn(Schema):
    name: SingleLineText = Field(min_length=1, max_length=200, description="Its name.")
    funder: Funder = Field(description="Who funds it.")
    start: dt.date | None = Field(None, description="When it starts.")
    end: dt.date | None = Field(None, description="When it ends.")
    description: MultiLineText = Field("", description="What it is about.")
    budget_sek: Money | None = Field(None, description="Its budget in SEK.")
    cofinancing_sek_per_hour: Money | None = Field(
        None, description="The co-financing value of one participant hour, SEK."
    )
    granted_places_student: int | None = Field(
        None, ge=0, le=100_000, description="Erasmus+ places granted, students."
    )
    granted_places_staff: int | None = Field(
        None, ge=0, le=100_000, description="Erasmus+ places granted, staff."
    )


class ProjectPatch(Schema):
    name: SingleLineText | None = Field(None, min_length=1, max_length=200, description="Name.")
    start: dt.date | None = Field(None, description="When it starts.")
    end: dt.date | None = Field(None, description="When it ends.")
    description: MultiLineText | None = Field(None, description="What it is about.")
    budget_sek: Money | None = Field(None, description="Its budget in SEK.")
    cofinancing_sek_per_hour: Money | None = Field(
        None, description="The co-financing value of one participant hour, SEK."
    )


class BudgetLineOut(Schema):
    id: int = Field(description="The budget line's id.")
    category: BudgetCategory = Field(description="What the money is for.")
    budgeted_sek: float = Field(description="Budgeted, SEK.")
    actual_sek: float = Field(
        description="Spent so far, SEK (for participants' time computed from attendance, "
        "and 0 here)."
    )
    note: str = Field(description="A note.")

    @staticmethod
    def resolve_budgeted_sek(line) -> float:
        return float(line.budgeted_sek)

    @staticmethod
    def resolve_actual_sek(line) -> float:
        return float(line.actual_sek)


class BudgetLineIn(Schema):
    category: BudgetCategory = Field(description="What the money is for.")
    budgeted_sek: Money = Field(description="Budgeted, SEK.")
    actual_sek: Money = Field(Decimal(0), description="Spent so far, SEK.")
    note: SingleLineText = Field("", max_length=200, description="A note.")


class MobilityOut(Schema):
    id: int = Field(description="The mobility's id.")
    project: int = Field(description="The project's id.")
    kind: MobilityKind = Field(description="A student's or a staff member's.")
    status: MobilityStatus = Field(description="Planned, completed, cancelled or force majeure.")
    participant_reference: str = Field(description="Who went, as the project refers to them.")
    sending_member: OrganisationRef | None = Field(description="The sending member.")
    host_organisation: str = Field(description="The host abroad.")
    country: str | None = Field(description="The host country (ISO 3166-1 alpha-2).")
    start: dt.date | None = Field(description="When it starts.")
    end: dt.date | None = Field(description="When it ends.")

    @staticmethod
    def resolve_project(mobility) -> int:
        return mobility.project_id

    @staticmethod
    def resolve_country(mobility) -> str | None:
        return mobility.country_id


class MobilityIn(Schema):
    kind: MobilityKind = Field(description="A student's or a staff member's.")
    status: MobilityStatus = Field(MobilityStatus.PLANNED, description="Where it stands.")
    participant_reference: SingleLineText = Field(
        "", max_length=60, description="A pseudonymous reference such as S-2026-014, not a name."
    )
    sending_member: int | None = Field(
        None, ge=1, le=2**63 - 1, description="The sending member organisation's id."
    )
    host_organisation: SingleLineText = Field("", max_length=200, description="The host.")
    country: SingleLineText | None = Field(
        None, min_length=2, max_length=2, description="The host country (ISO 3166-1 alpha-2)."
    )
    start: dt.date | None = Field(None, description="When it starts.")
    end: dt.date | None = Field(None, description="When it ends.")


# --- questionnaires and their responses ---


class QuestionnaireOut(Schema):
    id: int = Field(description="The questionnaire's id in kompetensnav.")
    key: str = Field(description="Its stable key, e.g. 'visit'.")
    title_sv: str = Field(description="Its title in Swedish.")
    title_en: str = Field(description="Its title in English (may be empty).")
    published_version: int | None = Field(
        description="The number of its newest published version (the one answered), if any."
    )

    @staticmethod
    def resolve_published_version(questionnaire) -> int | None:
        return questionnaire.published_number


AnswerValue = str | float | bool | list[str] | None
# bool before the numbers (true is not 1); texts as on the forms, without control characters
AnswerIn = (
    bool
    | int
    | float
    | MultiLineText
    | list[Annotated[SingleLineText, Field(max_length=200)]]
    | None
)


class ResponseOut(Schema):
    id: int = Field(description="The response's id in kompetensnav.")
    version: int = Field(description="The number of the questionnaire version answered.")
    channel: str = Field(description="How it came in: visit, public, invitation, import, api, …")
    submitted_on: dt.date = Field(description="The day it was answered.")
    company: int | None = Field(description="The company it is about, if any.")
    organisation: int | None = Field(description="The member organisation it came through.")
    answers: dict[str, AnswerValue] = Field(
        description="Question key → answer: a text, a number, true/false (yes/no), the "
        "option's value (single choice), a list of them (multiple choice) or a date "
        "(YYYY-MM-DD); `key.other` → the text written for the question's “Other, namely” "
        "option."
    )

    @staticmethod
    def resolve_version(response) -> int:
        return response.version.number

    @staticmethod
    def resolve_company(response) -> int | None:
        return response.company_id

    @staticmethod
    def resolve_organisation(response) -> int | None:
        return response.organisation_id

    @staticmethod
    def resolve_answers(response) -> dict:
        values = values_from_answers(response.answers.all())
        return {
            key: (
                float(value)
                if isinstance(value, Decimal)
                else value.isoformat()
                if isinstance(value, dt.date)
                else value
            )
            for key, value in values.items()
        }


class ResponseIn(Schema):
    answers: dict[
        Annotated[str, Field(max_length=66, pattern=r"^[-a-zA-Z0-9_]+(\.other)?$")],
        AnswerIn,
    ] = Field(
        max_length=500,
        description="Question key → answer, as in ResponseOut (an option by its value or its "
        "label; yes/no as true/false). Required questions must be answered, except those "
        "hidden by their condition. `key.other` is the text for the question's “Other, "
        "namely” option, which writing it chooses.",
    )
    company: int | None = Field(
        None, ge=1, le=2**63 - 1, description="The company the response is about."
    )
    submitted_on: dt.date | None = Field(
        None, description="The day it was answered (history); today when left out."
    )
    version: int | None = Field(
        None,
        ge=1,
        le=32767,
        description="The published version it answers (history from an earlier year); the "
        "newest published when left out.",
    )


class PublicRegistrationIn(RegistrationIn):
    employer_org_number: SingleLineText = Field(
        "", max_length=20, description="The employer's organisation number, if employed."
    )
    employer_name: SingleLineText = Field("", max_length=200, description="The employer's name.")


class ReceivedOut(Schema):
    detail: str = Field(description="What happens next, in the token user's language.")
