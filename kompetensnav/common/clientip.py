"""Which address a request comes from: one rule for every rate limit and the audit log.

X-Forwarded-For is written by whoever sends the request, so it is believed only from a proxy
listed in settings.TRUSTED_PROXIES (addresses or networks). With none listed, the client is
REMOTE_ADDR. When REMOTE_ADDR is a trusted proxy, the client is the right-most address of
X-Forwarded-For that is not a trusted proxy itself: each proxy appends the address it got the
request from, so everything left of that was written by the client and proves nothing.
"""

import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

logger = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Addresses already warned about, so a misconfiguration is logged once per process.
_warned: set[str] = set()


def parse_networks(values: list[str] | tuple[str, ...], setting: str) -> tuple[Network, ...]:
    """["10.0.0.0/8", "127.0.0.1"] -> networks; a clear ImproperlyConfigured otherwise."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"{setting} must list IP addresses or networks such as 10.0.0.0/8, not {value!r}."
            ) from exc
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted(values: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(values, "TRUSTED_PROXIES")


def trusted_proxies() -> tuple[Network, ...]:
    return _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))


def parse_address(value: str) -> Address | None:
    """An address as proxies write it ("203.0.113.7", "203.0.113.7:443", "[2001:db8::1]:443",
    "2001:db8::1"), or None if it is not one."""
    value = value.strip()
    if value.startswith("["):  # [IPv6]:port
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def is_from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the direct peer (REMOTE_ADDR) is one of settings.TRUSTED_PROXIES."""
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    return remote is not None and _is_trusted(remote, trusted_proxies())


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as a string, or None if REMOTE_ADDR is missing or malformed."""
    remote = parse_address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    networks = trusted_proxies()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not _is_trusted(remote, networks):
        if forwarded and (remote.is_loopback or remote.is_private):
            _warn_untrusted_proxy(str(remote))
        return str(remote)
    client = remote
    # Django joins repeated headers with commas, so this reads every X-Forwarded-For line.
    for entry in reversed(forwarded.split(",") if forwarded else []):
        address = parse_address(entry)
        if address is None:
            # Garbage where a proxy should have written an address: the nearest proxy we
            # trust is the best answer (for rate limits, a stricter one than a made-up address).
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return str(client)


def _warn_untrusted_proxy(remote: str) -> None:
    if remote in _warned:
        return
    _warned.add(remote)
    logger.warning(
        "X-Forwarded-For arrived from %s, which is not in TRUSTED_PROXIES, so it is ignored "
        "and every client behind that address shares its rate limits. If a proxy of yours "
        "runs there, add it to TRUSTED_PROXIES (docs/deploy.md).",
        remote,
    )
