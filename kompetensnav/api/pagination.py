"""Limit/offset pagination with a documented ceiling: asking for more than MAX_LIMIT rows is
a 422, not a silent cut, so clients see the rule in the schema."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# Far beyond any real list, and small enough that no database overflows on it.
MAX_OFFSET = 1_000_000_000


class ApiPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items to return (1–200)."
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")

    class Output(Schema):
        items: list = Field(description="This page of results.")
        count: int = Field(description="How many items match in all, across pages.")

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
