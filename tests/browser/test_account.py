"""The user's own account: profile and language, API tokens."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from kompetensnav.accounts.models import ApiToken
from tests.browser.support import follow, submit, visit


def test_profile_language_english_makes_the_interface_english(page, login_as, broker):
    login_as(broker)
    visit(page, "/", label="start page (sv)")
    # the name in the header leads to the account page
    follow(page, page.locator("header a.who"), label="your account (sv)")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("main")).to_contain_text(broker.email)
    expect(page.locator("select[name=language]")).to_have_value("sv")

    page.locator("select[name=language]").select_option("en")
    submit(page, page.locator("main form button[type=submit]"), label="your account (en)")

    assert page.url.endswith(reverse("accounts:profile"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Your account")
    expect(page.locator(".messages .message.success")).to_be_visible()
    expect(page.locator("select[name=language]")).to_have_value("en")
    expect(page.locator("header")).to_contain_text("Log out")
    broker.refresh_from_db()
    assert broker.language == "en"

    # it stays English on the other pages, although the browser asks for Swedish
    visit(page, "/", label="start page (en)")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Welcome")


def test_profile_name_is_required(page, login_as, broker):
    login_as(broker)
    visit(page, reverse("accounts:profile"), label="your account")
    page.locator("input[name=full_name]").fill("")
    submit(page, page.locator("main form button[type=submit]"), label="your account, no name")
    expect(page.locator("input[name=full_name]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main .errorlist").first).to_be_visible()
    broker.refresh_from_db()
    assert broker.full_name


def test_api_token_is_shown_once(page, login_as, org_admin):
    login_as(org_admin)
    visit(page, reverse("accounts:profile"), label="your account")
    follow(
        page,
        page.locator("main a[href='{}']".format(reverse("accounts:api_tokens"))),
        label="API tokens (none yet)",
    )
    expect(page.locator("main .empty")).to_be_visible()
    expect(page.locator("#new-token")).to_have_count(0)

    page.locator("input[name=name]").fill("Lönesystemet")
    expect(page.locator("input[name=scopes][value=read]")).to_be_checked()  # reads by default
    page.get_by_label("Registrera närvaro").check()
    until = timezone.localdate() + timedelta(days=30)
    page.locator("input[name=expires_on]").fill(until.isoformat())
    submit(page, page.locator("main form button[type=submit]"), label="API tokens, new token")
    token = page.locator("#new-token")
    expect(token).to_be_visible()
    key = token.inner_text().strip()
    assert len(key) >= 32 and " " not in key
    expect(page.locator("[role=status]", has=token)).to_be_visible()
    row = page.locator("main table tbody tr", has_text="Lönesystemet")
    expect(row).to_have_count(1)
    stored = ApiToken.objects.get(name="Lönesystemet")
    assert key.startswith(stored.key_hint)
    assert stored.scopes == ["read", "write:attendance"]
    assert timezone.localtime(stored.expires).date() == until
    expect(row).to_contain_text("Registrera närvaro")
    expect(row).to_contain_text(until.isoformat())
    expect(page.locator("input[name=name]")).to_have_value("")  # the form is fresh again

    # shown only once: the next visit lists the token by its hint, never the key
    visit(page, reverse("accounts:api_tokens"), label="API tokens, listed")
    expect(page.locator("#new-token")).to_have_count(0)
    expect(row).to_contain_text(stored.key_hint)
    assert key not in page.content()

    # revoking asks first
    follow(page, row.get_by_role("link"), label="revoke a token (confirm)")
    expect(page.locator("main")).to_contain_text("Lönesystemet")
    expect(page.locator("main")).to_contain_text(stored.key_hint)
    stored.refresh_from_db()
    assert stored.revoked is None  # nothing happens on GET
    submit(page, page.locator("main form button[type=submit]"), label="API tokens, revoked")
    assert page.url.endswith(reverse("accounts:api_tokens"))
    expect(page.locator(".messages .message.success")).to_be_visible()
    expect(row.locator(".badge.warn")).to_be_visible()
    stored.refresh_from_db()
    assert stored.revoked


def test_a_token_that_may_do_nothing_or_expired_already_is_refused(page, login_as, org_admin):
    login_as(org_admin)
    visit(page, reverse("accounts:api_tokens"), label="API tokens")
    page.locator("input[name=name]").fill("Statistik")
    page.locator("input[name=scopes][value=read]").uncheck()
    page.locator("input[name=expires_on]").fill(timezone.localdate().isoformat())
    submit(page, page.locator("main form button[type=submit]"), label="API tokens, bad choices")
    expect(page.locator("main")).to_contain_text("Välj minst en sak som token får göra.")
    expect(page.locator("main")).to_contain_text("Välj en dag efter i dag.")
    expect(page.locator("input[name=name]")).to_have_value("Statistik")  # kept as typed
    assert not ApiToken.objects.exists()


def test_empty_token_name_shows_an_error(page, login_as, org_admin):
    login_as(org_admin)
    visit(page, reverse("accounts:api_tokens"), label="API tokens")
    submit(page, page.locator("main form button[type=submit]"), label="API tokens, no name")
    expect(page.locator("input[name=name]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#new-token")).to_have_count(0)
    assert not ApiToken.objects.exists()


def test_confirmation_after_a_language_change_is_in_the_new_language(page, login_as, broker):
    login_as(broker)
    visit(page, reverse("accounts:profile"), label="your account (sv)")
    page.locator("select[name=language]").select_option("en")
    submit(page, page.locator("main form button[type=submit]"), label="your account (en)")
    expect(page.locator(".messages .message.success")).to_have_text(
        "Your settings have been saved.", timeout=1000
    )
