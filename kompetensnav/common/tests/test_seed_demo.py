import pytest
from django.core.management import CommandError, call_command

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation, User
from kompetensnav.common.demodata import DEMO_PASSWORD
from kompetensnav.network.models import Organisation

pytestmark = pytest.mark.django_db

WEST_SWEDEN = {"fyrbodal", "skaraborg", "sjuharad", "goteborgsregionen", "halland"}


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not Organisation.objects.exists()


def test_seed_demo_builds_the_network_and_demo_logins(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    members = Organisation.objects.exclude(kind="network")
    assert members.count() >= 40
    assert all(
        o.municipality.subregion_id in WEST_SWEDEN for o in members.select_related("municipality")
    )
    for o in members:
        o.full_clean()  # valid organisation numbers
    expected = {
        "samordnare": Role.COORDINATOR,
        "maklare": Role.BROKER,
        "anordnare": Role.COURSE_PROVIDER,
        "styrelse": Role.BOARD,
    }
    for login, role in expected.items():
        user = User.objects.get(email=f"{login}@demo.kompetensnav.se")
        assert user.check_password(DEMO_PASSWORD)
        assert Affiliation.objects.filter(user=user, role=role).exists()
    assert client.login(username="samordnare@demo.kompetensnav.se", password=DEMO_PASSWORD)


def test_seed_demo_if_empty_leaves_existing_data(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    count = Organisation.objects.count()
    call_command("seed_demo", "--if-empty", verbosity=0)
    assert Organisation.objects.count() == count
    with pytest.raises(CommandError):
        call_command("seed_demo")
