"""seed_demo refuses to run without DEBUG; what it builds is checked in tests/test_demo.py."""

import pytest
from django.core.management import CommandError, call_command

from kompetensnav.network.models import Organisation

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not Organisation.objects.exists()
