"""Hours are written one way everywhere: one decimal, rounded half up as the key figures are,
grouped, with a decimal comma in Swedish: on pages, in PDFs, e-mails and calendar files."""

from datetime import timedelta
from decimal import Decimal

import icalendar
import pytest
from django.utils import timezone
from django.utils.translation import override

from kompetensnav.campus.ical import calendar_for_sessions
from kompetensnav.campus.models import Course, Session
from kompetensnav.common.templatetags.swedish import format_hours
from tests.factories import OrganisationFactory


@pytest.mark.parametrize(
    ("value", "swedish", "english"),
    [
        (Decimal("3"), "3,0", "3.0"),
        (Decimal("3.25"), "3,3", "3.3"),
        (Decimal("2.50"), "2,5", "2.5"),
        (Decimal("1234.5"), "1\u00a0234,5", "1,234.5"),
        ("0", "0,0", "0.0"),
    ],
)
def test_hours_have_one_decimal_rounded_half_up(value, swedish, english):
    with override("sv"):
        assert format_hours(value).replace(" ", "\u00a0") == swedish
    with override("en"):
        assert format_hours(value) == english
    assert format_hours(None) == ""


@pytest.mark.django_db
def test_a_calendar_file_writes_hours_as_the_pages_do():
    course = Course.objects.create(provider=OrganisationFactory(), title_sv="Svets")
    start = timezone.now() + timedelta(days=3)
    session = Session.objects.create(
        course=course, start=start, end=start + timedelta(hours=3), hours=Decimal("2.75")
    )
    with override("sv"):
        content = calendar_for_sessions([session], name="Svets", language="sv")
    (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert "Timmar: 2,8" in str(event["DESCRIPTION"])
