"""Writing through the API: token scopes, the chain's write operations through the same
services as the pages, safe retries (Idempotency-Key), safe updates (ETag / If-Match) and
the audit log naming the token's user."""

import json
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.test import Client
from django.utils import timezone

from kompetensnav.accounts.enums import Role, TokenScope
from kompetensnav.campus.enums import CourseStatus
from kompetensnav.campus.models import Course, Session
from kompetensnav.companies.models import Company
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import Attendance, Registration
from kompetensnav.participants.tests.factories import course_with_sites, started
from kompetensnav.visits.models import Visit
from tests.factories import CompanyFactory, _org_number

pytestmark = pytest.mark.django_db

ALL_WRITES = list(TokenScope.values)


def _client(token: str, **headers: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}", **headers})


def _post(client: Client, path: str, body: dict, **headers: str):
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


@pytest.fixture
def writer(broker, token_for) -> Client:
    return _client(token_for(broker, scopes=ALL_WRITES))


COMPANY = {"name": "Verkstad AB", "org_number": "5560000001", "municipality": "1485"}


# --- scopes ---


def test_a_read_only_token_may_not_write_and_is_told_which_scope(broker, token_for):
    client = _client(token_for(broker))
    response = _post(client, "/api/companies", COMPANY)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "write:companies" in response.json()["detail"]
    assert not Company.objects.exists()


def test_a_token_without_read_may_write_but_not_read(broker, token_for):
    client = _client(token_for(broker, scopes=[TokenScope.COMPANIES_WRITE]))
    assert client.get("/api/companies").status_code == 403
    assert "read" in client.get("/api/companies").json()["detail"]
    assert _post(client, "/api/companies", COMPANY).status_code == 201


def test_scope_never_widens_the_role(make_user, own_org, token_for):
    viewer = make_user(Role.VIEWER, own_org)
    client = _client(token_for(viewer, scopes=ALL_WRITES))
    assert _post(client, "/api/companies", COMPANY).status_code == 403
    assert not Company.objects.exists()


# --- companies: create, read with ETag, update with If-Match ---


def test_company_created_with_location_and_audited_as_the_token_user(writer, broker):
    response = _post(writer, "/api/companies", COMPANY)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["org_number"] == "556000-0001"
    assert body["municipality"] == "1485"
    assert response["Location"] == f"/api/companies/{body['id']}"
    entry = LogEntry.objects.get_for_object(Company.objects.get(pk=body["id"])).get()
    assert entry.actor == broker


def test_company_refused_with_the_reason_by_the_field(writer):
    CompanyFactory(org_number="556000-0001", name="Redan AB")
    response = _post(writer, "/api/companies", COMPANY)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["loc"] == ["body", "org_number"]
    assert "Redan AB" in errors[0]["msg"]
    bad = _post(
        writer, "/api/companies", {**COMPANY, "org_number": _org_number(2), "municipality": "9999"}
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "municipality"]


