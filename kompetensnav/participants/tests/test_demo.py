"""The demo's participants look like the domain: hundreds of registrations, waitlists, a bit
over half attending, mean hours in the teens, one person with many hours; seat counters
match the registrations."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from kompetensnav.campus.models import SessionSite
from kompetensnav.participants import figures
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import Participant, Registration
from kompetensnav.reports.figures import Period

pytestmark = pytest.mark.django_db


def test_demo_registrations_waitlists_and_attendance(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    year = Period(today - timedelta(days=365), today)
    registered = figures.participants_registered(year)
    attended = figures.participants_attended(year)
    assert registered >= 300
    assert 0.5 <= attended / registered <= 0.7
    assert 10 <= figures.attendance_hours_mean(year) <= 20
    assert figures.attendance_hours_max(year) >= 60
    assert Registration.objects.filter(status=RegistrationStatus.WAITLISTED).count() >= 20
    assert Registration.objects.filter(status=RegistrationStatus.CANCELLED).exists()
    assert Registration.objects.filter(promoted_at__isnull=False).exists()
    gender = figures.participants_by_gender(year)
    assert gender["F"] and gender["M"] and gender["unknown"]
    assert all(
        "@demo.kompetensnav.se" in e for e in Participant.objects.values_list("email", flat=True)
    )
    # every site's counter equals its registered people
    for site in SessionSite.objects.select_related("session").iterator():
        expected = Registration.objects.filter(
            course_id=site.session.course_id,
            site_id=site.organisation_id,
            status=RegistrationStatus.REGISTERED,
        ).count()
        assert site.seats_taken == expected <= site.capacity
    # journey 4: one place left at Borås
    boras = SessionSite.objects.filter(
        session__course__title_sv="Kampanjer på sociala medier",
        organisation__name="Vuxenutbildningen Borås",
    )
    assert min(s.capacity - s.seats_taken for s in boras) == 1
    assert not Registration.objects.filter(Q(site__isnull=False) & Q(remote=True)).exists()
