"""The quality-assurance workflow: who may take which step, illegal steps refused with a
clear message, the history and the reviews it leaves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kompetensnav.accounts.enums import Role
from kompetensnav.campus import selectors, services
from kompetensnav.campus.enums import CourseAction, CourseStatus
from kompetensnav.campus.models import Course
from kompetensnav.competences.models import CompetenceArea
from kompetensnav.network.models import Contact

from .factories import CourseFactory

pytestmark = pytest.mark.django_db


def draft(org, **kw):
    return CourseFactory(provider=org, status=CourseStatus.DRAFT, **kw)


def test_full_workflow_leaves_history_and_review(provider, board, own_org):
    course = services.course_create(
        actor=provider, provider=own_org, title_sv="Kampanjer på sociala medier"
    )
    assert course.status == CourseStatus.DRAFT
    services.course_submit(actor=provider, course=course)
    services.course_approve(actor=board, course=course, comment="Bra upplägg.")
    services.course_publish(actor=provider, course=course)
    services.course_archive(actor=provider, course=course)
    course.refresh_from_db()
    assert course.status == CourseStatus.ARCHIVED
    assert list(course.log.values_list("action", flat=True)) == [
        CourseAction.CREATED,
        CourseAction.SUBMITTED,
        CourseAction.APPROVED,
        CourseAction.PUBLISHED,
        CourseAction.ARCHIVED,
    ]
    review = course.reviews.get()
    assert review.decision == "approved" and review.comment == "Bra upplägg."
    assert review.reviewer == board


@pytest.mark.parametrize(
    ("status", "step", "message"),
    [
        ("published", "submit", "Only a draft can be submitted"),
        ("draft", "approve", "Only a course submitted for review can be approved"),
        ("approved", "send_back", "Only a course submitted for review can be sent back"),
        ("submitted", "publish", "Only a course the board has approved can be published"),
        ("draft", "publish", "Only a course the board has approved can be published"),
        ("archived", "archive", "cannot be archived"),
        ("submitted", "archive", "cannot be archived"),
    ],
)
def test_illegal_transitions_are_refused_with_a_clear_message(
    coordinator, own_org, status, step, message
):
    course = CourseFactory(provider=own_org, status=status)
    with pytest.raises(ValidationError) as exc:
        services.course_transition(actor=coordinator, course=course, name=step)
    assert message in " ".join(exc.value.messages)
    course.refresh_from_db()
    assert course.status == status


def test_send_back_needs_a_comment(board, own_org):
    course = CourseFactory(provider=own_org, status=CourseStatus.SUBMITTED)
    with pytest.raises(ValidationError) as exc:
        services.course_send_back(actor=board, course=course, comment="  ")
    assert "comment" in exc.value.message_dict
    services.course_send_back(actor=board, course=course, comment="Lägg till målgrupp.")
    course.refresh_from_db()
    assert course.status == CourseStatus.DRAFT
    assert course.reviews.get().decision == "sent_back"


@pytest.mark.parametrize("role", [Role.COURSE_PROVIDER, Role.ORG_ADMIN, Role.BROKER, Role.VIEWER])
def test_only_board_and_coordinators_review(make_user, own_org, role):
    course = CourseFactory(provider=own_org, status=CourseStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.course_approve(actor=make_user(role, own_org), course=course)


@pytest.mark.parametrize(
    ("role", "own", "allowed"),
    [
        (Role.COURSE_PROVIDER, True, True),
        (Role.ORG_ADMIN, True, True),
        (Role.COURSE_PROVIDER, False, False),
        (Role.BOARD, True, False),
        (Role.BROKER, True, False),
        (Role.VIEWER, True, False),
    ],
)
def test_who_may_submit_and_publish(make_user, own_org, foreign_org, role, own, allowed):
    actor = make_user(role, own_org if own else foreign_org)
    course = draft(own_org)
    approved = CourseFactory(provider=own_org, status=CourseStatus.APPROVED)
    if allowed:
        services.course_submit(actor=actor, course=course)
        services.course_publish(actor=actor, course=approved)
    else:
        with pytest.raises(PermissionDenied):
            services.course_submit(actor=actor, course=course)
        with pytest.raises(PermissionDenied):
            services.course_publish(actor=actor, course=approved)


def test_coordinator_may_publish_any_members_course(coordinator, foreign_org):
    course = CourseFactory(provider=foreign_org, status=CourseStatus.APPROVED)
    services.course_publish(actor=coordinator, course=course)
    assert Course.objects.get(pk=course.pk).status == CourseStatus.PUBLISHED


def test_editing_after_submission_is_logged_with_the_changed_fields(provider, own_org):
    # before the board has decided; a change of an approved course waits for the board
    # instead (test_revisions.py)
    course = CourseFactory(provider=own_org, status=CourseStatus.SUBMITTED, title_sv="Gammal")
    services.course_update(actor=provider, course=course, title_sv="Ny titel")
    course.refresh_from_db()
    assert course.title_sv == "Ny titel"
    entry = course.log.get()
    assert entry.action == CourseAction.EDITED
    assert "title (Swedish)" in entry.comment


def test_editing_a_draft_is_not_logged(provider, own_org):
    course = draft(own_org)
    services.course_update(actor=provider, course=course, title_sv="Ny titel")
    assert not course.log.exists()


def test_an_archived_course_cannot_be_changed(provider, own_org):
    course = CourseFactory(provider=own_org, status=CourseStatus.ARCHIVED)
    with pytest.raises(ValidationError):
        services.course_update(actor=provider, course=course, title_sv="Ny")


def test_provider_cannot_create_for_another_organisation(provider, foreign_org):
    with pytest.raises(PermissionDenied):
        services.course_create(actor=provider, provider=foreign_org, title_sv="X")


def test_areas_are_found_case_insensitively_or_created():
    from kompetensnav.competences.services import areas_find_or_create

    first = areas_find_or_create(names=["Sociala medier", " marknadsföring "])
    again = areas_find_or_create(names=["sociala MEDIER", "Marknadsföring"])
    assert [a.pk for a in first] == [a.pk for a in again]


@pytest.mark.parametrize(
    ("role", "sees_foreign_draft"),
    [
        (Role.COORDINATOR, True),
        (Role.BOARD, True),
        (Role.COURSE_PROVIDER, False),
        (Role.ORG_ADMIN, False),
        (Role.BROKER, False),
        (Role.VIEWER, False),
    ],
)
def test_visibility_of_drafts(make_user, own_org, foreign_org, role, sees_foreign_draft):
    actor = make_user(role, own_org)
    own = draft(own_org)
    foreign = draft(foreign_org)
    published = CourseFactory(provider=foreign_org, status=CourseStatus.PUBLISHED)
    archived = CourseFactory(provider=foreign_org, status=CourseStatus.ARCHIVED)
    visible = set(selectors.visible_courses(actor=actor))
    assert own in visible and published in visible
    assert (foreign in visible) is sees_foreign_draft
    assert (archived in visible) is sees_foreign_draft
    assert set(selectors.visible_courses(actor=None)) == {published}


def test_new_areas_are_created_with_the_course_or_not_at_all(provider, own_org, foreign_org):
    stranger = Contact.objects.create(organisation=foreign_org, name="Annan kontakt")
    with pytest.raises(ValidationError):
        services.course_create(
            actor=provider,
            provider=own_org,
            title_sv="Kurs",
            new_areas=["Drönarfotografering"],
            contact=stranger,
        )
    course = draft(own_org)
    with pytest.raises(ValidationError):
        services.course_update(
            actor=provider,
            course=course,
            areas=[],
            new_areas=["Drönarfotografering"],
            contact=stranger,
        )
    assert not CompetenceArea.objects.filter(name="Drönarfotografering").exists()

    course = services.course_create(
        actor=provider, provider=own_org, title_sv="Kurs", new_areas=["Drönarfotografering"]
    )
    assert [a.name for a in course.areas.all()] == ["Drönarfotografering"]
