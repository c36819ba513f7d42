"""A per-client rate limit, and the RateLimit headers that announce it.

Requests are counted per client address over a sliding window (DRF's
SimpleRateThrottle, kept in Django's cache). The rate is the ``api`` entry of
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (``CTDB_API_RATE``), read on each
request so that a changed setting takes effect at once. Every response says
where the client stands with the headers of the IETF draft
(draft-ietf-httpapi-ratelimit-headers): ``RateLimit-Limit``,
``RateLimit-Remaining``, ``RateLimit-Reset`` (seconds until a request slot
frees up) and ``RateLimit-Policy``; a refused request also gets
``Retry-After``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

DEFAULT_RATE = "120/min"
STATE_ATTRIBUTE = "rate_limit_state"


@dataclass(frozen=True)
class RateLimitState:
    limit: int
    remaining: int
    reset: int  # seconds
    window: int  # seconds

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
            "RateLimit-Policy": f"{self.limit};w={self.window}",
        }


def configured_rate(scope: str) -> str:
    """The rate for ``scope`` from the REST_FRAMEWORK setting, else the default."""
    return api_settings.DEFAULT_THROTTLE_RATES.get(scope) or DEFAULT_RATE


def proxy_count() -> int:
    """Trusted reverse proxies in front of the site (0 unless configured)."""
    configured = getattr(settings, "REST_FRAMEWORK", {}).get("NUM_PROXIES")
    return int(configured or 0)


def client_address(request) -> str:
    """The connecting address, or the one the trusted proxies say they served."""
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    proxies = proxy_count()
    if not proxies or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    return hops[-min(proxies, len(hops))]


class ClientRateThrottle(SimpleRateThrottle):
    """Counts every request of a client address, whoever is logged in."""

    scope = "api"

    def get_rate(self) -> str:
        return configured_rate(self.scope)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}

    def allow_request(self, request, view) -> bool:
        allowed = super().allow_request(request, view)
        setattr(request, STATE_ATTRIBUTE, self.state())
        return allowed

    def state(self) -> RateLimitState:
        used = len(self.history)
        oldest = self.history[-1] if self.history else self.now
        reset = max(0, math.ceil(self.duration - (self.now - oldest)))
        return RateLimitState(
            limit=self.num_requests,
            remaining=max(0, self.num_requests - used),
            reset=reset,
            window=self.duration,
        )


def rate_limit_headers(request) -> dict[str, str]:
    """The RateLimit headers for this request, once the throttle has counted it."""
    state = getattr(request, STATE_ATTRIBUTE, None)
    return state.headers() if state is not None else {}
