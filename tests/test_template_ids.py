"""Ids in templates are written as they are: with USE_THOUSAND_SEPARATOR a bare {{ x.pk }}
of 1132 is rendered "1 132" in Swedish, which broke every link, option value and hidden
field that carried an id of 1,000 or more (the company page's "Log a visit" went to
?company=1 132). Every id a template prints goes through |unlocalize."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import CompanyFactory

ROOT = Path(__file__).resolve().parents[1] / "kompetensnav"
BARE_ID = re.compile(r"\{\{\s*([\w.]*(?:\.pk|\.id|_id|_pk))\s*\}\}")
TEXT_IDS = ("auto_id", "section_id")  # HTML ids made of words, not numbers
# a number in an attribute of a progress bar or meter ("30 009" is no number to a browser)
GAUGE = re.compile(r'\b(?:max|min|value|low|high|optimum)="\{\{[^}]*\}\}"')


def test_no_template_prints_a_bare_id():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {match.group(0)}"
        for path in ROOT.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in BARE_ID.finditer(line)
        if not match.group(1).endswith(TEXT_IDS)
    ]
    assert not found, "ids printed without |unlocalize:\n" + "\n".join(found)


def test_no_progress_bar_or_meter_prints_a_localized_number():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {match.group(0)}"
        for path in ROOT.rglob("*.html")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "<progress" in line or "<meter" in line
        for match in GAUGE.finditer(line)
        if "unlocalize" not in match.group(0)
    ]
    assert not found, "numbers of gauges printed without |unlocalize:\n" + "\n".join(found)


@pytest.mark.django_db
def test_a_link_with_an_id_of_thousands_keeps_its_digits_together(client_for, broker):
    company = CompanyFactory(pk=12345)
    html = client_for(broker).get(reverse("companies:company_detail", args=[company.pk])).text
    assert f'href="{reverse("visits:visit_create")}?company=12345"' in html
