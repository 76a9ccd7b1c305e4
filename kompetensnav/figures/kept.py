"""Statements kept per process: a figure's query compiled by Django once, then run again with
another period's values.

A key figure's query is built anew for every period: Django resolves its filters and
aggregates and compiles them to SQL, which takes longer than PostgreSQL takes to answer the
small ones (about 0.7 ms a query, two thirds of `figures` for a year at 1 % of national
scale). The SQL is the same for every period; only the parameters change. So a function of
a period that answers with one `.aggregate()` is decorated with @kept and, on PostgreSQL:

- the first time, it runs for two made-up periods (SENTINELS) while its statement is
  watched. Where the two statements' parameters differ, each must be one of the period's
  values (period_values(): its first and last day, their Stockholm day bounds, their years),
  the same one in both; the SQL must be the same text; the function must run exactly one
  statement and answer a dict; and the answer read back from that statement must equal
  Django's. Then the statement is kept, with where each of the period's values goes.
- afterwards it runs the kept statement with this period's values (through Django's cursor,
  so the execute wrappers still see it) and reads the row as Django does: the aggregates
  in their order.

A function whose statement does not pass is never kept: it runs as it is, every time
(`learned()` tells which passed). A query sent to another database than the default one is
not seen by the watch, and so not kept either. Nor is any period restricted to a project or
an organisation (their ids are not among the period's values), nor any query on SQLite,
where Django's converters shape the values (decimals) and one network's figures are quick
anyway.

What a kept function may not do: choose its statement by the period's values (a filter
added only for a period of a certain length, say). The statement of the made-up periods
would then be run for every period. Branches on a period's project or organisation are
fine (such periods are not kept); so is anything derived from the period outside
period_values(), which the watch refuses (it differs between the two made-up periods and
matches none of their values)."""

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connection

from kompetensnav.common.dates import day_bounds

from .registry import Period

# Two made-up periods, far from any data, of different lengths and with every value apart:
# a value that differs between them is the period's, and which one it is shows.
SENTINELS = (
    Period(date(1901, 2, 3), date(1902, 4, 5)),
    Period(date(1903, 6, 7), date(1905, 8, 9)),
)


def period_values(period: Period) -> dict[str, object]:
    """The values of a period that a figure's statement may hold, by name."""
    first, after_last = day_bounds(period.start, period.end)
    return {
        "start": period.start,
        "end": period.end,
        "first": first,
        "after_last": after_last,
        "start_year": period.start.year,
        "end_year": period.end.year,
    }


@dataclass(frozen=True)
class Statement:
    sql: str
    params: tuple  # the fixed values, with None where a period's value goes
    slots: tuple[tuple[int, str], ...]  # (position, name in period_values)
    keys: tuple[str, ...]  # the aggregates, in the statement's order

    def run(self, period: Period) -> dict:
        values = period_values(period)
        params = list(self.params)
        for position, name in self.slots:
            params[position] = values[name]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        return dict(zip(self.keys, row, strict=True))


_REFUSED = object()
# every @kept function, by key (as decorated; `__wrapped__` is the function as written)
KEPT: dict[str, Callable[[Period], dict]] = {}
_kept: dict[str, object] = {}  # key: Statement or _REFUSED (on PostgreSQL, the one vendor kept)
_lock = threading.Lock()


def _watched(function: Callable[[Period], dict], period: Period) -> tuple[object, list]:
    statements: list[tuple[str, tuple]] = []

    def watch(execute, sql, params, many, context):
        statements.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        answer = function(period)
    return answer, statements


def _slots(first: tuple, second: tuple) -> tuple[tuple, tuple[tuple[int, str], ...]] | None:
    """The fixed values and the period's slots of two runs' parameters, or None when a value
    that differs between them is none of the period's."""
    values = [period_values(sentinel) for sentinel in SENTINELS]
    fixed, slots = [], []
    for position, (one, other) in enumerate(zip(first, second, strict=True)):
        names = [name for name, value in values[0].items() if value == one]
        same = [name for name in names if values[1][name] == other]
        if one == other and not names:
            fixed.append(one)
        elif len(same) == 1:
            fixed.append(None)
            slots.append((position, same[0]))
        else:
            return None
    return tuple(fixed), tuple(slots)


def _learn(function: Callable[[Period], dict]) -> object:
    connection.ensure_connection()  # opening it runs statements of its own
    (answer, first), (_answer, second) = (_watched(function, s) for s in SENTINELS)
    if not isinstance(answer, dict) or len(first) != 1 or len(second) != 1:
        return _REFUSED
    (sql, params), (other_sql, other_params) = first[0], second[0]
    if sql != other_sql or len(params) != len(other_params):
        return _REFUSED
    found = _slots(params, other_params)
    if found is None:
        return _REFUSED
    statement = Statement(sql, found[0], found[1], tuple(answer))
    try:
        same = statement.run(SENTINELS[0]) == answer
    except ValueError:  # a row of another length than the answer
        same = False
    return statement if same else _REFUSED


def kept(function: Callable[[Period], dict]) -> Callable[[Period], dict]:
    """Run `function` (a query of a period answering with one `.aggregate()`) as a kept
    statement where it can be (see the module's docstring)."""
    key = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def run(period: Period) -> dict:
        if (
            connection.vendor != "postgresql"
            or period.project is not None
            or period.organisation is not None
        ):
            return function(period)
        statement = _kept.get(key)
        if statement is None:
            with _lock:
                statement = _kept.get(key)
                if statement is None:
                    statement = _kept[key] = _learn(function)
        if statement is _REFUSED:
            return function(period)
        return statement.run(period)  # type: ignore[union-attr]

    KEPT[key] = run
    return run


def learned() -> dict[str, bool]:
    """{key: whether its statement is kept} of the functions learned by this process."""
    return {key: found is not _REFUSED for key, found in _kept.items()}
