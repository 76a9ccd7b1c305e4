"""The marks of a test that needs PostgreSQL."""

import os

import pytest


def only_on_postgres(why: str) -> list[pytest.MarkDecorator]:
    """`postgres` (the PostgreSQL half of `make test` runs the test, the SQLite half leaves it
    out) and a skip, saying `why`, wherever DATABASE_URL is not PostgreSQL."""
    return [
        pytest.mark.postgres,
        pytest.mark.skipif(
            not os.environ.get("DATABASE_URL", "").startswith("postgres"),
            reason=f"{why} (make test runs it on PostgreSQL)",
        ),
    ]
