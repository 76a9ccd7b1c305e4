"""Routing: a visit to a company in a municipality that another member represents is shown
to that member (read only) and its brokers and admins are told, once."""

from datetime import date

import pytest
from django.urls import reverse

from kompetensnav.network.models import Membership
from kompetensnav.notifications.models import Notification
from kompetensnav.visits import selectors, services
from kompetensnav.visits.models import Visit
from kompetensnav.visits.services import NeedData
from tests.factories import CompanyFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
DAY = date(2026, 5, 4)


@pytest.fixture
def setting(own_org, broker, make_user):
    """Own organisation (Lärcentrum Egen) visits a company in Vänersborg (1487), which
    Vänersborgs lärcentrum represents as a member in 2026; a third member represents
    nothing there."""
    local = OrganisationFactory(name="Vänersborgs lärcentrum")
    Membership.objects.create(organisation=local, year=2026).municipalities.set(["1487"])
    Membership.objects.create(organisation=local, year=2025).municipalities.set(["1488"])
    other = OrganisationFactory(name="Annan medlem")
    Membership.objects.create(organisation=other, year=2026).municipalities.set(["1488"])
    people = {
        "local_broker": make_user("broker", local, email="lokal@example.se"),
        "local_admin": make_user("org_admin", local, email="admin@example.se"),
        "local_viewer": make_user("viewer", local, email="lasare@example.se"),
        "other_broker": make_user("broker", other, email="annan@example.se"),
    }
    company = CompanyFactory(name="Vänerns Möbelsnickeri AB", municipality_id="1487")
    visit = services.visit_log(
        actor=broker,
        company=company,
        date=DAY,
        notes="Vd vill ha CNC-utbildning",
        needs=[NeedData(area="CNC-operatörer", horizon="now")],
    )
    return visit, local, people


def test_the_municipalitys_member_reads_the_visit_but_cannot_change_it(setting, client_for):
    visit, _local, people = setting
    client = client_for(people["local_broker"])
    listing = client.get(reverse("visits:visit_list")).content.decode()
    assert "Vänerns Möbelsnickeri AB" in listing and "besökt av Lärcentrum Egen" in listing
    detail = client.get(reverse("visits:visit_detail", args=[visit.pk])).content.decode()
    assert "Vd vill ha CNC-utbildning" in detail and "en kommun som din organisation" in detail
    assert client.get(reverse("visits:visit_edit", args=[visit.pk])).status_code == 403
    assert client.get(reverse("visits:visit_delete", args=[visit.pk])).status_code == 403
    routed = client.get(reverse("visits:visit_list") + "?routed=on").content.decode()
    assert "Vänerns Möbelsnickeri AB" in routed


def test_a_member_not_representing_the_municipality_does_not_see_it(setting, client_for):
    visit, _local, people = setting
    client = client_for(people["other_broker"])
    assert client.get(reverse("visits:visit_detail", args=[visit.pk])).status_code == 404
    assert "Vänerns Möbelsnickeri AB" not in client.get(reverse("visits:visit_list")).text


def test_routing_follows_the_membership_of_the_visits_year(setting, broker, own_org):
    visit, local, people = setting
    older = Visit.objects.create(company=visit.company, organisation=own_org, date=date(2025, 3, 1))
    visible = selectors.visible_visits(actor=people["local_broker"])
    assert set(visible.values_list("pk", flat=True)) == {visit.pk}
    assert older.pk not in set(
        selectors.routed_visits(actor=people["local_broker"]).values_list("pk", flat=True)
    )
    # the company's page marks which of its visits the local member may open in full
    history = selectors.company_history(actor=people["local_broker"], company=visit.company)
    assert {v.pk: v.readable for v in history["visits"]} == {visit.pk: True, older.pk: False}


def test_the_local_brokers_and_admins_are_told_once(setting, broker):
    visit, _local, people = setting
    told = Notification.objects.filter(kind="visit_in_our_municipality")
    assert {n.recipient for n in told} == {people["local_broker"], people["local_admin"]}
    text = told.first().text
    assert "Lärcentrum Egen" in text and "Vänerns Möbelsnickeri AB" in text
    assert "CNC-operatörer" in text and "2026-05-04" in text
    assert told.first().url == reverse("visits:visit_detail", args=[visit.pk])
    # an edit tells nobody again; a visit of the local member itself tells nobody
    services.visit_update(
        actor=broker, visit=visit, company=visit.company, date=DAY, visited_by=[broker], notes="Ny"
    )
    services.visit_log(actor=people["local_broker"], company=visit.company, date=date(2026, 5, 5))
    assert told.count() == 2
