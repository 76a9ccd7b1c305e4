"""Encryption of personal identity numbers at rest (Fernet: AES-128-CBC with HMAC-SHA256).

Keys come from settings.FIELD_ENCRYPTION_KEYS (newest first; older keys only decrypt, which
allows rotation), or are derived from SECRET_KEY when none is configured."""

import base64
import hashlib

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def _keys() -> list[bytes]:
    configured = [key.encode() for key in getattr(settings, "FIELD_ENCRYPTION_KEYS", []) if key]
    if configured:
        return configured
    digest = hashlib.sha256(b"kompetensnav-field-encryption:" + settings.SECRET_KEY.encode())
    return [base64.urlsafe_b64encode(digest.digest())]


def _cipher() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def encrypt(plain: str) -> str:
    return _cipher().encrypt(plain.encode()).decode("ascii")


def decrypt(token: str) -> str:
    return _cipher().decrypt(token.encode("ascii")).decode()
