"""Demo companies: about 150 invented small and medium companies in West Sweden's
municipalities, in manufacturing, furniture, tourism, retail and care (most of Fyrbodal's in
tourism, most of Skaraborg's in manufacturing), and ten each in Norway and Denmark, the
partners' regions. The names are made up from place words and trades; organisation numbers
are fictional (series 559…, valid check digit)."""

import random
from datetime import timedelta

from django.utils import timezone

from kompetensnav.common.demodata import FIRST_NAMES, LAST_NAMES, DemoContext, luhn_complete
from kompetensnav.reference.selectors import west_sweden_municipalities

from .models import Company, CompanyContact

PLACES = [
    "Vänerns", "Kinnekulle", "Dalslands", "Bohus", "Sjuhärads", "Skaraborgs", "Tibro",
    "Hallands", "Göta Älvs", "Lidans", "Tidans", "Nossans", "Viskans", "Ätrans", "Billingens",
    "Hunnebergs", "Falbygdens", "Kustens", "Skärgårdens", "Mössebergs", "Valle", "Kållands",
    "Västkustens", "Kullens", "Lillåns", "Stensjö", "Björkviks", "Ekbacka", "Granlunds",
    "Lövholmens",
]  # fmt: skip

# (trade, SNI division or section, employee range)
TRADES = [
    ("Möbelsnickeri", "31", (4, 60)),
    ("Möbelfabrik", "31", (20, 180)),
    ("Inredningssnickeri", "31", (3, 25)),
    ("Mekaniska Verkstad", "25", (8, 120)),
    ("Plåt & Svets", "25", (3, 40)),
    ("Maskinteknik", "28", (10, 220)),
    ("Trävaror", "16", (5, 70)),
    ("Bageri", "10", (3, 30)),
    ("Charkuteri", "10", (4, 35)),
    ("Hotell", "55", (6, 80)),
    ("Camping & Stugby", "55", (1, 15)),
    ("Vandrarhem", "55", (1, 8)),
    ("Krog & Kök", "56", (3, 25)),
    ("Café", "56", (1, 10)),
    ("Upplevelser", "N", (1, 12)),
    ("Järnhandel", "47", (3, 20)),
    ("Sport & Fritid", "47", (2, 15)),
    ("Blommor & Inredning", "47", (1, 8)),
    ("Hemtjänst", "88", (10, 90)),
    ("Omsorg", "87", (15, 150)),
]
COUNT = 150
# the regions' character (the needs analysis' story): the coast and Dalsland live on
# tourism, Skaraborg on manufacturing; most companies there are of those trades
REGIONAL_TRADES = {
    "fyrbodal": ["Hotell", "Camping & Stugby", "Vandrarhem", "Krog & Kök", "Café", "Upplevelser"],
    "skaraborg": ["Mekaniska Verkstad", "Plåt & Svets", "Maskinteknik", "Möbelsnickeri"],
}
REGIONAL_SHARE = 0.75
# partner companies abroad (Interreg): invented names, no Swedish organisation numbers
PARTNER_COMPANIES = {
    "NO": [
        ("Fjordhytter AS", "55", 9), ("Hvaler Sjøhotell AS", "55", 24),
        ("Fredrikstad Kafé og Bakeri AS", "56", 7), ("Østfold Opplevelser AS", "N", 5),
        ("Halden Camping AS", "55", 4), ("Sarpsborg Mekaniske AS", "25", 38),
        ("Glommen Sveis AS", "25", 16), ("Moss Gjestehus AS", "55", 11),
        ("Skjærgården Restaurant AS", "56", 14), ("Rakkestad Trevare AS", "16", 21),
    ],
    "DK": [
        ("Kystmøbler ApS", "31", 22), ("Skagen Badehotel ApS", "55", 31),
        ("Hirtshals Fiskerestaurant ApS", "56", 12), ("Nordjysk Maskinfabrik A/S", "28", 64),
        ("Frederikshavn Stål ApS", "25", 27), ("Løkken Feriecenter ApS", "55", 9),
        ("Aalborg CNC-Teknik ApS", "25", 19), ("Vendsyssel Oplevelser ApS", "N", 6),
        ("Sæby Camping ApS", "55", 5), ("Brønderslev Smedie ApS", "25", 11),
    ],
}  # fmt: skip


