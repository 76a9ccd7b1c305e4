"""Users log in with e-mail; each acts for an organisation with a role (an affiliation)."""

import hashlib
import secrets

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from .enums import Role, TokenScope, default_token_scopes


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="sv"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Can log in to the technical admin site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Part of every session's authentication hash: raising it ends all the user's sessions
    # for good (re-enabling the account does not bring them back). See end_all_sessions().
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = UserManager()
    # not a field: the affiliation the user acts for, set per request (accounts.acting)
    affiliation: "Affiliation | None"

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def has_perm(self, perm: str, obj: object = None) -> bool:
        """What a person may do in the product comes from their role (the rules of each
        app's rules.py), never from superuser status, which opens the Django admin (reference
        data and support) only: a superuser with no role is refused the product's pages
        rather than reaching pages that assume a role. Django's model permissions (the
        admin's) are unchanged."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def get_session_auth_hash(self) -> str:
        return self._session_hash(secret=None)

    def get_session_auth_fallback_hash(self):
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret=fallback_secret)

    def _session_hash(self, *, secret: str | None) -> str:
        """Django's hash of the password, with the session generation mixed in once it has
        been raised (generation 0 gives Django's own hash, so existing sessions survive the
        upgrade). Django's AuthenticationMiddleware flushes a session whose hash differs."""
        value = self.password
        if self.session_generation:
            value = f"{self.password}\x00{self.session_generation}"
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            value,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def end_all_sessions(self) -> None:
        """Every session of this user stops working at its next request, whatever happens to
        the account later."""
        User.objects.filter(pk=self.pk).update(session_generation=F("session_generation") + 1)
        self.refresh_from_db(fields=["session_generation"])


class AffiliationQuerySet(models.QuerySet["Affiliation"]):
    def active(self) -> "AffiliationQuerySet":
        return self.filter(is_active=True, user__is_active=True)


class Affiliation(models.Model):
    """A user acting for an organisation in a role. A user may have several."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.CASCADE,
        related_name="affiliations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="affiliation_one_role_per_organisation"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="affiliation_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}, {self.organisation}"

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self) -> "ApiTokenQuerySet":
        return self.filter(
            revoked__isnull=True,
            affiliation__is_active=True,
            affiliation__user__is_active=True,
        )


class ApiToken(models.Model):
    """A token for integrations; it acts with the permissions of one affiliation.

    Only a hash is stored: the token is shown once, when it is created.
    """

    PREFIX = "knav_"

    affiliation = models.ForeignKey(
        Affiliation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField(max_length=12, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)
    expires = models.DateTimeField(_("expires"), null=True, blank=True)
    # Created right after a two-factor check: required for roles that must use two-factor
    # authentication (accounts.mfa.token_refusal).
    mfa_confirmed = models.BooleanField(
        _("confirmed with two-factor authentication"), default=False
    )
    # TokenScope values: what the token may do, within its role's permissions
    scopes = models.JSONField(_("scopes"), default=default_token_scopes)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_hint}…)"

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def scope_labels(self) -> list[str]:
        labels = dict(TokenScope.choices)
        return [str(labels[scope]) for scope in TokenScope.values if scope in self.scopes]

    @property
    def is_expired(self) -> bool:
        return self.expires is not None and self.expires <= timezone.now()

    @classmethod
    def generate(cls) -> tuple[str, str, str]:
        raw = cls.PREFIX + secrets.token_urlsafe(32)
        return raw, _hash_token(raw), raw[: len(cls.PREFIX) + 4]

    @classmethod
    def find(cls, raw: str) -> "ApiToken | None":
        return (
            cls.objects.usable()
            .select_related("affiliation__user", "affiliation__organisation")
            .filter(key_hash=_hash_token(raw))
            .first()
        )
