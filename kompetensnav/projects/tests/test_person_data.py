"""A participant's own data (participants/privacy.py): a coordinator downloads everything
held about them (JSON and PDF, read back here), with the identity number masked and the
access logged; erasure on request keeps the figures; the command does the same."""

import io
import json
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.urls import reverse

from kompetensnav.participants.models import Attendance, Participant
from kompetensnav.participants.tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    started,
)
from kompetensnav.projects.crypto import encrypt
from kompetensnav.projects.models import IdentityNumber
from tests.documents import pdf_text

pytestmark = pytest.mark.django_db

NUMBER = "19850312-2398"


@pytest.fixture
def person():
    person = ParticipantFactory(full_name="Lina Lund", email="lina@example.se", gender="F")
    session = started(SessionFactory(hours=Decimal(3)), days_ago=2)
    RegistrationFactory(participant=person, course=session.course)
    AttendanceFactory(participant=person, session=session, hours=Decimal("2.5"))
    IdentityNumber.objects.create(
        participant=person, personal_identity_number=encrypt(NUMBER), last_digits="98"
    )
    return person


def test_the_json_holds_everything_with_the_number_masked_and_the_access_logged(
    person, client_for, coordinator
):
    response = client_for(coordinator).get(
        reverse("participants:participant_data", args=[person.pk, "json"])
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["participant"]["name"] == "Lina Lund"
    assert data["participant"]["email"] == "lina@example.se"
    (registration,) = data["registrations"]
    assert registration["course"] == str(person.registrations.get().course)
    assert data["attendance"][0]["hours"] == "2.50"
    assert data["identity_number"] == "********-**98"
    assert NUMBER not in response.content.decode() and "850312" not in response.content.decode()
    assert any(entry["what"] for entry in data["audit_log"])
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(person.pk), content_type__model="participant"
    ).exists()


def test_the_pdf_reads_back_in_swedish(person, client_for, coordinator):
    response = client_for(coordinator).get(
        reverse("participants:participant_data", args=[person.pk, "pdf"])
    )
    text = " ".join(pdf_text(response.content).split())
    assert "Uppgifter som finns om dig" in text
    assert "Lina Lund" in text and "lina@example.se" in text and "********-**98" in text
    assert NUMBER not in text


def test_erasure_on_request_keeps_the_figures(person, client_for, coordinator):
    client = client_for(coordinator)
    url = reverse("participants:participant_erase", args=[person.pk])
    page = client.get(url).content.decode()
    assert "kan inte ångras" in page and 'name="erase"' in page
    hours = sum(Attendance.objects.values_list("hours", flat=True))

    response = client.post(url, {"erase": ""})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.full_name, person.email, person.gender) == ("", "", "F")
    assert person.anonymised_at is not None
    assert not IdentityNumber.objects.exists()
    assert sum(Attendance.objects.values_list("hours", flat=True)) == hours
    entry = LogEntry.objects.get(additional_data__retention="participant_erase")
    assert entry.actor == coordinator
    detail = client.get(reverse("participants:participant_detail", args=[person.pk]))
    assert "raderades" in detail.content.decode()

    # a second time is refused with a reason
    again = client.post(url, {"erase": ""})
    assert again.status_code == 200 and "redan raderats" in again.content.decode()


def test_the_command_exports_and_erases(person):
    out = io.StringIO()
    call_command("person_data", "--email", "LINA@example.se", stdout=out)
    assert json.loads(out.getvalue())["participant"][0]["participant"]["name"] == "Lina Lund"
    call_command("person_data", "--email", "lina@example.se", "--erase", stderr=io.StringIO())
    assert Participant.objects.get(pk=person.pk).anonymised_at is not None
    with pytest.raises(CommandError, match="Inget finns sparat om e-postadressen"):
        call_command("person_data", "--email", "lina@example.se")


@pytest.mark.parametrize("role", ["org_admin", "broker"])
def test_only_coordinators_reach_a_persons_data(role, person, client_for, request):
    client = client_for(request.getfixturevalue(role))
    url = reverse("participants:participant_data", args=[person.pk, "json"])
    assert client.get(url).status_code == 403
