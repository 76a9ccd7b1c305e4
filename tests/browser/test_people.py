"""An organisation admin manages the people of their organisation."""

from django.urls import reverse
from playwright.sync_api import expect

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation
from tests.browser.support import follow, submit, visit


def test_org_admin_adds_a_person_and_filters_the_list(
    page, login_as, org_admin, make_user, own_org
):
    make_user(Role.VIEWER, own_org, full_name="Per Persson", email="per.persson@example.se")
    login_as(org_admin)
    visit(page, "/", label="start page")
    follow(
        page,
        page.locator("header nav a[href='{}']".format(reverse("accounts:people"))),
        label="people and roles",
    )
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)  # the admin and Per
    expect(page.locator("main table")).to_contain_text("per.persson@example.se")

    follow(
        page,
        page.locator("main a[href='{}']".format(reverse("accounts:person_invite"))),
        label="add a person (empty form)",
    )
    page.locator("input[name=full_name]").fill("Karin Åberg")
    page.locator("input[name=email]").fill("Karin.Aberg@Example.se")
    page.locator("select[name=role]").select_option(Role.BROKER.value)
    submit(page, page.locator("main form button[type=submit]"), label="people and roles, added")

    assert page.url.endswith(reverse("accounts:people"))
    message = page.locator(".messages .message.success")
    expect(message).to_contain_text("karin.aberg@example.se")
    expect(page.locator(".messages")).to_have_attribute("role", "status")
    expect(rows).to_have_count(3)
    added = rows.filter(has_text="karin.aberg@example.se")
    expect(added).to_contain_text("Karin Åberg")
    expect(added).to_contain_text(own_org.name)
    assert Affiliation.objects.get(user__email="karin.aberg@example.se").role == Role.BROKER

    # filter by text (any case)
    page.locator("form[role=search] input[name=q]").fill("KARIN")
    submit(page, page.locator("form[role=search] button[type=submit]"), label="people, filtered")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("karin.aberg@example.se")
    expect(page.locator("form[role=search] input[name=q]")).to_have_value("KARIN")

    # filter by role
    page.locator("form[role=search] input[name=q]").fill("")
    page.locator("form[role=search] select[name=role]").select_option(Role.VIEWER.value)
    submit(page, page.locator("form[role=search] button[type=submit]"), label="people, by role")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("per.persson@example.se")

    # nothing matches: an explanation instead of an empty table
    page.locator("form[role=search] input[name=q]").fill("finns-inte")
    page.locator("form[role=search] select[name=role]").select_option("")
    submit(page, page.locator("form[role=search] button[type=submit]"), label="people, no match")
    expect(rows).to_have_count(0)
    expect(page.locator("main .empty")).to_be_visible()


def test_invite_with_a_bad_email_shows_the_error_and_keeps_what_was_typed(
    page, login_as, org_admin
):
    login_as(org_admin)
    visit(page, reverse("accounts:person_invite"), label="add a person (empty form)")
    page.locator("input[name=full_name]").fill("Karin Åberg")
    page.locator("input[name=email]").fill("karin.aberg@")
    page.locator("select[name=role]").select_option(Role.BROKER.value)
    submit(page, page.locator("main form button[type=submit]"), label="add a person, bad e-mail")

    assert page.url.endswith(reverse("accounts:person_invite"))
    email = page.locator("input[name=email]")
    expect(email).to_have_attribute("aria-invalid", "true")
    # the message is tied to the field, so screen readers read it with the field
    described_by = email.get_attribute("aria-describedby") or ""
    error_ids = [i for i in described_by.split() if "error" in i]
    assert error_ids, f"the error is not linked to the field: aria-describedby={described_by!r}"
    expect(page.locator(f"#{error_ids[0]}")).to_be_visible()
    expect(page.locator(f"#{error_ids[0]}")).not_to_be_empty()
    expect(email).to_have_value("karin.aberg@")
    expect(page.locator("input[name=full_name]")).to_have_value("Karin Åberg")
    expect(page.locator("select[name=role]")).to_have_value(Role.BROKER.value)
    assert not Affiliation.objects.filter(user__email__startswith="karin").exists()


def test_org_admin_changes_a_role(page, login_as, org_admin, make_user, own_org):
    person = make_user(Role.VIEWER, own_org, full_name="Per Persson")
    affiliation = person.affiliations.get()
    login_as(org_admin)
    visit(page, reverse("accounts:people"), label="people and roles")
    follow(page, page.get_by_role("link", name="Per Persson"), label="edit a person")
    expect(page.locator("h1")).to_have_text("Per Persson")
    page.locator("select[name=role]").select_option(Role.BROKER.value)
    submit(page, page.locator("main form button[type=submit]"), label="people and roles, saved")
    expect(page.locator(".messages .message.success")).to_be_visible()
    expect(page.locator("main table tbody tr", has_text="Per Persson")).to_be_visible()
    affiliation.refresh_from_db()
    assert affiliation.role == Role.BROKER


def test_people_search_ignores_the_case_of_swedish_letters(page, login_as, org_admin, make_user):
    make_user(Role.VIEWER, org_admin.affiliations.get().organisation, full_name="Örjan Åberg")
    login_as(org_admin)
    visit(page, reverse("accounts:people") + "?q=åberg", label="people, searched in lower case")
    expect(page.locator("main table tbody tr")).to_have_count(1, timeout=1000)
