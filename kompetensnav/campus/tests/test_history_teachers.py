"""History names teachers who have no account: a session file with a teacher column (not in
the contract, read when present, "Lärare" in Swedish) links the teacher whose e-mail address
an account has, keeps any other teacher as given (a notice, never a refusal), shows them on
the course page and links the account made with that address later."""

import pytest
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.campus.models import Session
from kompetensnav.interchange.importer import run_import
from kompetensnav.interchange.registry import KINDS
from kompetensnav.interchange.tables import open_table
from kompetensnav.participants.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def refs(own_org):
    own_org.external_id = "o1"
    own_org.save()
    CourseFactory(external_id="k1", provider=own_org, title_sv="Svetsning")


CSV = (
    "id;kurs;start;slut;Lärare\n"
    "s1;k1;2024-03-05T09:00;2024-03-05T12:00;Kim.Lärare@example.se\n"
    "s2;k1;2024-03-12T09:00;2024-03-12T12:00;Slutat@example.se\n"
    "s3;k1;2024-03-19T09:00;2024-03-19T12:00;Robin Extern\n"
    "s4;k1;2024-03-26T09:00;2024-03-26T12:00;\n"
)


def test_teachers_linked_or_kept_as_given_and_linked_later(refs, make_user, own_org):
    kim = make_user(Role.COURSE_PROVIDER, own_org, email="kim.lärare@example.se")
    result = run_import(KINDS["sessions"], open_table(CSV.encode(), "tillfallen.csv"))
    assert result.ok, result
    assert [(n.row, n.column) for n in result.notices] == [(2, "teacher"), (3, "teacher")]
    sessions = {s.external_id: s for s in Session.objects.select_related("teacher")}
    assert sessions["s1"].teacher == kim and sessions["s1"].teacher_given == ""
    assert sessions["s2"].teacher is None and sessions["s2"].teacher_given == "Slutat@example.se"
    assert sessions["s3"].teacher_name == "Robin Extern"
    assert sessions["s4"].teacher is None and sessions["s4"].teacher_given == ""
    # the export keeps the contract's columns
    assert "teacher" not in KINDS["sessions"].export_column_names()

    person = make_user(Role.COURSE_PROVIDER, own_org, email="slutat@example.se")
    sessions["s2"].refresh_from_db()
    assert sessions["s2"].teacher == person and sessions["s2"].teacher_given == ""

    # imported again without the column: the teachers stay
    again = "id;kurs;start;slut\ns3;k1;2024-03-19T09:00;2024-03-19T13:00\n"
    assert run_import(KINDS["sessions"], open_table(again.encode(), "igen.csv")).ok
    assert Session.objects.get(external_id="s3").teacher_given == "Robin Extern"


def test_the_course_page_names_the_teacher_and_the_public_page_does_not(
    refs, make_user, own_org, client_for
):
    run_import(KINDS["sessions"], open_table(CSV.encode(), "tillfallen.csv"))
    course = Session.objects.get(external_id="s3").course
    staff = client_for(make_user(Role.COURSE_PROVIDER, own_org))
    page = staff.get(reverse("campus:course_detail", args=[course.pk])).content.decode()
    assert "Lärare" in page and "Robin Extern" in page and "Slutat@example.se" in page
    public = staff.get(reverse("catalogue:course_detail", args=[course.pk])).content.decode()
    assert "Robin Extern" not in public and "Slutat@example.se" not in public
