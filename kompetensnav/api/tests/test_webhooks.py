"""Webhooks: events of the chain posted, signed, to a real HTTP server on this machine by the
task worker's code, retried on failure with a delivery log, managed on the webhooks pages."""

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kompetensnav.accounts.enums import Role, TokenScope
from kompetensnav.api import webhooks
from kompetensnav.api.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from kompetensnav.participants.tests.factories import course_with_sites
from tests.factories import CompanyFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

EVENTS = [
    "registration.created",
    "registration.cancelled",
    "attendance.saved",
    "course.published",
    "need.saved",
]


class Receiver:
    """A subscriber's server: records each request and answers with the next status of
    `statuses` (the last one repeated)."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.statuses = [200]
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server interface
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self) -> list[str]:
        return [request["headers"]["X-Kompetensnav-Event"] for request in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    # the receiver is on this machine: allowed here, refused by default (tested below)
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    server = Receiver()
    yield server
    server.close()


def _subscribe(user, url: str, events=EVENTS) -> tuple[WebhookSubscription, str]:
    from kompetensnav.accounts.models import Affiliation

    user.affiliation = Affiliation.objects.get(user=user)
    return webhooks.subscription_create(actor=user, name="Kursadmin", url=url, events=events)


def _api(user, token_for) -> Client:
    token = token_for(user, scopes=TokenScope.values)
    return Client(headers={"Authorization": f"Bearer {token}"})


def _post(client: Client, path: str, body: dict, method: str = "post"):
    """A write, its transaction committed as in production (so that what it leaves for after
    the commit, the queueing of its events, is done)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return getattr(client, method)(path, json.dumps(body), content_type="application/json")


@pytest.fixture
def provider(make_user, own_org):
    return make_user(Role.COURSE_PROVIDER, own_org)


@pytest.fixture
def admin(make_user, own_org):
    return make_user(Role.ORG_ADMIN, own_org)


def _register(client, course, site, email="kim@example.se"):
    path = f"/api/courses/{course.pk}/registrations"
    return _post(client, path, {"full_name": "Kim K", "email": email, "site": site.pk})


def test_a_registration_is_posted_signed_to_the_subscriber(
    receiver, provider, admin, own_org, token_for
):
    subscription, secret = _subscribe(admin, receiver.url)
    course = course_with_sites(provider=own_org, sites=[own_org], sessions=1)
    registration = _register(_api(provider, token_for), course, own_org).json()
    assert receiver.requests == []  # sent by the worker, after the commit
    run_queued_tasks()
    assert receiver.events() == ["registration.created"]
    request = receiver.requests[0]
    payload = json.loads(request["body"])
    assert payload["event"] == "registration.created"
    assert payload["data"] == registration
    # the signature: HMAC-SHA256 of "<t>.<body>" with the secret
    parts = dict(
        part.split("=", 1) for part in request["headers"]["X-Kompetensnav-Signature"].split(",")
    )
    expected = hmac.new(
        secret.encode(), f"{parts['t']}.".encode() + request["body"], hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)
    assert abs(int(parts["t"]) - timezone.now().timestamp()) < 60
    assert (
        webhooks.signature("another secret", int(parts["t"]), request["body"])
        != (request["headers"]["X-Kompetensnav-Signature"])
    )
    delivery = WebhookDelivery.objects.get()
    assert request["headers"]["X-Kompetensnav-Delivery"] == str(delivery.pk)
    assert (delivery.status, delivery.attempts, delivery.response_status) == (
        DeliveryStatus.DELIVERED,
        1,
        200,
    )


