"""The demo has answered questionnaires, so the results pages show real-looking figures."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from kompetensnav.questionnaires.enums import Channel
from kompetensnav.questionnaires.models import Invitation, Questionnaire, Response

pytestmark = pytest.mark.django_db


def test_demo_answers_the_questionnaires(settings, client_for, make_user):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    visit = Questionnaire.objects.get(key="visit")
    assert visit.versions.filter(status="published").count() == 2
    assert visit.versions.get(number=1).frozen
    public = Response.objects.filter(version__questionnaire=visit, channel=Channel.PUBLIC)
    assert public.count() >= 150
    years = {d.year for d in public.values_list("submitted_on", flat=True)}
    assert len(years) >= 3
    assert public.filter(company__isnull=False).count() > public.count() / 2
    assert all(r.is_anonymous and r.submitted_at is None for r in public)
    gap = Response.objects.filter(version__questionnaire__key="gap-analysis")
    assert gap.count() == 36 and gap.filter(organisation__isnull=False).exists()
    invitations = Invitation.objects.filter(version__questionnaire__key="visit-follow-up")
    assert invitations.count() == 30
    assert invitations.filter(answered_at__isnull=False).count() == 18

    coordinator = make_user("coordinator")
    page = client_for(coordinator).get(reverse("questionnaires:results", args=[visit.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "data:image/svg+xml" in html
    assert page.context["total"] >= 150
