"""Production: base settings plus the hardening that `manage.py check --deploy` asks for."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, DEBUG
from .env import email_mailers, env_bool, env_int, env_list, env_str

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set DEBUG=false).")

SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random string of at least 50 characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

# Every link that leaves a page (e-mails, feeds, signed links) is made from SITE_URL, never
# from the request's host (kompetensnav/common/links.py): it must be the public https address.
SITE_URL = env_str("SITE_URL")
if not SITE_URL.startswith("https://") or "127.0.0.1" in SITE_URL or "localhost" in SITE_URL:
    raise ImproperlyConfigured(
        "Set SITE_URL to the address people use, with https, e.g. "
        "SITE_URL=https://kompetens.example.se (links in e-mails are made from it)."
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# Behind a reverse proxy, rate limits must count the client's address, not the proxy's: list
# the proxy in TRUSTED_PROXIES (base settings; docs/deploy.md). A count of proxies would believe
# any X-Forwarded-For when nothing in front of the app overwrites it.
if "TRUSTED_PROXY_COUNT" in os.environ:  # retired: refuse it rather than ignore it
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT is no longer used: list your reverse proxies' addresses in "
        "TRUSTED_PROXIES instead, e.g. TRUSTED_PROXIES=127.0.0.1 (docs/deploy.md)."
    )

# The cache is base.py's database cache, shared by every app server and worker, so rate limits
# and kept results hold across processes. Create it once with `manage.py createcachetable`.

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
STATIC_ROOT = env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles"))

# Coordinators act for the whole network: they must use two-factor authentication.
KOMPETENSNAV_MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", "coordinator")

MAILERS = email_mailers(default_backend="django.core.mail.backends.smtp.EmailBackend")

ADMINS = [("Admin", a) for a in env_list("ADMINS")]
