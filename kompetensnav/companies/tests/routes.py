"""The companies app's routes in the permission matrix (tests/test_permission_matrix.py).

Companies are shared across the network: every affiliated user reads every company, so
there is no foreign company to hide; brokers, organisation admins and coordinators edit."""

from kompetensnav.accounts.enums import Role
from kompetensnav.companies.models import Company, CompanyContact
from tests.permissions import ALL_ROLES, Route

EDITORS = {Role.COORDINATOR.value, Role.ORG_ADMIN.value, Role.BROKER.value}

ROUTES: dict[str, Route] = {
    "companies:company_list": Route(allowed=ALL_ROLES),
    "companies:company_search": Route(allowed=ALL_ROLES, data={"q": "Möbel"}),
    "companies:company_detail": Route(allowed=ALL_ROLES, kwargs=lambda w: {"pk": w["company"].pk}),
    "companies:company_create": Route(allowed=EDITORS),
    "companies:company_edit": Route(allowed=EDITORS, kwargs=lambda w: {"pk": w["company"].pk}),
    "companies:company_merge": Route(
        allowed={Role.COORDINATOR.value}, kwargs=lambda w: {"pk": w["company"].pk}
    ),
    "companies:contact_create": Route(allowed=EDITORS, kwargs=lambda w: {"pk": w["company"].pk}),
    "companies:contact_edit": Route(allowed=EDITORS, kwargs=lambda w: {"pk": w["contact"].pk}),
    "companies:contact_delete": Route(allowed=EDITORS, kwargs=lambda w: {"pk": w["contact"].pk}),
}


def extend_world(world: dict) -> None:
    world["company"] = Company.objects.create(
        name="Vänerns Möbelsnickeri AB", org_number="556036-0793", municipality_id="1494"
    )
    world["contact"] = CompanyContact.objects.create(company=world["company"], name="Eva Ek")
