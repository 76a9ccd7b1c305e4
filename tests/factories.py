"""factory-boy factories for the models every app uses."""

import factory
from factory.django import DjangoModelFactory

from kompetensnav.accounts.enums import Role
from kompetensnav.accounts.models import Affiliation, User
from kompetensnav.network.enums import OrganisationKind
from kompetensnav.network.models import Organisation


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Lärcentrum {n}")
    kind = OrganisationKind.LEARNING_CENTRE
    municipality_id = "1485"  # Uddevalla
    country_id = "SE"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.se")
    full_name = factory.Faker("name", locale="sv_SE")
    language = "sv"
    password = factory.PostGenerationMethodCall("set_password", "kompetensnav-test-pw")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class AffiliationFactory(DjangoModelFactory):
    class Meta:
        model = Affiliation

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.VIEWER


def _org_number(n: int) -> str:
    from kompetensnav.common.demodata import luhn_complete

    return luhn_complete(f"55{n:07d}")


class CompanyFactory(DjangoModelFactory):
    class Meta:
        model = "companies.Company"

    name = factory.Sequence(lambda n: f"Företaget {n} AB")
    org_number = factory.Sequence(_org_number)
    sni_id = None
    municipality_id = "1494"  # Lidköping
    country_id = "SE"
    employees = 12


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = "projects.Project"

    name = factory.Sequence(lambda n: f"Projekt {n}")
    funder = "esf"
