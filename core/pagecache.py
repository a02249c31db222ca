"""A whole-page cache for anonymous visitors, invalidated whenever published data changes.

Language is part of the path (/ is Japanese, /en/ English), so the path is the key. Requests
that carry a session (staff, signed-in organisations) or messages, and responses that set a
cookie or say they are private, are never cached.
"""

import functools
import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

VERSION_KEY = "pagecache:version"
SKIPPED_PREFIXES = ("/admin/", "/en/admin/", "/healthz", "/bench/", "/api/")
# Saves of these never change a public page (sessions, logs, audit trail).
IGNORED_APP_LABELS = {"sessions", "admin", "contenttypes", "auth", "axes", "otp_totp", "otp_static"}
IGNORED_MODELS = {"core.AuditEntry"}


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY) or 1
    return version


@functools.cache
def _private_models() -> frozenset[str]:
    """Models whose saves never change a public page: core's list plus each app's own.

    An app lists them as `private_models` on its AppConfig (model names). Records that appear
    on public pages only as a count (registrations, votes) are listed too: a public form saves
    them many times a minute, and emptying every cache for each would leave none; such counts
    may lag by the cache's lifetime, and the pages where it matters read them live.
    """
    labels = set(IGNORED_MODELS)
    for config in apps.get_app_configs():
        labels.update(f"{config.label}.{name}" for name in getattr(config, "private_models", ()))
    return frozenset(labels)


def invalidate_pages(sender=None, **kwargs) -> None:
    if sender is not None:
        meta = sender._meta
        if meta.app_label in IGNORED_APP_LABELS or meta.label in _private_models():
            return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def connect_invalidation() -> None:
    post_save.connect(invalidate_pages, dispatch_uid="pagecache.save")
    post_delete.connect(invalidate_pages, dispatch_uid="pagecache.delete")


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and not request.path.startswith(SKIPPED_PREFIXES)
    )


def _cacheable_response(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class AnonymousPageCacheMiddleware:
    """Serves a cached page with one cache round trip: the version and the page in one read.

    A page is stored under its path alone, beside the data version it was rendered at; it is
    served only while that version is current, so one save still invalidates every page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.ANONYMOUS_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        digest = hashlib.sha256(
            f"{request.get_host()}{request.get_full_path()}".encode()
        ).hexdigest()
        key = f"pagecache:page:{digest}"
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or current_version()
        request._data_version = version  # core.fragments reads it rather than asking again
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            return _response_from(stored)
        response = self.get_response(request)
        if _cacheable_response(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, _stored(version, response), seconds)
        return response


def _stored(version: int, response) -> tuple:
    return (version, response.status_code, list(response.items()), response.content)


def _response_from(stored: tuple) -> HttpResponse:
    _version, status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
