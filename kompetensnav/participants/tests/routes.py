"""The participants app's routes in the permission matrix (tests/test_permission_matrix.py).

Registrations and attendance are personal data of the course's provider (and the receiving
site): organisation admins and course providers see their own organisation's courses, and a
foreign course's participants are not found (404). Coordinators see everything. The public
pages (registration, cancellation and certificate by link) need no account.

Receiving-site cases (`Receiving`): a course sent by the foreign organisation and received at
the own organisation's site, with Elis at the sending site and Dana at the own site. Elis
is on the waitlist of the own organisation's course too, so the own staff know Elis as a
person, and followed the first session at the own site before the provider moved Elis to
the sending site (the attendance keeps the site of the list). Elis's records in the
received course are still not the own organisation's: the registration decides (404, or
left out of a list)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from kompetensnav.accounts.enums import Role
from kompetensnav.campus.models import Course, Session, SessionSite
from kompetensnav.common.demodata import luhn_complete
from kompetensnav.companies.models import Company
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import (
    Attendance,
    Participant,
    PendingRegistration,
    Registration,
)
from kompetensnav.participants.services import (
    accept_token,
    calendar_token,
    cancel_token,
    certificate_token,
    confirm_token,
    employer_link_token,
)
from tests.permissions import ALL_ROLES, Receiving, Route

STAFF = {Role.COORDINATOR.value, Role.ORG_ADMIN.value, Role.COURSE_PROVIDER.value}
COORDINATOR = {Role.COORDINATOR.value}
PUBLIC = {"allowed": ALL_ROLES, "anonymous": 200}


def _own_course(w):
    return {"pk": w["participants_course"].pk}


def _foreign_course(w):
    return {"pk": w["participants_foreign_course"].pk}


def _registration(key):
    return lambda w: {"pk": w[key].pk}


def _received_course(w):
    return {"pk": w["receiving_course"].pk}


def _received_people(w):
    return ("Dana Mottagen", "Elis Sändare")


def _receiving_registration():
    return Receiving(kwargs=_registration("receiving_sending_registration"))


ROUTES: dict[str, Route] = {
    "participants:course_list": Route(allowed=STAFF),
    "participants:course_registrations": Route(
        allowed=STAFF,
        kwargs=_own_course,
        foreign_kwargs=_foreign_course,
        foreign_allowed=COORDINATOR,
        receiving=Receiving(kwargs=_received_course, listed=_received_people),
    ),
    "participants:course_evaluation": Route(
        allowed=STAFF,
        kwargs=_own_course,
        foreign_kwargs=_foreign_course,
        foreign_allowed=COORDINATOR,
    ),
    "participants:course_export": Route(
        allowed=STAFF,
        kwargs=lambda w: {**_own_course(w), "fmt": "csv"},
        foreign_kwargs=lambda w: {**_foreign_course(w), "fmt": "xlsx"},
        foreign_allowed=COORDINATOR,
        receiving=Receiving(
            kwargs=lambda w: {**_received_course(w), "fmt": "csv"}, listed=_received_people
        ),
    ),
    "participants:waitlist_fill": Route(
        allowed=STAFF,
        method="post",
        ok=302,
        kwargs=_own_course,
        foreign_kwargs=_foreign_course,
        foreign_allowed=COORDINATOR,
    ),
    "participants:certificate": Route(
        allowed=STAFF,
        kwargs=lambda w: {
            "course_pk": w["participants_course"].pk,
            "pk": w["participants_own_person"].pk,
        },
        foreign_kwargs=lambda w: {
            "course_pk": w["participants_foreign_course"].pk,
            "pk": w["participants_foreign_person"].pk,
        },
        foreign_allowed=COORDINATOR,
        receiving=Receiving(
            kwargs=lambda w: {
                "course_pk": w["receiving_course"].pk,
                "pk": w["receiving_sending_person"].pk,
            }
        ),
    ),
    "participants:registration_cancel": Route(
        allowed=STAFF,
        kwargs=_registration("participants_own_registration"),
        foreign_kwargs=_registration("participants_foreign_registration"),
        foreign_allowed=COORDINATOR,
        receiving=_receiving_registration(),
    ),
    "participants:registration_move": Route(
        allowed=STAFF,
        kwargs=_registration("participants_own_registration"),
        foreign_kwargs=_registration("participants_foreign_registration"),
        foreign_allowed=COORDINATOR,
        receiving=_receiving_registration(),
    ),
    "participants:attendance": Route(
        allowed=STAFF,
        kwargs=lambda w: {"pk": w["participants_session"].pk},
        foreign_kwargs=lambda w: {"pk": w["participants_foreign_session"].pk},
        foreign_allowed=COORDINATOR,
        receiving=Receiving(
            kwargs=lambda w: {"pk": w["receiving_session"].pk}, listed=_received_people
        ),
    ),
    "participants:participant_data": Route(
        allowed=COORDINATOR,
        kwargs=lambda w: {"pk": w["participants_own_person"].pk, "fmt": "json"},
        foreign_kwargs=lambda w: {"pk": w["participants_foreign_person"].pk, "fmt": "json"},
        foreign_allowed=COORDINATOR,
    ),
    "participants:participant_erase": Route(
        allowed=COORDINATOR,
        kwargs=lambda w: {"pk": w["participants_own_person"].pk},
        foreign_kwargs=lambda w: {"pk": w["participants_foreign_person"].pk},
        foreign_allowed=COORDINATOR,
    ),
    "participants:participant_detail": Route(
        allowed=STAFF,
        kwargs=lambda w: {"pk": w["participants_own_person"].pk},
        foreign_kwargs=lambda w: {"pk": w["participants_foreign_person"].pk},
        foreign_allowed=COORDINATOR,
        receiving=Receiving(
            kwargs=lambda w: {"pk": w["receiving_sending_person"].pk},
            listed=lambda w: ("Egen kurs", "Mottagen kurs"),
        ),
    ),
    "participants:employer_totals": Route(
        allowed=STAFF,
        foreign_allowed=COORDINATOR,
        receiving=Receiving(kwargs=lambda w: {}, listed=lambda w: ("Hotellet AB", "Annat AB")),
    ),
    "participants:employer_certificates": Route(
        allowed=STAFF,
        kwargs=lambda w: {"pk": w["participants_employer"].pk},
        foreign_kwargs=lambda w: {"pk": w["participants_foreign_employer"].pk},
        foreign_allowed=COORDINATOR,
        receiving=Receiving(
            kwargs=lambda w: {"pk": w["participants_foreign_employer"].pk},
            query=lambda w: {"course": w["receiving_course"].pk},
        ),
    ),
    "participants:project_totals": Route(allowed=STAFF),
    "registration:register": Route(**PUBLIC, kwargs=_own_course),
    "registration:registered": Route(allowed=ALL_ROLES, ok=302, anonymous=302, kwargs=_own_course),
    "registration:check_email": Route(allowed=ALL_ROLES, ok=302, anonymous=302, kwargs=_own_course),
    "registration:confirm": Route(
        **PUBLIC,
        kwargs=lambda w: {"token": confirm_token(w["participants_pending"])},
    ),
    "registration:cancel": Route(
        **PUBLIC,
        kwargs=lambda w: {"token": cancel_token(w["participants_own_registration"])},
    ),
    "registration:accept": Route(
        **PUBLIC,
        kwargs=lambda w: {"token": accept_token(w["participants_own_registration"])},
    ),
    "registration:certificate": Route(
        **PUBLIC,
        kwargs=lambda w: {
            "token": certificate_token(
                participant_id=w["participants_own_person"].pk,
                course_id=w["participants_course"].pk,
            )
        },
    ),
    "registration:calendar": Route(
        **PUBLIC,
        kwargs=lambda w: {"token": calendar_token(w["participants_own_person"].pk)},
    ),
    "registration:verify": Route(**PUBLIC),
    # a link made by the coordinator for the own employer's certificates
    "registration:employer_certificates": Route(
        **PUBLIC,
        kwargs=lambda w: {
            "token": employer_link_token(
                affiliation_id=w["users"]["coordinator"].affiliations.get().pk,
                company_id=w["participants_employer"].pk,
                start=None,
                end=None,
            )
        },
    ),
}


def _course(provider, title: str, person_name: str, email: str, employer):
    start = (timezone.localtime() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    course = Course.objects.create(provider=provider, title_sv=title, status="published")
    session = Session.objects.create(
        course=course,
        start=start,
        end=start + timedelta(hours=3),
        hours=Decimal("3"),
        remote_capacity=2,
    )
    SessionSite.objects.create(session=session, organisation=provider, capacity=5, seats_taken=1)
    person = Participant.objects.create(full_name=person_name, email=email, employer=employer)
    registration = Registration.objects.create(participant=person, course=course, site=provider)
    Attendance.objects.create(session=_past(session), participant=person, hours=Decimal("3"))
    return course, session, person, registration


def _past(session: Session) -> Session:
    """A session of the same course held a week ago: attendance is only for sessions that
    have begun (the course's coming session stays open for registration)."""
    start = session.start - timedelta(days=17)
    return Session.objects.create(
        course=session.course, start=start, end=start + timedelta(hours=3), hours=Decimal("3"),
        sending_site=session.sending_site,
    )  # fmt: skip


def extend_world(world: dict) -> None:
    employer = Company.objects.create(name="Hotellet AB", org_number=luhn_complete("559912301"))
    foreign_employer = Company.objects.create(
        name="Annat AB", org_number=luhn_complete("559912302")
    )
    course, session, person, registration = _course(
        world["own_org"], "Egen kurs", "Ali Egen", "ali@example.se", employer
    )
    f_course, f_session, f_person, f_registration = _course(
        world["foreign_org"], "Annan kurs", "Bo Annan", "bo@example.se", foreign_employer
    )
    world.update(
        participants_course=course,
        participants_session=session,
        participants_own_person=person,
        participants_own_registration=registration,
        participants_foreign_course=f_course,
        participants_foreign_session=f_session,
        participants_foreign_person=f_person,
        participants_foreign_registration=f_registration,
        participants_employer=employer,
        participants_foreign_employer=foreign_employer,
        participants_pending=PendingRegistration.objects.create(
            course=course, site=world["own_org"], email=person.email, full_name="Ali Egen"
        ),
    )


def extend_receiving_world(world: dict) -> None:
    """A course sent by the foreign organisation, received at both sites (see the top)."""
    start = (timezone.localtime() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    sender, receiver = world["foreign_org"], world["own_org"]
    course = Course.objects.create(provider=sender, title_sv="Mottagen kurs", status="published")
    session = Session.objects.create(
        course=course,
        start=start,
        end=start + timedelta(hours=3),
        hours=Decimal("3"),
        sending_site=sender,
    )
    held = _past(session)
    people = {}
    for site, name, employer in (
        (sender, "Elis Sändare", world["participants_foreign_employer"]),
        (receiver, "Dana Mottagen", world["participants_employer"]),
    ):
        SessionSite.objects.create(session=session, organisation=site, capacity=5, seats_taken=1)
        person = Participant.objects.create(full_name=name, employer=employer)
        registration = Registration.objects.create(participant=person, course=course, site=site)
        Attendance.objects.create(session=held, participant=person, hours=3, site=receiver)
        people[site] = (person, registration)
    elis, elis_registration = people[sender]
    Registration.objects.create(
        participant=elis,
        course=world["participants_course"],
        site=receiver,
        status=RegistrationStatus.WAITLISTED,
    )
    world.update(
        receiving_course=course,
        receiving_session=session,
        receiving_sending_person=elis,
        receiving_sending_registration=elis_registration,
    )
