"""Factories of the visits app (companies come from tests.factories.CompanyFactory)."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from kompetensnav.visits.models import CompetenceArea, Need, PlanItem, Visit
from tests.factories import CompanyFactory, OrganisationFactory


class CompetenceAreaFactory(DjangoModelFactory):
    class Meta:
        model = CompetenceArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Område {n}")


class VisitFactory(DjangoModelFactory):
    class Meta:
        model = Visit
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    date = date(2026, 3, 2)
    notes = "Hemlig anteckning"
    advice = "Tipsade om kurs"

    @factory.post_generation
    def visited_by(self, create, extracted, **kwargs):
        if create and extracted:
            self.visited_by.set(extracted)


class NeedFactory(DjangoModelFactory):
    class Meta:
        model = Need

    visit = factory.SubFactory(VisitFactory)
    area = factory.SubFactory(CompetenceAreaFactory)
    horizon = "now"
    gap_area = "utbildning"


class PlanItemFactory(DjangoModelFactory):
    class Meta:
        model = PlanItem

    organisation = factory.SubFactory(OrganisationFactory)
    company = factory.SubFactory(CompanyFactory)
