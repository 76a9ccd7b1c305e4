"""Demo organisations: learning centres and adult-education units in real West-Sweden
municipalities, the subregions' municipal federations and the network's own office.
Organisation numbers are fictional (valid check digit, series 999…)."""

from kompetensnav.common.demodata import DemoContext, luhn_complete

from .enums import OrganisationKind
from .models import Organisation

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


def summary(context: DemoContext) -> str:
    return f"{len(context.data['organisations'])} organisations"
