"""The network's demo data looks alive: memberships over several years, contacts (some
stale), profiles, events and collaborations."""

import pytest
from django.core.management import call_command

from kompetensnav.network import selectors
from kompetensnav.network.models import Collaboration, Contact, Event, Membership

pytestmark = pytest.mark.django_db


def test_demo_fills_the_network(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    assert set(Membership.objects.values_list("year", flat=True)) == set(range(2022, 2027))
    assert Membership.objects.filter(fee_paid=False).exists()
    assert Membership.objects.filter(municipalities__isnull=False).exists()
    assert 100 <= Contact.objects.count() <= 160
    assert Contact.objects.values("organisation").distinct().count() == 38
    assert all(c.email.endswith("@demo.kompetensnav.se") for c in Contact.objects.all())
    stale = [c for c in Contact.objects.all() if c.is_stale]
    assert 5 <= len(stale) < Contact.objects.count() / 2
    for year in range(2022, 2027):
        assert 15 <= Event.objects.filter(date__year=year).count() <= 25
        assert Collaboration.objects.filter(established__year=year).count() >= 2
    assert Event.objects.filter(transnational=True).exists()
    # journey 9: partners in Skaraborg with live-stream rooms
    found = selectors.organisation_list(
        actor=None, subregion="skaraborg", delivery_format="live_stream"
    )
    assert found.count() >= 5
    assert all(o.digital_systems.filter(category="video").exists() for o in found)
