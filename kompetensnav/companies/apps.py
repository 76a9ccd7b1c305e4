from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "kompetensnav.companies"
    label = "companies"
    verbose_name = _("Companies")

    def ready(self) -> None:
        from kompetensnav.common.people import register as register_person_source

        from .people import SOURCE as person_source

        register_person_source(person_source)  # a person's data (GDPR)
        from kompetensnav.audit.registry import audit
        from kompetensnav.common.navigation import NavItem, register

        from .models import Company, CompanyContact

        # A sole trader's organisation number is their personal identity number.
        audit(Company)
        audit(CompanyContact)  # a person's name, role, e-mail, phone and consent
        register(NavItem(_("Companies"), "companies:company_list", "companies.view_companies", 300))
