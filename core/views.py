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

from .contributions import collect_search_results
from .pagecache import current_version
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
    """How many results a query has and their rendered list, cached per query, language and
    version of the published data, so a repeated query costs no SQL."""
    seconds = settings.SEARCH_CACHE_SECONDS
    if not seconds:
        return _render_search_results(query)
    digest = hashlib.sha256(query.encode()).hexdigest()
    key = f"search:{current_version()}:{get_language()}:{digest}"
    cached = cache.get(key)
    if cached is None:
        cached = _render_search_results(query)
        cache.set(key, cached, seconds)
    total, html = cached
    return total, mark_safe(html)  # noqa: S308 - rendered by our own template


def _render_search_results(query: str) -> tuple[int, SafeString]:
    results = collect_search_results(query=query)
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
