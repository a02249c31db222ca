"""The one rate limiter of the portal (django-axes guards the staff sign-in on its own).

Two shapes, both kept in the shared cache and configured in one place, `settings.RATE_LIMITS`:

- `hit` / `@rate_limited`: a fixed window of uses per client address (public forms: 429 past it);
- `FailureLock`: failures counted from the first one; reaching the limit locks until the period
  ends (the organisation sign-in: per e-mail typed and per client address).

Both fail closed: a limiter that cannot reach its cache raises `core.cache.CacheUnavailable`
rather than lets a post through, and core.middleware turns it into the translated 503 (try
again later).
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string

from .cache import strict_cache


def client_address(request) -> str:
    """The visitor's address. Behind N trusted proxies it is the Nth address from the right
    of X-Forwarded-For: entries further left are written by the client and can be forged."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _digest(scope: str, key: str) -> str:
    return hashlib.sha256(f"{scope}:{key.strip().lower()}".encode()).hexdigest()[:32]


def _count_one(cache_key: str, window_seconds: int) -> int:
    # add() starts the window at the first use; incr() keeps its expiry.
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        return cache.incr(cache_key)
    except ValueError:  # the key expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds)
        return 1


def hit(scope: str, key: str, *, limit: int, window_seconds: int = 3600) -> bool:
    """Count one use; False once `limit` uses have been made in the current window."""
    bucket = int(time.time() // window_seconds)
    return _count_one(f"ratelimit:{_digest(scope, key)}:{bucket}", window_seconds) <= limit


class FailureLock:
    """Failures of one kind counted per key (an e-mail typed, an address) from the first one;
    `limit` failures within `seconds` lock that key until the period ends."""

    def __init__(self, scope: str):
        self.scope = scope

    @property
    def limit(self) -> int:
        return settings.RATE_LIMITS[self.scope]["limit"]

    @property
    def seconds(self) -> int:
        return settings.RATE_LIMITS[self.scope]["seconds"]

    def _key(self, key: str) -> str:
        return f"ratelimit:failures:{self.scope}:{_digest(self.scope, key)}"

    def is_locked(self, key: str) -> bool:
        return (strict_cache().get(self._key(key)) or 0) >= self.limit

    def record_failure(self, key: str) -> None:
        _count_one(self._key(key), self.seconds)

    def clear(self, key: str) -> None:
        cache.delete(self._key(key))


def rate_limited(scope: str, *, limit: int | None = None, window_seconds: int = 3600):
    """Decorate a view: POSTs beyond the limit per client address get a translated 429 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                allowed = hit(
                    scope,
                    client_address(request),
                    limit=limit or settings.RATE_LIMITS["public_form"]["limit"],
                    window_seconds=window_seconds,
                )
                if not allowed:
                    body = render_to_string("429.html", request=request)
                    response = HttpResponse(body, status=429)
                    response["Retry-After"] = str(window_seconds)
                    return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
