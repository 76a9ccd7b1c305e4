"""The demo shows the warnings: an ESF project heading for a co-financing shortfall and an
Erasmus+ project under its utilisation target (journeys 6 and 7)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from kompetensnav.accounts.models import User
from kompetensnav.projects.cofinancing import cofinancing
from kompetensnav.projects.models import Project
from kompetensnav.projects.selectors import utilisation

pytestmark = pytest.mark.django_db


def test_demo_projects_show_the_warnings(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    esf = Project.objects.get(external_id="demo-esf-kompetenslyftet")
    result = cofinancing(esf)
    assert result.target and result.shortfall
    erasmus = Project.objects.get(external_id="demo-erasmus-ackreditering")
    student, staff = utilisation([erasmus])[erasmus.pk]
    assert (student.places_used_pct, student.budget_used_pct) == (39, 21)
    assert student.force_majeure == 2 and student.below_target
    client.force_login(User.objects.get(email="samordnare@demo.kompetensnav.se"))
    page = client.get(reverse("projects:project_detail", args=[esf.pk]))
    assert "Varning: medfinansieringen kommer inte att räcka." in page.content.decode()
    page = client.get(reverse("projects:erasmus"))
    assert "Under målet:" in page.content.decode()
