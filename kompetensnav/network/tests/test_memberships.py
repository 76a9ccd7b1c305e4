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


# --- fees as amounts ---------------------------------------------------------------------------


def test_a_fee_is_an_amount_invoiced_and_paid_on_dates(own_org, client_for, coordinator):
    from decimal import Decimal

    client = client_for(coordinator)
    response = client.post(
        create(own_org),
        {"year": "2026", "fee_sek": "12500", "invoiced_on": "2026-02-01", "paid_on": "2026-02-20"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=own_org)
    assert membership.fee_sek == Decimal("12500") and membership.fee_paid  # paid by its date
    page = client.get(reverse("network:organisation_detail", args=[own_org.pk])).text
    assert "12\xa0500 kr" in page and "2026-02-20" in page


def test_a_fee_paid_before_it_is_invoiced_or_below_zero_is_refused(
    own_org, client_for, coordinator
):
    client = client_for(coordinator)
    typed = {"year": "2026", "fee_sek": "-5", "invoiced_on": "2026-03-01", "paid_on": "2026-02-01"}
    response = client.post(create(own_org), typed)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"fee_sek", "paid_on"}
    assert form["invoiced_on"].value() == "2026-03-01"  # what was typed stays
    assert not Membership.objects.exists()


def test_the_member_directory_totals_the_fees_by_year(
    own_org, foreign_org, client_for, coordinator, broker, django_assert_max_num_queries
):
    from datetime import date
    from decimal import Decimal

    Membership.objects.create(
        organisation=own_org,
        year=2026,
        fee_sek=Decimal(10000),
        invoiced_on=date(2026, 2, 1),
        fee_paid=True,
        paid_on=date(2026, 2, 10),
    )
    Membership.objects.create(
        organisation=foreign_org, year=2026, fee_sek=Decimal(8000), invoiced_on=date(2026, 2, 1)
    )
    Membership.objects.create(organisation=own_org, year=2025, fee_paid=True)
    client = client_for(coordinator)
    url = reverse("network:organisation_list")
    client.get(url)
    with django_assert_max_num_queries(20):
        response = client.get(url)
    fees = {row["year"]: row for row in response.context["fees"]}
    assert (fees[2026]["members"], fees[2026]["paid_members"]) == (2, 1)
    assert (fees[2026]["invoiced"], fees[2026]["paid"], fees[2026]["unpaid"]) == (
        Decimal(18000),
        Decimal(10000),
        Decimal(8000),
    )
    assert fees[2025]["invoiced"] is None
    assert "Medlemsavgifter" in response.text and "18\xa0000 kr" in response.text
    assert client_for(broker).get(url).context["fees"] is None  # for those who manage them


def test_an_import_that_says_unpaid_forgets_the_payment_date(own_org):
    from datetime import date

    from kompetensnav.network.services import membership_upsert

    Membership.objects.create(
        organisation=own_org, year=2026, external_id="m1", fee_paid=True, paid_on=date(2026, 2, 1)
    )
    membership, created = membership_upsert(
        external_id="m1", organisation=own_org, year=2026, fee_paid=False, municipalities=[]
    )
    assert not created and (membership.fee_paid, membership.paid_on) == (False, None)
    membership, _created = membership_upsert(
        external_id="m1", organisation=own_org, year=2026, fee_paid=True, municipalities=[]
    )
    assert membership.fee_paid and membership.paid_on is None
