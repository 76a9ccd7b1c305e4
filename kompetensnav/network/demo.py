"""Demo organisations: learning centres and adult-education units in real West-Sweden
municipalities, the subregions' municipal federations and the network's own office.
Organisation numbers are fictional (valid check digit, series 999…)."""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from kompetensnav.common.demodata import DEMO_DOMAIN, DemoContext, luhn_complete
from kompetensnav.competences.services import areas_find_or_create
from kompetensnav.reference.models import Municipality

from .enums import DeliveryFormat, EventKind, OrganisationKind, SystemCategory
from .models import (
    Collaboration,
    Contact,
    DigitalSystem,
    Event,
    Membership,
    Organisation,
)

# (SCB code, municipality) for the member organisations.
LEARNING_CENTRES = [
    ("1460", "Bengtsfors"),
    ("1438", "Dals-Ed"),
    ("1439", "Färgelanda"),
    ("1484", "Lysekil"),
    ("1461", "Mellerud"),
    ("1430", "Munkedal"),
    ("1421", "Orust"),
    ("1427", "Sotenäs"),
    ("1486", "Strömstad"),
    ("1435", "Tanum"),
    ("1492", "Åmål"),
    ("1445", "Essunga"),
    ("1444", "Grästorp"),
    ("1447", "Gullspång"),
    ("1471", "Götene"),
    ("1497", "Hjo"),
    ("1446", "Karlsborg"),
    ("1494", "Lidköping"),
    ("1495", "Skara"),
    ("1472", "Tibro"),
    ("1498", "Tidaholm"),
    ("1473", "Töreboda"),
    ("1470", "Vara"),
    ("1443", "Bollebygd"),
    ("1466", "Herrljunga"),
    ("1465", "Svenljunga"),
    ("1452", "Tranemo"),
    ("1491", "Ulricehamn"),
    ("1442", "Vårgårda"),
    ("1462", "Lilla Edet"),
    ("1315", "Hylte"),
    ("1381", "Laholm"),
]
ADULT_EDUCATION = [
    ("1485", "Uddevalla"),
    ("1488", "Trollhättan"),
    ("1487", "Vänersborg"),
    ("1490", "Borås"),
    ("1499", "Falköping"),
    ("1493", "Mariestad"),
    ("1496", "Skövde"),
    ("1463", "Mark"),
    ("1489", "Alingsås"),
    ("1415", "Stenungsund"),
    ("1383", "Varberg"),
    ("1380", "Halmstad"),
    ("1382", "Falkenberg"),
    ("1384", "Kungsbacka"),
]
FEDERATIONS = [
    ("1487", "Fyrbodals kommunalförbund (demo)"),
    ("1496", "Skaraborgs kommunalförbund (demo)"),
    ("1490", "Sjuhärads kommunalförbund (demo)"),
    ("1480", "Göteborgsregionens kommunalförbund (demo)"),
]
NETWORK_NAME = "Lärcentranätverket Västsverige (demo)"
# the Interreg partners abroad, who visit their companies with the same questionnaire
PARTNERS = [
    ("NO", "Kompetansesenter Østfold (demo)"),
    ("DK", "Kompetencecenter Nordjylland (demo)"),
]


MEMBERSHIP_FEES = (5000, 8000, 12000, 15000)  # kronor a year (one drawn per membership)


def present() -> str:
    """seed_demo adds the demo only to a database without organisations."""
    return "organisations" if Organisation.objects.exists() else ""


