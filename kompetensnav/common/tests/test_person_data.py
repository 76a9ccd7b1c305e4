"""A person's data across the product (GDPR, common/people.py and `manage.py person_data`):
one e-mail address finds the person as a participant, a company's and an organisation's
contact, a user with roles and notifications; the export holds each, the PDF can be read
back, and erasure removes or anonymises every one of them, keeping the figures, and is
recorded in the audit log."""

import io
import json
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from kompetensnav.accounts.enums import Role
from kompetensnav.companies.models import CompanyContact
from kompetensnav.network.models import Contact
from kompetensnav.notifications.models import Notification
from kompetensnav.notifications.services import notify
from kompetensnav.participants.models import Attendance, Participant
from kompetensnav.participants.tests.factories import (
    AttendanceFactory,
    ParticipantFactory,
    RegistrationFactory,
    SessionFactory,
    started,
)
from tests.documents import pdf_text
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

EMAIL = "Ada.Berg@example.se"


@pytest.fixture
def ada(make_user, own_org):
    user = make_user(Role.BROKER, own_org, email="ada.berg@example.se", full_name="Ada Berg")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    notify(
        recipients=[user.pk],
        kind="followup_due",
        key="visit:1:2026-01-01",
        params={"company": "Verkstad AB", "due": "2026-01-01"},
    )
    CompanyContact.objects.create(
        company=CompanyFactory(name="Bergs Verkstad AB"), name="Ada Berg", email=EMAIL, role="VD"
    )
    Contact.objects.create(organisation=own_org, name="Ada Berg", email="ADA.BERG@example.se")
    person = ParticipantFactory(full_name="Ada Berg", email="ada.berg@example.se", gender="F")
    session = started(SessionFactory(hours=Decimal(3)), days_ago=2)
    RegistrationFactory(participant=person, course=session.course)
    AttendanceFactory(participant=person, session=session, hours=Decimal("2.5"))
    return user


def test_the_export_holds_the_person_in_every_role(ada):
    out = io.StringIO()
    call_command("person_data", "--email", EMAIL, stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {
        "participant",
        "company_contact",
        "organisation_contact",
        "user",
        "notifications",
    }
    assert data["company_contact"][0]["company"] == "Bergs Verkstad AB"
    assert data["user"][0]["roles"][0]["role"] == "Kompetensmäklare"
    assert data["notifications"][0]["notifications"][0]["text"].startswith("Uppföljningen")
    assert data["participant"][0]["participant"]["name"] == "Ada Berg"


def test_the_register_extract_as_pdf_reads_back(ada, tmp_path):
    target = tmp_path / "utdrag.pdf"
    call_command("person_data", "--email", EMAIL, "--pdf", str(target), stderr=io.StringIO())
    text = pdf_text(target.read_bytes())
    assert "Registerutdrag" in text and "Bergs Verkstad AB" in text and "Ada Berg" in text


def test_erasure_reaches_every_record_and_keeps_the_figures(ada):
    hours = sum(Attendance.objects.values_list("hours", flat=True))
    err = io.StringIO()
    call_command("person_data", "--email", EMAIL, "--erase", stderr=err)
    assert "är raderade" in err.getvalue()
    ada.refresh_from_db()
    assert (ada.full_name, ada.is_active, ada.has_usable_password()) == ("", False, False)
    assert "ada" not in ada.email.lower()
    assert not ada.affiliations.filter(is_active=True).exists()
    assert not EmailAddress.objects.filter(user=ada).exists()
    assert not Notification.objects.filter(recipient=ada).exists()
    assert not CompanyContact.objects.exists() and not Contact.objects.exists()
    person = Participant.objects.get()
    assert person.full_name == "" and person.gender == "F"
    assert sum(Attendance.objects.values_list("hours", flat=True)) == hours
    # the audit log keeps that the records were deleted and erased, not what they said
    assert not LogEntry.objects.filter(object_repr="Ada Berg").exists()
    assert not LogEntry.objects.filter(changes_text__icontains="ada.berg").exists()
    assert not LogEntry.objects.filter(serialized_data__icontains="Bergs").exists()
    erased = LogEntry.objects.filter(additional_data__has_key="erased_on_request")
    assert erased.count() == 3  # the account and the two contacts
    with pytest.raises(CommandError, match="Inget finns sparat"):
        call_command("person_data", "--email", EMAIL)


# --- the page ---------------------------------------------------------------------------

PAGE = "/people-data/"


def test_the_page_shows_what_is_held_without_exporting_it(ada, client_for, coordinator):
    from django.urls import reverse

    assert reverse("common:person_data") == PAGE
    accesses = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    page = client_for(coordinator).post(PAGE, {"email": EMAIL, "action": "find"})
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    for label in ("Deltagare", "Kontaktperson på ett företag", "Användarkonto", "Aviseringar"):
        assert label in html, label
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() == accesses
    nobody = client_for(coordinator).post(PAGE, {"email": "ingen@example.se"}).content.decode()
    assert "Inget finns lagrat om ingen@example.se" in nobody
    bad = client_for(coordinator).post(PAGE, {"email": "inte en adress"})
    assert 'value="inte en adress"' in bad.content.decode() and "errorlist" in bad.text


def test_the_page_hands_out_the_extract_and_logs_the_access(ada, client_for, coordinator):
    client = client_for(coordinator)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
    pdf = client.post(PAGE, {"email": EMAIL, "action": "pdf"})
    assert pdf["Content-Disposition"].endswith('registerutdrag.pdf"')
    text = pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    assert "Registerutdrag" in text and "Bergs Verkstad AB" in text
    raw = client.post(PAGE, {"email": EMAIL, "action": "json"})
    data = json.loads(raw.content)
    assert data["email"] == EMAIL and data["sources"]["company_contact"][0]["role"] == "VD"
    logged = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() - before
    assert logged >= 4  # the contacts and the account, in each of the two extracts


def test_erasing_asks_for_a_confirmation_then_erases_everything(ada, client_for, coordinator):
    client = client_for(coordinator)
    asked = client.post(PAGE, {"email": EMAIL, "action": "erase"}).content.decode()
    assert "Radera personuppgifterna för" in asked and CompanyContact.objects.exists()
    unticked = client.post(PAGE, {"email": EMAIL, "action": "erase", "confirm": "1"})
    assert "Kryssa i rutan" in unticked.content.decode() and CompanyContact.objects.exists()
    done = client.post(PAGE, {"email": EMAIL, "action": "erase", "confirm": "1", "confirmed": "on"})
    assert done.status_code == 302
    assert not CompanyContact.objects.exists() and not Contact.objects.exists()
    ada.refresh_from_db()
    assert not ada.is_active or not ada.has_usable_password()
    assert Participant.objects.get().anonymised_at is not None
    assert Attendance.objects.get().hours == Decimal("2.5")  # the figures keep their values
    after = client.post(PAGE, {"email": EMAIL, "action": "find"}).content.decode()
    assert "Inget finns lagrat" in after


def test_only_the_system_or_a_coordinator_may_read_a_persons_data(ada, make_user, own_org):
    from django.core.exceptions import PermissionDenied

    from kompetensnav.common.people import person_data, person_erase, person_summary

    admin = make_user(Role.ORG_ADMIN, own_org)
    for call in (person_summary, person_data, person_erase):
        with pytest.raises(PermissionDenied):
            call(EMAIL, actor=admin)
    assert CompanyContact.objects.exists()
