"""Demo participants: invented employees of the demo companies (and some member staff)
register for the published and archived demo courses; some sites fill up and get waitlists,
a few people cancel (and the first in line moves up), and past sessions have attendance:
most people the whole session, some part of it, some absent, some never come. One person
follows a dozen courses and collects many hours.

The seat counters of campus are set to match the registrations. Written with bulk_create:
no e-mail goes out and the audit log is not filled with demo rows.

Journey 4: "Kampanjer på sociala medier" (Uddevalla, sent to Borås) has one place left at
Borås, so the next person to register gets it and the one after lands on the waitlist."""

import unicodedata
from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import Max, Min
from django.utils import timezone

from kompetensnav.campus.models import Course, Session, SessionSite
from kompetensnav.common.demodata import DEMO_DOMAIN, FIRST_NAMES, LAST_NAMES, DemoContext
from kompetensnav.companies.models import Company
from kompetensnav.network.models import Organisation
from kompetensnav.questionnaires.models import Invitation
from kompetensnav.questionnaires.services import invitation_answer

from .enums import RegistrationStatus
from .evaluation import evaluation_send
from .models import Attendance, Participant, Registration

POOL = 520
JOURNEY_COURSE = "Kampanjer på sociala medier"
JOURNEY_SITE = "Vuxenutbildningen Borås"


def _ascii(text: str) -> str:
    return (unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()).replace(
        " ", ""
    )


