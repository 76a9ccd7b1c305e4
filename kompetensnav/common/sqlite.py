"""SQLite's LIKE, LOWER() and UPPER() fold only ASCII letters, so a search for "åberg" would
miss "Åberg", and a unique constraint on Lower("email") would let "Örjan@…" and "örjan@…"
both in while Python's lower() calls them one. On SQLite connections the three are replaced
with Unicode-aware versions that fold as Python does (PostgreSQL's ILIKE, lower() and upper()
already do, with a UTF-8 locale). Django's contains/icontains/iexact on SQLite use LIKE; the
Lower() and Upper() functions and the indexes and constraints built on them use LOWER() and
UPPER(). An existing database's indexes are rebuilt with them once, by the migration
common.0001 (REINDEX)."""

import re
from functools import lru_cache

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.dispatch import receiver


@lru_cache(maxsize=512)
def _pattern(like_pattern: str, escape: str | None) -> re.Pattern:
    parts: list[str] = []
    chars = iter(like_pattern)
    for char in chars:
        if escape and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def unicode_like(pattern: str | None, value: str | None, escape: str | None = None) -> bool | None:
    if pattern is None or value is None:
        return None
    return _pattern(pattern, escape).fullmatch(str(value)) is not None


@receiver(connection_created)
def use_unicode_like(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)


def unicode_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def unicode_upper(value: object) -> object:
    return value.upper() if isinstance(value, str) else value


@receiver(connection_created)
def use_unicode_case(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("lower", 1, unicode_lower, deterministic=True)
        connection.connection.create_function("upper", 1, unicode_upper, deterministic=True)
