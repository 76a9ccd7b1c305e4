"""Writes on users, affiliations and API tokens. Every function checks permissions itself."""

from collections.abc import Sequence
from datetime import date, datetime, time

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kompetensnav.common.actor import Actor
from kompetensnav.common.mail import queue_email
from kompetensnav.common.permissions import require

from .acting import acting_affiliation, acting_person
from .enums import Role, TokenScope
from .mfa import has_mfa, role_requires_mfa, token_max_age
from .models import Affiliation, ApiToken, User
from .rules import is_coordinator


def _check_can_manage(actor: Actor, organisation: Model, role: str) -> User:
    """The person managing (PermissionDenied unless they may give the role there)."""
    require(actor, "accounts.manage_person", organisation)
    person = acting_person(actor)
    if role == Role.COORDINATOR and not person.has_perm("accounts.assign_coordinator"):
        raise PermissionDenied(_("Only a network coordinator can appoint coordinators."))
    return person


@transaction.atomic
def person_invite(
    *,
    actor: Actor,
    organisation: Model,
    email: str,
    full_name: str,
    role: str,
    base_url: str,
) -> Affiliation:
    """Give a person a role in an organisation (network's Organisation, typed as a Model:
    accounts does not import network), creating their account if needed, and send them a
    link to choose a password."""
    _check_can_manage(actor, organisation, role)
    email = email.strip().lower()
    already = ValidationError(
        {"email": _("This person already has a role in %(org)s.") % {"org": organisation}}
    )
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    try:
        # the unique constraints decide when two admins add the same person at once
        with transaction.atomic():
            if created:
                user = User.objects.create_user(email=email, full_name=full_name.strip())
                user.set_unusable_password()
                user.save(update_fields=["password"])
            assert user is not None
            # by id: accounts does not know the Organisation type
            if Affiliation.objects.filter(user=user, organisation_id=organisation.pk).exists():
                raise already
            affiliation = Affiliation.objects.create(
                user=user, organisation_id=organisation.pk, role=role
            )
    except IntegrityError as exc:
        raise already from exc
    assert user is not None
    _send_invitation(user=user, affiliation=affiliation, base_url=base_url, new_account=created)
    return affiliation


def _send_invitation(
    *, user: User, affiliation: Affiliation, base_url: str, new_account: bool
) -> None:
    if new_account:
        path = reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(user),
                "key": default_token_generator.make_token(user),
            },
        )
    else:
        path = reverse("account_login")
    with translation.override(user.language or "sv"):
        context = {
            "user": user,
            "affiliation": affiliation,
            "link": base_url.rstrip("/") + path,
            "new_account": new_account,
        }
        queue_email(
            subject=_("You have been given access to kompetensnav"),
            body=render_to_string("accounts/email/invitation.txt", context),
            to=[user.email],
        )


@transaction.atomic
def affiliation_update(
    *, actor: Actor, affiliation: Affiliation, role: str, is_active: bool
) -> Affiliation:
    person = _check_can_manage(actor, affiliation.organisation, role)
    if affiliation.role == Role.COORDINATOR and not is_coordinator(actor):
        raise PermissionDenied
    if affiliation.user_id == person.pk and (not is_active or role != affiliation.role):
        raise ValidationError(
            _("You cannot change your own role or access. Ask another admin to do it.")
        )
    deactivated = affiliation.is_active and not is_active
    affiliation.role = role
    affiliation.is_active = is_active
    affiliation.full_clean()
    affiliation.save(update_fields=["role", "is_active"])
    if deactivated:
        # For good: activating the role again must not bring old tokens back.
        _revoke_tokens(ApiToken.objects.filter(affiliation=affiliation))
    return affiliation


def _revoke_tokens(tokens: QuerySet[ApiToken]) -> None:
    for token in tokens.filter(revoked__isnull=True):
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])  # one by one, so the audit log records each


@transaction.atomic
def user_set_active(*, actor: Actor, user: User, is_active: bool) -> User:
    """Disable or re-enable an account. Disabling ends the user's sessions and revokes their
    API tokens for good: re-enabling the account does not bring either back, so the person
    logs in again and makes new tokens."""
    require(actor, "accounts.disable_user")
    if user.pk == acting_person(actor).pk:
        raise ValidationError(_("You cannot disable your own account."))
    disabling = user.is_active and not is_active
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    if disabling:
        user.end_all_sessions()
        _revoke_tokens(ApiToken.objects.filter(affiliation__user=user))
    return user


@transaction.atomic
def profile_update(*, actor: Actor, full_name: str, language: str) -> User:
    person = acting_person(actor)
    person.full_name = full_name.strip()
    person.language = language
    person.full_clean(exclude=["password"])
    person.save(update_fields=["full_name", "language"])
    return person


@transaction.atomic
def api_token_create(
    *,
    actor: Actor,
    name: str,
    mfa_confirmed: bool = False,
    scopes: Sequence[str] = (TokenScope.READ,),
    expires_on: date | None = None,
) -> tuple[ApiToken, str]:
    """Create a token acting for the actor's current affiliation; returns it and the raw key,
    which is shown once and never stored. It may do what `scopes` (TokenScope) name, within
    the role's permissions, until the end of `expires_on` (Swedish time) if given.

    For a role that requires two-factor authentication the caller must have checked a
    two-factor code just now (`mfa_confirmed`, see accounts.mfa.recently_confirmed_with_mfa);
    such a token expires after settings.API_TOKEN_MAX_AGE_DAYS."""
    require(actor, "accounts.use_api_tokens")
    person = acting_person(actor)
    affiliation = acting_affiliation(person)
    assert affiliation is not None  # the permission needs one
    expires = None
    if role_requires_mfa(affiliation.role):
        if not has_mfa(person):
            raise PermissionDenied(
                _(
                    "Your role requires two-factor authentication: turn it on before you create a token."
                )
            )
        if not mfa_confirmed:
            raise PermissionDenied(
                _("Confirm with a code from your authenticator app before you create a token.")
            )
        expires = timezone.now() + token_max_age()
    if not scopes or set(scopes) - set(TokenScope.values):
        raise ValidationError({"scopes": _("Choose at least one of the listed permissions.")})
    if expires_on is not None:
        if expires_on <= timezone.localdate():
            raise ValidationError({"expires_on": _("Choose a day after today.")})
        end_of_day = timezone.make_aware(datetime.combine(expires_on, time.max))
        expires = end_of_day if expires is None else min(expires, end_of_day)
    raw, key_hash, hint = ApiToken.generate()
    token = ApiToken.objects.create(
        affiliation=affiliation,
        name=name.strip(),
        key_hash=key_hash,
        key_hint=hint,
        expires=expires,
        mfa_confirmed=role_requires_mfa(affiliation.role),
        scopes=[scope for scope in TokenScope.values if scope in scopes],
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    if token.affiliation.user_id != acting_person(actor).pk:
        raise PermissionDenied
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
    return token
