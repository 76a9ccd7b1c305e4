"""Headers as people write them: a file's column may be named by the contract's code
(`org_number`) or as a Swedish or English spreadsheet, or a survey tool's export, names it
("Organisationsnummer", "Org.nr", "Datum inskickat", "E-post"). `mapped()` reads each header
cell as the kind's column it means, so that the importer, its check and the preview see the
contract's codes; the preview shows how each was read.

A header is compared without case, spaces, dots, hyphens, underscores, colons, asterisks and
brackets ("Org. nr" = "orgnr" = "ORG-NR"). Only the kind's own columns are candidates, so
"Deltagare" is `participants` for events and `participant` for attendance.

What no alias recognises the user maps by hand in the preview (`chosen`: {header key: column
code, or "" for a column left out of the import}); a mapping chosen for a source is kept and
used for its next file (services.import_job_choose_columns)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# column code → what people call it (Swedish first, then English and survey tools)
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "nr", "löpnummer", "id-nummer", "respondent-id", "svars-id", "response id"),
    "name": ("namn", "name", "företagsnamn", "organisationsnamn", "för- och efternamn",
             "fullständigt namn", "full name"),
    "org_number": ("organisationsnummer", "org.nr", "orgnr", "org nummer", "organisationsnr",
                   "organisation number", "organization number", "corporate identity number"),
    "municipality": ("kommun", "kommunkod", "kommunnummer", "municipality code"),
    "municipalities": ("kommuner", "representerade kommuner", "kommunkoder"),
    "country": ("land", "landskod", "country code"),
    "kind": ("typ", "slag", "type"),
    "organisation": ("organisation", "organization", "medlem", "medlemsorganisation"),
    "year": ("år", "verksamhetsår"),
    "fee_paid": ("avgift betald", "medlemsavgift betald", "betald"),
    "email": ("e-post", "e-postadress", "epost", "mejl", "mejladress", "mail", "e-mail",
              "email address"),
    "role": ("roll", "befattning", "titel"),
    "phone": ("telefon", "telefonnummer", "tel", "tel.nr", "mobil", "mobilnummer", "phone number"),
    "date": ("datum", "datum inskickat", "inskickat", "besöksdatum", "date submitted",
             "submitted", "submit date"),
    "title": ("titel", "rubrik", "benämning", "kursnamn", "kurstitel"),
    "organiser": ("arrangör", "organizer"),
    "participants": ("deltagare", "antal deltagare"),
    "transnational": ("transnationell", "internationell"),
    "established": ("etablerad", "etablerat", "startad"),
    "parties": ("parter",),
    "sni": ("sni-kod", "sni kod", "branschkod", "bransch"),
    "employees": ("anställda", "antal anställda", "number of employees"),
    "company": ("företag",),
    "broker": ("kompetensmäklare", "mäklare", "besökare"),
    "notes": ("anteckningar", "noteringar", "kommentar", "kommentarer"),
    "visit": ("besök", "besöks-id"),
    "area": ("kompetensområde", "område", "kompetens", "competence area"),
    "areas": ("kompetensområden", "områden", "competence areas"),
    "description": ("beskrivning",),
    "horizon": ("tidshorisont", "horisont", "när behövs det"),
    "employees_affected": ("antal berörda", "berörda anställda", "antal berörda anställda"),
    "seqf_level": ("seqf", "seqf-nivå", "nivå"),
    "gap_area": ("gap", "gapområde", "glapp"),
    "provider": ("anordnare", "kursanordnare"),
    "teacher": ("lärare", "kursledare", "utbildare", "föreläsare", "handledare", "instructor",
                "trainer"),
    "format": ("form", "genomförande", "undervisningsform"),
    "project": ("projekt",),
    "course": ("kurs", "kurs-id"),
    "start": ("start", "starttid", "startdatum", "från"),
    "end": ("slut", "sluttid", "slutdatum", "till"),
    "sending_site": ("sändande ort", "sändande plats", "sändande skola"),
    "receiving_sites": ("mottagande orter", "mottagande platser", "mottagande skolor"),
    "hours": ("timmar", "antal timmar", "närvarotimmar"),
    "gender": ("kön", "sex"),
    "employer": ("arbetsgivare",),
    "participant": ("deltagare", "deltagar-id"),
    "registered": ("anmäld", "anmälningsdatum", "anmälningsdag", "registreringsdatum"),
    "funder": ("finansiär", "finansieras av"),
    "budget_sek": ("budget", "budget kr", "budget (kr)"),
    "grant_sek": ("bidrag", "bidrag kr", "stipendium"),
}  # fmt: skip


def header_key(text: str) -> str:
    """A header cell as compared: without case and the marks people vary."""
    return re.sub(r"[\s._\-:*()\[\]]", "", text.casefold())


@dataclass
class Reading:
    """How a file's header was read for a kind: {header cell: column code} of the cells
    that name a column by another name, and the problems (two cells for one column)."""

    renamed: dict[str, str] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)  # the header as the importer sees it
    kept: list[int] = field(default_factory=list)  # the file's columns read, by position
    left_out: list[str] = field(default_factory=list)  # cells the user chose not to import
    problems: list[tuple[str, str]] = field(default_factory=list)  # (cell, message)


def read_header(
    column_names: list[str], header: list[str], chosen: dict[str, str] | None = None
) -> Reading:
    candidates: dict[str, set[str]] = {}
    for code in column_names:
        for name in (code, *ALIASES.get(code, ())):
            candidates.setdefault(header_key(name), set()).add(code)
    chosen = chosen or {}
    reading = Reading()
    taken: dict[str, str] = {}
    for position, cell in enumerate(header):
        by_hand = chosen.get(header_key(cell))
        if by_hand == "":
            reading.left_out.append(cell)
            continue
        codes = candidates.get(header_key(cell), set())
        if by_hand in column_names:
            code = by_hand
        elif cell in column_names:
            code = cell
        else:
            code = next(iter(codes)) if len(codes) == 1 else cell
        reading.kept.append(position)
        if code in taken:
            reading.problems.append(
                (
                    cell,
                    _("“%(cell)s” and “%(other)s” both mean the column %(code)s: keep one.")
                    % {"cell": cell, "other": taken[code], "code": code},
                )
            )
            code = cell
        elif code in column_names:
            taken[code] = cell
        if code != cell:
            reading.renamed[cell] = code
        reading.header.append(code)
    return reading


class MappedTable:
    """A table whose header and rows use the kind's column codes (see read_header)."""

    def __init__(
        self, table, column_names: list[str], chosen: dict[str, str] | None = None
    ) -> None:
        self.table = table
        self.original_header = list(table.header)
        self.reading = read_header(column_names, self.original_header, chosen)
        self.header = self.reading.header

    def __iter__(self) -> Iterator[dict[str, str]]:
        if not self.reading.renamed and not self.reading.left_out:
            yield from self.table
            return
        names, kept = self.header, self.reading.kept
        for row in self.table:
            values = list(row.values())
            yield {name: values[position] for name, position in zip(names, kept, strict=True)}

    def __getattr__(self, name: str):
        return getattr(self.table, name)  # data, encoding, delimiter… of the file


def mapped(kind, table, chosen: dict[str, str] | None = None) -> MappedTable:
    """The table as `kind` reads it, with the columns `chosen` by hand (a table already
    mapped is returned as it is)."""
    if isinstance(table, MappedTable):
        return table
    return MappedTable(table, kind.column_names(), chosen)