def _people(context: DemoContext) -> list[Participant]:
    rng = context.rng
    companies = context.data.get("companies") or list(Company.objects.order_by("pk"))
    members = list(Organisation.objects.exclude(kind="network").order_by("pk"))
    people = []
    for n in range(1, POOL + 1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        roll = rng.random()
        employer = rng.choice(companies) if companies and roll < 0.82 else None
        organisation = rng.choice(members) if 0.82 <= roll < 0.92 else None
        gender = rng.choices(["F", "M", "X", ""], weights=[48, 40, 2, 10])[0]
        people.append(
            Participant(
                external_id=f"demo-participant-{n}",
                full_name=f"{first} {last}",
                email=f"{_ascii(first)}.{_ascii(last)}{n}@{DEMO_DOMAIN}",
                gender=gender,
                employer=employer,
                organisation=organisation,
            )
        )
    Participant.objects.bulk_create(people)
    return list(Participant.objects.filter(external_id__startswith="demo-participant-"))


def _at(day, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def seed(context: DemoContext) -> None:
    rng = context.rng
    now = timezone.now()
    today = timezone.localdate()
    people = _people(context)
    star, others = people[0], people[1:]
    courses = list(
        Course.objects.filter(status__in=["published", "archived"], sessions__isnull=False)
        .annotate(first_start=Min("sessions__start"))
        .select_related("provider")
        .order_by("pk")
        .distinct()
    )
    sessions_of: dict[int, list[Session]] = defaultdict(list)
    for session in Session.objects.filter(course__in=courses).order_by("start", "pk"):
        sessions_of[session.course_id].append(session)
    capacity_of: dict[tuple[int, int], int] = {}
    site_names = {}
    for row in (
        SessionSite.objects.filter(session__course__in=courses)
        .values("session__course_id", "organisation_id", "organisation__name")
        .annotate(capacity=Min("capacity"))
    ):
        capacity_of[(row["session__course_id"], row["organisation_id"])] = row["capacity"]
        site_names[row["organisation_id"]] = row["organisation__name"]
    star_courses = (
        {
            c.pk
            for c in rng.sample([c for c in courses if c.first_start < now], min(12, len(courses)))
        }
        if any(c.first_start < now for c in courses)
        else set()
    )

    registrations: list[Registration] = []
    for course in courses:
        sessions = sessions_of[course.pk]
        first_day = timezone.localtime(course.first_start).date()
        places: list[tuple[int | None, bool, int]] = [
            (site_id, False, capacity)
            for (course_id, site_id), capacity in capacity_of.items()
            if course_id == course.pk
        ]
        if sessions and min(s.remote_capacity for s in sessions) > 0:
            places.append((None, True, min(s.remote_capacity for s in sessions)))
        taken_here: set[int] = set()
        for site_id, remote, capacity in places:
            journey = course.title_sv == JOURNEY_COURSE and site_names.get(site_id) == JOURNEY_SITE
            if journey:
                wanted = capacity - 1
            elif remote:
                wanted = rng.randint(0, min(capacity, 8))
            else:
                # most sites a third to full, about one in four over-subscribed
                if rng.random() < 0.25:
                    wanted = capacity + rng.randint(1, 6)
                else:
                    wanted = rng.randint(capacity // 3, capacity)
            candidates = [p for p in others if p.pk not in taken_here]
            chosen = rng.sample(candidates, min(wanted, len(candidates)))
            if course.pk in star_courses and not remote and star.pk not in taken_here:
                chosen = [star, *chosen[: max(capacity - 2, 0)]]
            days_before = sorted((rng.randint(2, 60) for _ in chosen), reverse=True)
            seated = 0
            for person, days in zip(chosen, days_before, strict=True):
                taken_here.add(person.pk)
                registered = min(first_day - timedelta(days=days), today)
                created = _at(registered, rng.randint(7, 21))
                cancelled = person is not star and not journey and rng.random() < 0.06
                if cancelled:
                    status = RegistrationStatus.CANCELLED
                elif seated < capacity:
                    status, seated = RegistrationStatus.REGISTERED, seated + 1
                else:
                    status = RegistrationStatus.WAITLISTED
                registrations.append(
                    Registration(
                        external_id=f"demo-registration-{len(registrations) + 1}",
                        participant=person,
                        course=course,
                        site_id=site_id,
                        remote=remote,
                        registered=registered,
                        created=created,
                        status=status,
                        cancelled_at=created + timedelta(days=1) if cancelled else None,
                        consent_at=created,
                    )
                )
    # a cancellation before the waitlist filled up let the next in line move up
    promoted_places = set()
    for registration in registrations:
        place = (registration.course_id, registration.site_id, registration.remote)
        if registration.status == RegistrationStatus.CANCELLED:
            promoted_places.add(place)
        elif registration.status == RegistrationStatus.REGISTERED and place in promoted_places:
            registration.promoted_at = registration.created + timedelta(days=2)
            promoted_places.discard(place)
    Registration.objects.bulk_create(registrations)
    _seat_counters(registrations)
    _attendance(context, registrations, sessions_of, star, now)
    context.data["registrations"] = len(registrations)
    context.data["evaluations"] = _evaluations(context, now)


def _evaluations(context: DemoContext, now) -> int:
    """Evaluations of the courses that ended in the last half-year, about half answered."""
    rng = context.rng
    ended = (
        Course.objects.annotate(last_end=Max("sessions__end"))
        .filter(last_end__lte=now, last_end__gte=now - timedelta(days=180))
        .order_by("last_end")
    )
    count = 0
    for course in ended:
        evaluation = evaluation_send(actor=None, course=course, now=now)
        count += 1
        for invitation in Invitation.objects.filter(
            subject_id=course.pk, version=evaluation.version
        ):
            if rng.random() < 0.5:
                continue
            overall = rng.choices([2, 3, 4, 5], weights=[1, 3, 6, 5])[0]
            invitation_answer(
                invitation=invitation,
                answers={
                    "overall": overall,
                    "relevance": max(1, min(5, overall + rng.choice([-1, 0, 0, 1]))),
                    "teacher": rng.choices([3, 4, 5], weights=[2, 5, 5])[0],
                    "format": rng.choice(["sending_site", "receiving_site", "remote"]),
                    "technology": rng.choices([2, 3, 4, 5], weights=[1, 3, 5, 3])[0],
                    "recommend": overall >= 4,
                    "best": rng.choice(
                        [
                            "",
                            "",
                            "Konkreta exempel från vår bransch.",
                            "Bra lärare.",
                            "Att kunna följa från den egna orten.",
                        ]
                    ),
                    "improve": rng.choice(
                        ["", "", "Ljudet i sändningen hackade ibland.", "Mer tid för övningar."]
                    ),
                },
            )
    return count


def _seat_counters(registrations: list[Registration]) -> None:
    seated: dict[tuple, int] = defaultdict(int)
    for r in registrations:
        if r.status == RegistrationStatus.REGISTERED:
            seated[(r.course_id, r.site_id, r.remote)] += 1
    # Two bulk updates rather than an UPDATE per place: fresh tables have no planner
    # statistics yet, and PostgreSQL then plans each joined UPDATE badly.
    course_ids = {course_id for course_id, _site, _remote in seated}
    sessions = list(Session.objects.filter(course_id__in=course_ids, remote_capacity__gt=0))
    for session in sessions:
        session.remote_taken = seated.get((session.course_id, None, True), 0)
    Session.objects.bulk_update(sessions, ["remote_taken"], batch_size=500)
    sites = list(
        SessionSite.objects.filter(session__course_id__in=course_ids).select_related("session")
    )
    for site in sites:
        site.seats_taken = seated.get((site.session.course_id, site.organisation_id, False), 0)
    SessionSite.objects.bulk_update(sites, ["seats_taken"], batch_size=500)


def _attendance(context, registrations, sessions_of, star, now) -> None:
    rng = context.rng
    rows = []
    for registration in registrations:
        if registration.status != RegistrationStatus.REGISTERED:
            continue
        is_star = registration.participant_id == star.pk
        if not is_star and rng.random() < 0.28:
            continue  # registered, never came
        for session in sessions_of[registration.course_id]:
            if session.start >= now:
                break
            roll = 1.0 if is_star else rng.random()
            if roll < 0.12:
                present, hours = False, Decimal("0")
            elif roll < 0.24:
                present = True
                hours = max(
                    Decimal("0.5"),
                    (session.hours * Decimal(rng.choice(["0.5", "0.75"]))).quantize(Decimal("0.5")),
                )
            else:
                present, hours = True, session.hours
            rows.append(
                Attendance(
                    external_id=f"demo-attendance-{len(rows) + 1}",
                    session=session,
                    participant_id=registration.participant_id,
                    present=present,
                    hours=min(hours, session.hours),
                    site_id=registration.site_id,
                    marked_at=session.end,
                )
            )
    Attendance.objects.bulk_create(rows, batch_size=2000)


def summary(context: DemoContext) -> str:
    attended = Attendance.objects.filter(hours__gt=0).values("participant_id").distinct().count()
    waitlisted = Registration.objects.filter(status=RegistrationStatus.WAITLISTED).count()
    return (
        f"{Participant.objects.count()} participants, {context.data.get('registrations', 0)} "
        f"registrations ({waitlisted} on waitlists), {Attendance.objects.count()} attendance "
        f"marks, {attended} people attended, {context.data.get('evaluations', 0)} course "
        "evaluations"
    )
