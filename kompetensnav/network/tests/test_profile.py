"""Member profiles: read by everyone affiliated, edited by a coordinator or the member's
own admin; another organisation's admin gets 403."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kompetensnav.competences.models import CompetenceArea
from kompetensnav.network.models import Contact, DigitalSystem, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def zoom(db):
    return DigitalSystem.objects.create(name="Zoom", category="video")


@pytest.fixture
def profile_data(own_org, foreign_org, zoom):
    own_org.description = "Vi har studierum i hela kommunen."
    own_org.formats = ["live_stream"]
    own_org.save()
    own_org.digital_systems.set([zoom])
    own_org.seqf_levels.set([4])
    membership = Membership.objects.create(organisation=own_org, year=2025, fee_paid=True)
    membership.municipalities.set(["1485", "1487"])
    Membership.objects.create(organisation=own_org, year=2026, fee_paid=False)
    Contact.objects.create(
        organisation=own_org,
        name="Stina Stale",
        role="Rektor",
        last_confirmed=timezone.localdate() - timedelta(days=500),
    )
    Contact.objects.create(
        organisation=own_org, name="Fia Färsk", last_confirmed=timezone.localdate()
    )
    Contact.objects.create(organisation=foreign_org, name="Annan Person")


def detail(org):
    return reverse("network:organisation_detail", args=[org.pk])


def edit(org):
    return reverse("network:organisation_edit", args=[org.pk])


def test_profile_shows_profile_memberships_and_contacts(profile_data, own_org, client_for, broker):
    response = client_for(broker).get(detail(own_org))
    html = response.content.decode()
    assert "Vi har studierum i hela kommunen." in html
    assert "Zoom" in html and "SEQF 4" in html
    assert "Uddevalla, Vänersborg" in html  # municipalities represented in 2025
    # newest year first, and a year is not written as a number ("2 026")
    assert html.index(">2026<") < html.index(">2025<")
    assert "Stina Stale" in html and "Fia Färsk" in html
    assert "Annan Person" not in html  # another organisation's contact
    assert html.count('class="badge warn"') == 2  # 2026 fee not paid, Stina needs confirming
    assert edit(own_org) not in html  # a broker reads, does not edit


def test_profile_shows_edit_link_to_own_admin_only(
    profile_data, own_org, foreign_org, client_for, org_admin
):
    client = client_for(org_admin)
    assert edit(own_org) in client.get(detail(own_org)).content.decode()
    assert edit(foreign_org) not in client.get(detail(foreign_org)).content.decode()


def test_profile_query_count_does_not_grow_with_contacts(profile_data, own_org, client_for, broker):
    client = client_for(broker)
    client.get(detail(own_org))  # the first request of a session has its own set-up queries
    with CaptureQueriesContext(connection) as few:
        client.get(detail(own_org))
    for n in range(10):
        Contact.objects.create(organisation=own_org, name=f"Extra {n}")
        m = Membership.objects.create(organisation=own_org, year=2010 + n)
        m.municipalities.set(["1485"])
    with CaptureQueriesContext(connection) as many:
        client.get(detail(own_org))
    assert len(few) == len(many)


def test_profile_edit_by_own_admin_saves_everything(own_org, client_for, org_admin, zoom):
    CompetenceArea.objects.create(name="CNC-teknik")
    response = client_for(org_admin).post(
        edit(own_org),
        {
            "description": "Nytt om oss",
            "website": "https://larcentrum.example.se",
            "education_areas": "cnc-teknik, Svetsning, , Svetsning",
            "seqf_levels": ["3", "5"],
            "formats": ["live_stream", "hybrid"],
            "digital_systems": [str(zoom.pk)],
        },
    )
    assert response.status_code == 302 and response["Location"] == detail(own_org)
    own_org.refresh_from_db()
    assert own_org.description == "Nytt om oss"
    assert own_org.website == "https://larcentrum.example.se"
    # the existing tag is reused whatever its case; duplicates are dropped
    assert sorted(a.name for a in own_org.education_areas.all()) == ["CNC-teknik", "Svetsning"]
    assert CompetenceArea.objects.count() == 2
    assert sorted(level.pk for level in own_org.seqf_levels.all()) == [3, 5]
    assert own_org.formats == ["live_stream", "hybrid"]
    assert list(own_org.digital_systems.all()) == [zoom]


def test_profile_edit_form_is_prefilled(own_org, client_for, coordinator, zoom):
    own_org.education_areas.set([CompetenceArea.objects.create(name="Vård")])
    own_org.website = "https://x.example.se"
    own_org.save()
    html = client_for(coordinator).get(edit(own_org)).content.decode()
    assert 'value="Vård"' in html and 'value="https://x.example.se"' in html


def test_profile_edit_by_coordinator_is_allowed(own_org, client_for, coordinator):
    response = client_for(coordinator).post(edit(own_org), {"description": "Från kansliet"})
    assert response.status_code == 302
    own_org.refresh_from_db()
    assert own_org.description == "Från kansliet"


def test_profile_edit_of_another_organisation_answers_403(
    foreign_org, client_for, org_admin, foreign_admin
):
    client = client_for(org_admin)
    assert client.get(edit(foreign_org)).status_code == 403
    assert client.post(edit(foreign_org), {"description": "Kapat"}).status_code == 403
    foreign_org.refresh_from_db()
    assert foreign_org.description == ""
    # ... while that organisation's own admin may
    assert client_for(foreign_admin).get(edit(foreign_org)).status_code == 200


def test_profile_edit_by_broker_answers_403(own_org, client_for, broker):
    assert client_for(broker).post(edit(own_org), {"description": "x"}).status_code == 403


def test_profile_edit_invalid_input_keeps_what_was_typed(own_org, client_for, org_admin):
    response = client_for(org_admin).post(
        edit(own_org),
        {
            "description": "Behåll mig",
            "website": "inte en adress",
            "education_areas": "Svetsning, " + "x" * 130,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"website", "education_areas"}
    html = response.content.decode()
    assert "Behåll mig" in html and 'value="inte en adress"' in html
    assert 'aria-invalid="true"' in html
    own_org.refresh_from_db()
    assert own_org.description == ""


def test_profile_unknown_organisation_is_404(client_for, broker):
    assert (
        client_for(broker).get(reverse("network:organisation_detail", args=[0])).status_code == 404
    )


def test_profile_website_is_shown_as_link(own_org, client_for, broker):
    own_org.website = "https://larcentrum.example.se"
    own_org.save()
    html = client_for(broker).get(detail(own_org)).content.decode()
    assert 'href="https://larcentrum.example.se"' in html


def test_profile_stale_badge_uses_one_year(own_org, client_for, broker):
    Contact.objects.create(
        organisation=own_org, name="Nyss", last_confirmed=timezone.localdate() - timedelta(days=30)
    )
    html = client_for(broker).get(detail(own_org)).content.decode()
    assert 'class="badge warn"' not in html
