"""Demo visits: a few hundred visits from 2022 until today by the demo brokers, with needs in
realistic competence areas, advice, follow-ups (some due, some overdue for the demo broker
maklare@, whatever the day the demo is loaded) and visit plans; and the visits of the
Norwegian and Danish partners to their companies, with the same questionnaire. All text is
invented.

The needs tell the regions' story: a trade's first areas are its common ones, so tourism in
Fyrbodal (most companies there are hotels, campsites, restaurants) puts social media and
customer care at the top, and manufacturing in Skaraborg CNC and welding."""

from datetime import date, timedelta

from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation, User
from kompetensnav.common.demodata import DEMO_DOMAIN, DemoContext
from kompetensnav.competences.services import area_find_or_create
from kompetensnav.questionnaires.demo import _visit_answers
from kompetensnav.questionnaires.enums import Channel, VersionStatus
from kompetensnav.questionnaires.models import QuestionnaireVersion
from kompetensnav.questionnaires.services import response_submit

from . import notices
from .enums import GapArea, Horizon, PlanStatus
from .models import Need, PlanItem, Visit

VISITS = 340
PARTNER_VISITS = 24  # per partner abroad
DEMO_BROKER = f"maklare@{DEMO_DOMAIN}"

# competence areas by the trade's SNI code; "*" applies to every company
AREAS = {
    "31": ["CNC-operatörer", "Ytbehandling och lackering", "Möbeldesign och CAD", "Truckkort"],
    "25": ["CNC-operatörer", "Svetsning", "Ritningsläsning", "Truckkort", "Lean produktion"],
    "28": ["Svetsning", "CNC-operatörer", "Automation och robotteknik", "Lean produktion"],
    "10": ["Livsmedelshygien", "Lean produktion", "Truckkort"],
    "55": ["Sociala medier", "Kundbemötande", "Värdskap", "Engelska för besöksnäringen"],
    "56": ["Kundbemötande", "Livsmedelshygien", "Sociala medier"],
    "N": ["Sociala medier", "Kundbemötande", "Engelska för besöksnäringen"],
    "16": ["Truckkort", "Motorsågskörkort", "Lean produktion"],
    "47": ["Kundbemötande", "E-handel", "Sociala medier", "Försäljning"],
    "87": ["Vård och omsorg", "Dokumentation i vården", "Svenska för yrkeslivet"],
    "88": ["Vård och omsorg", "Svenska för yrkeslivet", "Bemötande vid demenssjukdom"],
    "*": [
        "Svenska för yrkeslivet",
        "Ledarskap",
        "Digitalisering",
        "CSR och miljöcertifiering",
        "Arbetsmiljö",
    ],
}
# What brokers write after a visit: symptoms rather than course names, abbreviations, typos,
# compounds. Several per area, picked by the need's number, so the suggestions and the unmet
# needs look like real work.
DESCRIPTIONS = {
    "CNC-operatörer": [
        "Behöver fler som kan ställa och köra fleroperationsmaskiner.",
        "Två cnc-operatörer går i pension, ingen kan ställa om maskinerna",
        "vill lära upp montörer till operatörer i svarven",
    ],
    "Svenska för yrkeslivet": [
        "Nyanställda behöver bättre svenska för säkerhet och instruktioner.",
        "personalen förstår inte skyddsinstruktionerna, många har annat modersmål",
        "svårt att skriva avvikelserapporter på svenska",
    ],
    "Kundbemötande": [
        "Säsongsanställda möter gäster utan introduktion i värdskap.",
        "personalen vet inte hur de ska bemöta klagande gäster",
        "många reklamationer och sura kunder i kassan",
    ],
    "Sociala medier": [
        "Vill nå fler gäster via Instagram och Facebook, saknar plan.",
        "vill börja med reels och ads men ingen kan SoMe",
        "hemsidan och insta uppdateras aldrig",
    ],
    "CSR och miljöcertifiering": [
        "Kunderna frågar efter miljöcertifiering.",
        "storkunden kräver ISO 14001 inom ett år",
    ],
    "Truckkort": [
        "Flera saknar truckkort efter ombyggnad av lagret.",
        "nyanställda behöver truckförarbehörighet innan de får köra",
    ],
    "Ledarskap": [
        "Nya arbetsledare utan ledarutbildning.",
        "produktionsledarna har svårt med svåra samtal och konflikter i gruppen",
    ],
    "Digitalisering": [
        "Pappersrutiner ska bli digitala, personalen behöver stöd.",
        "alla ska börja använda Teams och O365, många är osäkra",
        "excell-kunskaperna räcker inte för planeringen",
    ],
    "Svetsning": [
        "Behöver certifierade svetsare inom några år när äldre går i pension.",
        "MIG/MAG-svetsare med certifikat saknas, rekryterar inte fram dem",
    ],
    "Vård och omsorg": [
        "Brist på undersköterskor, vill validera outbildad personal.",
        "timvikarierna saknar grund i omvårdnad",
    ],
    "Motorsågskörkort": [
        "skogsarbetarna behöver motorsågskörkort för att få röja vid vägarna",
    ],
    "Arbetsmiljö": [
        "skyddsombud och chefer behöver BAM",
        "många belastningsskador, vill jobba förebyggande",
    ],
    "Livsmedelshygien": [
        "egenkontrollen brister, kommunens inspektör har anmärkt",
        "behöver HACCP-utbildning för köket",
    ],
    "Automation och robotteknik": [
        "ny robotcell i höst, ingen kan programmera den",
    ],
    "Ytbehandling och lackering": [
        "lackerarna behöver lära sig vattenburen lack",
    ],
}
ADVICE = [
    "Tipsade om lärcentrets korta kurser och om validering.",
    "Berättade om yrkesvux och möjligheten till studier på deltid.",
    "Föreslog ett gemensamt upplägg med andra företag i branschen.",
    "Gav kontakt till Arbetsförmedlingens arbetsgivarservice.",
    "Rekommenderade en kartläggning av personalens kompetens.",
    "",
]
NOTES = [
    "VD och produktionschef deltog. Positiva till samarbete.",
    "Kort möte, återkommer efter semestern.",
    "Företaget växer och rekryterar under hösten.",
    "Intresserade av utbildning på plats i företagets lokaler.",
    "Behöver stöd med att formulera kravprofiler.",
    "",
]
# how likely a trade's areas are, in its order; an area every trade has weighs GENERIC
TRADE_WEIGHTS = [6, 5, 2, 1, 1]
GENERIC_WEIGHT = 1
HORIZONS = [Horizon.NOW] * 5 + [Horizon.ONE_TO_THREE_YEARS] * 4 + [Horizon.LATER] * 2 + [""]
GAPS = [GapArea.UTBILDNING] * 5 + [GapArea.MATCHNING] * 3 + [GapArea.MOTTAGARKOMPETENS] * 2


