"""A whole-page cache for anonymous visitors, invalidated whenever published data changes.

Language is part of the path (/ is Japanese, /en/ English), so the path is the key. Requests
that carry a session (staff, signed-in organisations) or messages, and responses that set a
cookie or say they are private, are never cached.

The data version lives in the shared cache. Each process remembers it for
DATA_VERSION_LOCAL_SECONDS (1 s in production) and keeps its most requested pages in memory, so
a cached page is served without a network round trip; a save in one process reaches the others
within that second. A save raises the version at once and again when its transaction commits,
so a page another process renders in between, from the rows not yet committed, is not kept.
A version is never reused: a lost version key restarts from the clock.

While the shared cache is unreachable (core.cache) the version reads as NO_VERSION: pages are
then neither served from nor kept in any cache, this process's memory included, since a save
elsewhere could not reach it; a save during the outage still succeeds, and its invalidation
takes effect when Redis answers again (core.cache deletes the keys whose write it dropped).
"""

import functools
import hashlib
import threading
import time
from collections import OrderedDict

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

from .cache import CacheUnavailable, strict_cache

VERSION_KEY = "pagecache:version"
SKIPPED_PREFIXES = ("/admin/", "/en/admin/", "/healthz", "/bench/", "/api/")
# Saves of these never change a public page (sessions, logs, audit trail).
IGNORED_APP_LABELS = {"sessions", "admin", "contenttypes", "auth", "axes", "otp_totp", "otp_static"}
IGNORED_MODELS = {"core.AuditEntry"}
LOCAL_PAGES = 256
MAX_QUERY_STRING = 200
# The version while the shared cache cannot be reached: no page is kept or served at it.
NO_VERSION = 0

_version_memo: tuple[int, float] | None = None  # (version, monotonic time it was read)
_local_pages: OrderedDict[str, tuple] = OrderedDict()
_local_pages_lock = threading.Lock()


def _fresh_version() -> int:
    return time.time_ns() // 1_000_000


def _remember(version: int) -> int:
    global _version_memo
    _version_memo = (version, time.monotonic())
    return version


def current_version() -> int:
    remembered = _version_memo
    if remembered is not None:
        version, read_at = remembered
        if time.monotonic() - read_at < settings.DATA_VERSION_LOCAL_SECONDS:
            return version
    version = _read_version(VERSION_KEY)
    return version if version == NO_VERSION else _remember(version)


def scope_version(scope: str) -> int:
    """The version of one app's live figures (seat counts), raised apart from the data version.

    Fragments that show such figures add it to their key; a change to them then refreshes
    those fragments alone, not every cached page of the site.
    """
    return _read_version(f"{VERSION_KEY}:{scope}")


def invalidate_scope(scope: str) -> None:
    _raise_version(f"{VERSION_KEY}:{scope}")


# Every app's saves raise the scope "app.<label>" beside the data version, and a change with no
# sender (a scheduled moment passing) raises ALL_APPS. Parts built from one app's records (home
# and profile sections) are kept by those scopes, so a publish rebuilds its own app's parts only.
ALL_APPS = "app.*"


def app_scope(app_label: str) -> str:
    return f"app.{app_label}"


def contribution_scopes(module) -> tuple[str, ...]:
    """What an app's contributed module (a home section, its site search results) is kept by:
    any moment passing, its app's records, the records of other apps it shows (`ALSO_READS`,
    labels) and the scope of private-record figures it declares (`CACHE_SCOPE`). A
    municipality's own record (its name) reaches it when it expires."""
    declared = getattr(module, "CACHE_SCOPE", None)
    return (
        ALL_APPS,
        app_scope(module.__name__.split(".")[0]),
        *(app_scope(label) for label in getattr(module, "ALSO_READS", ())),
        *((declared,) if declared else ()),
    )


def contribution_versions(modules) -> dict[object, str]:
    """Each module's `contribution_scopes` versions as one key part, read in one round trip."""
    kept_by = {module: contribution_scopes(module) for module in modules}
    versions = scope_versions({scope for scopes in kept_by.values() for scope in scopes})
    return {
        module: ".".join(str(versions[scope]) for scope in scopes)
        for module, scopes in kept_by.items()
    }


def scope_versions(scopes) -> dict[str, int]:
    """The versions of several scopes with one shared-cache read."""
    keys = {f"{VERSION_KEY}:{scope}": scope for scope in scopes}
    found = cache.get_many(keys)
    return {
        scope: found[key] if key in found else _read_version(key) for key, scope in keys.items()
    }


