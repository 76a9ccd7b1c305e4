"""The campus demo: a year and more of courses around today, the workflow spread, upcoming
published courses with receiving sites, and work waiting for the demo logins."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from kompetensnav.campus import selectors
from kompetensnav.campus.models import Course, CourseReview, Session, SessionSite

pytestmark = pytest.mark.django_db


def test_demo_fills_the_catalogue(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    statuses = dict.fromkeys(["draft", "submitted", "approved", "published", "archived"], 0)
    for status in Course.objects.values_list("status", flat=True):
        statuses[status] += 1
    assert all(statuses.values()), statuses
    assert statuses["published"] > sum(statuses.values()) / 2
    assert statuses["submitted"] >= 4
    per_provider = Course.objects.values("provider").distinct().count()
    assert per_provider >= 40
    assert Course.objects.filter(pilot=True).exists()
    assert CourseReview.objects.filter(decision="sent_back").exists()
    now = timezone.now()
    upcoming = selectors.catalogue()
    assert sum(1 for c in upcoming if c.next_session and c.next_session > now) >= 20
    sites_per_session = [
        s.sites.count() for s in Session.objects.filter(course__format="live_stream")[:50]
    ]
    assert min(sites_per_session) >= 2 and max(sites_per_session) <= 4
    assert SessionSite.objects.filter(capacity__lt=8).count() == 0
    # journey 3/4: Uddevalla's published course, sent to Borås and Falköping and remotely
    kampanj = Course.objects.get(
        title_sv="Kampanjer på sociala medier", provider__name="Vuxenutbildningen Uddevalla"
    )
    assert kampanj.status == "published" and kampanj.sessions.count() == 3
    first = kampanj.sessions.first()
    assert first.start > now and first.remote_capacity > 0
    assert {s.organisation.name for s in first.sites.all()} == {
        "Vuxenutbildningen Borås",
        "Vuxenutbildningen Falköping",
    }
    # the demo provider has a draft of its own
    assert Course.objects.filter(
        provider__name="Vuxenutbildningen Uddevalla", status="draft"
    ).exists()
    # every course's history starts with its creation, weeks before now for published ones
    from kompetensnav.campus.models import CourseLogEntry

    published_log = CourseLogEntry.objects.filter(course__status="published", action="published")
    assert published_log.filter(created__lt=now - timedelta(days=7)).exists()
    assert Course.objects.exclude(log__action="created").count() == 0
