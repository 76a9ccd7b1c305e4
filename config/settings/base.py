"""Settings shared by every environment; everything that differs comes from the environment.

See .env.example for the variables and docs/deploy.md for production.
"""

from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from .env import (
    email_mailers,
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_str,
    local_secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or local_secret_key(BASE_DIR)
# Keys for encrypted personal identity numbers (Fernet, newest first; older keys still
# decrypt). Empty: derived from SECRET_KEY. See docs/deploy.md for rotation.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
# The public address, for links in e-mails sent outside a request (scheduled commands).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_tasks_db",
    "auditlog",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "kompetensnav.common",
    "kompetensnav.reference",
    "kompetensnav.figures",
    "kompetensnav.competences",
    "kompetensnav.network",
    "kompetensnav.accounts",
    "kompetensnav.audit",
    "kompetensnav.notifications",
    "kompetensnav.companies",
    "kompetensnav.questionnaires",
    "kompetensnav.visits",
    "kompetensnav.campus",
    "kompetensnav.participants",
    "kompetensnav.projects",
    "kompetensnav.analysis",
    "kompetensnav.interchange",
    "kompetensnav.reports",
    "kompetensnav.collaboration",
    "kompetensnav.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kompetensnav.common.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kompetensnav.accounts.middleware.SessionTimeoutMiddleware",
    "kompetensnav.accounts.middleware.UserLanguageMiddleware",
    "kompetensnav.accounts.middleware.ActingAffiliationMiddleware",
    "kompetensnav.accounts.middleware.RequireMfaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kompetensnav.common.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# Form fields and widgets are rendered by Django's own Jinja2 templates of them: the same HTML,
# four times faster than the template language (the visit form with its questionnaire: about
# 250 ms → 60 ms). Pages stay Django templates.
FORM_RENDERER = "django.forms.renderers.Jinja2"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kompetensnav" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kompetensnav.common.context_processors.navigation",
                "kompetensnav.notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'kompetensnav.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One network on one machine: WAL lets the worker and the web server share the file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# In the database, shared by the web server and the task worker (`make run` starts both): rate
# limits and the data tokens of kept results (common/datacache.py) must be one for every
# process. `make migrate` and docs/deploy.md create the table (`manage.py createcachetable`).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "kompetensnav_cache",
        # beyond this many entries Django deletes a third of them, in the order of their
        # keys: room for the kept pages of every filter people use in a day
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
# Results kept until their data changes are dropped after this long whatever happens.
DATA_CACHE_SECONDS = env_int("DATA_CACHE_SECONDS", 3600)

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
    }
}

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- django-allauth: e-mail login, no open sign-up (accounts are invited), TOTP ---
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "kompetensnav.accounts.adapters.AccountAdapter"
# Every allauth form, so that its text fields refuse control characters (common.forms).
ACCOUNT_FORMS = {
    key: f"kompetensnav.accounts.forms.{name}"
    for key, name in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_email": "ChangeEmailForm",
        "confirm_email_verification_code": "ConfirmEmailVerificationCodeForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "confirm_password_reset_code": "ConfirmPasswordResetCodeForm",
        "user_token": "UserTokenForm",
        "reauthenticate": "ReauthenticateForm",
        "request_login_code": "RequestLoginCodeForm",
        "confirm_login_code": "ConfirmLoginCodeForm",
        "change_phone": "ChangePhoneForm",
        "verify_phone": "VerifyPhoneForm",
    }.items()
}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_RATE_LIMITS = {
    # per client IP and per account (the "key" is the e-mail address)
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "10/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[kompetensnav] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "kompetensnav"
MFA_FORMS = {
    key: f"kompetensnav.accounts.forms.{name}"
    for key, name in {
        "authenticate": "MfaAuthenticateForm",
        "reauthenticate": "MfaReauthenticateForm",
        "activate_totp": "ActivateTOTPForm",
        "deactivate_totp": "DeactivateTOTPForm",
        "generate_recovery_codes": "GenerateRecoveryCodesForm",
        "authenticate_webauthn": "AuthenticateWebAuthnForm",
        "add_webauthn": "AddWebAuthnForm",
        "login_webauthn": "LoginWebAuthnForm",
        "reauthenticate_webauthn": "ReauthenticateWebAuthnForm",
        "edit_webauthn": "EditWebAuthnForm",
        "signup_webauthn": "SignupWebAuthnForm",
    }.items()
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "common:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "common:home"

# Roles that must have two-factor authentication before they can use the site. Their API
# tokens are made only right after a two-factor code and expire after this many days
# (kompetensnav.accounts.mfa, docs/api.md).
KOMPETENSNAV_MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", "")
# Years a course outside any project keeps its participants' names and e-mail addresses after
# its last session (a project's course: the project's own retention_years after its end).
KOMPETENSNAV_PARTICIPANT_RETENTION_YEARS = env_int("PARTICIPANT_RETENTION_YEARS", 3)
API_TOKEN_MAX_AGE_DAYS = env_int("API_TOKEN_MAX_AGE_DAYS", 90)

# The reverse proxies (addresses or CIDR networks) whose X-Forwarded-For is believed. Empty:
# the client is REMOTE_ADDR. Rate limits and the audit log use kompetensnav.common.clientip.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

# Sessions end after inactivity and absolutely.
SESSION_COOKIE_AGE = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 3600)
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 2 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- e-mail (Django 6.1 mailers) ---
MAILERS = email_mailers(default_backend="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kompetensnav <noreply@kompetensnav.local>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- language and formats: Swedish first ---
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# --- static files ---
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "media"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- security headers on every response ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
    },
}

API_TOKEN_RATE_LIMIT = env_str("API_RATE_LIMIT", "600/m")
# Webhooks post to https:// addresses on the internet only; allow http:// and addresses in
# private or local networks for a subscriber inside your own network (docs/api.md, Webhooks).
WEBHOOK_ALLOW_HTTP = env_bool("WEBHOOK_ALLOW_HTTP", DEBUG)
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", DEBUG)
