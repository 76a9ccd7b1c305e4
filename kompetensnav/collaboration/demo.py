"""The demo's collaboration model: the actors of Skaraborg, the furniture and interiors
council in Tibro with a year of meetings, decisions and action items, a temporary council
for an acute shortage of drivers with the initiative it started, and the strategic
priorities of this year. Runs after every app it links (network, companies, visits, campus,
projects, reports)."""

import itertools
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from kompetensnav.campus.models import Course
from kompetensnav.common.demodata import DEMO_DOMAIN, DemoContext
from kompetensnav.companies.models import Company
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.network.enums import OrganisationKind
from kompetensnav.network.models import Collaboration, Organisation
from kompetensnav.reference.models import Municipality, SniCode, Subregion
from kompetensnav.visits.models import Need

from .enums import (
    ActionStatus,
    CouncilKind,
    Function,
    InitiativeKind,
    InitiativeStatus,
    Level,
    Origin,
)
from .models import Actor, ActorFunction, Initiative, Priority
from .services import councils as council_services

FURNITURE = "Branschråd möbel och inredning Tibro (demo)"
DRIVERS = "Akut brist på förare Skaraborg (demo)"

# (name, kind, municipality, level, functions, mandate)
NEW_ACTORS = [
    (
        "Arbetsförmedlingen Skaraborg (demo)",
        OrganisationKind.PUBLIC_AGENCY,
        "1496",
        Level.OPERATIVE,
        [Function.EMPLOYMENT_SERVICE],
        "Matchar arbetssökande mot företagens behov och köper arbetsmarknadsutbildning.",
    ),
    (
        "Möbelbranschens förening Skaraborg (demo)",
        OrganisationKind.INDUSTRY_BODY,
        "1472",
        Level.OPERATIVE,
        [Function.INDUSTRY_REPRESENTATIVE, Function.COUNCIL_CHAIR],
        "Företräder möbel- och inredningsföretagen och leder branschrådet.",
    ),
    (
        "Gymnasieskolan Tibro (demo)",
        OrganisationKind.EDUCATION_PROVIDER,
        "1472",
        Level.OPERATIVE,
        [Function.EDUCATION_PROVIDER],
        "Ger trä- och möbelprogrammet och lärlingsutbildning.",
    ),
    (
        "Yrkeshögskolan Skövde (demo)",
        OrganisationKind.EDUCATION_PROVIDER,
        "1496",
        Level.OPERATIVE,
        [Function.EDUCATION_PROVIDER],
        "Ger yrkeshögskoleutbildningar inom produktion och logistik.",
    ),
]

AGENDAS = [
    "1. Läget i branschen\n2. Kompetensbehov från företagsbesöken\n3. Kurser och praktik",
    "1. Uppföljning av åtgärder\n2. Rekrytering inför hösten\n3. Studiebesök",
    "1. Kompetensanalysen\n2. Utbildningsutbud i Tibro\n3. Övrigt",
]
DECISIONS = [
    "Lärcentrum tar fram en kurs i CNC-programmering för möbelindustrin.",
    "Rådet gör ett studiebesök hos en leverantör av ytbehandlingsutrustning.",
    "Gymnasieskolan och företagen erbjuder fler lärlingsplatser till hösten.",
    "Rådet föreslår förbundet att prioritera ytbehandling i nästa års analys.",
    "Företagen delar sina behov av truckkort med Arbetsförmedlingen.",
    "En gemensam rekryteringsdag hålls i Tibro i vår.",
]
ACTIONS = [
    "Sammanställa företagens behov av CNC-kompetens",
    "Boka lokal för rekryteringsdagen",
    "Ta fram underlag till kursen i ytbehandling",
    "Kontakta yrkeshögskolan om en kortare utbildning",
    "Skicka ut minnesanteckningar till ledamöterna",
    "Bjuda in fler företag till rådet",
    "Ta fram en lista över lärlingsplatser",
    "Följa upp studiebesöket med företagen",
]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _actors(context: DemoContext) -> dict[str, Actor]:
    organisations = {o.name: o for o in Organisation.objects.all()}
    actors: dict[str, Actor] = {}

    def add(organisation: Organisation, level: str, functions: list[str], mandate: str) -> Actor:
        actor = Actor.objects.create(organisation=organisation, level=level, mandate=mandate)
        ActorFunction.objects.bulk_create(ActorFunction(actor=actor, function=f) for f in functions)
        actor.subregions.set(["skaraborg"])
        actors[organisation.name] = actor
        return actor

    skaraborg = add(
        organisations["Skaraborgs kommunalförbund (demo)"],
        Level.STRATEGIC,
        [Function.PROCESS_LEADER, Function.FUNDER],
        "Äger den årliga kompetensanalysen och sätter delregionens prioriteringar.",
    )
    skaraborg.industries.set(["31", "49", "C"])
    network = add(
        context.data["network_organisation"],
        Level.BOTH,
        [Function.PROCESS_LEADER],
        "Håller ihop samverkan mellan den strategiska och den operativa nivån.",
    )
    network.subregions.set(Subregion.objects.all())
    for name in ("Lärcentrum Tibro", "Lärcentrum Lidköping", "Lärcentrum Skara"):
        if name in organisations:
            add(
                organisations[name],
                Level.OPERATIVE,
                [Function.EDUCATION_PROVIDER],
                "Ordnar behovsstyrda kurser och tar emot sända utbildningar lokalt.",
            )
    for name, kind, code, level, functions, mandate in NEW_ACTORS:
        organisation = Organisation.objects.create(
            name=name, kind=kind, municipality_id=code, country_id="SE"
        )
        add(organisation, level, functions, mandate)
    actors["Möbelbranschens förening Skaraborg (demo)"].industries.set(["31"])
    # the furniture makers of Skaraborg take part as companies
    furniture_makers = Company.objects.filter(
        sni_id="31", municipality__subregion_id="skaraborg", country_id="SE"
    ).order_by("name")[:4]
    for company in furniture_makers:
        actor = Actor.objects.create(
            company=company,
            level=Level.OPERATIVE,
            mandate="Företräder företagets kompetensbehov i branschrådet.",
        )
        ActorFunction.objects.create(actor=actor, function=Function.INDUSTRY_REPRESENTATIVE)
        actor.industries.set(["31"])
        actors[company.name] = actor
    return actors


