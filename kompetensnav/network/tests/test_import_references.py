"""An organisation referred to by what people know: its interchange id, its org. number or
its name (an organisation made in the UI has no interchange id to give)."""

import pytest

from kompetensnav.interchange.importer import run_import
from kompetensnav.interchange.registry import KINDS
from kompetensnav.interchange.tables import open_table
from kompetensnav.network.models import Contact, Event, Membership
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _import(kind: str, text: str, **options):
    return run_import(KINDS[kind], open_table(text.encode("utf-8"), "fil.csv"), **options)


@pytest.fixture
def schools():
    made_in_the_ui = OrganisationFactory(
        name="Lärcentrum Väst", org_number="212000-1355", external_id=None
    )
    twin_a = OrganisationFactory(name="Vuxenutbildningen", org_number="", external_id=None)
    twin_b = OrganisationFactory(name="Vuxenutbildningen", org_number="", external_id="vux2")
    return made_in_the_ui, twin_a, twin_b


def test_a_contact_list_names_its_organisations_by_name_or_org_number(schools):
    made_in_the_ui, _a, _b = schools
    result = _import(
        "contacts",
        "Id;Organisation;Namn;E-post\n"
        "k1;lärcentrum  VÄST;Ada Berg;ada@example.se\n"
        "k2;2120001355;Bo Lind;bo@example.se\n",
    )
    assert result.ok, result.errors
    assert set(Contact.objects.values_list("organisation", flat=True)) == {made_in_the_ui.pk}


def test_an_ambiguous_name_lists_the_candidates_and_an_unknown_one_says_what_to_give(schools):
    result = _import(
        "contacts",
        "id,organisation,name\nk1,Vuxenutbildningen,Ada\nk2,Okänd skola,Bo\nk3,vux2,Cem\n",
        dry_run=True,
    )
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert set(messages) == {(1, "organisation"), (2, "organisation")}
    assert (
        "matchar flera organisationer: Vuxenutbildningen; Vuxenutbildningen"
        in messages[(1, "organisation")]
    )
    assert (
        "Ingen organisation har id, organisationsnummer eller namn ”Okänd skola”"
        in messages[(2, "organisation")]
    )


def test_an_id_of_the_file_wins_over_a_name(schools):
    result = _import(
        "organisations",
        "id,name,kind\nVuxenutbildningen,Ny skola,adult_education\n",
    )
    assert result.ok, result.errors
    result = _import("contacts", "id,organisation,name\nk1,Vuxenutbildningen,Ada\n")
    assert result.ok, result.errors
    assert Contact.objects.get().organisation.name == "Ny skola"


def test_memberships_and_events_take_names_too(schools):
    made_in_the_ui, _a, _b = schools
    assert _import("memberships", "id,organisation,year,fee_paid\nm1,Lärcentrum Väst,2026,ja\n").ok
    assert Membership.objects.get().organisation == made_in_the_ui
    assert _import(
        "events", "id,kind,date,organiser\ne1,network_meeting,2026-03-01,212000-1355\n"
    ).ok
    assert Event.objects.get().organiser == made_in_the_ui


def test_historical_visits_name_the_company_and_the_organisation_as_people_do(schools):
    from tests.factories import CompanyFactory

    made_in_the_ui, _a, _b = schools
    company = CompanyFactory(name="Vänerns Möbelsnickeri AB", external_id=None)
    result = _import(
        "visits",
        "id;datum;företag;organisation\n"
        f"v1;2024-05-02;{company.org_number};Lärcentrum Väst\n"
        "v2;2024-05-03;vänerns möbelsnickeri ab;212000-1355\n",
    )
    assert result.ok, result.errors
    from kompetensnav.visits.models import Visit

    assert set(Visit.objects.values_list("company", "organisation")) == {
        (company.pk, made_in_the_ui.pk)
    }


def test_sessions_and_registrations_name_their_course_by_title(schools):
    from kompetensnav.campus.tests.factories import CourseFactory
    from kompetensnav.participants.models import Participant, Registration

    made_in_the_ui, _a, _b = schools
    course = CourseFactory(provider=made_in_the_ui, title_sv="Truckkort A+B", external_id=None)
    CourseFactory(provider=made_in_the_ui, title_sv="Svenska för yrkeslivet", external_id=None)
    CourseFactory(provider=made_in_the_ui, title_sv="Svenska för yrkeslivet", external_id=None)
    assert _import(
        "sessions", "id,course,start,end\ns1,truckkort a+b,2025-03-01T09:00,2025-03-01T12:00\n"
    ).ok
    assert course.sessions.count() == 1
    Participant.objects.create(external_id="p1", gender="F")
    result = _import(
        "registrations",
        "id,participant,course,registered\nr1,p1,Truckkort A+B,2025-02-01\n"
        "r2,p1,Svenska för yrkeslivet,2025-02-01\n",
        dry_run=True,
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "course")]
    assert "är titeln på flera kurser" in result.errors[0].message
    assert _import(
        "registrations", "id,participant,course,registered\nr1,p1,Truckkort A+B,2025-02-01\n"
    ).ok
    assert Registration.objects.get().course == course
