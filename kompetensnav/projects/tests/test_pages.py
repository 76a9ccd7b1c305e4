"""Project pages and Erasmus+ utilisation: known answers, warnings, permissions, query counts."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kompetensnav.projects import selectors, services
from kompetensnav.projects.models import Mobility, Project, ProjectPartner

pytestmark = pytest.mark.django_db


@pytest.fixture
def erasmus(own_org):
    project = Project.objects.create(
        name="Erasmus+ Väst",
        funder="erasmus_plus",
        start=date(2025, 1, 1),
        end=date(2026, 12, 31),
        granted_places_student=100,
        granted_places_staff=10,
        budget_student_sek=Decimal(1_000_000),
        budget_staff_sek=Decimal(200_000),
    )
    ProjectPartner.objects.create(project=project, organisation=own_org, role="lead")
    for n in range(39):
        Mobility.objects.create(
            project=project,
            kind="student",
            status="completed",
            start=date(2025, 3, 1),
            grant_sek=Decimal(11_000 if n == 0 else 5_000) + (Decimal(250) if n >= 3 else 0),
        )
    for _n in range(30):
        Mobility.objects.create(project=project, kind="student", status="planned")
    for _n in range(2):
        Mobility.objects.create(project=project, kind="student", status="force_majeure")
    for _n in range(8):
        Mobility.objects.create(
            project=project, kind="staff", status="completed", grant_sek=Decimal(20_000)
        )
    return project


def test_utilisation_known_answers(erasmus):
    # halfway through the project period
    student, staff = selectors.utilisation(projects=[erasmus], today=date(2025, 12, 31))[erasmus.pk]
    assert student.places_used_pct == Decimal("39.0")
    assert student.budget_used_pct == Decimal("21.0")
    assert student.with_planned_pct == Decimal("69.0")
    assert student.force_majeure == 2
    assert student.places_to_target == 41
    # 39 completed after half the period: 78 projected at the end
    assert student.projected_pct == Decimal("78.1")  # 364 of 729 days have passed
    assert student.below_target is True
    assert student.target_met is False
    assert staff.places_used_pct == Decimal("80.0")
    assert staff.target_met is True
    assert staff.below_target is False


def test_utilisation_before_start_has_no_projection(erasmus):
    (student, _staff) = selectors.utilisation(projects=[erasmus], today=date(2024, 6, 1))[
        erasmus.pk
    ]
    assert student.projected_pct is None


def test_erasmus_page_shows_target_warning_and_force_majeure(client_for, coordinator, erasmus):
    response = client_for(coordinator).get(reverse("projects:erasmus"))
    text = response.content.decode()
    assert "Erasmus+ Väst" in text
    assert "39,0 %" in text and "21,0 %" in text
    assert "41" in text  # completed mobilities still missing to reach 80 %
    assert "Force majeure" in text


def test_erasmus_page_query_count_flat(
    client_for, coordinator, erasmus, django_assert_max_num_queries
):
    for n in range(5):
        Project.objects.create(name=f"E{n}", funder="erasmus_plus", granted_places_student=5)
    client = client_for(coordinator)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("projects:erasmus")).status_code == 200


def test_project_list_query_count_flat(client_for, broker, django_assert_max_num_queries):
    for n in range(30):
        Project.objects.create(name=f"Projekt {n}", funder="esf")
    client = client_for(broker)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("projects:project_list"), {"funder": "esf"})
    assert response.status_code == 200
    assert "30 projekt" in response.content.decode()


def test_lead_admin_edits_own_project_other_admin_refused(org_admin, foreign_admin, erasmus):
    services.project_save(actor=org_admin, project=erasmus, name="Nytt namn")
    assert Project.objects.get(pk=erasmus.pk).name == "Nytt namn"
    with pytest.raises(PermissionDenied):
        services.project_save(actor=foreign_admin, project=erasmus, name="Kapat")


def test_project_form_keeps_input_and_explains_bad_period(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("projects:project_create"),
        {
            "name": "Kompetenslyftet",
            "funder": "esf",
            "start": "2026-05-01",
            "end": "2026-01-01",
            "utilisation_target_pct": "80",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Projektet kan inte sluta innan det börjar." in text
    assert 'value="Kompetenslyftet"' in text
    assert not Project.objects.exists()


def test_mobility_create_and_delete_with_confirmation(client_for, org_admin, erasmus):
    client = client_for(org_admin)
    response = client.post(
        reverse("projects:mobility_create", args=[erasmus.pk]),
        {
            "kind": "staff",
            "status": "planned",
            "participant_reference": "P-1",
            "start": "2026-09-01",
            "end": "2026-09-05",
        },
    )
    assert response.status_code == 302
    mobility = Mobility.objects.get(participant_reference="P-1")
    url = reverse("projects:mobility_delete", args=[mobility.pk])
    assert "P-1" in client.get(url).content.decode()
    assert Mobility.objects.filter(pk=mobility.pk).exists()
    client.post(url)
    assert not Mobility.objects.filter(pk=mobility.pk).exists()


def test_budget_line_duplicate_category_message(client_for, coordinator, erasmus):
    client = client_for(coordinator)
    url = reverse("projects:budget_line_create", args=[erasmus.pk])
    data = {"category": "staff", "budgeted_sek": "100000", "actual_sek": "0"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Projektet har redan en rad för den här kategorin." in response.content.decode()


def test_project_edit_links_events_of_its_period(client_for, coordinator, erasmus, own_org):
    from kompetensnav.network.models import Event

    inside = Event.objects.create(kind="study_visit", date=date(2025, 5, 2), title="Studiebesök")
    outside = Event.objects.create(kind="study_visit", date=date(2024, 5, 2), title="Förr")
    client = client_for(coordinator)
    url = reverse("projects:project_edit", args=[erasmus.pk])
    page = client.get(url).content.decode()
    assert "Studiebesök" in page and "Förr" not in page
    data = {
        "name": erasmus.name, "funder": "erasmus_plus", "start": "2025-01-01",
        "end": "2026-12-31", "utilisation_target_pct": "80", "granted_places_student": "100",
        "retention_years": "10",
        "events": [inside.pk],
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert list(erasmus.events.all()) == [inside]
    assert outside not in erasmus.events.all()


def test_erasmus_bars_show_the_target_line_and_are_not_green_below_it(
    client_for, coordinator, erasmus
):
    import re
    import xml.etree.ElementTree as ET

    text = client_for(coordinator).get(reverse("projects:erasmus")).content.decode()
    bars = [ET.fromstring(b) for b in re.findall(r'<svg class="target-bar".*?</svg>', text)]
    assert len(bars) >= 2  # places and budget
    for bar in bars:
        line = bar.find("line")
        assert line.get("class") == "target" and line.get("x1") == "112.0"  # 80 % of 140
    filled = {(b[1].get("width"), b[1].get("class")) for b in bars}
    # 21 % of the budget used is below the 80 % target: not drawn as met
    assert ("29.4", "below") in filled
    assert all(cls == "below" for width, cls in filled if float(width) < 112)
    assert "linjen" in text  # the legend says what the line is
