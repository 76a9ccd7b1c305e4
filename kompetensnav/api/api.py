"""The REST API under /api/ (OpenAPI at /api/openapi.json). It calls the same selectors
and services as the web pages, so permissions are the same."""

from ninja import NinjaAPI

from .auth import TokenAuth

api = NinjaAPI(
    title="kompetensnav API",
    version="1.0.0",
    description=(
        "Regional competence supply. Authenticate with `Authorization: Bearer <token>`; "
        "create a token under Account → API tokens."
    ),
    auth=TokenAuth(),
    openapi_url="/openapi.json",
    docs_url="/docs",
    urls_namespace="api",
)
