"""Places and seats: where a participant follows a course (a receiving site, or remotely),
the seats still free there, and the locking and counting behind them.

A registration at a place takes one seat in every session of the course at that place. The
seat rows of a place are locked first, in primary-key order (SessionSite rows, then Session
rows for remote places), so that registrations, cancellations, promotions and moves of one
place queue up behind each other and two transactions never wait for each other in a circle
(no deadlocks). Each seat is then taken with a guarded UPDATE (`seats_taken = seats_taken + 1
WHERE seats_taken < capacity`); if one session of the place is full, the seats taken so far
are rolled back (a savepoint) and the registration goes on the waitlist. campus's CHECK
constraints (taken ≤ capacity) are the last line: an overbooking is impossible even if this
code were wrong."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, IntegerField, Min, Q, QuerySet, Value, When
from django.db.models.functions import Least
from django.utils.translation import gettext as _

from kompetensnav.campus.models import Course, Session, SessionSite

from ..enums import RegistrationStatus
from ..models import Registration


@dataclass(frozen=True)
class Place:
    """Where a participant follows the course: a receiving site, or remotely."""

    site_id: int | None = None
    remote: bool = False

    @classmethod
    def of(cls, registration: Registration) -> "Place":
        return cls(site_id=registration.site_id, remote=registration.remote)

    @property
    def is_set(self) -> bool:
        return self.remote or self.site_id is not None

    @property
    def key(self) -> str:
        """The form value: "remote" or the site's organisation id."""
        return "remote" if self.remote else str(self.site_id)

    @classmethod
    def from_key(cls, value: str) -> "Place":
        if value == "remote":
            return cls(remote=True)
        return cls(site_id=int(value))


class _Full(Exception):
    pass


def _seat_model(place: Place) -> tuple[type[Session] | type[SessionSite], str, str]:
    if place.remote:
        return Session, "remote_taken", "remote_capacity"
    return SessionSite, "seats_taken", "capacity"


def _seat_rows(course_id: int, place: Place) -> QuerySet[Session] | QuerySet[SessionSite]:
    if place.remote:
        return Session.objects.filter(course_id=course_id, remote_capacity__gt=0)
    assert place.site_id is not None  # a place is remote or at a site
    return SessionSite.objects.filter(session__course_id=course_id, organisation_id=place.site_id)