def test_each_event_of_the_chain_reaches_the_subscriber(
    receiver, provider, admin, make_user, own_org, network_org, token_for
):
    _subscribe(admin, receiver.url)
    broker = _api(make_user(Role.BROKER, own_org), token_for)
    company = CompanyFactory()
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    visit = _post(
        broker,
        "/api/visits",
        {"company": company.pk, "date": yesterday, "needs": [{"area": "Svets"}]},
    )
    assert visit.status_code == 201
    mine = _api(provider, token_for)
    course = _post(mine, "/api/courses", {"title_sv": "Svets"}).json()
    start = timezone.now() - timedelta(hours=4)
    session = _post(
        mine,
        f"/api/courses/{course['id']}/sessions",
        {
            "start": start.isoformat(),
            "end": (start + timedelta(hours=2)).isoformat(),
            "sites": [{"organisation": own_org.pk, "capacity": 5}],
            "already_took_place": True,
        },
    ).json()
    board = _api(make_user(Role.BOARD, network_org), token_for)
    actions = f"/api/courses/{course['id']}/actions"
    _post(mine, actions, {"action": "submit"})
    _post(board, actions, {"action": "approve"})
    _post(mine, actions, {"action": "publish"})
    registration = _post(
        mine,
        f"/api/courses/{course['id']}/registrations",
        {"full_name": "Kim K", "email": "kim@example.se", "site": own_org.pk},
    ).json()
    saved = _post(
        mine,
        f"/api/sessions/{session['id']}/attendance",
        {"marks": [{"participant": registration["participant"], "present": True}]},
        method="put",
    )
    assert saved.status_code == 200
    _post(mine, f"/api/registrations/{registration['id']}/cancel", {})
    run_queued_tasks()
    assert sorted(receiver.events()) == sorted(EVENTS)
    by_event = {
        json.loads(r["body"])["event"]: json.loads(r["body"])["data"] for r in receiver.requests
    }
    assert by_event["need.saved"]["area"] == "Svets"
    assert by_event["course.published"]["status"] == "published"
    assert by_event["attendance.saved"]["marks"][0]["hours"] == 2.0
    assert by_event["registration.cancelled"]["status"] == "cancelled"


def test_subscribers_hear_only_of_what_they_may(
    receiver, provider, admin, make_user, own_org, foreign_org, network_org, token_for
):
    foreign = Receiver()
    network = Receiver()
    try:
        _subscribe(make_user(Role.ORG_ADMIN, foreign_org), foreign.url)
        whole, _secret = _subscribe(make_user(Role.COORDINATOR, network_org), network.url)
        assert whole.whole_network
        course = course_with_sites(provider=own_org, sites=[own_org], sessions=1)
        _register(_api(provider, token_for), course, own_org)
        run_queued_tasks()
        assert foreign.events() == []  # another organisation's course
        assert network.events() == ["registration.created"]  # the coordinators' hear it all
    finally:
        foreign.close()
        network.close()


def test_a_write_rolled_back_tells_no_one(receiver, admin, own_org):
    _subscribe(admin, receiver.url)
    course = course_with_sites(provider=own_org, sites=[own_org], sessions=1)
    with pytest.raises(RuntimeError), transaction.atomic():
        webhooks.emit(
            webhooks.WebhookEvent.COURSE_PUBLISHED,
            organisation_ids=None,
            data=lambda: {"id": course.pk},
        )
        raise RuntimeError
    run_queued_tasks()
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def _due_now() -> None:
    """Time passes: the retry waiting in the queue is due."""
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))


def test_an_unanswered_event_is_retried_then_failed_then_sent_again_from_its_page(
    receiver, provider, admin, own_org, token_for, client_for
):
    subscription, _secret = _subscribe(admin, receiver.url)
    receiver.statuses = [500]
    course = course_with_sites(provider=own_org, sites=[own_org], sessions=1)
    _register(_api(provider, token_for), course, own_org)
    run_queued_tasks()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, 500)
    assert delivery.next_attempt - timezone.now() == pytest.approx(
        timedelta(minutes=1), abs=timedelta(seconds=30)
    )
    assert run_queued_tasks() == 0  # not yet due
    for attempt in range(2, webhooks.MAX_ATTEMPTS + 1):
        _due_now()
        run_queued_tasks()
        delivery.refresh_from_db()
        assert delivery.attempts == attempt
    assert delivery.status == DeliveryStatus.FAILED
    assert len(receiver.requests) == webhooks.MAX_ATTEMPTS
    # the log shows it, and it can be sent again once the subscriber is back
    page = client_for(admin).get(reverse("webhooks:webhook_detail", args=[subscription.pk]))
    body = page.content.decode()
    assert "Misslyckades" in body and "500" in body and "Skicka igen" in body
    receiver.statuses = [200]
    with TestCase.captureOnCommitCallbacks(execute=True):
        client_for(admin).post(reverse("webhooks:delivery_retry", args=[delivery.pk]))
    run_queued_tasks()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert len({r["headers"]["X-Kompetensnav-Delivery"] for r in receiver.requests}) == 1


def test_a_redirect_is_not_followed(receiver, provider, admin, own_org, token_for):
    _subscribe(admin, receiver.url)
    receiver.statuses = [302]
    course = course_with_sites(provider=own_org, sites=[own_org], sessions=1)
    _register(_api(provider, token_for), course, own_org)
    run_queued_tasks()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.response_status == 302
    assert len(receiver.requests) == 1


