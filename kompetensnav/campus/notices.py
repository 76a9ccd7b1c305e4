"""What campus tells people (kompetensnav.notifications): a course or a change to one waits
for the board; the board approved a course or sent it back. Registered in CampusConfig.ready()."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation
from kompetensnav.notifications.kinds import Kind
from kompetensnav.notifications.services import notify

from .enums import CourseAction
from .models import Course, CourseLogEntry, CourseRevision

REVIEWERS = frozenset({Role.BOARD.value, Role.COORDINATOR.value})
PROVIDERS = frozenset({Role.COURSE_PROVIDER.value, Role.ORG_ADMIN.value})

KINDS = (
    Kind(
        "course_submitted",
        _("Courses waiting for the board's review"),
        _("%(course)s (%(provider)s) waits for the board's review"),
        REVIEWERS,
    ),
    Kind(
        "revision_submitted",
        _("Changes to approved courses waiting for review"),
        _("A change to %(course)s (%(provider)s) waits for the board's review"),
        REVIEWERS,
    ),
    Kind(
        "course_approved",
        _("The board approved a course of yours"),
        _("The board approved %(course)s: it can be published"),
        PROVIDERS,
    ),
    Kind(
        "course_sent_back",
        _("The board sent a course of yours back"),
        _("The board sent %(course)s back: %(comment)s"),
        PROVIDERS,
    ),
    Kind(
        "revision_rejected",
        _("The board sent a change of yours back"),
        _("The board sent your change to %(course)s back: %(comment)s"),
        PROVIDERS,
    ),
)


def _reviewers() -> set[int]:
    return set(
        Affiliation.objects.active().filter(role__in=REVIEWERS).values_list("user_id", flat=True)
    )


def _provider_people(course: Course) -> set[int]:
    """The course's provider's course providers and admins, and whoever submitted it."""
    people = set(
        Affiliation.objects.active()
        .filter(organisation_id=course.provider_id, role__in=PROVIDERS)
        .values_list("user_id", flat=True)
    )
    submitter = (
        CourseLogEntry.objects.filter(course=course, action=CourseAction.SUBMITTED)
        .exclude(actor=None)
        .order_by("-pk")
        .values_list("actor_id", flat=True)
        .first()
    )
    return people | ({submitter} if submitter else set())


def review_step(*, course: Course, name: str, entry: CourseLogEntry) -> None:
    """Tell the people a step of the review concerns: the reviewers of a submitted course,
    the provider's people of the board's decision."""
    values = {"course": course.title_sv, "provider": course.provider.name}
    url = reverse("campus:course_detail", args=[course.pk])
    key = f"course:{course.pk}:{entry.pk}"
    if name == "submit":
        notify(recipients=_reviewers(), kind="course_submitted", key=key, params=values, url=url)
    elif name == "approve":
        notify(
            recipients=_provider_people(course),
            kind="course_approved",
            key=key,
            params=values,
            url=url,
        )
    elif name == "send_back":
        notify(
            recipients=_provider_people(course),
            kind="course_sent_back",
            key=key,
            params={**values, "comment": entry.comment},
            url=url,
        )


def revision_waits(*, revision: CourseRevision) -> None:
    """The reviewers were e-mailed at once (services._notify_board); listed in the app too."""
    course = revision.course
    notify(
        recipients=_reviewers(),
        kind="revision_submitted",
        key=f"revision:{revision.pk}",
        params={"course": course.title_sv, "provider": course.provider.name},
        url=reverse("campus:revision_review", args=[revision.pk]),
        emailed=True,
    )


def revision_sent_back(*, revision: CourseRevision) -> None:
    """The proposer was e-mailed at once; listed in the app too."""
    if revision.proposed_by_id is None:
        return
    course = revision.course
    notify(
        recipients=[revision.proposed_by_id],
        kind="revision_rejected",
        key=f"revision:{revision.pk}",
        params={"course": course.title_sv, "comment": revision.comment},
        url=reverse("campus:course_detail", args=[course.pk]),
        emailed=True,
    )
