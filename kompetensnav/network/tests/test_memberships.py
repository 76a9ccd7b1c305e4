"""Memberships per year: the coordinator adds and edits them on a member's profile."""

import pytest
from django.urls import reverse

from kompetensnav.network.models import Membership

pytestmark = pytest.mark.django_db


def create(org):
    return reverse("network:membership_create", args=[org.pk])


def test_membership_create_by_coordinator(own_org, client_for, coordinator):
    response = client_for(coordinator).post(
        create(own_org), {"year": "2026", "fee_paid": "on", "municipalities": ["1485", "1488"]}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=own_org)
    assert (membership.year, membership.fee_paid) == (2026, True)
    assert sorted(m.code for m in membership.municipalities.all()) == ["1485", "1488"]


def test_membership_form_defaults_to_the_members_municipality(own_org, client_for, coordinator):
    form = client_for(coordinator).get(create(own_org)).context["form"]
    assert [m.code for m in form.initial["municipalities"]] == ["1485"]


def test_membership_municipalities_are_west_sweden_unless_all_asked(
    own_org, client_for, coordinator
):
    client = client_for(coordinator)
    west = client.get(create(own_org)).context["form"].fields["municipalities"].queryset
    everything = (
        client.get(create(own_org), {"municipalities": "all"})
        .context["form"]
        .fields["municipalities"]
        .queryset
    )
    assert west.filter(code="1485").exists() and not west.filter(code="0180").exists()
    assert everything.filter(code="0180").exists()  # Stockholm
    assert everything.count() == 290


def test_membership_duplicate_year_is_refused_and_input_kept(own_org, client_for, coordinator):
    Membership.objects.create(organisation=own_org, year=2025)
    response = client_for(coordinator).post(create(own_org), {"year": "2025", "fee_paid": "on"})
    assert response.status_code == 200
    assert "2025" in str(response.context["form"].errors["year"])  # "…already has… 2025"
    assert 'value="2025"' in response.content.decode()
    assert Membership.objects.filter(organisation=own_org).count() == 1


def test_membership_edit_changes_fee_and_municipalities(own_org, client_for, coordinator):
    membership = Membership.objects.create(organisation=own_org, year=2025)
    membership.municipalities.set(["0180"])  # outside West Sweden: still offered, selected
    client = client_for(coordinator)
    url = reverse("network:membership_edit", args=[membership.pk])
    form = client.get(url).context["form"]
    assert form.fields["municipalities"].queryset.filter(code="0180").exists()
    response = client.post(url, {"year": "2025", "fee_paid": "on", "municipalities": ["1485"]})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.fee_paid is True
    assert [m.code for m in membership.municipalities.all()] == ["1485"]


def test_membership_changes_are_for_coordinators_only(own_org, client_for, org_admin):
    membership = Membership.objects.create(organisation=own_org, year=2025)
    client = client_for(org_admin)
    assert client.post(create(own_org), {"year": "2026"}).status_code == 403
    url = reverse("network:membership_edit", args=[membership.pk])
    assert client.post(url, {"year": "2025", "fee_paid": "on"}).status_code == 403
    membership.refresh_from_db()
    assert membership.fee_paid is False
