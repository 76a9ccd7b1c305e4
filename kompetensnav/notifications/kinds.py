"""The kinds of notification, registered by the apps that send them (in AppConfig.ready()),
so that notifications imports none of them: what a kind is called on the preferences page,
the sentence a notification of it reads as (a format string over the notification's stored
values, translated when it is shown or mailed, in the reader's language), and the roles that
receive it (the preferences page offers a person the kinds of their roles)."""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    text: str | Promise  # e.g. _("%(course)s waits for the board's review")
    roles: frozenset[str]


_kinds: dict[str, Kind] = {}


def register(*kinds: Kind) -> None:
    for kind in kinds:
        _kinds[kind.code] = kind


def get(code: str) -> Kind | None:
    return _kinds.get(code)


def all_kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: str(k.label))


def for_roles(roles: set[str]) -> list[Kind]:
    """The kinds a person with these roles can receive, by label."""
    return [kind for kind in all_kinds() if kind.roles & roles]


def render(code: str, params: dict[str, Any]) -> str:
    """The notification's sentence in the active language. A kind that is no longer
    registered, or values that no longer fit its sentence, read as a plain notice."""
    kind = _kinds.get(code)
    if kind is None:
        return _("A notification")
    try:
        return str(kind.text) % params
    except (KeyError, TypeError, ValueError):
        return str(kind.label)
