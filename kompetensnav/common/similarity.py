"""Fuzzy matching of names: how much a name resembles what was typed, 0–1, so that a search
finds "Möbelsnickeri" for "möbelsnikeri". On PostgreSQL it is pg_trgm's `word_similarity`
(the extension is created by the migration companies.0004); on SQLite the same measure is
computed in Python and registered as a function on each connection (below).

A search filters with WordSimilar (PostgreSQL's `<%` operator, which the trigram index on
companies' names serves: milliseconds for 100,000 names where computing the function on
each row takes most of a second). Its threshold, pg_trgm.word_similarity_threshold, is set
to THRESHOLD on each PostgreSQL connection, so that both databases draw the same line.

The measure (pg_trgm's): both texts are cut into trigrams, each word lower-cased and padded
with two spaces before and one after; the result is the best Jaccard similarity between the
query's trigrams and any run of consecutive trigrams of the name."""

import re
from functools import lru_cache
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models import BooleanField, FloatField, Func
from django.dispatch import receiver

THRESHOLD = 0.5  # from this word similarity (0–1) a name counts as a near match

_WORD = re.compile(r"[^\W_]+")


def _trigrams(text: str) -> list[str]:
    found = []
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        found += [padded[i : i + 3] for i in range(len(padded) - 2)]
    return found


@lru_cache(maxsize=256)
def _query_trigrams(query: str) -> frozenset[str]:
    return frozenset(_trigrams(query))


def word_similarity(query: str | None, name: str | None) -> float | None:
    if query is None or name is None:
        return None
    wanted = _query_trigrams(query)
    if not wanted:
        return 0.0
    ordered = _trigrams(name)
    # the best run starts and ends at a trigram the query has (trimming others only helps)
    hits = [i for i, trigram in enumerate(ordered) if trigram in wanted]
    best = 0.0
    for n, start in enumerate(hits):
        for end in hits[n:]:
            run = set(ordered[start : end + 1])
            shared = len(run & wanted)
            best = max(best, shared / (len(wanted) + len(run) - shared))
    return best


class WordSimilarity(Func):
    """WordSimilarity(Value(query), "name"): 0–1, see the module."""

    function = "word_similarity"
    arity = 2
    output_field = FloatField()

    def as_sqlite(
        self, compiler: Any, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[str | int, ...]]:
        return super().as_sql(compiler, connection, function="kn_word_similarity", **extra_context)


class WordSimilar(Func):
    """WordSimilar(Value(query), "name"): the name resembles the query (word similarity of
    at least THRESHOLD), as a condition for filter()."""

    arity = 2
    template = "%(expressions)s"
    arg_joiner = " <%% "
    output_field = BooleanField()

    def as_sqlite(
        self, compiler: Any, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, tuple[str | int, ...]]:
        return super().as_sql(
            compiler,
            connection,
            template=f"kn_word_similarity(%(expressions)s) >= {THRESHOLD}",
            arg_joiner=", ",
            **extra_context,
        )


@receiver(connection_created)
def connect(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    """SQLite: the measure as a function; PostgreSQL: the threshold of `<%`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "kn_word_similarity", 2, word_similarity, deterministic=True
        )
    elif connection.vendor == "postgresql":
        with connection.connection.cursor() as cursor:
            # a placeholder until pg_trgm is loaded, which then takes it
            cursor.execute(f"SET pg_trgm.word_similarity_threshold = {THRESHOLD}")