def seed(context: DemoContext) -> None:
    serial = iter(range(100, 1000))

    def org(name: str, kind: str, code: str) -> Organisation:
        number = luhn_complete(f"999{next(serial):03d}{context.rng.randint(100, 999)}")
        return Organisation(
            name=name,
            kind=kind,
            municipality_id=code,
            country_id="SE",
            org_number=number,
            external_id=f"demo-org-{len(created) + 1}",
        )

    created: list[Organisation] = []
    created.append(org(NETWORK_NAME, OrganisationKind.NETWORK, "1480"))
    for code, name in LEARNING_CENTRES:
        created.append(org(f"Lärcentrum {name}", OrganisationKind.LEARNING_CENTRE, code))
    for code, name in ADULT_EDUCATION:
        created.append(org(f"Vuxenutbildningen {name}", OrganisationKind.ADULT_EDUCATION, code))
    for code, name in FEDERATIONS:
        created.append(org(name, OrganisationKind.MUNICIPAL_FEDERATION, code))
    created.append(
        org("Branschrådet för besöksnäring Fyrbodal (demo)", OrganisationKind.INDUSTRY_BODY, "1485")
    )
    Organisation.objects.bulk_create(created)
    context.data["organisations"] = list(Organisation.objects.order_by("pk"))
    context.data["network_organisation"] = Organisation.objects.get(name=NETWORK_NAME)
    _seed_profiles(context)
    _seed_memberships(context)
    _seed_contacts(context)
    _seed_events(context)
    _seed_collaborations(context)
    context.data["partners"] = {
        country: Organisation.objects.create(
            name=name,
            kind=OrganisationKind.EDUCATION_PROVIDER,
            country_id=country,
            external_id=f"demo-partner-{country.lower()}",
        )
        for country, name in PARTNERS
    }


DIGITAL_SYSTEMS = [
    ("Zoom", SystemCategory.VIDEO),
    ("Microsoft Teams", SystemCategory.VIDEO),
    ("Adobe Connect", SystemCategory.VIDEO),
    ("Moodle", SystemCategory.LMS),
    ("itslearning", SystemCategory.LMS),
    ("Canvas", SystemCategory.LMS),
    ("Questback", SystemCategory.SURVEY),
    ("Google Forms", SystemCategory.SURVEY),
    ("Padlet", SystemCategory.OTHER),
]
EDUCATION_AREAS = [
    "Svenska för yrkeslivet",
    "Vård och omsorg",
    "Barnskötare",
    "CNC-teknik",
    "Svetsning",
    "Lager och logistik",
    "Yrkesförare",
    "Restaurang och storkök",
    "Besöksnäring",
    "Digital kompetens",
    "Elteknik",
    "Bygg och anläggning",
    "Ekonomi och administration",
    "Automation",
    "Skog och trädgård",
    "Handel",
]
CONTACT_ROLES = [
    "Verksamhetschef",
    "Studie- och yrkesvägledare",
    "Samordnare",
    "Rektor",
    "Utbildningsledare",
    "IT-ansvarig",
]
DEMO_YEARS = range(2022, 2027)
EVENT_PLAN = [  # (kind, how many a year, title)
    (EventKind.NETWORK_MEETING, 6, "Nätverksträff"),
    (EventKind.BOARD_MEETING, 4, "Styrelsemöte"),
    (EventKind.CONFERENCE, 1, "Lärcentrakonferensen"),
    (EventKind.JOB_SHADOWING, 3, "Jobbskuggning"),
    (EventKind.STUDY_VISIT, 3, "Studiebesök"),
    (EventKind.WORKSHOP, 3, "Workshop: flexibelt lärande"),
]
PARTNER_CITIES = ["Tammerfors", "Tartu", "Bergen", "Aarhus", "Galway", "Bilbao"]


def _members(context: DemoContext) -> list[Organisation]:
    return [o for o in context.data["organisations"] if o.kind != OrganisationKind.NETWORK]


