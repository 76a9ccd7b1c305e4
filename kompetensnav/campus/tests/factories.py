from datetime import timedelta

import factory
from django.utils import timezone

from kompetensnav.campus.models import Course, Session, SessionSite
from tests.factories import OrganisationFactory


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    provider = factory.SubFactory(OrganisationFactory)
    title_sv = factory.Sequence(lambda n: f"Utbildning {n}")
    title_en = factory.Sequence(lambda n: f"Course {n}")
    description_sv = "En kort utbildning för yrkeslivet."
    status = "published"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory)
    start = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=14)).replace(
            hour=8, minute=0, second=0, microsecond=0
        )
    )
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=3))
    sending_site = factory.LazyAttribute(lambda o: o.course.provider)
    remote_capacity = 10


class SessionSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSite

    session = factory.SubFactory(SessionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    room = "Studierummet"
    capacity = 12