def test_addresses_inside_the_network_and_plain_http_are_refused_by_default(
    receiver, settings, provider, admin, own_org, token_for
):
    _subscribe(admin, receiver.url)
    settings.WEBHOOK_ALLOW_HTTP = False
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(webhooks.ValidationError) as refused:
        _subscribe(admin, receiver.url)
    assert "https://" in str(refused.value)
    course = course_with_sites(provider=own_org, sites=[own_org], sessions=1)
    _register(_api(provider, token_for), course, own_org)
    run_queued_tasks()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert "privat" in delivery.error or "private" in delivery.error
    assert receiver.requests == []


def test_a_paused_webhook_is_told_nothing(receiver, provider, admin, own_org, token_for):
    subscription, _secret = _subscribe(admin, receiver.url)
    subscription.is_active = False
    subscription.save()
    course = course_with_sites(provider=own_org, sites=[own_org], sessions=1)
    _register(_api(provider, token_for), course, own_org)
    run_queued_tasks()
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


# --- the pages ---


def test_webhook_added_on_its_page_shows_its_secret_once(client_for, admin, settings):
    client = client_for(admin)
    url = reverse("webhooks:webhook_list")
    assert "Du har inga webhooks." in client.get(url).content.decode()
    bad = client.post(url, {"name": "Kursadmin", "url": "http://kurs.example.se/h", "events": []})
    text = bad.content.decode()
    assert "Välj minst en händelse." in text and "https://" in text
    assert 'value="Kursadmin"' in text  # kept as typed
    created = client.post(
        url,
        {"name": "Kursadmin", "url": "https://kurs.example.se/h", "events": ["need.saved"]},
    )
    text = created.content.decode()
    subscription = WebhookSubscription.objects.get()
    assert f'id="webhook-secret">{subscription.secret}<' in text
    assert subscription.secret not in client.get(url).content.decode()
    assert not subscription.whole_network


def test_webhook_changed_and_deleted_after_confirmation(client_for, admin):
    subscription, _secret = _subscribe(admin, "https://kurs.example.se/h")
    client = client_for(admin)
    detail = reverse("webhooks:webhook_detail", args=[subscription.pk])
    assert (
        client.post(
            detail,
            {"name": "Nytt namn", "url": "https://ny.example.se/h", "events": ["course.published"]},
        ).status_code
        == 302
    )
    subscription.refresh_from_db()
    assert (subscription.name, subscription.events, subscription.is_active) == (
        "Nytt namn",
        ["course.published"],
        False,
    )
    delete = reverse("webhooks:webhook_delete", args=[subscription.pk])
    assert "Nytt namn" in client.get(delete).content.decode()
    assert WebhookSubscription.objects.exists()  # asking deletes nothing
    client.post(delete)
    assert not WebhookSubscription.objects.exists()


def test_delivery_log_is_paginated_in_constant_queries(
    client_for, admin, django_assert_max_num_queries
):
    subscription, _secret = _subscribe(admin, "https://kurs.example.se/h")
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=subscription, event="need.saved", payload={"n": n})
        for n in range(45)
    )
    client = client_for(admin)
    url = reverse("webhooks:webhook_detail", args=[subscription.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        page = client.get(url, {"page": 3}).content.decode()
    assert "Sida 3 av 3" in page
    assert page.count("<code>need.saved</code>") == 5


def test_old_deliveries_are_forgotten(admin):
    from io import StringIO

    from django.core.management import call_command

    subscription, _secret = _subscribe(admin, "https://kurs.example.se/h")
    old, new = (
        WebhookDelivery.objects.create(subscription=subscription, event="need.saved", payload={})
        for _ in range(2)
    )
    WebhookDelivery.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=31))
    call_command("purge_api_requests", stdout=StringIO())
    assert list(WebhookDelivery.objects.values_list("pk", flat=True)) == [new.pk]


def test_an_event_no_one_listens_to_costs_one_query(admin, own_org, django_assert_num_queries):
    _subscribe(admin, "https://kurs.example.se/h", events=["course.published"])
    asked = []
    with django_assert_num_queries(1):
        sent = webhooks.emit(
            webhooks.WebhookEvent.NEED_SAVED,
            organisation_ids=lambda: asked.append("organisations") or {own_org.pk},
            data=lambda: asked.append("data") or {},
        )
    assert sent == 0
    assert asked == []
