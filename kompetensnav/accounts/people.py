"""Accounts' part of a person's data (common/people.py): the user account, its roles and API
tokens. Erasing an account anonymises it: the name and address go, it can no longer sign
in, its roles end and its tokens are deleted; what the person did stays attributed to the
anonymous account (visits, decisions). The audit log's entries about the account are
redacted and the act recorded; the address that signs the entries the person made as an
actor stays, for accountability (who changed what)."""

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kompetensnav.common.people import Source, record_erasure, redact_audit_log, yes_no

from .models import Affiliation, ApiToken, User


def _find(email: str) -> list[User]:
    return list(User.objects.filter(email__iexact=email))


def _export(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "name": user.full_name,
        "email": user.email,
        "language": user.language,
        "active": user.is_active,
        "joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "roles": [
            {
                "organisation": a.organisation.name,
                "role": str(a.get_role_display()),
                "active": a.is_active,
                "since": a.created.isoformat(),
            }
            for a in user.affiliations.select_related("organisation").order_by("created")
        ],
        "api_tokens": [
            {"name": t.name, "hint": t.key_hint, "created": t.created.isoformat()}
            for t in ApiToken.objects.filter(affiliation__user=user).order_by("created")
        ],
    }


@transaction.atomic
def _erase(user: User) -> None:
    user.set_unusable_password()
    # update(), not save(): the audit log must not record the erased values
    User.objects.filter(pk=user.pk).update(
        full_name="",
        email=f"raderad-{user.pk}@raderad.invalid",
        is_active=False,
        password=user.password,
    )
    affiliations = list(user.affiliations.values_list("pk", flat=True))
    tokens = list(ApiToken.objects.filter(affiliation__user=user).values_list("pk", flat=True))
    Affiliation.objects.filter(pk__in=affiliations).update(is_active=False)
    ApiToken.objects.filter(pk__in=tokens).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.end_all_sessions()
    redact_audit_log(User, [user.pk])
    redact_audit_log(Affiliation, affiliations)
    redact_audit_log(ApiToken, tokens)
    record_erasure(User, user.pk)


def _rows(user: User) -> list[tuple[str, str]]:
    rows = [
        (gettext("Name"), user.full_name),
        (gettext("E-mail address"), user.email),
        (gettext("Active"), yes_no(user.is_active)),
        (gettext("Date joined"), user.date_joined.date().isoformat()),
        (gettext("Last login"), user.last_login.date().isoformat() if user.last_login else "–"),
    ]
    for a in user.affiliations.select_related("organisation").order_by("created"):
        rows.append((gettext("Role"), f"{a.get_role_display()}, {a.organisation.name}"))
    for token in ApiToken.objects.filter(affiliation__user=user):
        rows.append((gettext("API token"), f"{token.name} ({token.key_hint}…)"))
    return rows


SOURCE = Source("user", _("User account"), _find, _export, _erase, _rows)
