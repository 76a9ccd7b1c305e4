"""Contact lists as people keep them in Excel (issue 18): Swedish headers, the organisation by
its name, a phone column, and no ids. A row without an id is the organisation's contact with
the same e-mail address (else name): importing the list again updates, and a contact made in
the web interface is taken up, not doubled. The export keeps the contract's columns."""

import csv

import pytest
from django.core.management import call_command

from kompetensnav.interchange.importer import run_import
from kompetensnav.interchange.registry import KINDS
from kompetensnav.interchange.tables import open_table
from kompetensnav.network.interchange import contact_key
from kompetensnav.network.models import Contact
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LIST = (
    "Organisation;Namn;E-post;Telefon;Roll\n"
    "Lärcentrum Väst;Anna Ek;Anna.Ek@larcentrum.example;0520-123 45;rektor\n"
    "Lärcentrum Väst;Bo Lind;;070-111 22 33;studievägledare\n"
    "Vuxenskolan Syd;Anna Ek;anna.ek@vuxenskolan.example;;\n"
)


def imported(text: str, *, dry_run: bool = False):
    return run_import(
        KINDS["contacts"], open_table(text.encode(), "kontakter.csv"), dry_run=dry_run
    )


@pytest.fixture
def organisations():
    return (
        OrganisationFactory(name="Lärcentrum Väst", external_id=None),
        OrganisationFactory(name="Vuxenskolan Syd", external_id=None),
    )


def test_a_contact_list_without_ids_is_imported_and_again_updates(organisations):
    west, south = organisations
    result = imported(LIST)
    assert result.ok, result.errors
    assert len(result.created) == 3 and not result.updated
    anna = Contact.objects.get(organisation=west, name="Anna Ek")
    assert (anna.email, anna.phone, anna.role) == (
        "anna.ek@larcentrum.example",
        "0520-123 45",
        "rektor",
    )
    assert Contact.objects.get(organisation=west, name="Bo Lind").phone == "070-111 22 33"
    # the same name at another organisation is another person
    assert Contact.objects.get(organisation=south).email == "anna.ek@vuxenskolan.example"
    # the id made for a row names neither the person nor the address
    assert anna.external_id.startswith("contact-") and "anna" not in anna.external_id.lower()
    assert contact_key("x", "A@B.se", "") == contact_key("x", " a@b.se", "Other name")
    assert contact_key("x", "", "Bo  Lind") == contact_key("x", "", "bo lind")
    assert contact_key("x", "a@b.se", "") != contact_key("y", "a@b.se", "")

    # the list again, with a new role and the address in another case: updated, not doubled
    again = imported(LIST.replace(";rektor", ";biträdande rektor").replace("Anna.Ek@", "ANNA.EK@"))
    assert again.ok and len(again.updated) == 3 and not again.created
    assert Contact.objects.count() == 3
    anna.refresh_from_db()
    assert anna.role == "biträdande rektor"


def test_a_contact_made_in_the_web_interface_is_taken_up(organisations):
    west, _south = organisations
    made = Contact.objects.create(
        organisation=west, name="Anna Ek", email="anna.ek@larcentrum.example"
    )
    nameless = Contact.objects.create(organisation=west, name="Bo Lind")
    assert imported(LIST).ok
    assert Contact.objects.filter(organisation=west).count() == 2
    made.refresh_from_db()
    nameless.refresh_from_db()
    assert made.phone == "0520-123 45" and made.external_id.startswith("contact-")
    assert nameless.phone == "070-111 22 33" and nameless.external_id.startswith("contact-")


def test_the_same_person_twice_in_a_list_is_a_row_error(organisations):
    doubled = LIST + "Lärcentrum Väst;Anna Ek;anna.ek@larcentrum.example;;\n"
    result = imported(doubled, dry_run=True)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (4, "id", "Samma post som rad 1: behåll en av de två raderna.")
    ]


def test_a_list_with_ids_works_as_before_and_the_export_keeps_the_contract(organisations, tmp_path):
    west, _south = organisations
    result = imported("id,organisation,name,email\nk1,Lärcentrum Väst,Cecilia Berg,cb@example.se\n")
    assert result.ok and result.created == ["k1"]
    assert Contact.objects.get(external_id="k1").organisation == west
    out = tmp_path / "kontakter.csv"
    call_command("export", "contacts", str(out))
    with out.open(encoding="utf-8-sig") as file:
        header = next(csv.reader(file))
    assert header == ["id", "organisation", "name", "email", "role"]  # no phone: the contract