def _seed_profiles(context: DemoContext) -> None:
    rng = context.rng
    systems = DigitalSystem.objects.bulk_create(
        [DigitalSystem(name=name, category=category) for name, category in DIGITAL_SYSTEMS]
    )
    areas = areas_find_or_create(names=EDUCATION_AREAS)
    video = [s for s in systems if s.category == SystemCategory.VIDEO]
    others = [s for s in systems if s.category != SystemCategory.VIDEO]
    area_links, level_links, system_links = [], [], []
    Areas = Organisation.education_areas.through
    Levels = Organisation.seqf_levels.through
    Systems = Organisation.digital_systems.through
    for org in _members(context):
        formats = [DeliveryFormat.ON_SITE]
        # most learning centres have a live-stream room; that is what they are known for
        if org.kind == OrganisationKind.LEARNING_CENTRE or rng.random() < 0.4:
            formats.append(DeliveryFormat.LIVE_STREAM)
        if rng.random() < 0.5:
            formats.append(DeliveryFormat.ONLINE)
        if rng.random() < 0.3:
            formats.append(DeliveryFormat.HYBRID)
        org.formats = [str(f) for f in formats]
        org.description = (
            f"{org.name} erbjuder utbildning på distans och på plats, i samarbete med "
            "arbetsgivare och utbildningsanordnare i regionen. (Demodata.)"
        )
        org.website = f"https://{org.external_id}.{DEMO_DOMAIN}/"
        for area in rng.sample(areas, rng.randint(2, 5)):
            area_links.append(Areas(organisation_id=org.pk, competencearea_id=area.pk))
        for level in sorted(rng.sample(range(2, 7), rng.randint(1, 3))):
            level_links.append(Levels(organisation_id=org.pk, seqflevel_id=level))
        chosen = [rng.choice(video)] if DeliveryFormat.LIVE_STREAM in formats else []
        chosen += rng.sample(others, rng.randint(1, 3))
        for system in chosen:
            system_links.append(Systems(organisation_id=org.pk, digitalsystem_id=system.pk))
    Organisation.objects.bulk_update(
        _members(context), ["formats", "description", "website"], batch_size=200
    )
    Areas.objects.bulk_create(area_links)
    Levels.objects.bulk_create(level_links)
    Systems.objects.bulk_create(system_links)


def _seed_memberships(context: DemoContext) -> None:
    rng = context.rng
    by_subregion: dict[str, list[str]] = {}
    for code, subregion in Municipality.objects.filter(subregion__isnull=False).values_list(
        "code", "subregion_id"
    ):
        by_subregion.setdefault(subregion, []).append(code)
    subregion_of = {code: sub for sub, codes in by_subregion.items() for code in codes}
    memberships, represented = [], []
    members = [o for o in _members(context) if o.kind != OrganisationKind.INDUSTRY_BODY]
    for org in members:
        joined = rng.choice([2022, 2022, 2022, 2023, 2024])
        if org.kind == OrganisationKind.MUNICIPAL_FEDERATION:
            codes = by_subregion.get(subregion_of.get(org.municipality_id, ""), [])
        else:
            codes = [org.municipality_id]
            neighbours = by_subregion.get(subregion_of.get(org.municipality_id, ""), [])
            if neighbours and rng.random() < 0.25:
                codes.append(rng.choice(neighbours))
        for year in range(joined, 2027):
            memberships.append(
                (
                    Membership(
                        organisation_id=org.pk,
                        year=year,
                        external_id=f"demo-membership-{org.pk}-{year}",
                        # the current year's fees come in during the spring
                        fee_paid=rng.random() < (0.6 if year == 2026 else 0.95),
                    ),
                    sorted(set(codes)),
                )
            )
    # the fees as amounts, invoiced in February and paid within two months (a random stream
    # of their own: the draws above, and the demo's figures, stay as they were)
    fees = random.Random("demo-membership-fees")
    for membership, _codes in memberships:
        membership.fee_sek = Decimal(fees.choice(MEMBERSHIP_FEES))
        membership.invoiced_on = date(membership.year, 2, 1)
        if membership.fee_paid:
            membership.paid_on = membership.invoiced_on + timedelta(days=fees.randint(5, 60))
    Membership.objects.bulk_create([m for m, _ in memberships])
    saved = dict(
        Membership.objects.filter(external_id__startswith="demo-membership-").values_list(
            "external_id", "pk"
        )
    )
    Through = Membership.municipalities.through
    for membership, codes in memberships:
        pk = saved[membership.external_id]
        represented += [Through(membership_id=pk, municipality_id=code) for code in codes]
    Through.objects.bulk_create(represented)


