"""SQLite's LIKE folds only ASCII letters, so a search for "åberg" would miss "Åberg".
On SQLite connections, LIKE is replaced with a Unicode-aware version (PostgreSQL's ILIKE
already is). Django's contains/icontains on SQLite both use LIKE."""

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