def lock_places(course_id: int, *places: Place) -> dict[Place, list[int]]:
    """Lock the seat rows of the places (SessionSite rows, then Session rows, each in pk
    order) and return their ids per place."""
    ids = {
        place: sorted(_seat_rows(course_id, place).values_list("pk", flat=True))
        for place in places
        if place.is_set
    }
    site_ids = sorted({pk for place, pks in ids.items() if not place.remote for pk in pks})
    session_ids = sorted({pk for place, pks in ids.items() if place.remote for pk in pks})
    if site_ids:
        list(
            SessionSite.objects.select_for_update()
            .filter(pk__in=site_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    if session_ids:
        list(
            Session.objects.select_for_update()
            .filter(pk__in=session_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return ids


def take_seats(*, place: Place, row_ids: list[int]) -> bool:
    """Take one seat in every row, or none: False when a session of the place is full."""
    model, taken, capacity = _seat_model(place)
    try:
        with transaction.atomic():
            for pk in row_ids:
                updated = model.objects.filter(pk=pk, **{f"{taken}__lt": F(capacity)}).update(
                    **{taken: F(taken) + 1}
                )
                if updated != 1:
                    raise _Full
    except _Full:
        return False
    return True


def free_seats(*, place: Place, row_ids: list[int]) -> None:
    model, taken, _capacity = _seat_model(place)
    model.objects.filter(pk__in=row_ids, **{f"{taken}__gt": 0}).update(**{taken: F(taken) - 1})


@dataclass
class PlaceOption:
    place: Place
    name: str
    free: int
    capacity: int
    sessions: int

    @property
    def full(self) -> bool:
        return self.free <= 0


def place_options(*, course: Course) -> list[PlaceOption]:
    """The places of a course with the seats still free in all its sessions (two queries)."""
    options = [
        PlaceOption(
            place=Place(site_id=row["organisation_id"]),
            name=row["organisation__name"],
            free=max(row["free"], 0),  # type: ignore[misc]
            capacity=row["capacity"],
            sessions=row["sessions"],
        )
        for row in SessionSite.objects.filter(session__course=course)
        .values("organisation_id", "organisation__name")
        .annotate(
            # grouped rows: no clash with SessionSite.free (mypy's plugin checks the model)
            free=Min(F("capacity") - F("seats_taken")),  # type: ignore[no-redef]
            capacity=Min("capacity"),
            sessions=Count("pk"),
        )
        .order_by("organisation__name")
    ]
    remote = Session.objects.filter(course=course, remote_capacity__gt=0).aggregate(
        free=Min(F("remote_capacity") - F("remote_taken")),
        capacity=Min("remote_capacity"),
        sessions=Count("pk"),
    )
    if remote["sessions"]:
        options.append(
            PlaceOption(
                place=Place(remote=True),
                name=_("Remote"),
                free=max(remote["free"], 0),
                capacity=remote["capacity"],
                sessions=remote["sessions"],
            )
        )
    return options


def validate_place(*, course: Course, place: Place) -> None:
    if not place.is_set or not _seat_rows(course.pk, place).exists():
        raise ValidationError({"place": _("Choose one of the places offered for this course.")})


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line at the registration's place; None when not waitlisted."""
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(
            course_id=registration.course_id, status=RegistrationStatus.WAITLISTED
        )
        .at_place(site_id=registration.site_id, remote=registration.remote)
        .filter(
            Q(created__lt=registration.created)
            | Q(created=registration.created, pk__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


def registered_per_site(*, course_ids: set[int]) -> dict[tuple[int, int], int]:
    """The people registered at each receiving site of the courses, {(course_id,
    organisation_id): n}, in one query: the seats each new session there takes."""
    return {
        (course_id, site_id): n
        for course_id, site_id, n in Registration.objects.filter(
            course_id__in=course_ids, status=RegistrationStatus.REGISTERED, site__isnull=False
        )
        .order_by()
        .values("course_id", "site_id")
        .annotate(n=Count("pk"))
        .values_list("course_id", "site_id", "n")
    }


@transaction.atomic
def seats_recount(*, course: Course) -> list[Place]:
    """Set every seat counter of a course to the registered people at its place, e.g. after
    the campus app added a session to a course that already has registrations. A place with
    more people than a session's capacity is filled to the capacity and returned, so that
    staff can decide (the database never holds an overbooking). A fixed number of queries
    however many sessions and sites the course has: every seat row of the course locked in
    the order of lock_places (sites, then sessions, each by pk), then one UPDATE each."""
    registered = Registration.objects.filter(course=course, status=RegistrationStatus.REGISTERED)
    per_site = dict(
        registered.filter(site__isnull=False)
        .values("site_id")
        .annotate(n=Count("pk"))
        .values_list("site_id", "n")
    )
    remote = registered.filter(remote=True).count()
    sites = SessionSite.objects.filter(session__course=course)
    locked_sites = list(
        sites.select_for_update(of=("self",))
        .order_by("pk")
        .values_list("organisation_id", "capacity")
    )
    sessions = Session.objects.filter(course=course)
    capacities = list(
        sessions.select_for_update().order_by("pk").values_list("remote_capacity", flat=True)
    )
    overfull = [
        Place(site_id=organisation_id)
        for organisation_id, capacity in locked_sites
        if per_site.get(organisation_id, 0) > capacity
    ]
    if any(0 < capacity < remote for capacity in capacities):
        overfull.append(Place(remote=True))
    if locked_sites:
        counted = Case(
            *(When(organisation_id=site_id, then=Value(n)) for site_id, n in per_site.items()),
            default=Value(0),
            output_field=IntegerField(),
        )
        sites.update(seats_taken=Least(counted, F("capacity")))
    if capacities:
        sessions.update(remote_taken=Least(Value(remote), F("remote_capacity")))
    return list(dict.fromkeys(overfull))
