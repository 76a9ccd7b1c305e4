"""Review that holds: a provider's change of an approved or published course's reviewed text
waits for the board beside the published text; the board is notified, approves it (applied)
or sends it back (the text stays, the provider is told). Practical details apply at once."""

import pytest
from django.core import mail
from django.urls import reverse

from kompetensnav.accounts.enums import Role
from kompetensnav.campus import services
from kompetensnav.campus.enums import CourseAction, RevisionStatus
from kompetensnav.campus.models import Course, CourseRevision
from kompetensnav.network.models import Contact
from kompetensnav.visits.tests.factories import CompetenceAreaFactory
from tests.factories import AffiliationFactory, OrganisationFactory
from tests.tasks import run_queued_tasks

from .factories import CourseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    provider = OrganisationFactory(name="Lärcentrum Tibro")
    course = CourseFactory(
        provider=provider,
        title_sv="Möbeltapetsering",
        description_sv="Grunderna i tapetsering.",
        target_group="Anställda i möbelföretag",
        status="published",
    )
    area = CompetenceAreaFactory(name="Tapetsering")
    course.areas.add(area)
    return {
        "course": course,
        "area": area,
        "writer": AffiliationFactory(
            role=Role.COURSE_PROVIDER, organisation=provider, user__email="kurs@tibro.example.se"
        ).user,
        "board": AffiliationFactory(role=Role.BOARD, user__email="styrelse@example.se").user,
    }


def edit(world, django_capture_on_commit_callbacks, actor=None, **fields) -> Course:
    with django_capture_on_commit_callbacks(execute=True):
        course = services.course_update(
            actor=actor or world["writer"], course=world["course"], **fields
        )
    run_queued_tasks()
    return course


def test_a_providers_change_of_the_reviewed_text_waits_for_the_board(
    world, django_capture_on_commit_callbacks
):
    contact = Contact.objects.create(organisation=world["course"].provider, name="Kursansvarig")
    course = edit(
        world,
        django_capture_on_commit_callbacks,
        description_sv="Tapetsering med nya material.",
        target_group="Alla",
        contact=contact,
    )
    assert course.revision_pending
    course.refresh_from_db()
    # the published text stays, the practical detail applies at once, still published
    assert course.description_sv == "Grunderna i tapetsering."
    assert course.target_group == "Anställda i möbelföretag"
    assert course.contact == contact
    assert course.status == "published"
    revision = CourseRevision.objects.get(course=course)
    assert revision.status == RevisionStatus.PENDING
    assert revision.changes == {
        "description_sv": "Tapetsering med nya material.",
        "target_group": "Alla",
    }
    assert course.log.filter(action=CourseAction.REVISION_PROPOSED).exists()
    # the board is told, once
    assert [m.to for m in mail.outbox] == [["styrelse@example.se"]]
    assert "Möbeltapetsering" in mail.outbox[0].subject
    assert reverse("campus:revision_review", args=[revision.pk]) in mail.outbox[0].body


def test_later_edits_add_to_the_pending_change_and_taking_everything_back_drops_it(
    world, django_capture_on_commit_callbacks
):
    edit(world, django_capture_on_commit_callbacks, target_group="Alla")
    other = CompetenceAreaFactory(name="Snickeri")
    edit(world, django_capture_on_commit_callbacks, title_sv="Tapetsering", areas=[other])
    revision = CourseRevision.objects.get()
    assert revision.changes == {
        "target_group": "Alla",
        "title_sv": "Tapetsering",
        "areas": [other.pk],
    }
    assert len(mail.outbox) == 1  # one notice per change waiting, not per edit
    edit(
        world,
        django_capture_on_commit_callbacks,
        target_group="Anställda i möbelföretag",
        title_sv="Möbeltapetsering",
        areas=[world["area"]],
    )
    assert not CourseRevision.objects.exists()


def test_the_board_approves_a_change_and_it_is_applied(world, django_capture_on_commit_callbacks):
    other = CompetenceAreaFactory(name="Snickeri")
    edit(world, django_capture_on_commit_callbacks, target_group="Alla", areas=[other])
    revision = CourseRevision.objects.get()
    course = services.revision_approve(actor=world["board"], revision=revision, comment="Bra.")
    course.refresh_from_db()
    assert course.target_group == "Alla"
    assert list(course.areas.all()) == [other]
    assert course.status == "published"
    revision.refresh_from_db()
    assert (revision.status, revision.decided_by) == (RevisionStatus.APPROVED, world["board"])
    with pytest.raises(Exception, match="redan|already"):
        services.revision_approve(actor=world["board"], revision=revision)


def test_the_board_sends_a_change_back_with_a_comment_and_the_provider_is_told(
    world, client_for, django_capture_on_commit_callbacks
):
    edit(world, django_capture_on_commit_callbacks, description_sv="Fel text.")
    revision = CourseRevision.objects.get()
    client = client_for(world["board"])
    url = reverse("campus:revision_review", args=[revision.pk])
    page = client.get(url)
    assert "Grunderna i tapetsering." in page.text and "Fel text." in page.text
    refused = client.post(url, {"send_back": "1", "comment": ""})
    assert refused.status_code == 200
    assert CourseRevision.objects.get().status == RevisionStatus.PENDING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"send_back": "1", "comment": "Beskriv målgruppen."})
    run_queued_tasks()
    assert response.status_code == 302
    world["course"].refresh_from_db()
    assert world["course"].description_sv == "Grunderna i tapetsering."
    assert CourseRevision.objects.get().status == RevisionStatus.REJECTED
    assert [m.to for m in mail.outbox] == [["kurs@tibro.example.se"]]
    assert "Beskriv målgruppen." in mail.outbox[0].body


def test_a_coordinator_changes_reviewed_text_at_once_and_drafts_are_free(
    world, django_capture_on_commit_callbacks
):
    coordinator = AffiliationFactory(role=Role.COORDINATOR).user  # reviews, like the board
    course = edit(world, django_capture_on_commit_callbacks, actor=coordinator, target_group="Alla")
    assert not course.revision_pending
    world["course"].refresh_from_db()
    assert world["course"].target_group == "Alla"
    draft = CourseFactory(provider=world["course"].provider, status="draft")
    services.course_update(actor=world["writer"], course=draft, target_group="Nya")
    draft.refresh_from_db()
    assert draft.target_group == "Nya"
    assert not CourseRevision.objects.exists()


def test_the_catalogue_shows_the_published_text_while_a_change_waits(
    world, client, client_for, django_capture_on_commit_callbacks
):
    edit(world, django_capture_on_commit_callbacks, description_sv="Ännu inte granskad text.")
    public = client.get(reverse("catalogue:course_detail", args=[world["course"].pk])).text
    assert "Grunderna i tapetsering." in public and "Ännu inte granskad" not in public
    # the provider sees that it waits; the board finds it in its queue and on its start page
    detail = client_for(world["writer"]).get(
        reverse("campus:course_detail", args=[world["course"].pk])
    )
    assert "väntar på styrelsen" in detail.text
    board = client_for(world["board"])
    assert "Möbeltapetsering" in board.get(reverse("campus:review_queue")).text
    home = board.get(reverse("common:home")).text
    assert "1 ändring av en godkänd kurs" in home


def test_an_edit_through_the_form_says_that_the_change_waits(world, client_for):
    client = client_for(world["writer"])
    url = reverse("campus:course_edit", args=[world["course"].pk])
    form = client.get(url).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list | tuple)
    }
    data.update(title_sv="Möbeltapetsering", target_group="Alla", areas=[world["area"].pk])
    response = client.post(url, data, follow=True)
    assert "väntar på styrelsen" in response.text
