"""The network's shared questionnaires, shipped as templates by a data migration:
"visit" (the shared visit questionnaire of the needs inventory) and "gap-analysis" (the dialog
map comparing the current and the wanted state in the collaboration model's three areas).
Written in the JSON exchange format (jsonformat.py), so they are also an example of it."""

from django.apps import apps as django_apps
from django.utils import timezone


def _o(value: str, sv: str, en: str) -> dict:
    return {"value": value, "label": {"sv": sv, "en": en}}


def _q(key, type_, sv, en, *, help_sv="", help_en="", required=False, options=(), condition=None):
    return {
        "key": key,
        "type": type_,
        "text": {"sv": sv, "en": en},
        "help": {"sv": help_sv, "en": help_en},
        "required": required,
        "options": list(options),
        "condition": condition,
    }


SCALE_HELP_SV = "1 = mycket dåligt, 5 = mycket bra."
SCALE_HELP_EN = "1 = very poor, 5 = very good."

VISIT = {
    "format": "kompetensnav-questionnaire",
    "format_version": 1,
    "questionnaire": {
        "key": "visit",
        "title": {"sv": "Företagsbesök – kompetensbehov", "en": "Company visit – competence needs"},
        "description": {
            "sv": "Nätverkets gemensamma frågor vid besök hos företag: nuvarande och framtida "
            "kompetensbehov, rekrytering och intresse för behovsbaserad utbildning.",
            "en": "The network's shared questions for company visits: current and future "
            "competence needs, recruitment and interest in needs-based courses.",
        },
        "consent": {
            "sv": "Svaren används för att sammanställa kompetensbehoven i regionen och "
            "redovisas bara sammanställda. De sparas i tre år och raderas sedan.",
            "en": "The answers are used to compile the competence needs of the region and are "
            "only reported in summary. They are kept for three years and then deleted.",
        },
        "retention_months": 36,
    },
    "questions": [
        _q(
            "industry_situation",
            "single",
            "Hur ser läget ut i er bransch just nu?",
            "How is your industry doing right now?",
            required=True,
            options=[
                _o("growing", "Växande", "Growing"),
                _o("stable", "Stabilt", "Stable"),
                _o("declining", "Vikande", "Declining"),
                _o("uncertain", "Osäkert", "Uncertain"),
            ],
        ),
        _q(
            "needs_now",
            "long_text",
            "Vilka kompetensbehov har ni i dag?",
            "What competence needs do you have today?",
            help_sv="T.ex. yrkesroller, kunskaper eller certifikat som saknas.",
            help_en="E.g. roles, skills or certificates that are missing.",
        ),
        _q(
            "needs_future",
            "long_text",
            "Vilka kompetensbehov ser ni om 1–3 år?",
            "What competence needs do you foresee in 1–3 years?",
        ),
        _q(
            "focus_areas",
            "multiple",
            "Inom vilka områden behöver era anställda utbildning?",
            "In which areas do your employees need training?",
            options=[
                _o("social_media", "Sociala medier", "Social media"),
                _o("customer_care", "Kundbemötande och värdskap", "Customer care and hosting"),
                _o(
                    "environment",
                    "CSR och miljöcertifiering",
                    "CSR and environmental certification",
                ),
                _o("production", "Produktionsteknik och CNC", "Production technology and CNC"),
                _o("language", "Svenska för yrkeslivet", "Swedish for work"),
                _o("digital", "Digital kompetens", "Digital skills"),
                _o("leadership", "Ledarskap", "Leadership"),
                _o("safety", "Arbetsmiljö och säkerhet", "Health and safety"),
            ],
        ),
        _q(
            "recruitment_difficulties",
            "yes_no",
            "Har ni svårt att rekrytera?",
            "Do you find it hard to recruit?",
            required=True,
        ),
        _q(
            "recruitment_roles",
            "short_text",
            "Vilka yrkesroller är svåra att rekrytera?",
            "Which roles are hard to recruit?",
            condition={"question": "recruitment_difficulties", "value": "yes"},
        ),
        _q(
            "course_interest",
            "single",
            "Är ni intresserade av behovsbaserade utbildningar för era anställda?",
            "Are you interested in needs-based courses for your employees?",
            options=[
                _o("yes_now", "Ja, redan nu", "Yes, right away"),
                _o("yes_later", "Ja, längre fram", "Yes, later on"),
                _o("maybe", "Kanske", "Maybe"),
                _o("no", "Nej", "No"),
            ],
        ),
        _q(
            "preferred_formats",
            "multiple",
            "Vilka utbildningsformer passar er?",
            "Which course formats suit you?",
            options=[
                _o("live_stream", "Livesänd undervisning", "Live stream"),
                _o("on_site", "På plats", "On site"),
                _o("hybrid", "Hybrid", "Hybrid"),
                _o("online", "På distans (online)", "Online"),
            ],
        ),
        _q(
            "language_needs",
            "yes_no",
            "Behöver några anställda stöd i svenska språket?",
            "Do some employees need support with the Swedish language?",
        ),
        _q(
            "school_cooperation",
            "single",
            "Samarbetar ni med skolor eller utbildningsanordnare?",
            "Do you cooperate with schools or education providers?",
            options=[
                _o("regularly", "Ja, regelbundet", "Yes, regularly"),
                _o("sometimes", "Ibland", "Sometimes"),
                _o("want_to", "Nej, men vi vill", "No, but we would like to"),
                _o("no", "Nej", "No"),
            ],
        ),
        _q(
            "education_match",
            "scale",
            "Hur väl motsvarar utbildningsutbudet i regionen era behov?",
            "How well do the courses on offer in the region match your needs?",
            help_sv=SCALE_HELP_SV,
            help_en=SCALE_HELP_EN,
        ),
        _q(
            "employees_affected",
            "number",
            "Hur många anställda berörs av kompetensbehoven?",
            "How many employees do the competence needs concern?",
        ),
        _q("comments", "long_text", "Övriga kommentarer", "Other comments"),
    ],
}

