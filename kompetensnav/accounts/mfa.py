"""Two-factor authentication rules: which roles need it, whether a session has just proved it,
and when an API token of such a role may no longer be used."""

import time
from datetime import timedelta

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ApiToken, User


def role_requires_mfa(role: str | None) -> bool:
    return role is not None and role in set(settings.KOMPETENSNAV_MFA_REQUIRED_ROLES)


def has_mfa(user: User) -> bool:
    return is_mfa_enabled(user)


def recently_confirmed_with_mfa(request: HttpRequest) -> bool:
    """Whether this session entered a two-factor code within ACCOUNT_REAUTHENTICATION_TIMEOUT
    seconds: when asked by allauth's reauthentication page, or at login."""
    now = time.time()
    return any(
        record.get("method") == "mfa"
        and now - record.get("at", 0) < account_settings.REAUTHENTICATION_TIMEOUT
        for record in get_authentication_records(request, request.user)
    )


def token_max_age() -> timedelta:
    return timedelta(days=settings.API_TOKEN_MAX_AGE_DAYS)


def token_refusal(token: ApiToken) -> str | None:
    """Why the API refuses a token that is otherwise usable (not revoked, role and account
    active), in the active language; None when it may be used. A token of a role that
    requires two-factor authentication must have been created after a two-factor check, its
    user must still have two-factor authentication, and it expires."""
    now = timezone.now()
    if token.expires is not None and token.expires <= now:
        return _("This token expired on %(date)s. Create a new one under Account → API tokens.") % {
            "date": date_format(timezone.localtime(token.expires), "DATE_FORMAT")
        }
    affiliation = token.affiliation
    if not role_requires_mfa(affiliation.role):
        return None
    role = affiliation.get_role_display()
    if not has_mfa(affiliation.user):
        return _(
            "The role %(role)s requires two-factor authentication, and this token's account "
            "has none. Turn it on under Account, then create a new token."
        ) % {"role": role}
    if not token.mfa_confirmed:
        return _(
            "This token was created before the role %(role)s required two-factor "
            "authentication. Create a new one under Account → API tokens."
        ) % {"role": role}
    if token.created + token_max_age() <= now:
        days = settings.API_TOKEN_MAX_AGE_DAYS
        return ngettext(
            "This token is older than %(days)s day, the longest a token of the role %(role)s "
            "may be used. Create a new one under Account → API tokens.",
            "This token is older than %(days)s days, the longest a token of the role %(role)s "
            "may be used. Create a new one under Account → API tokens.",
            days,
        ) % {"days": days, "role": role}
    return None
