"""Per-token rate limit (settings.API_TOKEN_RATE_LIMIT, e.g. "600/m"): a fixed-window counter
in Django's cache, keyed by the token's hash. Over the limit the API answers 429 with
Retry-After (ninja adds the header from wait())."""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "600/m" -> (600, 60)."""
    try:
        count, period = rate.split("/")
        return int(count), PERIODS[period.strip()[0]]
    except (ValueError, KeyError, IndexError) as exc:
        raise ImproperlyConfigured(
            f"API_TOKEN_RATE_LIMIT must look like '600/m', not {rate!r}."
        ) from exc


class TokenRateThrottle(BaseThrottle):
    # One instance serves all requests (and threads), so it keeps no per-request state.

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "api_token", None)
        if token is None:  # not authenticated by a token: nothing to count
            return True
        limit, period = parse_rate(settings.API_TOKEN_RATE_LIMIT)
        now = time.time()
        window = int(now // period)
        key = f"api-rate:{token.key_hash}:{period}:{window}"
        cache.add(key, 0, timeout=period + 1)
        try:
            used = cache.incr(key)
        except ValueError:  # the window expired between add() and incr()
            cache.set(key, 1, timeout=period + 1)
            used = 1
        return used <= limit

    def wait(self) -> float:
        """Seconds until the current window ends."""
        _limit, period = parse_rate(settings.API_TOKEN_RATE_LIMIT)
        return period - (time.time() % period)
