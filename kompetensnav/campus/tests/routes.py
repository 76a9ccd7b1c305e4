"""The campus catalogue's routes in the permission matrix (tests/test_permission_matrix.py).

A course in any status but published is private to its provider organisation, the board and
the coordinators, so another organisation's draft answers 404 to everyone else; the board
and the coordinators find it (foreign_allowed) but only the coordinators may edit it. The
public catalogue shows published courses only: any other status answers 404 to everyone.
Writing roles (course provider, organisation admin, coordinator) are checked before the
course is looked up, so the other roles get 403 whatever the course.
"""

from datetime import timedelta

from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.campus.models import Course, CourseRevision, Session, SessionSite
from tests.permissions import ALL_ROLES, Route

WRITERS = {Role.COORDINATOR.value, Role.ORG_ADMIN.value, Role.COURSE_PROVIDER.value}
REVIEWERS = {Role.COORDINATOR.value, Role.BOARD.value}
COORDINATOR = {Role.COORDINATOR.value}


def _pk(key: str):
    return lambda w: {"pk": w[key].pk}


def _public(key: str) -> Route:
    return Route(
        allowed=ALL_ROLES,
        anonymous=200,
        kwargs=_pk(key),
        foreign_kwargs=_pk("foreign_draft"),
    )


ROUTES: dict[str, Route] = {
    "campus:course_list": Route(allowed=ALL_ROLES),
    "campus:course_create": Route(allowed=WRITERS),
    "campus:course_detail": Route(
        allowed=ALL_ROLES,
        kwargs=_pk("own_draft"),
        foreign_kwargs=_pk("foreign_draft"),
        foreign_allowed=REVIEWERS,
    ),
    "campus:course_edit": Route(
        allowed=WRITERS,
        kwargs=_pk("own_draft"),
        foreign_kwargs=_pk("foreign_draft"),
        foreign_allowed=COORDINATOR,
    ),
    "campus:course_submit": Route(
        allowed=WRITERS,
        kwargs=_pk("own_draft"),
        foreign_kwargs=_pk("foreign_draft"),
        foreign_allowed=COORDINATOR,
    ),
    "campus:course_review": Route(
        allowed=REVIEWERS,
        kwargs=_pk("own_submitted"),
        foreign_kwargs=_pk("foreign_submitted"),
        foreign_allowed=REVIEWERS,
    ),
    "campus:course_publish": Route(
        allowed=WRITERS,
        kwargs=_pk("own_approved"),
        foreign_kwargs=_pk("foreign_approved"),
        foreign_allowed=COORDINATOR,
    ),
    "campus:course_archive": Route(
        allowed=WRITERS,
        kwargs=_pk("own_published"),
        foreign_kwargs=_pk("foreign_draft"),
        foreign_allowed=COORDINATOR,
    ),
    "campus:session_create": Route(
        allowed=WRITERS,
        kwargs=_pk("own_draft"),
        foreign_kwargs=_pk("foreign_draft"),
        foreign_allowed=COORDINATOR,
    ),
    "campus:session_edit": Route(
        allowed=WRITERS,
        kwargs=_pk("own_session"),
        foreign_kwargs=_pk("foreign_draft_session"),
        foreign_allowed=COORDINATOR,
    ),
    "campus:session_delete": Route(
        allowed=WRITERS,
        kwargs=_pk("own_session"),
        foreign_kwargs=_pk("foreign_draft_session"),
        foreign_allowed=COORDINATOR,
    ),
    "campus:review_queue": Route(allowed=REVIEWERS),
    "campus:revision_review": Route(
        allowed=REVIEWERS,
        kwargs=_pk("own_revision"),
        foreign_kwargs=_pk("foreign_revision"),
        foreign_allowed=REVIEWERS,
    ),
    "campus:calendar": Route(allowed=ALL_ROLES),
    "campus:site_calendar": Route(allowed=ALL_ROLES, kwargs=lambda w: {"pk": w["own_org"].pk}),
    "catalogue:course_list": Route(allowed=ALL_ROLES, anonymous=200),
    "catalogue:course_detail": _public("own_published"),
    "catalogue:course_ical": _public("own_published"),
    "catalogue:site_ical": Route(
        allowed=ALL_ROLES, anonymous=200, kwargs=lambda w: {"pk": w["own_org"].pk}
    ),
}


def extend_world(world: dict) -> None:
    own, foreign = world["own_org"], world["foreign_org"]

    def course(org, status: str, title: str) -> Course:
        return Course.objects.create(provider=org, status=status, title_sv=title)

    for side, org in (("own", own), ("foreign", foreign)):
        for status in ("draft", "submitted", "approved", "published"):
            world[f"{side}_{status}"] = course(org, status, f"{side} {status}")
    start = timezone.now() + timedelta(days=10)

    def session(c: Course) -> Session:
        s = Session.objects.create(
            course=c, start=start, end=start + timedelta(hours=2), sending_site=c.provider
        )
        SessionSite.objects.create(session=s, organisation=foreign, capacity=10)
        return s

    for side in ("own", "foreign"):
        world[f"{side}_revision"] = CourseRevision.objects.create(
            course=world[f"{side}_published"], changes={"target_group": "Alla"}
        )
    world["own_session"] = session(world["own_published"])
    world["foreign_draft_session"] = session(world["foreign_draft"])
    session(world["foreign_published"])
