import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from .contributions import collect_search_results, search_results_of
from .discovery import app_modules
from .pagecache import contribution_versions, current_version
from .sections import collect_home_sections

SEARCH_QUERY_MAX_LENGTH = 100


def home(request):
    return render(request, "core/home.html", {"sections": collect_home_sections(request=request)})


def about(request):
    return render(request, "core/about.html")


def search(request):
    """One search across every app's public records (each app's search.py)."""
    query = " ".join(request.GET.get("q", "").split())[:SEARCH_QUERY_MAX_LENGTH]
    total, results_html = _rendered_search_results(query) if query else (0, "")
    return render(
        request,
        "core/search.html",
        {"query": query, "total": total, "results_html": results_html},
    )


def _rendered_search_results(query: str) -> tuple[int, SafeString]:
    """How many results a query has and their rendered list, cached per query and language.

    Each app's results are kept by that app's records (`contribution_scopes`, as home sections
    are), so after a publish the search asks the publishing app alone again: an
    article's publish no longer repeats the grants' and contests' scans (on a two-character
    word, 環境, each a sequential scan of its table). A municipality's own record (its name)
    reaches the results when they expire, within SEARCH_CACHE_SECONDS.
    """
    seconds = settings.SEARCH_CACHE_SECONDS
    if not seconds:
        return _render_search_results(collect_search_results(query=query))
    digest = hashlib.sha256(query.encode()).hexdigest()
    # The rendered list, kept per data version: a repeated query costs one read.
    whole = f"search:{current_version()}:{get_language()}:{digest}"
    rendered = cache.get(whole)
    if rendered is None:
        rendered = _render_search_results(_results_by_app(query, digest, seconds))
        cache.set(whole, rendered, seconds)
    total, html = rendered
    return total, mark_safe(html)  # noqa: S308 - rendered by our own template


def _results_by_app(query: str, digest: str, seconds: int) -> list:
    versions = contribution_versions(app_modules("search"))
    keys = {
        f"search:{get_language()}:{digest}:{module.__name__}:{version}": module
        for module, version in versions.items()
    }
    found = cache.get_many(keys)
    missing = {
        key: search_results_of(module, query=query)
        for key, module in keys.items()
        if key not in found
    }
    if missing:
        cache.set_many(missing, seconds)
    found.update(missing)
    return [result for key in keys for result in found[key]]


def _render_search_results(results) -> tuple[int, SafeString]:
    # The list holds nothing specific to the visitor (no CSRF token), so it is rendered without
    # the request and shared by every visitor.
    return len(results), render_to_string("core/search_results.html", {"results": results})


def floor(request):
    """The cheapest page of the deployment: the baseline `make bench` compares pages with."""
    return HttpResponse("ok", content_type="text/plain")


# Staff screens, files and the site search: nothing a search engine should list. Apps add the
# pages of their own that are only for one person (`AppConfig.private_paths`). Each prefix is
# given without and with the English /en/ prefix.
CORE_PRIVATE_PATHS = ("/admin/", "/files/", "/search/")


def private_paths() -> list[str]:
    declared = [
        path for config in apps.get_app_configs() for path in getattr(config, "private_paths", ())
    ]
    return [*CORE_PRIVATE_PATHS, *declared]


def robots_txt(request):
    prefixes = [p for prefix in private_paths() for p in (prefix, f"/en{prefix}")]
    return render(
        request,
        "core/robots.txt",
        {
            "private_prefixes": prefixes,
            "sitemap_url": settings.SITE_URL.rstrip("/") + reverse("sitemap"),
        },
        content_type="text/plain; charset=utf-8",
    )


@never_cache
def healthz(request):
    """200 when the database (and Redis, if configured) answer; 503 naming the failing part."""
    checks = {"database": _database_answers()}
    if settings.REDIS_URL:
        checks["redis"] = _redis_answers()
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {k: "ok" if v else "failing" for k, v in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return False


def _redis_answers() -> bool:
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        return bool(client.ping())
    except redis.RedisError:
        return False
