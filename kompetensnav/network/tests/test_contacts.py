"""Contacts: the network-wide list, editing by a coordinator or the organisation's own
admin, "confirm still correct", delete with confirmation, CSV and XLSX export."""

import csv
import io
from datetime import datetime, timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kompetensnav.network.models import Contact
from tests import spreadsheets

pytestmark = pytest.mark.django_db
LIST = reverse("network:contact_list")


@pytest.fixture
def contacts(own_org, foreign_org):
    today = timezone.localdate()
    return {
        "fresh": Contact.objects.create(
            organisation=own_org,
            name="Fia Färsk",
            role="Rektor",
            email="fia@example.se",
            last_confirmed=today,
        ),
        "stale": Contact.objects.create(
            organisation=own_org,
            name="Stina Stale",
            email="stina@example.se",
            last_confirmed=today - timedelta(days=400),
        ),
        "foreign": Contact.objects.create(
            organisation=foreign_org,
            name="Annan Person",
            email='=HYPERLINK("x")',  # not a valid address, but imported data can be odd
            phone="031-12 34 56",
        ),
    }


def names(response) -> list[str]:
    return [c.name for c in response.context["object_list"]]


def test_contact_list_shows_every_organisations_contacts(contacts, client_for, broker):
    response = client_for(broker).get(LIST)
    assert set(names(response)) == {"Fia Färsk", "Stina Stale", "Annan Person"}
    html = response.getvalue().decode()
    assert html.count('class="badge warn"') == 2  # Stina and the never-confirmed one
    assert timezone.localdate().isoformat() in html
    # a broker sees, does not edit or export
    assert reverse("network:contact_edit", args=[contacts["fresh"].pk]) not in html
    assert reverse("network:contact_export", args=["csv"]) not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"stale": "yes"}, {"Stina Stale", "Annan Person"}),
        ({"stale": "no"}, {"Fia Färsk"}),
        ({"q": "rektor"}, {"Fia Färsk"}),
        ({"q": "Annan"}, {"Annan Person"}),  # organisation name
    ],
)
def test_contact_list_filters(contacts, client_for, broker, params, expected):
    assert set(names(client_for(broker).get(LIST, params))) == expected


def test_contact_list_filter_by_organisation(contacts, foreign_org, client_for, broker):
    response = client_for(broker).get(LIST, {"organisation": foreign_org.pk})
    assert names(response) == ["Annan Person"]


def test_contact_list_edit_links_only_for_own_organisation(contacts, client_for, org_admin):
    html = client_for(org_admin).get(LIST).getvalue().decode()
    assert reverse("network:contact_edit", args=[contacts["fresh"].pk]) in html
    assert reverse("network:contact_edit", args=[contacts["foreign"].pk]) not in html


