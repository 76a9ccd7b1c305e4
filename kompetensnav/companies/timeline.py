"""A company's timeline (the company as a customer): what happened with it, newest first —
visits and their needs, courses offered, employees registered and the hours they attended.
The apps that know those things register a source in their AppConfig.ready(), so companies
imports none of them; the company page merges what the sources give for the viewer.

A source is a function (actor, company) → its entries; it decides what the viewer may see
(registrations are counts, never names: the company page is shared across the network)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Entry:
    when: date
    kind: str | Promise  # what happened, as a short label: "Besök", "Kurstips"…
    text: str
    url: str = ""


Source = Callable[[Any, Any], Iterable[Entry]]

_sources: list[Source] = []


def register(source: Source) -> None:
    if source not in _sources:
        _sources.append(source)


def entries(*, actor: Any, company: Any) -> list[Entry]:
    """Every source's entries for the company, newest first."""
    found = [entry for source in _sources for entry in source(actor, company)]
    return sorted(found, key=lambda entry: entry.when, reverse=True)