def _person(context: DemoContext, organisation_name: str) -> tuple[str, str]:
    name = context.person_name()
    login = name.lower().replace(" ", ".").translate(str.maketrans("åäöé", "aaoe"))
    return name, f"{login}@{DEMO_DOMAIN}"


def _furniture_council(context: DemoContext, actors: dict[str, Actor], today: date):
    fields = council_services.CouncilFields(
        name=FURNITURE,
        industry=SniCode.objects.get(code="31"),
        subregion=Subregion.objects.get(slug="skaraborg"),
        municipality=Municipality.objects.get(code="1472"),
        started=today - timedelta(days=400),
        purpose=(
            "Möbel- och inredningsföretagen, skolorna och det offentliga i Tibro möts för att "
            "omsätta kompetensanalysen i utbildningar, praktik och rekrytering."
        ),
    )
    council = council_services.council_create(actor=None, fields=fields)
    members = []
    for actor in actors.values():
        if (
            actor.company_id is None
            and actor.level == Level.STRATEGIC
            and actor.name != ("Skaraborgs kommunalförbund (demo)")
        ):
            continue
        name, email = _person(context, actor.name)
        is_chair = actor.name == "Möbelbranschens förening Skaraborg (demo)"
        title = "Ordförande" if is_chair else ("Processledare" if actor.is_strategic else "")
        members.append(
            council_services.member_add(
                actor=None,
                council=council,
                fields=council_services.MemberFields(
                    actor=actor, name=name, email=email, title=title, is_chair=is_chair
                ),
            )
        )
    # the demo's organisation admin sits on the council for Lärcentrum Lidköping
    if "Lärcentrum Lidköping" in actors:
        members.append(
            council_services.member_add(
                actor=None,
                council=council,
                fields=council_services.MemberFields(
                    actor=actors["Lärcentrum Lidköping"],
                    name="Admin Demo",
                    email=f"admin@{DEMO_DOMAIN}",
                    title="Kursansvarig",
                ),
            )
        )
    decisions = []
    meetings = []
    for number, days_ago in enumerate((360, 300, 240, 180, 120, 60, 14)):
        day = today - timedelta(days=days_ago)
        meeting = council_services.meeting_create(
            actor=None,
            council=council,
            fields=council_services.MeetingFields(
                starts_at=_at(day, 9),
                ends_at=_at(day, 11),
                place="Tibro, Centrumhuset",
                agenda=AGENDAS[number % len(AGENDAS)],
                minutes=(
                    "Ledamöterna gick igenom läget i branschen och behoven från de senaste "
                    "företagsbesöken. Beslut och åtgärder nedan."
                ),
                attendees=context.rng.sample(members, k=max(2, len(members) - 2)),
            ),
        )
        meetings.append(meeting)
        decisions.append(
            council_services.decision_add(
                actor=None, meeting=meeting, text=DECISIONS[number % len(DECISIONS)]
            )
        )
    coming = today + timedelta(days=30)
    council_services.meeting_create(
        actor=None,
        council=council,
        fields=council_services.MeetingFields(
            starts_at=_at(coming, 9),
            ends_at=_at(coming, 11),
            place="Tibro, Centrumhuset",
            agenda=AGENDAS[0],
        ),
    )
    owners = itertools.cycle(members)
    for number, title in enumerate(ACTIONS):
        meeting = meetings[min(number, len(meetings) - 1)]
        due = meeting.starts_at.date() + timedelta(days=45)
        status = ActionStatus.DONE if due < today - timedelta(days=20) else ActionStatus.OPEN
        council_services.action_create(
            actor=None,
            council=council,
            fields=council_services.ActionFields(
                title=title, owner=next(owners), due=due, meeting=meeting, status=status
            ),
        )
    admin = next((m for m in members if m.email == f"admin@{DEMO_DOMAIN}"), None)
    if admin is not None:
        council_services.action_create(
            actor=None,
            council=council,
            fields=council_services.ActionFields(
                title="Planera en kurs i ytbehandling i Lidköping",
                owner=admin,
                due=today + timedelta(days=2),
                meeting=meetings[-1],
            ),
        )
    return council, decisions


