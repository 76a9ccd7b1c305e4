"""Read configuration from the environment (twelve-factor), with typed helpers."""

import ipaddress
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on", "ja"}
FALSE_WORDS = {"0", "false", "no", "off", "nej", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_networks(name: str, default: str = "") -> list[str]:
    """A comma-separated list of IP addresses or networks (CIDR), checked at start-up."""
    values = env_list(name, default)
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.0/8, not {value!r}."
            ) from exc
    return values


def local_secret_key(base_dir: Path) -> str:
    """A per-checkout key for development and the command line, kept out of git.

    Production must set SECRET_KEY (config.settings.production refuses to start without it).
    """
    path = base_dir / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def email_mailers(*, default_backend: str) -> dict:
    """Django's MAILERS from EMAIL_BACKEND and the EMAIL_* variables (SMTP options)."""
    backend = env_str("EMAIL_BACKEND", default_backend)
    options: dict = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": env_str("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 25),
            "username": env_str("EMAIL_HOST_USER") or None,
            "password": env_str("EMAIL_HOST_PASSWORD") or None,
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}
