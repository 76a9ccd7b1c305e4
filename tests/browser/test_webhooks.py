"""Webhooks as an organisation admin meets them: found in the menu, added (a
bad address answered by its field, what was typed kept), the secret shown once, the delivery
log with a failed event sent again, deleted after confirmation; and the pages at 320 px."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kompetensnav.api.models import DeliveryStatus, WebhookDelivery, WebhookSubscription
from tests.browser.support import assert_no_horizontal_scroll, follow, submit, visit

LONG_URL = "https://kursadministration.kommunalforbundet-fyrbodal.example.se/integrationer/kompetensnav/webhook"


def test_webhook_added_watched_sent_again_and_deleted(page, login_as, org_admin):
    login_as(org_admin)
    visit(page, "/", label="start page")
    follow(page, page.locator("header nav a", has_text="Webhooks"), label="webhooks (none yet)")
    expect(page.locator("main .empty")).to_contain_text("Du har inga webhooks.")

    page.locator("input[name=name]").fill("Kursadministrationen")
    page.locator("input[name=url]").fill("http://kurs.example.se/hook")
    page.get_by_label("En deltagare anmäldes till en utbildning").check()
    submit(page, page.locator("main form button[type=submit]"), label="webhooks, http address")
    expect(page.locator("input[name=url]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main")).to_contain_text("Använd en https://-adress")
    expect(page.locator("input[name=name]")).to_have_value("Kursadministrationen")
    expect(page.get_by_label("En deltagare anmäldes till en utbildning")).to_be_checked()

    page.locator("input[name=url]").fill(LONG_URL)
    submit(page, page.locator("main form button[type=submit]"), label="webhooks, added")
    subscription = WebhookSubscription.objects.get()
    expect(page.locator("#webhook-secret")).to_have_text(subscription.secret)
    row = page.locator("main table tbody tr", has_text="Kursadministrationen")
    expect(row).to_contain_text("En deltagare anmäldes till en utbildning")

    # the log: one delivered, one failed after every attempt
    WebhookDelivery.objects.create(
        subscription=subscription,
        event="registration.created",
        payload={},
        status=DeliveryStatus.DELIVERED,
        attempts=1,
        response_status=200,
    )
    WebhookDelivery.objects.create(
        subscription=subscription,
        event="registration.created",
        payload={},
        status=DeliveryStatus.FAILED,
        attempts=6,
        response_status=503,
        error="Mottagaren svarade 503.",
    )
    follow(page, row.get_by_role("link", name="Kursadministrationen"), label="webhook, its log")
    expect(page.locator("#webhook-secret")).to_have_count(0)  # shown once only
    failed = page.locator("main table tbody tr", has_text="Misslyckades")
    expect(failed).to_contain_text("Mottagaren svarade 503.")
    submit(page, failed.get_by_role("button", name="Skicka igen"), label="webhook, sent again")
    expect(page.locator(".messages .message.success")).to_contain_text("skickas igen")
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING).count() == 1

    follow(page, page.get_by_role("link", name="Ta bort webhook"), label="webhook, delete?")
    expect(page.locator("main")).to_contain_text("Det går inte att ångra.")
    assert WebhookSubscription.objects.exists()
    submit(page, page.get_by_role("button", name="Ta bort"), label="webhooks, deleted")
    expect(page.locator("main .empty")).to_be_visible()
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    "browser_context", [{"viewport": {"width": 320, "height": 640}}], indirect=True
)
def test_webhook_pages_reflow_at_320_px(page, browser_context, login_as, org_admin):
    subscription = WebhookSubscription.objects.create(
        organisation=org_admin.affiliations.get().organisation,
        name="Kursadministrationssystemet",
        url=LONG_URL,
        secret="s",
        events=["registration.created", "attendance.saved", "need.saved"],
    )
    WebhookDelivery.objects.create(
        subscription=subscription,
        event="attendance.saved",
        payload={},
        status=DeliveryStatus.FAILED,
        attempts=6,
        error="Inget svar: [Errno 111] Connection refused",
    )
    login_as(org_admin)
    for path in (
        reverse("webhooks:webhook_list"),
        reverse("webhooks:webhook_detail", args=[subscription.pk]),
        reverse("webhooks:webhook_delete", args=[subscription.pk]),
    ):
        visit(page, path, label=f"{path} at 320 px")
        assert_no_horizontal_scroll(page, f"{path} at 320 px")
