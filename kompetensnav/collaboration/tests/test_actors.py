"""Actors: the list with its filters, sorting and query count, an actor's page (private
councils stay private), adding, editing and deleting with the refusals and their messages."""

import pytest
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.collaboration.enums import Function, Level
from kompetensnav.collaboration.models import Actor, ActorFunction, Initiative
from kompetensnav.common.demodata import luhn_complete
from kompetensnav.network.models import Collaboration, Contact
from tests.factories import CompanyFactory, OrganisationFactory

from .council_world import build, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build()


@pytest.fixture
def coordinator(world):
    return user(Role.COORDINATOR, OrganisationFactory(kind="network"))


def test_the_list_filters_sorts_and_counts_in_a_fixed_number_of_queries(
    world, client_for, coordinator, django_assert_max_num_queries
):
    for n in range(30):
        record = Actor.objects.create(
            organisation=OrganisationFactory(name=f"Skola {n:02}"), level=Level.OPERATIVE
        )
        ActorFunction.objects.create(actor=record, function=Function.EDUCATION_PROVIDER)
        record.industries.add("31")
        record.subregions.add("skaraborg")
    client = client_for(coordinator)
    url = reverse("collaboration:actor_list")
    with django_assert_max_num_queries(14):
        page = client.get(url)
    assert page.context["page_obj"].paginator.count == 32
    names = [a.name for a in page.context["object_list"]]
    assert names == sorted(names, key=str.casefold)
    assert len(names) == 25
    backwards = client.get(url, {"sort": "-name"}).context["object_list"]
    assert backwards[0].name == "Skola 29"
    strategic = client.get(url, {"level": "strategic"}).context["object_list"]
    assert [a.name for a in strategic] == ["Kommunalförbundet Test"]
    found = client.get(url, {"q": "möbelfabr"}).context["object_list"]
    assert [a.name for a in found] == ["Möbelfabriken Test AB"]
    providers = client.get(url, {"function": "education_provider", "subregion": "skaraborg"})
    assert providers.context["page_obj"].paginator.count == 30
    assert client.get(url, {"level": "?", "sort": "x", "industry": "ZZ"}).status_code == 200
    assert "Inga aktörer matchar" in client.get(url, {"q": "finns inte"}).text


def test_an_actors_page_shows_only_the_councils_the_viewer_sees(world, client_for, coordinator):
    Contact.objects.create(organisation=world.federation, name="Processledare Test", role="Process")
    world.federation_actor.contacts.set(world.federation.contacts.all())
    Initiative.objects.create(title="Möbelsatsning", kind="course", owner=world.federation_actor)
    collaboration = Collaboration.objects.create(established="2026-01-10", title="Avtal Tibro")
    collaboration.parties.set([world.federation, world.school])
    url = reverse("collaboration:actor_detail", args=[world.federation_actor.pk])
    seen = client_for(coordinator).get(url).text
    for text in ("Processledare Test", "Branschråd möbel och inredning", "Möbelsatsning"):
        assert text in seen
    assert "Avtal Tibro" in seen
    outsider = client_for(user(Role.VIEWER, world.outsider_org)).get(url)
    assert outsider.status_code == 200
    assert "Branschråd möbel och inredning" not in outsider.text
    assert "Möbelsatsning" in outsider.text


def test_a_coordinator_adds_an_organisation_or_a_company_once(world, client_for, coordinator):
    client = client_for(coordinator)
    url = reverse("collaboration:actor_create")
    response = client.post(
        url,
        {
            "organisation": world.school.pk,
            "level": Level.OPERATIVE,
            "functions": [Function.EDUCATION_PROVIDER, Function.COUNCIL_CHAIR],
            "mandate": "Utbildar i möbelsnickeri.",
            "industries": ["31"],
            "subregions": ["skaraborg"],
        },
    )
    record = Actor.objects.get(organisation=world.school)
    assert response.url == reverse("collaboration:actor_detail", args=[record.pk])
    assert set(record.functions.values_list("function", flat=True)) == {
        "education_provider",
        "council_chair",
    }
    number = luhn_complete("556677889")
    company = CompanyFactory(name="Snickeriet AB", org_number=number)
    client.post(url, {"company_org_number": number.replace("-", ""), "level": Level.OPERATIVE})
    assert Actor.objects.get(company=company).level == Level.OPERATIVE
    # the same company again, both at once, neither, an unknown number: refused, kept
    for data, message in (
        ({"company_org_number": number}, "redan en aktör"),
        ({"organisation": world.outsider_org.pk, "company_org_number": number}, "inte"),
        ({}, "Välj en organisation"),
        ({"company_org_number": luhn_complete("212000014")}, "Inget företag"),
        ({"company_org_number": "12"}, "NNNNNN-NNNN"),
    ):
        refused = client.post(url, {"level": Level.OPERATIVE, "mandate": "Kvar", **data})
        assert refused.status_code == 200, data
        assert message in refused.text, data
        assert 'value="Kvar"' in refused.text
    assert Actor.objects.count() == 4


def test_an_org_admin_edits_its_own_organisations_actor_not_anothers(world, client_for):
    admin = client_for(user(Role.ORG_ADMIN, world.federation))
    own = reverse("collaboration:actor_edit", args=[world.federation_actor.pk])
    other = reverse("collaboration:actor_edit", args=[world.company_actor.pk])
    assert admin.get(other).status_code == 403
    contact = Contact.objects.create(organisation=world.federation, name="Kontakt Test")
    foreign_contact = Contact.objects.create(organisation=world.school, name="Annans kontakt")
    page = admin.get(own)
    assert "Kontakt Test" in page.text and "Annans kontakt" not in page.text
    response = admin.post(
        own,
        {"level": Level.BOTH, "functions": [Function.PROCESS_LEADER], "contacts": [contact.pk]},
    )
    assert response.status_code == 302
    world.federation_actor.refresh_from_db()
    assert world.federation_actor.level == Level.BOTH
    assert list(world.federation_actor.contacts.all()) == [contact]
    refused = admin.post(own, {"level": Level.BOTH, "contacts": [foreign_contact.pk]})
    assert refused.status_code == 200
    assert admin.get(reverse("collaboration:actor_create")).status_code == 403


def test_deleting_an_actor_asks_first_and_is_refused_while_a_council_names_it(
    world, client_for, coordinator
):
    client = client_for(coordinator)
    busy = reverse("collaboration:actor_delete", args=[world.federation_actor.pk])
    page = client.get(busy)
    assert "kan inte tas bort" in page.text
    refused = client.post(busy)
    assert refused.status_code == 200 and "kan inte tas bort" in refused.text
    assert Actor.objects.filter(pk=world.federation_actor.pk).exists()
    free = Actor.objects.create(organisation=world.school, level=Level.OPERATIVE)
    url = reverse("collaboration:actor_delete", args=[free.pk])
    assert "finns kvar" in client.get(url).text
    assert client.post(url).status_code == 302
    assert not Actor.objects.filter(pk=free.pk).exists()
    world.school.refresh_from_db()  # the organisation stays
