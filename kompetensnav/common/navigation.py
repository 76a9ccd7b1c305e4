"""The main navigation, by domain area. Each app registers its items in AppConfig.ready()."""

import functools
from dataclasses import dataclass
from typing import Any

from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise

from .actor import Actor


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str | None = None  # a rules permission; None: every logged-in user
    order: int = 100


_items: list[NavItem] = []


def register(*items: NavItem) -> None:
    for item in items:
        if item not in _items:
            _items.append(item)


@functools.cache
def _url(url_name: str, script_prefix: str) -> str:
    return reverse(url_name)


def visible_items(user: Actor, current_path: str) -> list[dict[str, Any]]:
    visible = []
    prefix = get_script_prefix()
    for item in sorted(_items, key=lambda i: i.order):
        if item.permission and (user is None or not user.has_perm(item.permission)):
            continue
        url = _url(item.url_name, prefix)  # the same every request: reverse() once
        active = current_path == url if url == "/" else current_path.startswith(url)
        visible.append({"label": item.label, "url": url, "active": active})
    return visible
