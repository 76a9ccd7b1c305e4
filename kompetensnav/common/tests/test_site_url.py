"""Every link that leaves the page (e-mails, signed links, addresses to copy) is on the site's
own address, settings.SITE_URL, whatever host the request came in on: behind a reverse proxy
the app server sees its own address (docs/deploy.md)."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.participants.tests.factories import course_with_sites
from tests.factories import OrganisationFactory
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db

SITE = "https://kompetens.example.se"
INTERNAL = {"HTTP_HOST": "127.0.0.1:8000"}  # as gunicorn sees a request behind the proxy


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def _only_site_links(text: str) -> None:
    links = _links(text)
    assert links, text
    assert all(link.startswith(SITE + "/") for link in links), links


@override_settings(SITE_URL=SITE)
def test_an_invitation_links_to_the_site(
    client_for, coordinator, own_org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(
            reverse("accounts:person_invite"),
            {"full_name": "Kim Ny", "email": "kim@example.se", "role": Role.BROKER,
             "organisation": own_org.pk},
            **INTERNAL,
        )  # fmt: skip
    assert response.status_code == 302
    run_queued_tasks()
    (message,) = mail.outbox
    _only_site_links(message.body)


@override_settings(SITE_URL=SITE)
def test_a_registrations_mail_links_to_the_site(
    client, own_org, django_capture_on_commit_callbacks
):
    site = OrganisationFactory(name="Lärcentrum Borås")
    course = course_with_sites(provider=own_org, sites=[site], capacity=2, sessions=1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("registration:register", kwargs={"pk": course.pk}),
            {"full_name": "Ali Hassan", "email": "ali@example.se", "place": str(site.pk),
             "gender": "M", "consent": "on", "employer_org_number": "", "employer_name": "",
             "website": ""},
            **INTERNAL,
        )  # fmt: skip
    run_queued_tasks()
    (message,) = mail.outbox
    assert "/register/cancel/" in message.body
    _only_site_links(message.body)


@override_settings(SITE_URL=SITE)
def test_a_password_reset_mail_links_to_and_names_the_site(
    client, broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": broker.email}, **INTERNAL)
    run_queued_tasks()
    (message,) = mail.outbox
    assert "/accounts/password/reset/key/" in message.body
    _only_site_links(message.body)
    assert "127.0.0.1" not in message.body + message.subject