def _seed_contacts(context: DemoContext) -> None:
    rng = context.rng
    today = timezone.localdate()
    members = _members(context)
    contacts = []
    for org in rng.sample(members, min(38, len(members))):
        for index in range(rng.randint(2, 4)):
            name = context.person_name()
            local = name.lower().replace(" ", ".")
            for a, b in (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e")):
                local = local.replace(a, b)
            # about one in five has not been confirmed for over a year (or ever)
            roll = rng.random()
            if roll < 0.07:
                confirmed = None
            elif roll < 0.2:
                confirmed = today - timedelta(days=rng.randint(400, 900))
            else:
                confirmed = today - timedelta(days=rng.randint(0, 330))
            contacts.append(
                Contact(
                    organisation_id=org.pk,
                    name=name,
                    role=CONTACT_ROLES[index] if index < 2 else rng.choice(CONTACT_ROLES),
                    email=f"{local}.{org.pk}@{DEMO_DOMAIN}",
                    phone=f"070-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                    last_confirmed=confirmed,
                    external_id=f"demo-contact-{len(contacts) + 1}",
                )
            )
    Contact.objects.bulk_create(contacts)


def _seed_events(context: DemoContext) -> None:
    rng = context.rng
    members = _members(context)
    network = context.data["network_organisation"]
    events = []
    for year in DEMO_YEARS:
        for kind, count, title in EVENT_PLAN:
            for _n in range(count):
                day = date(year, rng.randint(1, 12), rng.randint(1, 28))
                transnational = kind == EventKind.JOB_SHADOWING and rng.random() < 0.6
                if transnational:
                    label = f"{title} i {rng.choice(PARTNER_CITIES)}"
                elif kind in (EventKind.STUDY_VISIT, EventKind.WORKSHOP):
                    label = f"{title} – {rng.choice(members).name}"
                else:
                    label = title
                organiser = (
                    network
                    if kind in (EventKind.BOARD_MEETING, EventKind.CONFERENCE)
                    else rng.choice(members)
                )
                participants = {
                    EventKind.CONFERENCE: rng.randint(80, 160),
                    EventKind.BOARD_MEETING: rng.randint(6, 9),
                    EventKind.JOB_SHADOWING: rng.randint(2, 6),
                }.get(kind, rng.randint(10, 40))
                events.append(
                    Event(
                        kind=kind,
                        date=day,
                        title=label,
                        organiser=organiser,
                        participants=participants,
                        transnational=transnational,
                        external_id=f"demo-event-{len(events) + 1}",
                    )
                )
    Event.objects.bulk_create(events)


def _seed_collaborations(context: DemoContext) -> None:
    rng = context.rng
    members = _members(context)
    collaborations, parties = [], []
    for year in DEMO_YEARS:
        for _n in range(rng.randint(2, 4)):
            chosen = rng.sample(members, rng.randint(2, 4))
            area = rng.choice(EDUCATION_AREAS)
            collaborations.append(
                Collaboration(
                    established=date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    title=f"Gemensam utbildning: {area}",
                    external_id=f"demo-collaboration-{len(collaborations) + 1}",
                )
            )
            parties.append(chosen)
    Collaboration.objects.bulk_create(collaborations)
    saved = dict(
        Collaboration.objects.filter(external_id__startswith="demo-collaboration-").values_list(
            "external_id", "pk"
        )
    )
    Through = Collaboration.parties.through
    Through.objects.bulk_create(
        [
            Through(collaboration_id=saved[c.external_id], organisation_id=org.pk)
            for c, chosen in zip(collaborations, parties, strict=True)
            for org in chosen
        ]
    )


def summary(context: DemoContext) -> str:
    return (
        f"{len(context.data['organisations'])} organisations, "
        f"{Membership.objects.count()} memberships, {Contact.objects.count()} contacts, "
        f"{Event.objects.count()} events, {Collaboration.objects.count()} collaborations"
    )