def seed(context: DemoContext) -> None:
    rng = context.rng
    subregion_of = dict(west_sweden_municipalities().values_list("code", "subregion_id"))
    municipalities = list(subregion_of)
    # the demo broker works in Lidköping: give Skaraborg a few more companies
    municipalities += ["1494", "1494", "1494", "1493", "1495", "1471", "1496"]
    trades = {trade[0]: trade for trade in TRADES}
    names: set[str] = set()
    companies: list[Company] = []
    serial = 0
    while len(companies) < COUNT:
        municipality = rng.choice(municipalities)
        regional = REGIONAL_TRADES.get(subregion_of.get(municipality, ""))
        if regional and rng.random() < REGIONAL_SHARE:
            trade, sni, (low, high) = trades[rng.choice(regional)]
        else:
            trade, sni, (low, high) = rng.choice(TRADES)
        name = f"{rng.choice(PLACES)} {trade} AB"
        if name in names:
            continue
        names.add(name)
        serial += 1
        companies.append(
            Company(
                external_id=f"demo-company-{serial}",
                name=name,
                org_number=luhn_complete(f"559{rng.randint(0, 999):03d}{serial:03d}"),
                sni_id=sni,
                municipality_id=municipality,
                country_id="SE",
                employees=rng.randint(low, high),
            )
        )
    companies += [
        Company(
            external_id=f"demo-company-{country.lower()}-{number}",
            name=name,
            country_id=country,
            sni_id=sni,
            employees=employees,
        )
        for country, partners in PARTNER_COMPANIES.items()
        for number, (name, sni, employees) in enumerate(partners, start=1)
    ]
    Company.objects.bulk_create(companies)
    # "Vänerns Möbelsnickeri AB" in Lidköping is the furniture maker of journey 1
    journey = Company.objects.filter(name="Vänerns Möbelsnickeri AB").first()
    if journey is None:
        journey = Company.objects.create(
            external_id="demo-company-journey",
            name="Vänerns Möbelsnickeri AB",
            org_number=luhn_complete("559000000"),
            sni_id="31",
            employees=35,
            municipality_id="1494",
        )
    else:
        journey.municipality_id = "1494"
        journey.save(update_fields=["municipality"])
    context.data["companies"] = list(Company.objects.order_by("pk"))
    context.data["contacts"] = _contacts(context)


ROLES = ["VD", "HR-chef", "Produktionschef", "Platschef", "Utbildningsansvarig"]
ASCII = str.maketrans("åäöé", "aaoe")


def _contacts(context: DemoContext) -> int:
    """A contact person or two at about half of the Swedish companies (fictional names, some
    without a recorded consent yet), so the company pages look like customer records."""
    # a random stream of its own: the other demo modules' draws (and their figures) stay as they were
    rng = random.Random("demo-company-contacts")
    contacts = []
    for company in context.data["companies"]:
        if company.country_id != "SE" or rng.random() < 0.5:
            continue
        for role in rng.sample(ROLES, rng.randint(1, 2)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            consent = rng.random() < 0.8
            contacts.append(
                CompanyContact(
                    company=company,
                    name=f"{first} {last}",
                    role=role,
                    email=f"{first}.{last}@example.se".lower().translate(ASCII),
                    phone=f"0{rng.randint(300, 599)}-{rng.randint(100, 999)} {rng.randint(10, 99)}",
                    consent=consent,
                    consent_date=timezone.localdate() - timedelta(days=rng.randint(10, 700))
                    if consent
                    else None,
                )
            )
    CompanyContact.objects.bulk_create(contacts)
    return len(contacts)


def summary(context: DemoContext) -> str:
    return f"{len(context.data['companies'])} companies, {context.data['contacts']} contact people"
