"""The error answers an operation can give, for its `response=` declaration, so that the
OpenAPI schema documents every status a client can see (as application/problem+json: see
KompetensnavAPI.get_openapi_schema)."""

from .schemas import ErrorOut, ValidationErrorOut

ERROR_SCHEMAS = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    412: ErrorOut,
    422: ValidationErrorOut,
    429: ErrorOut,
    503: ErrorOut,
}

# Every authenticated operation: bad token (401), bad parameters (422), rate limit (429),
# database unreachable (503). All are problem details (kompetensnav.common.errors).
ALWAYS = (401, 422, 429, 503)


def with_errors(ok: object, *extra: int) -> dict[int, object]:
    """{200: ok, plus the error schemas of ALWAYS and `extra`}; `ok` may be a dict of its own
    success answers, e.g. {201: CompanyOut}."""
    answers = ok if isinstance(ok, dict) else {200: ok}
    return {**answers, **{code: ERROR_SCHEMAS[code] for code in sorted({*ALWAYS, *extra})}}


class InvalidParameter(Exception):
    """A parameter that passed the schema but names nothing usable (a date that does not
    exist, an unknown id): a 422 whose `detail` is the message, with the parameter in
    `errors` as for the schema's own checks."""

    def __init__(self, name: str, message: str, source: str = "query") -> None:
        super().__init__(message)
        self.loc = [source, name]
        self.message = message
