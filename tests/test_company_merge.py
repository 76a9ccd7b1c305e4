"""Merging two records of one company: a coordinator finds the other record, sees what will
move (visits, plans, employees, contact people, the collaboration model's actor) and which
details the record that stays takes over, then merges; everything points at the one that
stays and the other is gone. Two actors of the collaboration model cannot be merged
silently; only coordinators merge."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.collaboration.models import Actor
from kompetensnav.companies import merge
from kompetensnav.companies.models import Company, CompanyContact
from kompetensnav.participants.tests.factories import ParticipantFactory
from kompetensnav.visits.models import Visit
from kompetensnav.visits.tests.factories import VisitFactory
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(own_org):
    keep = CompanyFactory(
        name="Verkstaden AB", org_number="", country_id="NO", municipality_id=None, employees=None
    )
    drop = CompanyFactory(name="Verkstaden i Skövde AB", municipality_id="1496", employees=40)
    VisitFactory.create_batch(2, company=drop, organisation=own_org)
    VisitFactory(company=keep, organisation=own_org)
    ParticipantFactory(employer=drop)
    CompanyContact.objects.create(company=drop, name="Eva Ek")
    return keep, drop


def test_the_preview_tells_what_moves_and_what_is_taken(twins, coordinator):
    keep, drop = twins
    preview = merge.merge_preview(actor=coordinator, keep=keep, drop=drop)
    moving = {m.label: m.count for m in preview["moving"]}
    assert moving == {"kontaktpersoner på företag": 1, "besök": 2, "deltagare": 1}
    taken = dict(preview["filled"])
    assert taken["organisationsnummer"] == drop.org_number and taken["anställda"] == 40
    assert Visit.objects.filter(company=drop).count() == 2  # a preview moves nothing


def test_merging_moves_everything_and_deletes_the_other(twins, coordinator):
    keep, drop = twins
    number = drop.org_number
    merged = merge.company_merge(actor=coordinator, keep=keep, drop=drop)
    assert Visit.objects.filter(company=keep).count() == 3
    assert keep.participants.count() == 1
    assert CompanyContact.objects.get().company == keep
    assert not Company.objects.filter(pk=drop.pk).exists()
    merged.refresh_from_db()
    assert (merged.name, merged.org_number, merged.municipality_id, merged.employees) == (
        "Verkstaden AB",
        number,
        "1496",
        40,
    )


def test_two_actors_and_other_roles_are_refused(twins, coordinator, broker):
    keep, drop = twins
    with pytest.raises(PermissionDenied):
        merge.company_merge(actor=broker, keep=keep, drop=drop)
    with pytest.raises(ValidationError, match="Välj ett annat företag"):
        merge.merge_preview(actor=coordinator, keep=keep, drop=keep)
    Actor.objects.create(company=keep, level="operative")
    Actor.objects.create(company=drop, level="operative")
    with pytest.raises(ValidationError, match="ta bort det ena först"):
        merge.company_merge(actor=coordinator, keep=keep, drop=drop)
    assert Company.objects.filter(pk=drop.pk).exists()


def test_the_merge_page_finds_previews_and_merges(twins, coordinator, client_for):
    keep, drop = twins
    client = client_for(coordinator)
    url = reverse("companies:company_merge", args=[keep.pk])
    found = client.get(url, {"q": "Verkstaden"})
    assert [c.pk for c in found.context["results"]] == [drop.pk]  # never the company itself
    preview = client.get(url, {"other": drop.pk})
    assert (
        "Besök: 2" in preview.text and "Slå ihop och ta bort Verkstaden i Skövde AB" in preview.text
    )
    assert client.get(url, {"other": 10**9}).status_code == 404
    response = client.post(url, {"other": drop.pk})
    assert response["Location"] == reverse("companies:company_detail", args=[keep.pk])
    assert not Company.objects.filter(pk=drop.pk).exists()


def test_only_coordinators_see_the_merge(twins, client_for, make_user, own_org):
    keep, _drop = twins
    page = reverse("companies:company_detail", args=[keep.pk])
    url = reverse("companies:company_merge", args=[keep.pk])
    broker = client_for(make_user(Role.BROKER, own_org))
    assert url not in broker.get(page).text
    assert broker.get(url).status_code == 403
