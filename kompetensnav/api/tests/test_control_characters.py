"""Control characters in the API's input (issue 10, point 3): every string parameter or body
field refuses them, and a search says clearly what to do."""

import re

import pytest
from django.utils import translation

from kompetensnav.api.api import api

CONTROLS = ["\n", "\r\n", "\t", "\x1b", "\x00", "\x85", "\u2028"]


def _string_schemas(schema: dict):
    """The schema itself and its alternatives (anyOf/oneOf) that are strings."""
    for option in [schema, *schema.get("anyOf", []), *schema.get("oneOf", [])]:
        if option.get("type") == "string":
            yield option


def _inputs(openapi: dict):
    """(where, schema) for every parameter and request-body property of every operation."""
    components = openapi.get("components", {}).get("schemas", {})
    for path, methods in openapi["paths"].items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                yield f"{method} {path} {parameter['name']}", parameter["schema"]
            for content in operation.get("requestBody", {}).get("content", {}).values():
                body = content["schema"]
                if "$ref" in body:
                    body = components[body["$ref"].rsplit("/", 1)[-1]]
                for name, prop in body.get("properties", {}).items():
                    yield f"{method} {path} body.{name}", prop


# What a multi-line body field (notes, descriptions: chain_schemas.MultiLineText) may hold.
LINE_BREAKS = {"\n", "\r\n", "\t"}
# Strings the schema parses into something else: a wrong one is a 422 whatever it holds.
PARSED_FORMATS = {"date", "date-time"}


def _refuses(pattern: str, controls) -> bool:
    return not any(re.fullmatch(pattern, f"ab{control}c") for control in controls)


def test_every_string_input_refuses_control_characters():
    """A new string parameter or body field needs a pattern that refuses control characters
    (kompetensnav.api.params.SEARCH_PATTERN for free text, with schemas.SingleLineText for the
    clear message), a fixed set of values or a parsed format (a date). A multi-line body field
    (chain_schemas.MultiLineText) may hold line breaks and tabs, nothing else."""
    openapi = api.get_openapi_schema()
    checked, open_inputs = 0, []
    for where, schema in _inputs(openapi):
        for option in _string_schemas(schema):
            checked += 1
            if "enum" in option or option.get("format") in PARSED_FORMATS:
                continue
            pattern = option.get("pattern")
            in_body = " body." in where
            allowed = LINE_BREAKS if in_body and pattern and "\\x0b" in pattern else set()
            if pattern is None or not _refuses(pattern, set(CONTROLS) - allowed):
                open_inputs.append(where)
    assert checked >= 20
    assert open_inputs == []


@pytest.mark.parametrize("path", ["/api/companies", "/api/organisations", "/api/people"])
@pytest.mark.parametrize("control", CONTROLS)
def test_search_with_control_character_is_a_clear_422(
    api_client, coordinator, settings, path, control
):
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    with translation.override("en"):
        response = api_client(coordinator).get(path, {"q": f"Bohus{control}län"})
    assert response.status_code == 422
    body = response.json()
    (error,) = body["errors"]
    assert error["loc"] == ["query", "q"]
    assert "one line" in error["msg"] and "control characters" in error["msg"]


def test_search_ordinary_text_still_works(api_client, coordinator):
    response = api_client(coordinator).get("/api/companies", {"q": "Bohuslän – AB"})
    assert response.status_code == 200
