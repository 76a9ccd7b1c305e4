"""Factories of the visits app (companies come from tests.factories.CompanyFactory)."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from kompetensnav.competences.models import CompetenceArea, area_key
from kompetensnav.visits.models import Need, PlanItem, Visit
from tests.factories import CompanyFactory, OrganisationFactory


class CompetenceAreaFactory(DjangoModelFactory):
    """An area of the shared vocabulary; a name that is already an area's gives that area."""

    class Meta:
        model = CompetenceArea

    name = factory.Sequence(lambda n: f"Område {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        existing = model_class.objects.filter(key=area_key(kwargs["name"])).first()
        return existing or super()._create(model_class, *args, **kwargs)


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
