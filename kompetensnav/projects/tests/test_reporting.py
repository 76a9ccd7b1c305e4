"""Participant reporting for a funder: hours per month, and personal identity numbers kept
encrypted, masked, out of URLs and logs, with every read logged."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from kompetensnav.campus.models import Course, Session
from kompetensnav.common.validators import normalise_personal_identity_number
from kompetensnav.participants.models import Attendance, Participant, Registration
from kompetensnav.projects.models import IdentityNumber, Project, ProjectPartner
from kompetensnav.projects.reporting import identity_number_set
from tests import spreadsheets
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
PIN = "19811218-9876"  # a made-up number with a valid check digit
# the number as it could be written anywhere: with or without the century and the hyphen (not
# its last four digits alone, which a company's generated org. number may hold by chance)
PIN_DIGITS = ("8112189876", "811218-9876")


def _holds_pin(text: str) -> bool:
    return any(digits in text for digits in PIN_DIGITS)


@pytest.fixture
def project(own_org):
    project = Project.objects.create(
        name="Kompetenslyftet",
        funder="esf",
        start=date(2026, 1, 1),
        end=date(2026, 3, 31),
        requires_identity_numbers=True,
    )
    ProjectPartner.objects.create(project=project, organisation=own_org, role="lead")
    course = Course.objects.create(provider=own_org, title_sv="Kundbemötande", project=project)
    employer = CompanyFactory(name="Hotell Väst AB")
    anna = Participant.objects.create(full_name="Anna Test", gender="F", employer=employer)
    bo = Participant.objects.create(full_name="Bo Test", gender="M")
    Registration.objects.create(participant=bo, course=course, remote=True, status="registered")
    for month, hours in ((1, 3), (3, 2.5)):
        start = datetime(2026, month, 12, 9, tzinfo=STOCKHOLM)
        session = Session.objects.create(course=course, start=start, end=start.replace(hour=12))
        Attendance.objects.create(session=session, participant=anna, hours=Decimal(str(hours)))
    return project


def test_personal_identity_number_validation():
    assert normalise_personal_identity_number("198112189876") == PIN
    for bad in ("8112189876", "19811318-9876", "19811218-9875", "abc"):
        with pytest.raises(ValidationError):
            normalise_personal_identity_number(bad)


def test_identity_number_stored_encrypted_and_read_logged(project, org_admin):
    anna = Participant.objects.get(full_name="Anna Test")
    identity = identity_number_set(actor=org_admin, project=project, participant=anna, number=PIN)
    identity.refresh_from_db()
    assert PIN not in identity.personal_identity_number
    assert "9876" not in identity.personal_identity_number
    assert identity.masked == "********-**76"
    for entry in LogEntry.objects.get_for_object(identity):
        assert PIN not in str(entry.changes) and "19811218" not in str(entry.changes)
    assert identity.reveal() == PIN
    assert (
        LogEntry.objects.get_for_object(identity).filter(action=LogEntry.Action.ACCESS).count() == 1
    )


def test_participant_report_hours_per_month_and_numbers(project, org_admin, client_for):
    anna = Participant.objects.get(full_name="Anna Test")
    identity_number_set(actor=org_admin, project=project, participant=anna, number=PIN)
    client = client_for(org_admin)
    response = client.get(reverse("projects:participant_report", args=[project.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    header = rows[0]
    assert header[-4:] == ["2026-01", "2026-02", "2026-03", "Timmar totalt"]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Anna Test"][2] == PIN
    assert by_name["Anna Test"][-4:] == ["3", "0", "2.5", "5.5"]
    assert by_name["Anna Test"][4] == "Hotell Väst AB"
    assert by_name["Bo Test"][2] == "" and by_name["Bo Test"][-1] == "0"
    identity = IdentityNumber.objects.get()
    assert LogEntry.objects.get_for_object(identity).filter(action=LogEntry.Action.ACCESS).exists()

    response = client.get(reverse("projects:participant_report", args=[project.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    header, rows = spreadsheets.table(sheet)
    assert header[:3] == ("Deltagar-id", "Namn", "Personnummer")
    by_name = {row[1]: row for row in rows}
    assert by_name["Anna Test"][-4:] == (3, 0, 2.5, 5.5)  # hours as numbers
    assert rows[-1][0] == "Totalt" and rows[-1][-1] == 5.5  # the totals row
    assert spreadsheets.notes(sheet)["Projekt"] == "Kompetenslyftet"


def test_identity_numbers_page_masks_and_never_puts_numbers_in_urls(project, org_admin, client_for):
    client = client_for(org_admin)
    anna = Participant.objects.get(full_name="Anna Test")
    url = reverse("projects:identity_numbers", args=[project.pk])
    response = client.post(url, {"participant": anna.pk, "number": "198112189876"})
    assert response.status_code == 302 and PIN not in response["Location"]
    page = client.get(url).getvalue().decode()
    assert "********-**76" in page and PIN not in page
    bad = client.post(url, {"participant": anna.pk, "number": "19811218-9875"})
    assert "kontrollsiffra" in bad.getvalue().decode()


def test_identity_numbers_refused_when_funder_does_not_require(project, org_admin, client_for):
    project.requires_identity_numbers = False
    project.save()
    anna = Participant.objects.get(full_name="Anna Test")
    with pytest.raises(ValidationError):
        identity_number_set(actor=org_admin, project=project, participant=anna, number=PIN)
    assert (
        client_for(org_admin)
        .get(reverse("projects:identity_numbers", args=[project.pk]))
        .status_code
        == 404
    )


def test_participant_report_refused_to_others(project, broker, foreign_admin, client_for):
    for user in (broker, foreign_admin):
        url = reverse("projects:participant_report", args=[project.pk, "csv"])
        assert client_for(user).get(url).status_code == 403


def test_identity_number_is_never_in_logs_exports_mails_or_the_audit_log(
    project, org_admin, client_for, caplog, tmp_path, django_capture_on_commit_callbacks
):
    """docs/quality.md: only the funder's participant report shows the number; every export
    of the interchange, the mails to the participant, the application's log and the audit
    log never hold it (nor its digits without the hyphen)."""
    import logging

    from django.core import mail
    from django.core.management import call_command

    from kompetensnav.interchange.registry import KINDS
    from kompetensnav.participants.services.mail import queue_registration_mail
    from tests.tasks import run_queued_tasks

    caplog.set_level(logging.DEBUG)
    anna = Participant.objects.get(full_name="Anna Test")
    anna.email = "anna@example.se"
    anna.save()
    registration = Registration.objects.create(
        participant=anna, course=Course.objects.get(), status="registered"
    )
    client = client_for(org_admin)
    client.post(
        reverse("projects:identity_numbers", args=[project.pk]),
        {"participant": anna.pk, "number": "198112189876"},
    )
    assert IdentityNumber.objects.get().reveal() == PIN
    with django_capture_on_commit_callbacks(execute=True):
        queue_registration_mail(registration, base_url="", kind="confirmation")
    run_queued_tasks()
    assert mail.outbox  # the confirmation went out

    found = []
    for name in sorted(KINDS):
        for suffix in ("csv", "xlsx"):
            path = tmp_path / f"{name}.{suffix}"
            call_command("export", name, str(path), stdout=io.StringIO())
            content = path.read_bytes()
            if suffix == "xlsx":
                book = load_workbook(io.BytesIO(content))
                content = repr([list(s.iter_rows(values_only=True)) for s in book]).encode()
            found += (
                [f"export {name}.{suffix}"]
                if _holds_pin(content.decode("utf-8", "replace"))
                else []
            )
    for message in mail.outbox:
        attachments = " ".join(str(a[1]) for a in message.attachments)
        if _holds_pin(f"{message.subject} {message.body} {attachments}"):
            found.append(f"mail {message.subject}")
    for entry in LogEntry.objects.all():
        if _holds_pin(
            f"{entry.object_repr} {entry.changes} {entry.changes_text} {entry.additional_data}"
        ):
            found.append(f"audit {entry.pk}")
    if _holds_pin(caplog.text):
        found.append("application log")
    assert found == []
