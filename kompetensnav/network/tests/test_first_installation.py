"""A new installation gets its first coordinator from the command line (createcoordinator);
coordinators then create organisations in the web interface. A superuser is for the Django
admin only: with no role, the product's pages refuse them (403), never a server error."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation, User
from kompetensnav.network.models import Organisation

pytestmark = pytest.mark.django_db

PASSWORD = "ett-långt-lösenord-2026"


def _create(*args: str, **env) -> str:
    out = io.StringIO()
    call_command("createcoordinator", *args, stdout=out)
    return out.getvalue()


def test_createcoordinator_creates_the_network_office_and_its_coordinator(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    out = _create(
        "--email", "Samordnare@Example.se", "--organisation", "Nätverkskansliet Väst",
        "--municipality", "1480", "--name", "Sam Ordnare", "--no-input",
    )  # fmt: skip
    affiliation = Affiliation.objects.select_related("user", "organisation").get()
    assert affiliation.role == Role.COORDINATOR
    assert affiliation.user.email == "samordnare@example.se"
    assert affiliation.user.full_name == "Sam Ordnare"
    assert affiliation.user.check_password(PASSWORD)
    assert not affiliation.user.is_superuser and not affiliation.user.is_staff
    organisation = affiliation.organisation
    assert (organisation.name, organisation.kind) == ("Nätverkskansliet Väst", "network")
    assert organisation.municipality_id == "1480"
    assert "samordnare@example.se is a network coordinator in Nätverkskansliet Väst" in out


def test_the_first_coordinator_signs_in_and_reaches_the_new_organisation_page(client, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    _create("--email", "s@example.se", "--organisation", "Kansliet", "--no-input")
    assert client.login(email="s@example.se", password=PASSWORD)
    assert client.get(reverse("network:organisation_create")).status_code == 200


def test_without_a_password_the_account_has_none_and_the_command_says_how_to_sign_in(
    monkeypatch,
):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    out = _create("--email", "s@example.se", "--organisation", "Kansliet", "--no-input")
    assert not User.objects.get().has_usable_password()
    assert "Forgot your password?" in out


def test_an_existing_organisation_of_that_name_is_used(own_org, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    _create("--email", "s@example.se", "--organisation", own_org.name.upper(), "--no-input")
    assert Affiliation.objects.get().organisation == own_org
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--municipality", "9999"], PASSWORD, "No municipality has the code '9999'"),
        ([], "kort", "DJANGO_SUPERUSER_PASSWORD: "),
        ([], "samordnare", "DJANGO_SUPERUSER_PASSWORD: "),  # too like the address
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_created(
    args, env, message, monkeypatch
):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", env)
    with pytest.raises(CommandError, match=message):
        _create("--email", "samordnare@example.se", "--organisation", "K", "--no-input", *args)
    assert not User.objects.exists() and not Organisation.objects.exists()


def test_a_second_run_for_the_same_person_is_refused(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    _create("--email", "s@example.se", "--organisation", "Kansliet", "--no-input")
    with pytest.raises(CommandError, match="har redan en roll i Kansliet"):  # in Swedish
        _create("--email", "S@example.se", "--organisation", "Kansliet", "--no-input")
    assert Affiliation.objects.count() == 1


def test_asked_for_the_password_twice_until_they_agree_and_pass_the_rules(monkeypatch):
    typed = iter(["a", "b", "kort", "kort", PASSWORD, PASSWORD])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    err = io.StringIO()
    call_command(
        "createcoordinator", "--email", "s@example.se", "--organisation", "K",
        stdout=io.StringIO(), stderr=err,
    )  # fmt: skip
    assert "The passwords differ" in err.getvalue()
    assert User.objects.get().check_password(PASSWORD)


# --- organisations in the web interface --------------------------------------------------


def test_coordinator_creates_an_organisation(client_for, coordinator):
    client = client_for(coordinator)
    page = client.get(reverse("network:organisation_list")).text
    assert f'href="{reverse("network:organisation_create")}"' in page
    response = client.post(
        reverse("network:organisation_create"),
        {"name": "  Lärcentrum  Ny ", "kind": "learning_centre", "org_number": "",
         "municipality": "1490"},
    )  # fmt: skip
    created = Organisation.objects.get(name="Lärcentrum Ny")
    assert response.status_code == 302
    assert response["Location"] == reverse("network:organisation_detail", args=[created.pk])
    assert (created.kind, created.municipality_id) == ("learning_centre", "1490")


@pytest.mark.parametrize(
    ("name", "org_number", "field"),
    [("Lärcentrum Egen", "", "name"), ("Lärcentrum Ny", "123", "org_number")],
)
def test_a_name_taken_or_a_bad_org_number_keeps_what_was_typed(
    name, org_number, field, client_for, coordinator, own_org
):
    response = client_for(coordinator).post(
        reverse("network:organisation_create"),
        {"name": name, "kind": "learning_centre", "org_number": org_number},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert f'value="{name}"' in response.text
    assert Organisation.objects.count() == 2  # own_org and the coordinator's


def test_the_new_organisation_button_is_for_coordinators_only(client_for, org_admin):
    page = client_for(org_admin).get(reverse("network:organisation_list")).text
    assert reverse("network:organisation_create") not in page


# --- a superuser with no role ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["accounts:person_invite", "accounts:people", "network:organisation_create"]
)
def test_a_superuser_with_no_role_is_refused_the_products_pages(name, client):
    superuser = User.objects.create_superuser(email="root@example.se", password=PASSWORD)
    client.force_login(superuser)
    assert client.get(reverse(name)).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 200  # the admin stays theirs
