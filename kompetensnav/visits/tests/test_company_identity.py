"""Company identity on the visit form: an org. number already registered under another name
asks "did you mean …?" instead of merging silently, and a second visit to the same company on
the same day by the same broker is refused until the broker says it is another visit."""

import pytest
from django.urls import reverse

from kompetensnav.common.demodata import luhn_complete
from kompetensnav.companies.models import Company
from kompetensnav.visits.models import Visit
from tests.factories import CompanyFactory

from .test_views import _form

pytestmark = pytest.mark.django_db
NEW = reverse("visits:visit_create")


def test_a_known_org_number_with_another_name_asks_did_you_mean(client_for, broker):
    number = luhn_complete("556100123")
    known = CompanyFactory(name="Möbelfabriken i Tibro AB", org_number=number)
    client = client_for(broker)
    typed = _form(save="1", new_name="Tibro Möbel", new_org_number=number, notes="Bra möte")
    asked = client.post(NEW, typed)
    html = asked.content.decode()
    assert asked.status_code == 200 and not Visit.objects.exists()
    assert "Menade du Möbelfabriken i Tibro AB?" in html
    assert 'name="existing_confirmed"' in html and 'type="checkbox"' in html
    assert 'value="Tibro Möbel"' in html and "Bra möte" in html  # what was typed stays
    response = client.post(NEW, {**typed, "existing_confirmed": "on"})
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.company == known
    known.refresh_from_db()
    assert known.name == "Möbelfabriken i Tibro AB"  # the register's name is not replaced
    assert Company.objects.count() == 1


def test_the_same_name_in_another_letter_case_is_the_known_company_at_once(client_for, broker):
    number = luhn_complete("556100124")
    known = CompanyFactory(name="Snickeri Väst AB", org_number=number)
    response = client_for(broker).post(
        NEW, _form(save="1", new_name="snickeri  väst ab", new_org_number=number)
    )
    assert response.status_code == 302
    assert Visit.objects.get().company == known


def test_a_second_visit_the_same_day_by_the_same_broker_asks_first(client_for, broker):
    company = CompanyFactory(name="Lackeringen AB")
    client = client_for(broker)
    first = _form(save="1", company=company.pk, date="2026-05-04")
    assert client.post(NEW, first).status_code == 302
    again = client.post(NEW, first)
    html = again.content.decode()
    assert again.status_code == 200
    assert "redan registrerat" in html or "redan loggat" in html or "redan registrerad" in html
    assert 'name="duplicate_confirmed"' in html
    assert Visit.objects.count() == 1
    assert client.post(NEW, {**first, "duplicate_confirmed": "on"}).status_code == 302
    assert Visit.objects.count() == 2
    # another day is no question
    assert client.post(NEW, {**first, "date": "2026-05-05"}).status_code == 302
