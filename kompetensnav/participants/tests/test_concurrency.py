"""Simultaneous registrations and cancellations on PostgreSQL: never an overbooking, never a
lost registration, no deadlock."""

import random
import threading

import pytest
from django.db import close_old_connections, connection
from django.db.models import Sum

from kompetensnav.campus.models import Session, SessionSite
from kompetensnav.participants import services
from kompetensnav.participants.enums import RegistrationStatus
from kompetensnav.participants.models import Registration
from kompetensnav.participants.services import Place
from tests.factories import OrganisationFactory
from tests.postgres import only_on_postgres

from .factories import course_with_sites

pytestmark = [
    *only_on_postgres("concurrency is tested on PostgreSQL"),
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
BASE = "http://testserver/"


def _run_together(jobs) -> list:
    barrier = threading.Barrier(len(jobs))
    outcomes, lock = [], threading.Lock()

    def run(job) -> None:
        close_old_connections()
        try:
            barrier.wait()
            result = job()
        except Exception as exc:  # noqa: BLE001 - reported below
            result = exc
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _register(course, n: int, place: Place):
    return lambda: (
        services.registration_create(
            course=course,
            full_name=f"Person {n}",
            email=f"person{n}@example.se",
            place=place,
            base_url=BASE,
        ).registration.status
    )


def test_forty_simultaneous_registrations_for_five_seats(own_org):
    site = OrganisationFactory(name="Lärcentrum Borås")
    course = course_with_sites(provider=own_org, sites=[site], capacity=5, sessions=3)
    place = Place(site_id=site.pk)

    outcomes = _run_together([_register(course, n, place) for n in range(40)])

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert not errors, errors
    assert outcomes.count(RegistrationStatus.REGISTERED) == 5
    assert outcomes.count(RegistrationStatus.WAITLISTED) == 35
    assert Registration.objects.count() == 40
    assert set(
        SessionSite.objects.filter(session__course=course).values_list("seats_taken", flat=True)
    ) == {5}


def test_cancellations_and_registrations_at_once_never_overbook(own_org):
    site = OrganisationFactory(name="Lärcentrum Falköping")
    course = course_with_sites(provider=own_org, sites=[site], capacity=4, sessions=2, remote=3)
    site_place, remote = Place(site_id=site.pk), Place(remote=True)
    first = [
        services.registration_create(
            course=course,
            full_name=f"Först {n}",
            email=f"forst{n}@example.se",
            place=site_place if n % 2 else remote,
            base_url=BASE,
        ).registration
        for n in range(12)
    ]
    rng = random.Random(7)
    jobs = [
        (lambda r=r: services.registration_cancel(registration=r, base_url=BASE).cancelled)
        for r in rng.sample(first, 6)
    ]
    jobs += [_register(course, 100 + n, rng.choice([site_place, remote])) for n in range(20)]
    rng.shuffle(jobs)

    outcomes = _run_together(jobs)

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert not errors, errors
    assert Registration.objects.count() == 32
    for place, rows, field in (
        (site_place, SessionSite.objects.filter(session__course=course), "seats_taken"),
        (remote, Session.objects.filter(course=course), "remote_taken"),
    ):
        registered = (
            Registration.objects.filter(course=course, status=RegistrationStatus.REGISTERED)
            .at_place(site_id=place.site_id, remote=place.remote)
            .count()
        )
        # every session of the place counts exactly the registered people, within capacity
        assert set(rows.values_list(field, flat=True)) == {registered}
        capacity = 4 if place == site_place else 3
        assert registered <= capacity
        waiting = (
            Registration.objects.filter(course=course, status=RegistrationStatus.WAITLISTED)
            .at_place(site_id=place.site_id, remote=place.remote)
            .exists()
        )
        # nobody waits while a seat is free
        assert registered == capacity or not waiting
    assert rows.aggregate(total=Sum(field))["total"] is not None


def test_a_thousand_registrations_for_ten_seats(own_org):
    """quality.md: 1,000 concurrent registrations for 10 seats give exactly 10 registered and
    990 waitlisted, none lost (16 at a time: PostgreSQL's connection limit)."""
    from concurrent.futures import ThreadPoolExecutor

    site = OrganisationFactory(name="Lärcentrum Skövde")
    course = course_with_sites(provider=own_org, sites=[site], capacity=10, sessions=2)
    place = Place(site_id=site.pk)

    def job(n: int):
        try:
            return _register(course, n, place)()
        except Exception as exc:  # noqa: BLE001 - reported below
            return exc

    # each of the 16 threads keeps its connection for its registrations (as an app server's
    # thread does), and closes it at the end: all 16 wait for each other there, so that
    # every thread runs one close
    closing = threading.Barrier(16)

    def close(_n: int) -> None:
        closing.wait(timeout=60)
        connection.close()

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(job, range(1000)))
        list(pool.map(close, range(16)))

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert outcomes.count(RegistrationStatus.REGISTERED) == 10
    assert outcomes.count(RegistrationStatus.WAITLISTED) == 990
    assert Registration.objects.filter(course=course).count() == 1000
    assert set(
        SessionSite.objects.filter(session__course=course).values_list("seats_taken", flat=True)
    ) == {10}
