"""Test settings: the database comes from DATABASE_URL (SQLite by default, PostgreSQL in CI)."""

import os

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
ALLOWED_HOSTS = ["*"]
SITE_URL = "http://testserver"  # the test client's host: links in mails can be followed
KOMPETENSNAV_MFA_REQUIRED_ROLES: list[str] = []

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not os.environ.get(
    "DATABASE_URL"
):
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
    DATABASES["default"]["OPTIONS"].pop("init_command", None)
DATABASES["default"]["CONN_MAX_AGE"] = 0
# One process per test database: the local-memory cache, which adds no query to those that
# tests count.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "kompetensnav-tests",
    }
}

# WhiteNoise would list every file of STATIC_ROOT (left by `make bench` or a deployment
# rehearsal) each time a test client starts its middleware: look files up on request instead.
WHITENOISE_AUTOREFRESH = True
