"""The kinds of the interchange contract. Each app declares its kinds in `interchange.py`
(a subclass of Kind, registered with @register); the `import`/`export` commands and the
web import use them all the same way."""

from __future__ import annotations

import importlib
from importlib.util import find_spec
from typing import TYPE_CHECKING

from django.apps import apps

if TYPE_CHECKING:  # kinds.py looks kinds up here: only the type goes the other way
    from .kinds import Kind

KINDS: dict[str, Kind] = {}


def register(kind_class: type[Kind]) -> type[Kind]:
    kind = kind_class()
    KINDS[kind.name] = kind
    return kind_class


def autodiscover() -> None:
    for app in apps.get_app_configs():
        if app.name.startswith("kompetensnav.") and find_spec(f"{app.name}.interchange"):
            importlib.import_module(f"{app.name}.interchange")


def get_kind(name: str) -> Kind:
    return KINDS[name]
