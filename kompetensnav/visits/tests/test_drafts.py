"""A half-filled visit kept as a draft and finished later: only its author sees it; saving
the visit removes it; old drafts are purged; it is part of the person's data."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kompetensnav.common.people import person_data, person_erase
from kompetensnav.visits import services
from kompetensnav.visits.models import Visit, VisitDraft
from tests.factories import CompanyFactory

from .test_views import NEW, _form

pytestmark = pytest.mark.django_db


def _keep(client, **fields):
    data = _form(save_draft="1", **fields)
    data.pop("date")
    return client.post(NEW, data)


def test_keeping_a_half_filled_visit_needs_no_valid_field_and_logs_nothing(client_for, broker):
    company = CompanyFactory(name="Vänerns Möbelsnickeri AB")
    client = client_for(broker)
    response = _keep(
        client, company=company.pk, notes="Vi hann bara börja", **{"needs-0-area": "CNC"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("visits:visit_list")
    assert not Visit.objects.exists()
    draft = VisitDraft.objects.get()
    assert draft.author == broker and draft.title == "Vänerns Möbelsnickeri AB"
    assert draft.data["notes"] == ["Vi hann bara börja"] and "csrfmiddlewaretoken" not in draft.data
    assert "save_draft" not in draft.data

    listing = client.get(reverse("visits:visit_list")).content.decode()
    assert "Dina utkast" in listing and "Vänerns Möbelsnickeri AB" in listing
    home = client.get(reverse("common:home")).content.decode()
    assert "Besök att slutföra" in home and f"?draft={draft.pk}" in home


def test_a_resumed_draft_shows_what_was_typed_without_errors_and_saving_it_logs_the_visit(
    client_for, broker
):
    company = CompanyFactory(name="Hotell Kustbris AB")
    client = client_for(broker)
    _keep(client, company=company.pk, advice="Tipsa om svenska", **{"needs-0-area": "Svenska"})
    draft = VisitDraft.objects.get()

    page = client.get(f"{NEW}?draft={draft.pk}").content.decode()
    assert "Hotell Kustbris AB" in page and "Tipsa om svenska" in page and 'value="Svenska"' in page
    assert f'name="draft" value="{draft.pk}"' in page
    assert "errorlist" not in page and 'aria-invalid="true"' not in page  # nothing judged yet

    # keep it again with more: the same draft is updated
    _keep(client, draft=draft.pk, company=company.pk, advice="Tipsa om svenska och truck")
    assert VisitDraft.objects.get().data["advice"] == ["Tipsa om svenska och truck"]

    response = client.post(NEW, _form(draft=draft.pk, company=company.pk, advice="Klart", save="1"))
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.advice == "Klart" and visit.company == company
    assert not VisitDraft.objects.exists()


def test_a_visit_that_fails_to_save_keeps_its_draft(client_for, broker):
    client = client_for(broker)
    _keep(client, notes="Anteckning")
    draft = VisitDraft.objects.get()
    response = client.post(NEW, _form(draft=draft.pk, notes="Anteckning", save="1"))
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert VisitDraft.objects.filter(pk=draft.pk).exists() and not Visit.objects.exists()


def test_another_persons_draft_is_not_found(client_for, broker, make_user, own_org):
    colleague = make_user("broker", own_org, email="kollega@example.se")
    _keep(client_for(colleague), notes="Min anteckning")
    draft = VisitDraft.objects.get()
    client = client_for(broker)
    assert client.get(f"{NEW}?draft={draft.pk}").status_code == 404
    assert client.get(f"{NEW}?draft=x").status_code == 404
    assert client.post(reverse("visits:draft_delete", args=[draft.pk])).status_code == 404
    assert client.post(NEW, _form(draft=draft.pk, save_draft="1", notes="Kapat")).status_code == 404
    assert VisitDraft.objects.get().data["notes"] == ["Min anteckning"]
    assert "Min anteckning" not in client.get(reverse("visits:visit_list")).content.decode()


def test_discarding_asks_first(client_for, broker):
    client = client_for(broker)
    _keep(client, notes="Slänga")
    draft = VisitDraft.objects.get()
    url = reverse("visits:draft_delete", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Slänga utkastet?" in page and VisitDraft.objects.exists()
    assert client.post(url).status_code == 302
    assert not VisitDraft.objects.exists()


def test_a_person_keeps_at_most_twenty_drafts_and_is_told_why(client_for, broker, own_org):
    for _n in range(services.DRAFTS_PER_PERSON):
        VisitDraft.objects.create(author=broker, organisation=own_org, data={})
    response = _keep(client_for(broker), notes="En till")
    html = response.content.decode()
    assert response.status_code == 200 and "avsluta eller ta bort" in html
    assert "En till" in html  # what was typed stays on the form
    assert VisitDraft.objects.count() == services.DRAFTS_PER_PERSON


def test_untouched_drafts_are_purged_by_the_daily_job(broker, own_org):
    old = VisitDraft.objects.create(author=broker, organisation=own_org, data={})
    VisitDraft.objects.filter(pk=old.pk).update(
        updated=timezone.now() - timedelta(days=services.DRAFT_DAYS + 1)
    )
    young = VisitDraft.objects.create(author=broker, organisation=own_org, data={})
    out = StringIO()
    call_command("purge_visit_drafts", stdout=out)
    assert "1 besöksutkast" in out.getvalue()
    assert list(VisitDraft.objects.values_list("pk", flat=True)) == [young.pk]


def test_drafts_are_part_of_the_persons_data_and_go_with_an_erasure(broker, own_org):
    VisitDraft.objects.create(
        author=broker, organisation=own_org, data={"notes": ["Ring Kim"]}, title="Svets AB"
    )
    data = person_data(broker.email.upper())
    assert data["visit_drafts"][0]["visit_drafts"][0]["form"] == {"notes": ["Ring Kim"]}
    person_erase(broker.email)
    assert not VisitDraft.objects.exists()


def test_a_draft_begun_from_the_visit_plan_keeps_its_plan_entry(client_for, broker, own_org):
    from kompetensnav.visits.models import PlanItem
    from kompetensnav.visits.tests.factories import PlanItemFactory

    item = PlanItemFactory(organisation=own_org, company=CompanyFactory(name="Planerat AB"))
    client = client_for(broker)
    _keep(client, plan=item.pk, company=item.company_id, notes="Börjat")
    draft = VisitDraft.objects.get()
    page = client.get(f"{NEW}?draft={draft.pk}").content.decode()
    assert f'name="plan" value="{item.pk}"' in page
    client.post(NEW, _form(draft=draft.pk, plan=item.pk, company=item.company_id, save="1"))
    item.refresh_from_db()
    assert item.status == "visited" and item.visit == Visit.objects.get()
    assert not VisitDraft.objects.exists() and PlanItem.objects.count() == 1