def _read_version(key: str) -> int:
    shared = strict_cache()
    try:
        version = shared.get(key)
        if version is None:
            shared.add(key, _fresh_version(), timeout=None)
            version = shared.get(key) or _fresh_version()
    except CacheUnavailable:
        return NO_VERSION
    return version


def _raise_version(key: str) -> int:
    try:
        return cache.incr(key)
    except ValueError:
        version = _fresh_version()
        cache.set(key, version, timeout=None)
        return version


def forget_local_state() -> None:
    """Drop what this process remembers (tests, after clearing the shared cache)."""
    global _version_memo
    _version_memo = None
    with _local_pages_lock:
        _local_pages.clear()


@functools.cache
def _private_models() -> frozenset[str]:
    """Models whose saves never change a public page: core's list plus each app's own.

    An app lists them as `private_models` on its AppConfig (model names). Records that appear
    on public pages only as a count (registrations, votes) are listed too: a public form saves
    them many times a minute, and emptying every cache for each would leave none. Where such a
    count is shown, the app raises a scope of its own (`invalidate_scope`) when it changes.
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
    scope = app_scope(sender._meta.app_label) if sender is not None else ALL_APPS
    _raise_versions({scope})
    _raise_again_at_commit(scope)


def _raise_versions(scopes) -> None:
    try:
        for scope in scopes:
            invalidate_scope(scope)
        _remember(_raise_version(VERSION_KEY))
    except CacheUnavailable:
        # The save stands; core.cache deletes the versions it could not raise once Redis
        # answers, and until then no page is served from a cache.
        forget_local_state()


class _RaiseAgainAtCommit:
    """A page another process renders between a save and its commit reads the old rows at the
    new version and would be kept until the next save; raising the versions once more when
    the rows are committed retires it. One per transaction, for every scope it saved in."""

    def __init__(self):
        self.scopes: set[str] = set()

    def __call__(self):
        _raise_versions(self.scopes)


def _raise_again_at_commit(scope: str) -> None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    savepoints = set(connection.savepoint_ids)
    for registered_in, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _RaiseAgainAtCommit) and registered_in == savepoints:
            callback.scopes.add(scope)
            return
    callback = _RaiseAgainAtCommit()
    callback.scopes.add(scope)
    transaction.on_commit(callback)


def connect_invalidation() -> None:
    post_save.connect(invalidate_pages, dispatch_uid="pagecache.save")
    post_delete.connect(invalidate_pages, dispatch_uid="pagecache.delete")


def _cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        # A long query string is not a link anyone follows; it would only fill the cache.
        and len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY_STRING
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
    """Serves a cached page from this process's memory, else with one shared-cache read.

    A page is stored beside the data version it was rendered at and served only while that
    version is current, so one save still invalidates every page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.ANONYMOUS_PAGE_CACHE_SECONDS
        if not seconds or not _cacheable_request(request):
            return self.get_response(request)
        # Pages are kept compressed for browsers that take gzip (GZipMiddleware is inside).
        packed = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        digest = hashlib.sha256(
            f"{request.get_host()}{request.get_full_path()}:{packed}".encode()
        ).hexdigest()
        key = f"pagecache:page:{digest}"
        version = current_version()
        if version == NO_VERSION:
            return self.get_response(request)
        stored = _local_pages.get(key)
        if stored is None or stored[0] != version:
            stored = cache.get(key)
            if stored is not None and stored[0] == version:
                _keep_local(key, stored)
        if stored is not None and stored[0] == version and time.time() < stored[1]:
            return _response_from(stored)
        response = self.get_response(request)
        if _cacheable_response(response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            stored = _stored(version, time.time() + seconds, response)
            cache.set(key, stored, seconds)
            _keep_local(key, stored)
        return response


def _keep_local(key: str, stored: tuple) -> None:
    with _local_pages_lock:
        _local_pages[key] = stored
        _local_pages.move_to_end(key)
        while len(_local_pages) > LOCAL_PAGES:
            _local_pages.popitem(last=False)


def _stored(version: int, expires: float, response) -> tuple:
    return (version, expires, response.status_code, list(response.items()), response.content)


def _response_from(stored: tuple) -> HttpResponse:
    _version, _expires, status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response
