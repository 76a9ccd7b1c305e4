"""Demo projects: an ESF project heading for a co-financing shortfall, an Erasmus+
accreditation under its 80 % target (journey 7: 39 % of student places, 21 % of the budget),
and a regional and an Interreg project. Runs after the campus and participants demos, so the
ESF project takes over courses that already have attendance, and its budget is set so that
the forecast falls short."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from kompetensnav.campus.models import Course
from kompetensnav.common.demodata import DemoContext
from kompetensnav.network.enums import EventKind, OrganisationKind
from kompetensnav.network.models import Event, Organisation
from kompetensnav.visits.models import Visit

from .cofinancing import cofinancing, month_start
from .enums import BudgetCategory, Funder, MobilityKind, MobilityStatus, PartnerRole
from .models import BudgetLine, IncomingGroup, Mobility, Project, ProjectPartner
from .services import cofinancing_warnings_send

ESF_RATE = Decimal(280)
HOST_COUNTRIES = ["DE", "FI", "ES", "IT", "IE", "NL", "PT", "MT", "EE", "FR"]
HOSTS = {
    "DE": "Volkshochschule Nord",
    "FI": "Aikuiskoulutuskeskus Lakeus",
    "ES": "Centro de Formación de Adultos Costa",
    "IT": "Centro Provinciale Istruzione Adulti",
    "IE": "Adult Learning Centre West",
    "NL": "ROC Noord",
    "PT": "Centro Qualifica Norte",
    "MT": "Institute for Adult Learning",
    "EE": "Täiskasvanute Gümnaasium",
    "FR": "GRETA Atlantique",
}


def _members(context: DemoContext) -> list[Organisation]:
    return [
        o
        for o in context.data["organisations"]
        if o.kind in (OrganisationKind.LEARNING_CENTRE, OrganisationKind.ADULT_EDUCATION)
    ]


def _partners(project: Project, lead: Organisation, others: list[Organisation]) -> None:
    ProjectPartner.objects.create(project=project, organisation=lead, role=PartnerRole.LEAD)
    for organisation in others:
        if organisation != lead:
            ProjectPartner.objects.create(
                project=project, organisation=organisation, role=PartnerRole.PARTNER
            )


def _esf(context: DemoContext, today: date, members: list[Organisation]) -> Project:
    start = month_start(today - timedelta(days=300))
    project = Project.objects.create(
        external_id="demo-esf-kompetenslyftet",
        name="Kompetenslyftet Väst (ESF)",
        funder=Funder.ESF,
        start=start,
        end=month_start(today + timedelta(days=240)) - timedelta(days=1),
        description=(
            "Behovsbaserade företagsutbildningar i Fyrbodal och Skaraborg. En del av "
            "medfinansieringen är deltagarnas tid i utbildningarna."
        ),
        budget_sek=Decimal(6_400_000),
        cofinancing_sek_per_hour=ESF_RATE,
    )
    network = context.data.get("network_organisation")
    _partners(project, network or members[0], context.rng.sample(members, 6))
    # the courses with the most attendance since the start become the project's courses
    courses = (
        Course.objects.filter(sessions__start__date__gte=start)
        .annotate(hours=Sum("sessions__attendances__hours"))
        .filter(hours__gt=0)
        .order_by("-hours")[:6]
    )
    Course.objects.filter(pk__in=[c.pk for c in courses]).update(project=project)
    # Budget the co-financing so that the pace so far falls clearly short (by about a third).
    reached = cofinancing(project, today=today)
    expected = reached.forecast or reached.accumulated or Decimal(0)
    target = max(
        (expected * Decimal("1.5") / 10_000).quantize(Decimal(1)) * 10_000, Decimal(400_000)
    )
    lines = [
        (BudgetCategory.STAFF, Decimal(3_900_000), Decimal(2_150_000)),
        # its actual value is computed from attendance (cofinancing.py), never typed
        (BudgetCategory.PARTICIPANTS_TIME, target, Decimal(0)),
        (BudgetCategory.TRAVEL, Decimal(180_000), Decimal(74_500)),
        (BudgetCategory.OTHER, Decimal(420_000), Decimal(161_200)),
    ]
    for category, budgeted, actual in lines:
        BudgetLine.objects.create(
            project=project, category=category, budgeted_sek=budgeted, actual_sek=actual
        )
    events = Event.objects.filter(date__gte=start, kind=EventKind.NETWORK_MEETING)[:4]
    project.events.set(events)
    # the partners' visits since the start are part of the project's needs inventory

    partner_ids = project.partners.values_list("organisation_id", flat=True)
    visit_ids = Visit.objects.filter(date__gte=start, organisation_id__in=partner_ids).values_list(
        "pk", flat=True
    )
    Visit.objects.filter(pk__in=list(visit_ids[:60])).update(project=project)
    return project


def _erasmus(context: DemoContext, today: date, members: list[Organisation]) -> Project:
    rng = context.rng
    start = today - timedelta(days=420)
    project = Project.objects.create(
        external_id="demo-erasmus-ackreditering",
        name="Erasmus+ ackreditering vuxenutbildning",
        funder=Funder.ERASMUS_PLUS,
        start=start,
        end=today + timedelta(days=310),
        description="Mobilitet för studerande och personal inom vuxenutbildningen.",
        granted_places_student=100,
        granted_places_staff=20,
        budget_student_sek=Decimal(1_000_000),
        budget_staff_sek=Decimal(300_000),
    )
    _partners(project, members[1], rng.sample(members, 8))
    senders = rng.sample(members, 8)
    mobilities = []

    def add(kind, status, n, grant, *, days_ago=None, days_ahead=None):
        if days_ago is not None:
            begin = today - timedelta(days=days_ago)
        else:
            begin = today + timedelta(days=days_ahead)
        country = rng.choice(HOST_COUNTRIES)
        prefix = "S" if kind == MobilityKind.STUDENT else "P"
        mobilities.append(
            Mobility(
                project=project,
                kind=kind,
                status=status,
                participant_reference=f"{prefix}-{today.year}-{n:03d}",
                sending_member=rng.choice(senders),
                host_organisation=HOSTS[country],
                country_id=country,
                start=begin,
                end=begin + timedelta(days=rng.choice([7, 10, 14, 21])),
                grant_sek=grant,
            )
        )

    # 39 completed student mobilities worth 210 000 kr in all (21 % of the budget)
    for n in range(39):
        add(MobilityKind.STUDENT, MobilityStatus.COMPLETED, n + 1,
            Decimal(5_000 if n else 20_000), days_ago=rng.randint(30, 400))  # fmt: skip
    for n in range(30):
        add(MobilityKind.STUDENT, MobilityStatus.PLANNED, 40 + n, Decimal(6_500),
            days_ahead=rng.randint(20, 280))  # fmt: skip
    add(MobilityKind.STUDENT, MobilityStatus.FORCE_MAJEURE, 70, Decimal(3_200), days_ago=200)
    add(MobilityKind.STUDENT, MobilityStatus.FORCE_MAJEURE, 71, Decimal(2_800), days_ago=95)
    add(MobilityKind.STUDENT, MobilityStatus.CANCELLED, 72, None, days_ago=150)
    for n in range(9):
        add(MobilityKind.STAFF, MobilityStatus.COMPLETED, n + 1, Decimal(14_000),
            days_ago=rng.randint(30, 400))  # fmt: skip
    for n in range(4):
        add(MobilityKind.STAFF, MobilityStatus.PLANNED, 10 + n, Decimal(14_000),
            days_ahead=rng.randint(20, 280))  # fmt: skip
    Mobility.objects.bulk_create(mobilities)
    for name, country, days_ago, people in (
        ("Aikuiskoulutuskeskus Lakeus", "FI", 260, 6),
        ("Volkshochschule Nord", "DE", 120, 9),
        ("Centro Qualifica Norte", "PT", 40, 5),
    ):
        begin = today - timedelta(days=days_ago)
        IncomingGroup.objects.create(
            project=project,
            organisation_name=name,
            country_id=country,
            host=rng.choice(members),
            start=begin,
            end=begin + timedelta(days=4),
            participants=people,
        )
    return project


def seed(context: DemoContext) -> None:
    today = timezone.localdate()
    members = _members(context)
    projects = [_esf(context, today, members), _erasmus(context, today, members)]
    regional = Project.objects.create(
        external_id="demo-region-branschrad",
        name="Branschråd besöksnäring Fyrbodal",
        funder=Funder.REGION,
        start=date(today.year - 1, 1, 1),
        end=date(today.year + 1, 12, 31),
        description="Ett branschråd som samlar företag, kommuner och utbildningsanordnare.",
        budget_sek=Decimal(850_000),
    )
    _partners(regional, members[2], context.rng.sample(members, 3))
    interreg = Project.objects.create(
        external_id="demo-interreg-gransvagar",
        name="Gränsvägar till kompetens (Interreg)",
        funder=Funder.INTERREG,
        start=date(today.year - 3, 3, 1),
        end=date(today.year - 1, 2, 28),
        description="Samarbete med partner i Norge och Danmark om validering och lärcentra.",
        budget_sek=Decimal(2_900_000),
    )
    _partners(interreg, members[3], context.rng.sample(members, 4))
    context.data["projects"] = [*projects, regional, interreg]
    # the daily check has run: the coordinators are warned of a co-financing shortfall, on
    # their start page and among their notifications
    context.data["warned"] = cofinancing_warnings_send()


def summary(context: DemoContext) -> str:
    esf = context.data["projects"][0]
    result = cofinancing(esf)
    return (
        f"{len(context.data['projects'])} projects, {Mobility.objects.count()} mobilities "
        f"(ESF forecast {result.forecast or 0:.0f} of {result.target or 0:.0f} kr)"
    )
