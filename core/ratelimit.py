"""A fixed-window rate limit on public form posts, kept in the shared cache."""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string


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


def hit(scope: str, key: str, *, limit: int, window_seconds: int = 3600) -> bool:
    """Count one use; False once `limit` uses have been made in the current window."""
    bucket = int(time.time() // window_seconds)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{digest}:{bucket}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the key expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def rate_limited(scope: str, *, limit: int | None = None, window_seconds: int = 3600):
    """Decorate a view: POSTs beyond the limit per client address get a translated 429 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST":
                allowed = hit(
                    scope,
                    client_address(request),
                    limit=limit or settings.PUBLIC_FORM_RATE_LIMIT,
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