def test_update_with_a_stale_etag_is_refused_and_with_the_current_one_applied(writer):
    created = _post(writer, "/api/companies", COMPANY)
    path = created["Location"]
    etag = writer.get(path)["ETag"]
    assert etag == created["ETag"]
    changed = writer.patch(
        path,
        json.dumps({"employees": 40}),
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert changed.status_code == 200
    assert changed.json()["employees"] == 40
    assert changed.json()["name"] == "Verkstad AB"  # fields not sent are kept
    stale = writer.patch(
        path,
        json.dumps({"name": "Nytt AB"}),
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert stale.status_code == 412
    assert Company.objects.get().name == "Verkstad AB"
    assert changed["ETag"] != etag


# --- idempotency ---


def test_the_same_idempotency_key_gives_the_same_answer_and_one_record(writer):
    first = _post(writer, "/api/companies", COMPANY, **{"Idempotency-Key": "k-1"})
    again = _post(writer, "/api/companies", COMPANY, **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert again["Location"] == first["Location"]
    assert Company.objects.count() == 1


def test_an_idempotency_key_reused_for_another_request_is_refused(writer):
    _post(writer, "/api/companies", COMPANY, **{"Idempotency-Key": "k-2"})
    other = _post(
        writer,
        "/api/companies",
        {**COMPANY, "org_number": _org_number(2)},
        **{"Idempotency-Key": "k-2"},
    )
    assert other.status_code == 422
    assert other.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    assert Company.objects.count() == 1


def test_a_failed_write_keeps_no_key(writer):
    CompanyFactory(org_number="556000-0001")
    assert _post(writer, "/api/companies", COMPANY, **{"Idempotency-Key": "k-3"}).status_code == 422
    Company.objects.all().delete()
    assert _post(writer, "/api/companies", COMPANY, **{"Idempotency-Key": "k-3"}).status_code == 201


# --- visits ---


def test_visit_with_needs_logged_and_read_back(writer, broker, foreign_admin, token_for):
    company = CompanyFactory(municipality_id="1485")
    day = timezone.localdate() - timedelta(days=1)
    response = _post(
        writer,
        "/api/visits",
        {
            "company": company.pk,
            "date": day.isoformat(),
            "notes": "Två rader\nanteckningar",
            "needs": [
                {"area": "Svetsning", "horizon": "now", "seqf_level": 4, "employees_affected": 6},
                {"area": "Truckkort", "gap_area": "utbildning"},
            ],
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [need["area"] for need in body["needs"]] == ["Svetsning", "Truckkort"]
    assert body["needs"][0]["seqf_level"] == 4
    visit = Visit.objects.get(pk=body["id"])
    assert list(visit.visited_by.all()) == [broker]
    assert writer.get(f"/api/visits/{visit.pk}").json() == body
    # another organisation's token does not see it
    other = _client(token_for(foreign_admin))
    assert other.get(f"/api/visits/{visit.pk}").status_code == 404
    assert other.get("/api/visits").json()["count"] == 0
    since = (timezone.now() + timedelta(minutes=1)).isoformat()
    assert writer.get("/api/visits", {"updated_since": since}).json()["count"] == 0
    assert writer.get("/api/visits").json()["count"] == 1


def test_a_visit_in_the_future_or_at_an_unknown_company_is_refused(writer):
    company = CompanyFactory()
    future = _post(
        writer,
        "/api/visits",
        {"company": company.pk, "date": (timezone.localdate() + timedelta(days=2)).isoformat()},
    )
    assert future.status_code == 422
    unknown = _post(writer, "/api/visits", {"company": 10**9, "date": "2026-01-05"})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["body", "company"]
    assert not Visit.objects.exists()


# --- courses through the board's review ---


@pytest.fixture
def provider(make_user, own_org):
    return make_user(Role.COURSE_PROVIDER, own_org)


@pytest.fixture
def board(make_user, network_org):
    return make_user(Role.BOARD, network_org)


def test_course_created_submitted_approved_by_the_board_and_published(provider, board, token_for):
    mine = _client(token_for(provider, scopes=ALL_WRITES))
    created = _post(
        mine, "/api/courses", {"title_sv": "Svets grund", "areas": ["Svetsning"], "seqf_level": 3}
    )
    assert created.status_code == 201, created.json()
    course = created.json()
    assert course["status"] == "draft"
    assert course["areas"] == ["Svetsning"]
    actions = f"/api/courses/{course['id']}/actions"
    # the provider may not approve its own course; publishing a draft is not a step
    assert _post(mine, actions, {"action": "publish"}).status_code == 422
    assert _post(mine, actions, {"action": "submit"}).json()["status"] == "submitted"
    assert _post(mine, actions, {"action": "approve"}).status_code == 403
    reviewer = _client(token_for(board, scopes=[TokenScope.READ, TokenScope.COURSES_WRITE]))
    assert _post(reviewer, actions, {"action": "send_back"}).status_code == 422  # no comment
    approved = _post(reviewer, actions, {"action": "approve", "comment": "Bra."})
    assert approved.json()["status"] == "approved"
    published = _post(mine, actions, {"action": "publish"})
    assert published.status_code == 200
    assert Course.objects.get(pk=course["id"]).status == CourseStatus.PUBLISHED
    assert mine.get(f"/api/courses/{course['id']}").json()["status_label"] == "Publicerad"


def test_another_providers_draft_is_not_found(provider, make_user, foreign_org, token_for):
    mine = _client(token_for(provider, scopes=ALL_WRITES))
    course = _post(mine, "/api/courses", {"title_sv": "Utkast"}).json()
    other = _client(token_for(make_user(Role.COURSE_PROVIDER, foreign_org), scopes=ALL_WRITES))
    assert other.get(f"/api/courses/{course['id']}").status_code == 404
    assert (
        _post(other, f"/api/courses/{course['id']}/actions", {"action": "submit"}).status_code
        == 404
    )


def test_session_added_and_a_past_start_needs_saying_so(provider, foreign_org, token_for):
    mine = _client(token_for(provider, scopes=ALL_WRITES))
    course = _post(mine, "/api/courses", {"title_sv": "Kurs"}).json()
    path = f"/api/courses/{course['id']}/sessions"
    start = timezone.now() + timedelta(days=10)
    session = {
        "start": start.isoformat(),
        "end": (start + timedelta(hours=3)).isoformat(),
        "sites": [{"organisation": foreign_org.pk, "capacity": 12, "room": "Sal 1"}],
    }
    created = _post(mine, path, session)
    assert created.status_code == 201, created.json()
    assert created.json()["hours"] == 3.0
    assert created.json()["sites"][0]["capacity"] == 12
    past = timezone.now() - timedelta(days=3)
    earlier = {**session, "start": past.isoformat(), "end": (past + timedelta(hours=2)).isoformat()}
    refused = _post(mine, path, earlier)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "start"]
    assert _post(mine, path, {**earlier, "already_took_place": True}).status_code == 201
    assert mine.get(path).json()["count"] == 2


# --- registrations and attendance ---


def test_participant_registered_once_then_attendance_recorded(
    provider, own_org, foreign_org, token_for
):
    course = course_with_sites(provider=own_org, sites=[foreign_org], capacity=1, sessions=1)
    mine = _client(token_for(provider, scopes=ALL_WRITES))
    path = f"/api/courses/{course.pk}/registrations"
    person = {"full_name": "Kim Deltagare", "email": "kim@example.se", "site": foreign_org.pk}
    first = _post(mine, path, person)
    assert first.status_code == 201, first.json()
    assert first.json()["status"] == "registered"
    assert len(mail.outbox) == 0 or mail.outbox  # the confirmation is queued for the worker
    again = _post(mine, path, {**person, "full_name": "Kim D."})
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    waiting = _post(mine, path, {**person, "email": "sam@example.se"})
    assert waiting.json()["status"] == "waitlisted"
    both = _post(mine, path, {**person, "email": "x@example.se", "remote": True})
    assert both.status_code == 422
    assert _post(mine, path, {**person, "email": "inte-en-adress"}).status_code == 422
    assert mine.get(path).json()["count"] == 2

    session = Session.objects.get(course=course)
    attendance = f"/api/sessions/{session.pk}/attendance"
    participant = first.json()["participant"]
    marks = {"marks": [{"participant": participant, "present": True}]}
    not_yet = mine.put(attendance, json.dumps(marks), content_type="application/json")
    assert not_yet.status_code == 422
    assert "not started" in not_yet.json()["detail"] or not_yet.json()["errors"]
    started(session)
    saved = mine.put(attendance, json.dumps(marks), content_type="application/json")
    assert saved.status_code == 200, saved.json()
    assert saved.json()["marks"] == [{"participant": participant, "present": True, "hours": 3.0}]
    assert Attendance.objects.get().hours == 3
    waitlisted = Registration.objects.get(status=RegistrationStatus.WAITLISTED).participant_id
    refused = mine.put(
        attendance,
        json.dumps({"marks": [{"participant": waitlisted, "present": True}]}),
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert str(waitlisted) in refused.json()["errors"][0]["msg"]
    assert Attendance.objects.count() == 1


def test_attendance_needs_its_scope(provider, own_org, token_for):
    course = course_with_sites(provider=own_org, sessions=1, remote=2)
    session = started(Session.objects.get(course=course))
    client = _client(token_for(provider, scopes=[TokenScope.READ, TokenScope.REGISTRATIONS_WRITE]))
    response = client.put(
        f"/api/sessions/{session.pk}/attendance",
        json.dumps({"marks": [{"participant": 1, "present": False}]}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "write:attendance" in response.json()["detail"]


def test_cancelling_gives_the_seat_to_the_first_waiting(provider, own_org, foreign_org, token_for):
    course = course_with_sites(provider=own_org, sites=[foreign_org], capacity=1, sessions=1)
    mine = _client(token_for(provider, scopes=ALL_WRITES))
    path = f"/api/courses/{course.pk}/registrations"
    first = _post(mine, path, {"full_name": "A A", "email": "a@example.se", "site": foreign_org.pk})
    second = _post(
        mine, path, {"full_name": "B B", "email": "b@example.se", "site": foreign_org.pk}
    )
    assert second.json()["status"] == "waitlisted"
    cancel = f"/api/registrations/{first.json()['id']}/cancel"
    cancelled = _post(mine, cancel, {})
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert Registration.objects.get(pk=second.json()["id"]).status == RegistrationStatus.REGISTERED
    assert _post(mine, cancel, {}).json()["status"] == "cancelled"  # again: nothing changes
    reader = _client(token_for(provider, scopes=[TokenScope.READ]))
    assert _post(reader, cancel, {}).status_code == 403


# --- tokens: chosen expiry, and keys forgotten after a day ---


def test_a_token_valid_until_a_day_works_until_then(broker):
    from kompetensnav.accounts.models import Affiliation, ApiToken
    from kompetensnav.accounts.services import api_token_create

    broker.affiliation = Affiliation.objects.get(user=broker)
    token, raw = api_token_create(
        actor=broker, name="Kort", expires_on=timezone.localdate() + timedelta(days=1)
    )
    assert timezone.localtime(token.expires).date() == timezone.localdate() + timedelta(days=1)
    assert _client(raw).get("/api/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - timedelta(seconds=1))
    refused = _client(raw).get("/api/me")
    assert refused.status_code == 401
    assert "expired" in refused.json()["detail"] or "gick ut" in refused.json()["detail"]


def test_idempotency_keys_are_forgotten_after_a_day(writer):
    from io import StringIO

    from django.core.management import call_command

    from kompetensnav.api.models import IdempotentRequest

    _post(writer, "/api/companies", COMPANY, **{"Idempotency-Key": "old"})
    _post(
        writer,
        "/api/companies",
        {**COMPANY, "org_number": _org_number(3)},
        **{"Idempotency-Key": "new"},
    )
    IdempotentRequest.objects.filter(key="old").update(created=timezone.now() - timedelta(hours=25))
    call_command("purge_api_requests", stdout=StringIO())
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new"]


# --- a company's contact people ---


def test_company_contacts_added_changed_and_removed(writer, broker):
    company = CompanyFactory()
    path = f"/api/companies/{company.pk}/contacts"
    created = _post(writer, path, {"name": "Kim Kontakt", "role": "VD", "consent": True})
    assert created.status_code == 201, created.json()
    contact = created.json()
    assert contact["consent_date"] == timezone.localdate().isoformat()
    one = f"{path}/{contact['id']}"
    stale = created["ETag"]
    changed = writer.patch(
        one,
        json.dumps({"consent": False, "phone": "070-123 45 67"}),
        content_type="application/json",
        headers={"If-Match": stale},
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["consent_date"] is None  # consent withdrawn forgets its date
    assert changed.json()["role"] == "VD"
    refused = writer.patch(
        one,
        json.dumps({"role": "Ägare"}),
        content_type="application/json",
        headers={"If-Match": stale},
    )
    assert refused.status_code == 412
    assert writer.get(path).json()["count"] == 1
    assert writer.delete(one).status_code == 204
    assert writer.get(path).json()["count"] == 0
    assert writer.delete(one).status_code == 404


def test_another_companys_contact_is_not_found_through_this_company(writer):
    first, second = CompanyFactory(), CompanyFactory()
    contact = _post(writer, f"/api/companies/{first.pk}/contacts", {"name": "Kim"}).json()
    assert writer.delete(f"/api/companies/{second.pk}/contacts/{contact['id']}").status_code == 404


# --- the network ---


def test_organisation_added_by_a_coordinator_and_a_name_twice_refused(coordinator, token_for):
    client = _client(token_for(coordinator, scopes=ALL_WRITES))
    body = {"name": "Lärcentrum Ny", "kind": "learning_centre", "municipality": "1485"}
    created = _post(client, "/api/organisations", body)
    assert created.status_code == 201, created.json()
    assert created.json()["municipality"]["code"] == "1485"
    again = _post(client, "/api/organisations", {**body, "name": "lärcentrum  ny"})
    assert again.status_code == 422
    assert again.json()["errors"][0]["loc"] == ["body", "name"]
    unknown = _post(client, "/api/organisations", {**body, "name": "X", "municipality": "9999"})
    assert unknown.status_code == 422


def test_an_organisations_admin_keeps_its_contacts_and_only_its_own(
    org_admin, own_org, foreign_org, token_for
):
    client = _client(token_for(org_admin, scopes=ALL_WRITES))
    created = _post(client, f"/api/organisations/{own_org.pk}/contacts", {"name": "Rektor R"})
    assert created.status_code == 201, created.json()
    contact = created.json()
    assert contact["organisation"]["id"] == own_org.pk
    changed = client.patch(
        f"/api/contacts/{contact['id']}",
        json.dumps({"email": "rektor@example.se"}),
        content_type="application/json",
    )
    assert changed.json()["email"] == "rektor@example.se"
    assert changed.json()["name"] == "Rektor R"
    bad = client.patch(
        f"/api/contacts/{contact['id']}",
        json.dumps({"email": "inte en adress"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["body", "email"]
    assert (
        _post(client, f"/api/organisations/{foreign_org.pk}/contacts", {"name": "X"}).status_code
        == 403
    )
    listed = client.get("/api/contacts", {"organisation": own_org.pk}).json()
    assert [c["name"] for c in listed["items"]] == ["Rektor R"]
    assert client.delete(f"/api/contacts/{contact['id']}").status_code == 204


def test_events_and_collaborations_recorded_by_a_coordinator(
    coordinator, own_org, foreign_org, token_for
):
    client = _client(token_for(coordinator, scopes=ALL_WRITES))
    event = _post(
        client,
        "/api/events",
        {
            "kind": "job_shadowing",
            "date": "2026-05-04",
            "organiser": own_org.pk,
            "participants": 3,
            "transnational": True,
        },
    )
    assert event.status_code == 201, event.json()
    assert event.json()["organiser"]["id"] == own_org.pk
    assert client.get("/api/events").json()["items"][0]["kind"] == "job_shadowing"
    lonely = _post(
        client,
        "/api/collaborations",
        {"established": "2026-05-04", "parties": [own_org.pk, own_org.pk]},
    )
    assert lonely.status_code == 422
    together = _post(
        client,
        "/api/collaborations",
        {
            "established": "2026-05-04",
            "title": "Gemensam kurs",
            "parties": [own_org.pk, foreign_org.pk],
        },
    )
    assert together.status_code == 201
    assert {p["id"] for p in together.json()["parties"]} == {own_org.pk, foreign_org.pk}
    unknown = _post(
        client, "/api/collaborations", {"established": "2026-05-04", "parties": [own_org.pk, 10**9]}
    )
    assert unknown.status_code == 422


# --- the matching ---


def test_a_needs_matches_and_a_courses_needs(broker, own_org, foreign_admin, token_for):
    from kompetensnav.analysis.services import course_vector_refresh, need_match
    from kompetensnav.competences.services import area_find_or_create
    from kompetensnav.participants.tests.factories import CourseFactory
    from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory

    area = area_find_or_create(name="Svetsning")
    course = CourseFactory(
        title_sv="Svetsning MIG/MAG grund",
        description_sv="Grundläggande svetsning med MIG och MAG för verkstadspersonal.",
    )
    course.areas.set([area])
    course_vector_refresh(course=course)  # as the worker does when a course is published
    visit = VisitFactory(organisation=own_org, date=timezone.localdate() - timedelta(days=3))
    need = NeedFactory(visit=visit, area=area, description="svetsare behöver lära sig MIG/MAG")
    need_match(need=need)
    mine = _client(token_for(broker))
    matches = mine.get(f"/api/needs/{need.pk}/matches").json()
    assert matches[0]["course"]["id"] == course.pk
    assert matches[0]["rank"] == 1 and 0 < matches[0]["score"] <= 1
    assert "Svetsning" in matches[0]["areas"]
    answered = mine.get(f"/api/courses/{course.pk}/needs").json()["items"]
    assert answered[0]["need"]["id"] == need.pk
    assert answered[0]["company"]["id"] == visit.company_id  # the broker's own visit
    other = _client(token_for(foreign_admin)).get(f"/api/courses/{course.pk}/needs").json()
    assert other["items"][0]["company"] is None and other["items"][0]["visit"] is None


# --- projects ---


def test_project_with_budget_lines_and_mobilities(coordinator, own_org, token_for):
    client = _client(token_for(coordinator, scopes=ALL_WRITES))
    created = _post(
        client,
        "/api/projects",
        {
            "name": "Kompetenslyftet",
            "funder": "erasmus_plus",
            "start": "2026-01-01",
            "end": "2027-06-30",
            "budget_sek": 1250000.5,
            "granted_places_staff": 4,
        },
    )
    assert created.status_code == 201, created.json()
    project = created.json()
    assert project["budget_sek"] == 1250000.5
    assert project["funder_label"] == "Erasmus+"
    path = created["Location"]
    changed = client.patch(
        path, json.dumps({"end": "2027-12-31"}), content_type="application/json",
        headers={"If-Match": created["ETag"]},
    )  # fmt: skip
    assert changed.json()["end"] == "2027-12-31"
    assert changed.json()["name"] == "Kompetenslyftet"
    backwards = client.patch(
        path, json.dumps({"end": "2025-01-01"}), content_type="application/json"
    )
    assert backwards.status_code == 422  # ends before it starts
    lines = f"/api/projects/{project['id']}/budget-lines"
    line = _post(client, lines, {"category": "travel", "budgeted_sek": 40000})
    assert line.status_code == 201, line.json()
    counted = _post(
        client, lines, {"category": "participants_time", "budgeted_sek": 1000, "actual_sek": 5}
    )
    assert counted.status_code == 422
    assert counted.json()["errors"][0]["loc"] == ["body", "actual_sek"]
    assert [b["category"] for b in client.get(lines).json()] == ["travel"]
    mobilities = f"/api/projects/{project['id']}/mobilities"
    mobility = _post(
        client,
        mobilities,
        {
            "kind": "staff",
            "participant_reference": "P-2026-001",
            "sending_member": own_org.pk,
            "country": "no",
        },
    )
    assert mobility.status_code == 201, mobility.json()
    assert mobility.json()["country"] == "NO"
    assert mobility.json()["sending_member"]["id"] == own_org.pk
    assert _post(client, mobilities, {"kind": "staff", "country": "ZZ"}).status_code == 422
    assert client.get(mobilities).json()["count"] == 1


# --- questionnaire responses ---


def test_a_response_submitted_checked_and_read_back(broker, token_for):
    from kompetensnav.questionnaires.models import Response
    from kompetensnav.questionnaires.tests.factories import make_questionnaire

    questionnaire = make_questionnaire("behov")
    client = _client(token_for(broker, scopes=ALL_WRITES))
    path = f"/api/questionnaires/{questionnaire.pk}/responses"
    company = CompanyFactory()
    missing = _post(client, path, {"answers": {"hard_to_recruit": True}})
    assert missing.status_code == 422  # "roles" is required when hard to recruit
    assert missing.json()["errors"][0]["loc"] == ["body", "roles"]
    wrong = _post(client, path, {"answers": {"hard_to_recruit": False, "match": 9}})
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["loc"] == ["body", "match"]
    created = _post(
        client,
        path,
        {
            "answers": {
                "hard_to_recruit": True,
                "roles": "Svetsare",
                "match": 4,
                "formats": ["live_stream", "På plats"],
                "interest": "Ja",
                "staff": 12.5,
                "comment": "Två rader\noch en till",
            },
            "company": company.pk,
            "submitted_on": "2025-03-04",
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["answers"] == {
        "hard_to_recruit": True,
        "roles": "Svetsare",
        "match": 4,
        "formats": ["live_stream", "on_site"],
        "interest": "yes",
        "staff": 12.5,
        "comment": "Två rader\noch en till",
    }
    assert (body["channel"], body["submitted_on"], body["company"]) == (
        "api",
        "2025-03-04",
        company.pk,
    )
    response = Response.objects.get()
    assert response.submitted_by == broker
    listed = client.get(path).json()
    assert listed["items"] == [body]
    unknown = _post(client, path, {"answers": {"hard_to_recruit": False}, "version": 7})
    assert unknown.status_code == 422


def test_a_response_gives_and_takes_the_text_of_other(broker, token_for):
    from kompetensnav.questionnaires.tests.factories import WITH_OTHER, make_questionnaire

    survey = make_questionnaire("annat", WITH_OTHER)
    client = _client(token_for(broker, scopes=["read", "write:responses"]))
    created = client.post(
        f"/api/questionnaires/{survey.pk}/responses",
        json.dumps({"answers": {"industry": "Annat", "industry.other": "Besöksnäring"}}),
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["answers"] == {"industry": "other", "industry.other": "Besöksnäring"}


def test_a_public_registration_answers_the_same_whether_the_address_is_known(
    broker, own_org, foreign_org, token_for
):
    from kompetensnav.participants.models import PendingRegistration

    course = course_with_sites(provider=own_org, sites=[foreign_org], sessions=1)
    client = _client(token_for(broker, scopes=[TokenScope.REGISTRATIONS_WRITE]))
    path = f"/api/courses/{course.pk}/public-registrations"
    person = {"full_name": "Kim K", "email": "Kim@Example.se", "site": foreign_org.pk}
    new = _post(client, path, person)
    assert new.status_code == 202, new.json()
    assert Registration.objects.get().participant.email == "kim@example.se"
    known = _post(client, path, {**person, "full_name": "Någon Annan"})
    assert known.status_code == 202
    assert known.json() == new.json()  # nothing tells the two apart
    assert "ETag" not in known
    pending = PendingRegistration.objects.get()  # the known address confirms by e-mail
    assert pending.full_name == "Någon Annan"
    assert Registration.objects.count() == 1
    draft = course_with_sites(provider=own_org, sites=[foreign_org], sessions=1, status="draft")
    assert _post(client, f"/api/courses/{draft.pk}/public-registrations", person).status_code == 404
    past = course_with_sites(provider=own_org, sites=[foreign_org], sessions=1)
    started(Session.objects.get(course=past))
    closed = _post(client, f"/api/courses/{past.pk}/public-registrations", person)
    assert closed.status_code == 422


def test_a_years_membership_recorded_once(coordinator, own_org, token_for):
    client = _client(token_for(coordinator, scopes=ALL_WRITES))
    path = f"/api/organisations/{own_org.pk}/memberships"
    created = _post(
        client, path, {"year": 2026, "fee_paid": True, "municipalities": ["1485", "1380"]}
    )
    assert created.status_code == 201, created.json()
    assert created.json()["municipalities"] == ["1380", "1485"]
    assert _post(client, path, {"year": 2026}).status_code == 422  # one a year
    assert _post(client, path, {"year": 2027, "municipalities": ["9999"]}).status_code == 422
    assert [m["year"] for m in client.get(path).json()] == [2026]


# --- every write in the audit log ---


def test_every_api_write_is_in_the_audit_log_under_the_token_user(
    provider, coordinator, token_for, client_for
):
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse

    mine = _client(token_for(provider, scopes=ALL_WRITES))
    course = _post(mine, "/api/courses", {"title_sv": "Loggad kurs"}).json()
    _post(mine, f"/api/courses/{course['id']}/actions", {"action": "submit"})
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Course), object_id=course["id"]
    ).order_by("pk")
    assert [(e.action, e.actor) for e in entries] == [
        (LogEntry.Action.CREATE, provider),
        (LogEntry.Action.UPDATE, provider),
    ]
    assert entries[0].changes_dict["title_sv"] == ["None", "Loggad kurs"]
    assert entries[1].changes_dict["action"] == ["", "submit"]
    page = client_for(coordinator).get(reverse("audit:log")).content.decode()
    assert "Loggad kurs" in page


# --- lists cost the same however long ---


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_chains_lists_use_as_many_queries_for_one_row_as_for_many(
    coordinator, own_org, foreign_org, token_for
):
    from kompetensnav.participants.tests.factories import (
        CourseFactory,
        SessionFactory,
        SessionSiteFactory,
    )
    from kompetensnav.questionnaires.services import response_submit
    from kompetensnav.questionnaires.tests.factories import make_questionnaire
    from kompetensnav.visits.tests.factories import NeedFactory, VisitFactory

    client = _client(token_for(coordinator))
    course = CourseFactory(provider=own_org)
    questionnaire = make_questionnaire("lista")
    version = questionnaire.versions.get()

    def add_rows() -> None:
        visit = VisitFactory(organisation=own_org)
        NeedFactory(visit=visit)
        NeedFactory(visit=visit)
        session = SessionFactory(course=course)
        SessionSiteFactory(session=session, organisation=own_org)
        SessionSiteFactory(session=session, organisation=foreign_org)
        response_submit(
            version=version,
            answers={"hard_to_recruit": True, "roles": "Svetsare", "formats": ["online"]},
            channel="api",
            company=visit.company,
        )

    paths = [
        "/api/visits",
        f"/api/courses/{course.pk}/sessions",
        f"/api/questionnaires/{questionnaire.pk}/responses",
    ]
    add_rows()
    client.get("/api/me")  # the token's last use is noted once in a while: not in the counts
    once = {path: _queries(client, path) for path in paths}
    for _ in range(4):
        add_rows()
    assert {path: _queries(client, path) for path in paths} == once
