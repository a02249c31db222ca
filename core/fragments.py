"""Cached fragments of public pages: the costly middle of a page kept until what it reads changes.

A view that opts in passes `fragment_context(request, ..., reads=(app labels))` to its template,
which wraps the costly part in Django's `{% cache fragment_seconds "<name>" fragment_key %}`. The
key holds the versions of what the fragment reads (core.pagecache's scopes: any moment passing,
each app whose records it shows, and any scope of private-record figures such as seat counts),
the language, the path, the query parameters the view reads (others are dropped, so junk
parameters cannot multiply the entries) and who is looking: anonymous visitors share fragments,
a signed-in user gets their own (staff see staff-only records). A publish in one app thus leaves
other apps' fragments cached; tests/core/test_fragment_scopes.py checks each fragment's `reads`
against the tables it really queries. The page around the fragment, with its header, language
links, messages and CSRF tokens, is rendered for every request. Nothing inside a fragment may
render a CSRF token or depend on the visitor beyond that key.

The view keeps its queries lazy (querysets, `lazy_value`) so that a cached fragment costs no SQL.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language

from .pagecache import ALL_APPS, app_scope, scope_versions

PARAMETER_MAX_LENGTH = 100


def viewer(request) -> str:
    """Who is looking, as far as a cached fragment may differ: the public or one user.

    Without a session cookie the visitor is anonymous; not asking for request.user then keeps
    the session untouched, so public pages do not vary on Cookie.
    """
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return "public"
    user = getattr(request, "user", None)
    return f"user{user.pk}" if user is not None and user.is_authenticated else "public"


def scoped_version(request, reads: tuple[str, ...], scope: str | tuple[str, ...] | None) -> str:
    """The versions of what a part reads: any moment passing, each app in `reads` (labels) and
    each extra scope, asked of the shared cache once per request."""
    extra = (scope,) if isinstance(scope, str) else (scope or ())
    scopes = list(dict.fromkeys([ALL_APPS, *(app_scope(label) for label in reads), *extra]))
    known = request.__dict__.setdefault("_scope_versions", {})
    if missing := [s for s in scopes if s not in known]:
        known.update(scope_versions(missing))
    return ".".join(str(known[s]) for s in scopes)


def fragment_key(
    request, *parameters: str, reads: tuple[str, ...], scope: str | tuple[str, ...] | None = None
) -> str:
    query = "&".join(
        f"{name}={value[:PARAMETER_MAX_LENGTH]}"
        for name in parameters
        for value in request.GET.getlist(name)[:5]
    )
    digest = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()[:32]
    version = scoped_version(request, reads, scope)
    return f"{version}:{get_language()}:{viewer(request)}:{digest}"


def fragment_context(
    request, *parameters: str, reads: tuple[str, ...], scope: str | tuple[str, ...] | None = None
) -> dict:
    return {
        "fragment_key": fragment_key(request, *parameters, reads=reads, scope=scope),
        "fragment_seconds": settings.PUBLIC_FRAGMENT_CACHE_SECONDS,
    }


def cached_object(request, name: str, build, *, reads: tuple[str, ...], scope: str | None = None):
    """`build()` (a record with what its page prefetches), kept per viewer until what it reads
    changes (`reads` and `scope` as for a fragment).

    An exception from `build` (Http404) is raised and nothing is kept.
    """
    if len(name) > PARAMETER_MAX_LENGTH:  # a name holds an address segment anyone can lengthen
        name = hashlib.sha256(name.encode()).hexdigest()
    key = f"object:{scoped_version(request, reads, scope)}:{viewer(request)}:{name}"
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, settings.PUBLIC_FRAGMENT_CACHE_SECONDS)
    return found


def lazy_value(build):
    """`build()` run the first time the template uses it (never, when the fragment is cached)."""
    return SimpleLazyObject(build)


class CachedCountPaginator(Paginator):
    """A paginator whose total is cached under the page's fragment key.

    Counting every published row is the one query of a list that grows with the data.
    """

    def __init__(self, object_list, per_page, *, count_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = f"count:{count_key}"

    @cached_property
    def count(self):
        total = cache.get(self.count_key)
        if total is None:
            total = super().count
            cache.set(self.count_key, total, settings.PUBLIC_FRAGMENT_CACHE_SECONDS)
        return total
