"""History names people who have no account: a visit whose broker's e-mail address matches
no user is imported with the address kept as given (a notice, never a refusal), exported
again as given, and linked to the account made with that address later."""

import pytest
from django.urls import reverse

from kompetensnav.interchange.importer import run_import
from kompetensnav.interchange.registry import KINDS
from kompetensnav.interchange.tables import open_table
from kompetensnav.visits.models import Visit
from tests.factories import CompanyFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def refs(own_org):
    own_org.external_id = "o1"
    own_org.save()
    CompanyFactory(external_id="c1", name="Verkstad AB")


CSV = "id,date,company,organisation,broker\nv1,2024-03-01,c1,o1,Slutat@Example.se\n"


def test_a_broker_without_account_is_kept_as_given_and_linked_later(refs, make_user, own_org):
    result = run_import(KINDS["visits"], open_table(CSV.encode(), "v.csv"))
    assert result.ok and [(n.row, n.column) for n in result.notices] == [(1, "broker")]
    visit = Visit.objects.get()
    # (the e-mail column keeps addresses in lower case)
    assert visit.broker_given == "slutat@example.se" and not visit.visited_by.exists()
    assert KINDS["visits"].export_row(visit)[4] == "slutat@example.se"

    person = make_user("broker", own_org, email="Slutat@example.se")
    visit.refresh_from_db()
    assert list(visit.visited_by.all()) == [person] and visit.broker_given == ""


def test_the_preview_lists_the_notice_and_the_visit_page_shows_the_address(
    refs, client_for, coordinator
):
    from kompetensnav.interchange.tests.test_hostile_uploads import post_upload

    client = client_for(coordinator)
    response = post_upload(client, "besok.csv", CSV.encode(), kind="visits")
    run_queued_tasks()
    page = client.get(response["Location"]).content.decode()
    assert 'id="import-notices"' in page and "slutat@example.se" in page
    run_import(KINDS["visits"], open_table(CSV.encode(), "v.csv"))
    detail = client.get(reverse("visits:visit_detail", args=[Visit.objects.get().pk])).text
    assert "slutat@example.se (som importen angav den" in detail


def test_the_address_as_given_is_part_of_the_persons_data(refs):
    from kompetensnav.common.people import person_data, person_erase

    run_import(KINDS["visits"], open_table(CSV.encode(), "v.csv"))
    data = person_data("slutat@example.se")
    assert data["visit_broker_given"][0]["company"] == "Verkstad AB"
    person_erase("slutat@example.se")
    assert Visit.objects.get().broker_given == ""  # the visit stays, without the address