def test_contact_list_query_count_does_not_grow_with_rows(own_org, client_for, org_admin):
    client = client_for(org_admin)
    Contact.objects.create(organisation=own_org, name="En")
    client.get(LIST)  # the first request of a session has its own set-up queries
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for n in range(20):
        Contact.objects.create(organisation=own_org, name=f"Kontakt {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(few) == len(many)


def test_contact_list_htmx_answers_only_the_results(contacts, client_for, broker):
    html = client_for(broker).get(LIST, {"q": "Fia"}, headers={"HX-Request": "true"})
    assert "<html" not in html.getvalue().decode() and "Fia Färsk" in html.getvalue().decode()


def test_contact_create_by_own_admin(own_org, client_for, org_admin):
    url = reverse("network:contact_create", args=[own_org.pk])
    response = client_for(org_admin).post(
        url, {"name": "Ny Person", "role": "Samordnare", "email": "ny@example.se"}
    )
    assert response.status_code == 302
    contact = Contact.objects.get(name="Ny Person")
    assert (contact.organisation, contact.role) == (own_org, "Samordnare")


def test_contact_create_invalid_keeps_input(own_org, client_for, org_admin):
    url = reverse("network:contact_create", args=[own_org.pk])
    response = client_for(org_admin).post(url, {"name": "Ny Person", "email": "inte-epost"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    html = response.getvalue().decode()
    assert 'value="Ny Person"' in html and 'value="inte-epost"' in html
    assert not Contact.objects.filter(name="Ny Person").exists()


def test_contact_edit_by_own_admin_and_back_to_the_list(contacts, client_for, org_admin):
    contact = contacts["fresh"]
    url = reverse("network:contact_edit", args=[contact.pk])
    response = client_for(org_admin).post(
        url, {"name": "Fia Ny", "role": "Rektor", "email": "fia@example.se", "next": LIST}
    )
    assert response.status_code == 302 and response["Location"] == LIST
    contact.refresh_from_db()
    assert contact.name == "Fia Ny"


def test_contact_edit_ignores_an_outside_next(contacts, own_org, client_for, org_admin):
    url = reverse("network:contact_edit", args=[contacts["fresh"].pk])
    response = client_for(org_admin).post(url, {"name": "Fia", "next": "https://evil.example/"})
    assert response["Location"] == reverse("network:organisation_detail", args=[own_org.pk])


@pytest.mark.parametrize("view", ["contact_edit", "contact_delete"])
def test_contact_of_another_organisation_answers_403(contacts, client_for, org_admin, view):
    foreign = contacts["foreign"]
    client = client_for(org_admin)
    url = reverse(f"network:{view}", args=[foreign.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Kapad"}).status_code == 403
    foreign.refresh_from_db()
    assert foreign.name == "Annan Person"


def test_contact_create_for_another_organisation_answers_403(foreign_org, client_for, org_admin):
    url = reverse("network:contact_create", args=[foreign_org.pk])
    assert client_for(org_admin).post(url, {"name": "Smyg"}).status_code == 403
    assert not Contact.objects.filter(name="Smyg").exists()


def test_contact_delete_asks_first_then_deletes(contacts, own_org, client_for, org_admin):
    contact = contacts["stale"]
    url = reverse("network:contact_delete", args=[contact.pk])
    client = client_for(org_admin)
    page = client.get(url)
    assert (
        "Stina Stale" in page.getvalue().decode() and Contact.objects.filter(pk=contact.pk).exists()
    )
    response = client.post(url)
    assert response["Location"] == reverse("network:organisation_detail", args=[own_org.pk])
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_contact_confirm_sets_today(contacts, client_for, org_admin):
    contact = contacts["stale"]
    url = reverse("network:contact_confirm", args=[contact.pk])
    response = client_for(org_admin).post(url, {"next": LIST})
    assert response["Location"] == LIST
    contact.refresh_from_db()
    assert contact.last_confirmed == timezone.localdate() and not contact.is_stale


def test_contact_confirm_by_coordinator_for_any_organisation(contacts, client_for, coordinator):
    contact = contacts["foreign"]
    client_for(coordinator).post(reverse("network:contact_confirm", args=[contact.pk]))
    contact.refresh_from_db()
    assert contact.last_confirmed == timezone.localdate()


def test_contact_confirm_refused_for_others(contacts, client_for, org_admin, broker):
    contact = contacts["foreign"]
    url = reverse("network:contact_confirm", args=[contact.pk])
    assert client_for(org_admin).post(url).status_code == 403
    assert client_for(broker).post(url).status_code == 403
    assert client_for(org_admin).get(url).status_code == 405
    contact.refresh_from_db()
    assert contact.last_confirmed is None


def _csv_rows(response) -> list[list[str]]:
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_contact_export_csv_coordinator_gets_all(contacts, client_for, coordinator):
    response = client_for(coordinator).get(reverse("network:contact_export", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert len(rows) == 4  # header + 3
    by_name = {r[1]: r for r in rows[1:]}
    assert set(by_name) == {"Fia Färsk", "Stina Stale", "Annan Person"}
    assert by_name["Fia Färsk"][0] == "Lärcentrum Egen"
    assert by_name["Fia Färsk"][5] == timezone.localdate().isoformat()
    assert by_name["Annan Person"][4] == "031-12 34 56"
    assert not by_name["Annan Person"][3].startswith("=")  # formula-safe


def test_contact_export_xlsx_org_admin_gets_own_only(contacts, client_for, org_admin):
    response = client_for(org_admin).get(reverse("network:contact_export", args=["xlsx"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    _header, rows = spreadsheets.table(sheet)
    assert len(rows) == 2
    assert {r[1] for r in rows} == {"Fia Färsk", "Stina Stale"}
    assert {r[0] for r in rows} == {"Lärcentrum Egen"}
    assert all(isinstance(r[5], datetime) for r in rows)  # last confirmed: a date


def test_contact_export_applies_the_filters(contacts, client_for, coordinator):
    url = reverse("network:contact_export", args=["csv"])
    rows = _csv_rows(client_for(coordinator).get(url, {"stale": "yes"}))
    assert {r[1] for r in rows[1:]} == {"Stina Stale", "Annan Person"}


def test_contact_export_refused_for_broker_and_unknown_format(
    contacts, client_for, broker, coordinator
):
    assert (
        client_for(broker).get(reverse("network:contact_export", args=["csv"])).status_code == 403
    )
    url = reverse("network:contact_export", args=["pdf"])
    assert client_for(coordinator).get(url).status_code == 404
