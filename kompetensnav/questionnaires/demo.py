"""Demo questionnaires: public-link answers to the shared visit questionnaire over several
years (version 1, then version 2 with one more question: versioning in action), gap
analyses held by brokers with companies, and a follow-up questionnaire sent by personal
invitation (some answered, some pending). The visits demo (after this one) adds the visit
questionnaires that brokers fill in during visits. All answers are invented."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from kompetensnav.common.demodata import DEMO_DOMAIN, DemoContext
from kompetensnav.network.enums import OrganisationKind

from . import services
from .enums import Channel, PublicMode, VersionStatus
from .models import Invitation, Questionnaire, QuestionnaireVersion, Response
from .selectors import current_version

# Competence areas by the SNI section of the company: what its answers lean towards.
AREAS_BY_SECTION = {
    "C": ["production", "safety", "digital", "language", "leadership"],
    "I": ["customer_care", "social_media", "language", "environment"],
    "G": ["customer_care", "social_media", "digital"],
    "F": ["safety", "digital", "leadership", "language"],
    "H": ["safety", "language", "digital"],
}
DEFAULT_AREAS = ["digital", "leadership", "social_media", "environment", "customer_care"]
ROLES = [
    "CNC-operatörer",
    "Svetsare",
    "Kockar och serveringspersonal",
    "Lastbilschaufförer",
    "Underhållstekniker",
    "Möbelsnickare",
    "Säljare med digital vana",
    "Undersköterskor",
    "Elektriker",
    "Receptionister med språkkunskaper",
]
NEEDS_NOW = [
    "Vi behöver fler som kan programmera och ställa om CNC-maskiner.",
    "Nyanställda behöver svenska för att kunna läsa arbetsinstruktioner.",
    "Bättre kundbemötande i receptionen, särskilt på engelska och tyska.",
    "Kunskap om hur vi marknadsför oss i sociala medier.",
    "Truckkort och heta arbeten för flera i personalen.",
    "Grundläggande digital kompetens för affärssystemet.",
    "Arbetsledare som behöver stöd i ledarskap och arbetsmiljöfrågor.",
    "Miljöcertifiering enligt ISO 14001 står på tur.",
]
NEEDS_FUTURE = [
    "Automation och robotar i produktionen inom två år.",
    "Fler säsongsanställda som behöver introduktion snabbt.",
    "Generationsskifte: flera erfarna går i pension.",
    "Digital försäljning blir viktigare än butiken.",
    "Krav från kunder på hållbarhetsredovisning.",
    "Vi vill bredda rekryteringen och få fler kvinnor till produktionen.",
]
COMMENTS = [
    "Bra att någon lyssnar på småföretagens behov.",
    "Kurserna måste gå att gå på kvällstid eller på distans.",
    "Vi kan ta emot praktikanter från vuxenutbildningen.",
    "Svårt att släppa personal under högsäsong.",
    "Gärna utbildning på plats hos oss.",
    "Samarbete med andra företag i branschen vore värdefullt.",
]
GAP_COMMENTS = {
    "mottagarkompetens": [
        "Introduktionen av nyanställda är inte strukturerad.",
        "Vi har svårt att ta tillvara utländsk kompetens.",
        "Arbetsplatsen är mansdominerad och vi vill ändra det.",
    ],
    "matchning": [
        "Samarbetet med Arbetsförmedlingen kan bli bättre.",
        "Nystartsjobb och praktik har fungerat bra.",
        "Få sökande har rätt utbildning.",
    ],
    "utbildning": [
        "Det saknas en produktionsinriktad utbildning på gymnasienivå.",
        "Vuxenutbildningen har varit lyhörd.",
        "Utbudet ligger för långt bort geografiskt.",
    ],
}
FOLLOW_UP = {
    "key": "visit-follow-up",
    "title_sv": "Uppföljning av besök från kompetensmäklaren",
    "title_en": "Follow-up of the competence broker's visit",
    "description_sv": "Några korta frågor om hur besöket från kompetensmäklaren var till nytta.",
    "description_en": "A few short questions on how useful the competence broker's visit was.",
    "consent_sv": "Svaren är anonyma och används för att förbättra besöken. De sparas i två år.",
    "consent_en": "The answers are anonymous and used to improve the visits. Kept for two years.",
    "retention_months": 24,
}
FOLLOW_UP_QUESTIONS = [
    {"key": "useful", "type": "scale", "text_sv": "Hur användbart var besöket?",
     "text_en": "How useful was the visit?", "required": True,
     "help_sv": "1 = inte alls, 5 = mycket", "help_en": "1 = not at all, 5 = very"},
    {"key": "acted", "type": "yes_no", "text_sv": "Har ni gjort något utifrån besöket?",
     "text_en": "Have you acted on the visit?", "required": True},
    {"key": "action", "type": "single", "text_sv": "Vad har ni gjort?",
     "text_en": "What have you done?", "condition_key": "acted", "condition_value": "yes",
     "options": [
         {"value": "course", "label_sv": "Anmält personal till en kurs",
          "label_en": "Registered staff for a course"},
         {"value": "recruited", "label_sv": "Rekryterat", "label_en": "Recruited"},
         {"value": "school", "label_sv": "Börjat samarbeta med en skola",
          "label_en": "Started working with a school"},
         {"value": "other", "label_sv": "Annat", "label_en": "Other", "other": True},
     ]},
    {"key": "comment", "type": "long_text", "text_sv": "Något mer du vill säga?",
     "text_en": "Anything else?"},
]  # fmt: skip


def _section(company) -> str:
    sni = company.sni if company else None
    if sni is None:
        return ""
    return sni.parent_id or sni.code


def _visit_answers(rng, company, *, with_v2: bool) -> dict:
    section = _section(company)
    areas = AREAS_BY_SECTION.get(section, DEFAULT_AREAS)
    hard = rng.random() < (0.7 if section in ("C", "I", "F") else 0.45)
    answers = {
        "industry_situation": rng.choices(
            ["growing", "stable", "declining", "uncertain"], weights=[4, 5, 1, 2]
        )[0],
        "recruitment_difficulties": hard,
        "focus_areas": rng.sample(areas, k=rng.randint(1, min(3, len(areas)))),
        "course_interest": rng.choices(
            ["yes_now", "yes_later", "maybe", "no"], weights=[4, 3, 2, 1]
        )[0],
        "preferred_formats": rng.sample(
            ["live_stream", "on_site", "hybrid", "online"], k=rng.randint(1, 2)
        ),
        "language_needs": rng.random() < 0.4,
        "school_cooperation": rng.choice(["regularly", "sometimes", "want_to", "no"]),
        "education_match": rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 4, 3, 1])[0],
    }
    if hard:
        answers["recruitment_roles"] = rng.choice(ROLES)
    if company and company.employees:
        answers["employees_affected"] = max(1, company.employees // rng.randint(2, 6))
    if rng.random() < 0.7:
        answers["needs_now"] = rng.choice(NEEDS_NOW)
    if rng.random() < 0.5:
        answers["needs_future"] = rng.choice(NEEDS_FUTURE)
    if rng.random() < 0.3:
        answers["comments"] = rng.choice(COMMENTS)
    if with_v2 and rng.random() < 0.85:
        answers["planned_hires"] = rng.randint(0, 8)
    return answers


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


def _add_visit_version_2(visit_v1: QuestionnaireVersion) -> QuestionnaireVersion:
    draft = services.version_new_draft(actor=None, version=visit_v1)
    services.question_save(
        actor=None,
        version=draft,
        key="planned_hires",
        type="number",
        text_sv="Hur många planerar ni att anställa det närmaste året?",
        text_en="How many do you plan to hire in the coming year?",
    )
    services.version_publish(actor=None, version=draft)
    return draft


def seed(context: DemoContext) -> None:
    rng = context.rng
    today = timezone.localdate()
    companies = list(context.data.get("companies") or [])
    members = [
        o for o in context.data.get("organisations", []) if o.kind != OrganisationKind.NETWORK
    ]

    # the shared visit questionnaire, open to companies through a public link
    visit = Questionnaire.objects.get(key="visit")
    visit.public_mode = PublicMode.ANONYMOUS
    visit.save(update_fields=["public_mode"])
    v1 = current_version("visit")
    switch_day = today - timedelta(days=300)
    start = today - timedelta(days=3 * 365)
    public_count = 0
    v2 = None
    for day_offset in sorted(rng.randint(0, (today - start).days) for _n in range(170)):
        day = start + timedelta(days=day_offset)
        if day >= switch_day and v2 is None:
            v2 = _add_visit_version_2(v1)
        version = v2 if day >= switch_day else v1
        company = rng.choice(companies) if companies and rng.random() < 0.8 else None
        services.response_submit(
            version=version,
            answers=_visit_answers(rng, company, with_v2=version is v2),
            channel=Channel.PUBLIC,
            company=company,
            submitted_on=day,
        )
        public_count += 1
    if v2 is None:
        v2 = _add_visit_version_2(v1)
    # when each version came into use (the visits demo answers with the version of the day)
    QuestionnaireVersion.objects.filter(pk=v1.pk).update(published_at=_at(start))
    QuestionnaireVersion.objects.filter(pk=v2.pk).update(published_at=_at(switch_day))

    # gap analyses: a broker and a company go through the dialog map together
    gap = current_version("gap-analysis")
    for _n in range(36):
        company = rng.choice(companies) if companies else None
        answers = {}
        for area, wanted_bias in (("mottagarkompetens", 2), ("matchning", 1), ("utbildning", 2)):
            current = rng.choices([1, 2, 3, 4, 5], weights=[2, 4, 4, 2, 1])[0]
            answers[f"{area}_current"] = current
            answers[f"{area}_wanted"] = min(5, current + rng.randint(0, wanted_bias + 1))
            if rng.random() < 0.5:
                answers[f"{area}_comment"] = rng.choice(GAP_COMMENTS[area])
        if rng.random() < 0.4:
            answers["gender_perspective"] = rng.choice(
                [
                    "Nästan bara män i produktionen, kvinnor på kontoret.",
                    "Jämn fördelning, men få unga.",
                    "Vi vill bredda rekryteringen men vet inte hur.",
                ]
            )
        services.response_submit(
            version=gap,
            answers=answers,
            channel=Channel.VISIT,
            company=company,
            organisation=rng.choice(members) if members else None,
            submitted_on=today - timedelta(days=rng.randint(5, 700)),
        )

    # a follow-up questionnaire sent by personal invitation
    follow_up = services.questionnaire_create(
        actor=None,
        key=FOLLOW_UP["key"],
        title_sv=FOLLOW_UP["title_sv"],
        title_en=FOLLOW_UP["title_en"],
        description_sv=FOLLOW_UP["description_sv"],
        description_en=FOLLOW_UP["description_en"],
        consent_sv=FOLLOW_UP["consent_sv"],
        consent_en=FOLLOW_UP["consent_en"],
        retention_months=FOLLOW_UP["retention_months"],
        owner=context.data.get("network_organisation"),
        closes=today + timedelta(days=30),
    )
    version = follow_up.versions.get()
    for spec in FOLLOW_UP_QUESTIONS:
        services.question_save(actor=None, version=version, **spec)
    services.version_publish(actor=None, version=version)
    sent = timezone.now() - timedelta(days=12)
    invitations = []
    for index in range(30):
        name = context.person_name()
        email = f"kontakt{index + 1}@foretag.{DEMO_DOMAIN}"
        invitations.append(
            Invitation.objects.create(
                version=version,
                email=email,
                name=name,
                sent_at=sent,
                reminded_at=sent + timedelta(days=7) if index % 3 == 0 else None,
            )
        )
    for invitation in invitations[:18]:
        acted = rng.random() < 0.6
        answers = {"useful": rng.choices([2, 3, 4, 5], weights=[1, 2, 4, 3])[0], "acted": acted}
        if acted:
            answers["action"] = rng.choice(["course", "recruited", "school", "other"])
        if rng.random() < 0.3:
            answers["comment"] = rng.choice(COMMENTS)
        services.invitation_answer(invitation=invitation, answers=answers)
    context.data["questionnaire_responses"] = Response.objects.count()
    context.data["questionnaire_public"] = public_count
    context.data["visit_versions"] = QuestionnaireVersion.objects.filter(
        questionnaire=visit, status=VersionStatus.PUBLISHED
    ).count()


def summary(context: DemoContext) -> str:
    return (
        f"{context.data['questionnaire_responses']} questionnaire responses "
        f"({context.data['questionnaire_public']} through the public link), "
        f"{context.data['visit_versions']} versions of the visit questionnaire, "
        f"{Invitation.objects.count()} invitations"
    )