def _description(area: str, number: int) -> str:
    """One of the area's broker-style descriptions, by the need's number (the demo's random
    sequence stays as it was)."""
    texts = DESCRIPTIONS.get(area) or [""]
    return texts[number % len(texts)]


def _random_date(rng, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _need_areas(rng, sni: str, count: int) -> list[str]:
    """`count` different areas for a company of the trade `sni`, its common ones likeliest."""
    pool = {
        name: TRADE_WEIGHTS[min(index, len(TRADE_WEIGHTS) - 1)]
        for index, name in enumerate(AREAS.get(sni, []))
    }
    for name in AREAS["*"]:
        pool.setdefault(name, GENERIC_WEIGHT)
    chosen = []
    for _n in range(min(count, len(pool))):
        names = sorted(pool)
        pick = rng.choices(names, weights=[pool[name] for name in names])[0]
        chosen.append(pick)
        del pool[pick]
    return chosen


def _partner_visits(context: DemoContext, today: date) -> list[Visit]:
    """The partners abroad visit their companies over the same years (no user of theirs
    logs in here: the visits come in by import)."""
    rng = context.rng
    visits = []
    for country, organisation in context.data.get("partners", {}).items():
        abroad = [c for c in context.data["companies"] if c.country_id == country]
        for number in range(1, PARTNER_VISITS + 1 if abroad else 1):
            visits.append(
                Visit(
                    external_id=f"demo-visit-{country.lower()}-{number}",
                    company=rng.choice(abroad),
                    organisation=organisation,
                    date=_random_date(rng, date(2022, 1, 10), today - timedelta(days=1)),
                    notes="",
                    advice="",
                )
            )
    return visits


def seed(context: DemoContext) -> None:
    rng = context.rng
    today = timezone.localdate()
    companies = [c for c in context.data["companies"] if c.country_id == "SE"]
    brokers = list(
        Affiliation.objects.filter(role=Role.BROKER)
        .select_related("user", "organisation__municipality")
        .order_by("pk")
    )
    demo_broker = next(a for a in brokers if a.user.email == DEMO_BROKER)
    by_subregion: dict[str | None, list] = {}
    for company in companies:
        subregion = company.municipality.subregion_id if company.municipality_id else None
        by_subregion.setdefault(subregion, []).append(company)
    # the demo broker makes about a third of the visits, so their pages look lived-in
    weighted = [demo_broker] * max(1, len(brokers) // 2) + brokers

    visits: list[Visit] = []
    visitors: list[User] = []
    for number in range(1, VISITS + 1):
        broker = rng.choice(weighted)
        home = broker.organisation.municipality.subregion_id
        pool = by_subregion.get(home) or companies
        company = rng.choice(pool if rng.random() < 0.85 else companies)
        when = _random_date(rng, date(2022, 1, 10), today - timedelta(days=1))
        follow_up = None
        if rng.random() < 0.45:
            follow_up = when + timedelta(days=rng.choice([14, 21, 30, 60, 90]))
        visits.append(
            Visit(
                external_id=f"demo-visit-{number}",
                company=company,
                organisation=broker.organisation,
                date=when,
                notes=rng.choice(NOTES),
                advice=rng.choice(ADVICE),
                follow_up_date=follow_up,
                follow_up_done=bool(follow_up and follow_up < today - timedelta(days=20)),
                created_by=broker.user,
            )
        )
        visitors.append(broker.user)
    # "Mina uppföljningar" for the demo broker: overdue, due soon and later, relative to today
    journey_company = next(c for c in companies if c.name == "Vänerns Möbelsnickeri AB")
    lidkoping = [c for c in by_subregion.get("skaraborg", companies) if c != journey_company]
    for offset, follow_up in [
        (-40, -12), (-30, -5), (-21, -2), (-15, 1), (-12, 4), (-9, 9), (-4, 10), (-2, 26),
    ]:  # fmt: skip
        company = rng.choice(lidkoping)
        visits.append(
            Visit(
                external_id=f"demo-visit-{len(visits) + 1}",
                company=company,
                organisation=demo_broker.organisation,
                date=today + timedelta(days=offset),
                notes=rng.choice(NOTES[:5]),
                advice=rng.choice(ADVICE[:5]),
                follow_up_date=today + timedelta(days=follow_up),
                created_by=demo_broker.user,
            )
        )
        visitors.append(demo_broker.user)
    abroad = _partner_visits(context, today)
    Visit.objects.bulk_create([*visits, *abroad])
    Through = Visit.visited_by.through
    Through.objects.bulk_create(
        Through(visit_id=visit.pk, user_id=user.pk)
        for visit, user in zip(visits, visitors, strict=True)
    )

    area_names = sorted({name for names in AREAS.values() for name in names})
    areas = {name: area_find_or_create(name=name) for name in area_names}
    needs: list[Need] = []
    for visit in [*visits, *abroad]:
        for name in _need_areas(rng, visit.company.sni_id or "*", rng.choice([1, 1, 2, 2, 3])):
            level = rng.choice([None, None, 2, 3, 4, 4, 5])
            needs.append(
                Need(
                    external_id=f"demo-need-{len(needs) + 1}",
                    visit=visit,
                    area=areas[name],
                    description=_description(name, len(needs)),
                    horizon=rng.choice(HORIZONS),
                    employees_affected=rng.choice([None, 1, 2, 2, 3, 4, 6, 10]),
                    seqf_level_id=level,
                    gap_area=rng.choice(GAPS),
                )
            )
    Need.objects.bulk_create(needs)

    # visit plans: the demo broker's organisation and a few others
    plans: list[PlanItem] = []
    planned = [c for c in lidkoping if c.pk not in {v.company_id for v in visits[-8:]}]
    statuses = [PlanStatus.PLANNED] * 4 + [PlanStatus.BOOKED] * 3 + [PlanStatus.CANCELLED]
    for index, status in enumerate(statuses):
        plans.append(
            PlanItem(
                organisation=demo_broker.organisation,
                company=planned[index % len(planned)],
                status=status,
                owner=demo_broker.user if index % 3 else None,
                target_date=today + timedelta(days=7 * (index + 1)),
                note="Ring först och boka tid." if status == PlanStatus.PLANNED else "",
                created_by=demo_broker.user,
            )
        )
    plans.append(
        PlanItem(
            organisation=demo_broker.organisation,
            company=journey_company,
            status=PlanStatus.BOOKED,
            owner=demo_broker.user,
            target_date=today + timedelta(days=2),
            note="Möbeltillverkare, intresserad av CNC-utbildning.",
            created_by=demo_broker.user,
        )
    )
    for broker in brokers[:6]:
        if broker.organisation_id == demo_broker.organisation_id:
            continue
        home = by_subregion.get(broker.organisation.municipality.subregion_id) or companies
        for index in range(3):
            plans.append(
                PlanItem(
                    organisation=broker.organisation,
                    company=rng.choice(home),
                    status=rng.choice([PlanStatus.PLANNED, PlanStatus.BOOKED]),
                    owner=broker.user,
                    target_date=today + timedelta(days=10 * (index + 1)),
                    created_by=broker.user,
                )
            )
    PlanItem.objects.bulk_create(plans)
    context.data["answered"] = _answer_questionnaires(context, [*visits, *abroad])
    context.data["visits"] = len(visits) + len(abroad)
    context.data["needs"] = len(needs)
    context.data["plan_items"] = len(plans)
    # the brokers find their overdue follow-ups among their notifications, as after `daily`
    context.data["followups_told"] = notices.followups_due_tell(today=today)


def _answer_questionnaires(context: DemoContext, visits: list[Visit]) -> int:
    """Most visits carry the shared questionnaire, answered with the version in use then."""
    versions = list(
        QuestionnaireVersion.objects.filter(
            questionnaire__key="visit", status=VersionStatus.PUBLISHED
        ).order_by("number")
    )
    if not versions:
        return 0
    rng = context.rng
    answered = []
    for visit in visits:
        if rng.random() > 0.8:
            continue
        # the newest version published before the visit (the first one for older visits)
        version = versions[0]
        for candidate in versions:
            published = candidate.published_at.date() if candidate.published_at else None
            if published is None or published <= visit.date:
                version = candidate
        visit.response = response_submit(
            version=version,
            answers=_visit_answers(rng, visit.company, with_v2=version.number > 1),
            channel=Channel.VISIT,
            company=visit.company,
            organisation=visit.organisation,
            submitted_by=visit.created_by,
            submitted_on=visit.date,
            subject=visit,
        )
        answered.append(visit)
    Visit.objects.bulk_update(answered, ["response"])
    return len(answered)


def summary(context: DemoContext) -> str:
    return (
        f"{context.data['visits']} visits ({context.data['answered']} with the questionnaire), "
        f"{context.data['needs']} needs, "
        f"{context.data['plan_items']} visit plan entries"
    )