AREAS = [
    (
        "mottagarkompetens",
        "Mottagarkompetens",
        "Receiving competence",
        "Arbetsgivarens förmåga att ta tillvara och attrahera olika typer av kompetenser och "
        "människor över tid.",
        "The employer's ability to attract and make use of different people and competences "
        "over time.",
    ),
    (
        "matchning",
        "Matchning",
        "Matching",
        "Matchningen på arbetsmarknaden: vilka möjligheter och förutsättningar som finns för "
        "att styra matchningen efter behovet.",
        "Matching on the labour market: the possibilities and conditions for steering the "
        "matching towards the need.",
    ),
    (
        "utbildning",
        "Utbildning",
        "Education",
        "Utbildning i takt med arbetsmarknaden: vilka aktörer som finns och hur utbildningen "
        "synkas med arbetsmarknadens behov över tid.",
        "Education in step with the labour market: which providers there are and how "
        "education keeps up with the labour market's needs over time.",
    ),
]


def _gap_questions() -> list[dict]:
    questions = []
    for key, sv, en, help_sv, help_en in AREAS:
        questions += [
            _q(
                f"{key}_current",
                "scale",
                f"{sv}: nuläge",
                f"{en}: current state",
                help_sv=f"{help_sv} 1 = mycket svagt, 5 = mycket starkt.",
                help_en=f"{help_en} 1 = very weak, 5 = very strong.",
                required=True,
            ),
            _q(
                f"{key}_wanted",
                "scale",
                f"{sv}: önskat läge",
                f"{en}: wanted state",
                help_sv="Var vill ni vara om tre år? 1 = mycket svagt, 5 = mycket starkt.",
                help_en="Where do you want to be in three years? 1 = very weak, 5 = very strong.",
                required=True,
            ),
            _q(f"{key}_comment", "long_text", f"{sv}: kommentar", f"{en}: comment"),
        ]
    questions.append(
        _q(
            "gender_perspective",
            "long_text",
            "Hur ser könsfördelningen ut bland era anställda, och hur påverkar den er "
            "kompetensförsörjning?",
            "How are your employees split by gender, and how does that affect your "
            "competence supply?",
            help_sv="Arbetsmarknaden är könssegregerad; ett normkritiskt perspektiv hjälper.",
            help_en="The labour market is gender-segregated; a norm-critical view helps.",
        )
    )
    return questions


GAP_ANALYSIS = {
    "format": "kompetensnav-questionnaire",
    "format_version": 1,
    "questionnaire": {
        "key": "gap-analysis",
        "title": {"sv": "GAP-analys – dialogkarta", "en": "Gap analysis – dialog map"},
        "description": {
            "sv": "Dialogkartan jämför nuläge och önskat läge inom samverkansmodellens tre "
            "områden: mottagarkompetens, matchning och utbildning.",
            "en": "The dialog map compares the current and the wanted state in the "
            "collaboration model's three areas: receiving competence, matching and education.",
        },
        "consent": {
            "sv": "Svaren används i analysen av branschens kompetensförsörjning och redovisas "
            "bara sammanställda. De sparas i tre år.",
            "en": "The answers are used in the analysis of the industry's competence supply and "
            "are only reported in summary. They are kept for three years.",
        },
        "retention_months": 36,
    },
    "questions": _gap_questions(),
}

TEMPLATES = [VISIT, GAP_ANALYSIS]


def install(apps, templates: list[dict] | None = None) -> None:
    """Create the templates (default: TEMPLATES) that do not exist yet, each with a published
    version 1. Idempotent; uses the models of `apps` (a migration's historical models, or
    django.apps.apps). Other apps ship their own templates through it (participants: the
    course evaluation)."""
    Questionnaire = apps.get_model("questionnaires", "Questionnaire")
    Version = apps.get_model("questionnaires", "QuestionnaireVersion")
    Question = apps.get_model("questionnaires", "Question")
    for data in TEMPLATES if templates is None else templates:
        meta = data["questionnaire"]
        if Questionnaire.objects.filter(key=meta["key"]).exists():
            continue
        questionnaire = Questionnaire.objects.create(
            key=meta["key"],
            title_sv=meta["title"]["sv"],
            title_en=meta["title"]["en"],
            description_sv=meta.get("description", {}).get("sv", ""),
            description_en=meta.get("description", {}).get("en", ""),
            consent_sv=meta.get("consent", {}).get("sv", ""),
            consent_en=meta.get("consent", {}).get("en", ""),
            retention_months=meta.get("retention_months", 36),
            is_template=True,
        )
        version = Version.objects.create(
            questionnaire=questionnaire,
            number=1,
            status="published",
            published_at=timezone.now(),
        )
        for position, q in enumerate(data["questions"], start=1):
            condition = q.get("condition") or {}
            Question.objects.create(
                version=version,
                key=q["key"],
                position=position,
                type=q["type"],
                text_sv=q["text"]["sv"],
                text_en=q["text"]["en"],
                help_sv=(q.get("help") or {}).get("sv", ""),
                help_en=(q.get("help") or {}).get("en", ""),
                required=q.get("required", False),
                options=[
                    {
                        "value": o["value"],
                        "label_sv": o["label"]["sv"],
                        "label_en": o["label"]["en"],
                    }
                    for o in q.get("options") or []
                ],
                condition_key=condition.get("question", ""),
                condition_value=condition.get("value", ""),
            )


def install_now(templates: list[dict] | None = None) -> None:
    """install() with the current models: for tests that empty the database (browser tests)."""
    install(django_apps, templates)