def _drivers_council(context: DemoContext, actors: dict[str, Actor], today: date):
    fields = council_services.CouncilFields(
        name=DRIVERS,
        industry=SniCode.objects.get(code="49"),
        subregion=Subregion.objects.get(slug="skaraborg"),
        kind=CouncilKind.TEMPORARY,
        started=today - timedelta(days=90),
        ends=today + timedelta(days=180),
        purpose="Åkerier och lager i Skaraborg saknar förare med truckkort och C-körkort.",
    )
    council = council_services.council_create(actor=None, fields=fields)
    members = []
    for name in (
        "Arbetsförmedlingen Skaraborg (demo)",
        "Skaraborgs kommunalförbund (demo)",
        "Yrkeshögskolan Skövde (demo)",
    ):
        person, email = _person(context, name)
        members.append(
            council_services.member_add(
                actor=None,
                council=council,
                fields=council_services.MemberFields(
                    actor=actors[name],
                    name=person,
                    email=email,
                    is_chair=name.startswith("Arbetsförmedlingen"),
                ),
            )
        )
    day = today - timedelta(days=60)
    meeting = council_services.meeting_create(
        actor=None,
        council=council,
        fields=council_services.MeetingFields(
            starts_at=_at(day, 13),
            ends_at=_at(day, 15),
            place="Skövde",
            agenda="1. Bristen på förare\n2. Snabba utbildningsvägar",
            attendees=members,
        ),
    )
    decision = council_services.decision_add(
        actor=None,
        meeting=meeting,
        text="Arbetsförmedlingen och lärcentra startar en förarsatsning med truckkort.",
    )
    council_services.action_create(
        actor=None,
        council=council,
        fields=council_services.ActionFields(
            title="Samla åkeriernas behov av förare",
            owner=members[0],
            due=today - timedelta(days=5),
            meeting=meeting,
        ),
    )
    return council, decision


def _priorities(actors: dict[str, Actor], today: date) -> list[Priority]:
    federation = actors["Skaraborgs kommunalförbund (demo)"]
    decided = date(today.year, 2, 15) if today >= date(today.year, 2, 15) else today
    rows = [
        ("Yrkesförare och truckkort", "Truckkort", "Åkerier och lager rekryterar inte i takt."),
        (
            "Ytbehandling och CNC i möbelindustrin",
            "CNC-operatörer",
            "Möbelföretagen i Tibro nämner CNC och ytbehandling vid flest besök.",
        ),
        (
            "Svenska för yrkeslivet",
            "Svenska för yrkeslivet",
            "Många nyanställda behöver bättre svenska för säkerhet och instruktioner.",
        ),
    ]
    priorities = []
    for rank, (title, area_name, why) in enumerate(rows, start=1):
        priorities.append(
            Priority.objects.create(
                external_id=f"demo-priority-{today.year}-{rank}",
                year=today.year,
                subregion_id="skaraborg",
                rank=rank,
                title=title,
                rationale=why,
                area=CompetenceArea.objects.filter(name=area_name).first(),
                decided_by=federation,
                decided_on=decided,
            )
        )
    return priorities


def _held_first(title: str) -> Course | None:
    """A published course of the title, one with sessions already held if there is one."""
    return (
        Course.objects.filter(title_sv=title, status="published")
        .annotate(held=Count("sessions", filter=Q(sessions__end__lt=timezone.now())))
        .order_by("-held", "pk")
        .first()
    )


def _initiatives(
    actors: dict[str, Actor], priorities: list[Priority], decisions, drivers_decision, today: date
) -> list[Initiative]:
    drivers = Initiative.objects.create(
        external_id="demo-initiative-drivers",
        title="Förarsatsning Skaraborg",
        description=(
            "Arbetsförmedlingen, lärcentra och yrkeshögskolan utbildar arbetssökande till "
            "förare med truckkort, för åkerierna och lagren med akut brist."
        ),
        kind=InitiativeKind.RECRUITMENT,
        status=InitiativeStatus.RUNNING,
        origin=Origin.DECISION,
        owner=actors["Arbetsförmedlingen Skaraborg (demo)"],
        start=today - timedelta(days=45),
        end=today + timedelta(days=150),
        priority=priorities[0],
        decision=drivers_decision,
    )
    drivers.actors.set(
        [
            actors[name]
            for name in ("Skaraborgs kommunalförbund (demo)", "Yrkeshögskolan Skövde (demo)")
        ]
        + [a for n, a in actors.items() if n.startswith("Lärcentrum")]
    )
    truck_needs = Need.objects.filter(
        area__name="Truckkort", visit__company__municipality__subregion_id="skaraborg"
    ).order_by("-visit__date")[:6]
    drivers.needs.set(truck_needs)
    truck_course = _held_first("Truckkort")
    if truck_course is not None:
        drivers.courses.add(truck_course)

    cnc = Initiative.objects.create(
        external_id="demo-initiative-cnc",
        title="CNC och ytbehandling för möbelföretagen i Tibro",
        description="En kortkurs i CNC-programmering och en i ytbehandling, sända från Tibro.",
        kind=InitiativeKind.COURSE,
        status=InitiativeStatus.RUNNING,
        origin=Origin.DECISION,
        owner=actors.get("Lärcentrum Tibro") or actors["Gymnasieskolan Tibro (demo)"],
        start=today - timedelta(days=300),
        priority=priorities[1],
        decision=decisions[0],
    )
    cnc.actors.set(
        [actors["Möbelbranschens förening Skaraborg (demo)"], actors["Gymnasieskolan Tibro (demo)"]]
    )
    cnc.needs.set(
        Need.objects.filter(
            Q(area__name="CNC-operatörer") | Q(area__name="Ytbehandling och lackering"),
            visit__company__sni_id="31",
        ).order_by("-visit__date")[:8]
    )
    # the outcomes the initiative produced: a course of each title, one already held first
    cnc.courses.set(c for c in (_held_first("CNC-grunder"), _held_first("Automation och PLC")) if c)

    study_visit = Initiative.objects.create(
        external_id="demo-initiative-study-visit",
        title="Studiebesök hos en leverantör av ytbehandling",
        kind=InitiativeKind.STUDY_VISIT,
        status=InitiativeStatus.PLANNED,
        origin=Origin.DECISION,
        owner=actors["Möbelbranschens förening Skaraborg (demo)"],
        start=today + timedelta(days=40),
        decision=decisions[1],
    )
    # the Interreg collaboration's partners in the network's directory work together too
    collaboration = Collaboration.objects.order_by("pk").first()
    if collaboration is not None:
        study_visit.actors.set(
            Actor.objects.filter(organisation__in=collaboration.parties.all())[:3]
        )
    return [drivers, cnc, study_visit]


def seed(context: DemoContext) -> None:
    today = timezone.localdate()
    actors = _actors(context)
    furniture, decisions = _furniture_council(context, actors, today)
    drivers, drivers_decision = _drivers_council(context, actors, today)
    priorities = _priorities(actors, today)
    initiatives = _initiatives(actors, priorities, decisions, drivers_decision, today)
    context.data["collaboration"] = {
        "actors": len(actors),
        "councils": [furniture, drivers],
        "priorities": len(priorities),
        "initiatives": len(initiatives),
    }


def summary(context: DemoContext) -> str:
    data = context.data["collaboration"]
    return (
        f"{data['actors']} actors, {len(data['councils'])} industry councils, "
        f"{data['priorities']} priorities, {data['initiatives']} initiatives"
    )
