"""Every public page runs at most 10 SQL queries when its caches are cold, at two data sizes.

Cold means the first request after a publish: any save of published data raises the data
version (core.pagecache), so each page, fragment and cached record is rebuilt. The home page
and the profiles are assembled from every app's section; a section is kept by its own app's
scope, so a publish rebuilds the publishing app's section alone. With a wholly empty cache
(a new Redis) those two pages rebuild every section at once; that bound is asserted too.
"""

import io

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.pagecache import IGNORED_APP_LABELS, _private_models, forget_local_state
from core.pagecache import invalidate_pages as signal_of_a_save
from events.models import Event
from news.models import Article

QUERY_BUDGET = 10
# The cold site search asks each kind of searchable record once (tests/core/test_search.py):
# news, courses, lessons, grants, events, contests, contest works, municipalities,
# organisations, activities, initiatives, documents.
SEARCH_QUERY_BUDGET = 12
SEARCH_PAGE = "/search/?q=%E6%A3%AE%E6%9E%97"
# Home and profile with nothing cached anywhere: one or two queries per contributing app.
WHOLLY_EMPTY_CACHE_BUDGET = 24
ASSEMBLED_PAGES = ["/", "/en/", "/municipalities/131211/", "/en/municipalities/133086/"]


def _public_pages() -> list[str]:
    article = Article.objects.published().order_by("-published_at").first()
    event = Event.objects.public().order_by("-start").first()
    return [
        "/news/",
        article.get_absolute_url(),
        "/news/?municipality=131211",
        "/events/",
        event.get_absolute_url(),
        "/emissions/",
        "/emissions/131211/",
        "/municipalities/",
        "/grants/",
        "/academy/",
        "/contests/",
        "/participation/",
        "/newsletter/",
        "/reports/",
        "/initiatives/",
        "/library/",
        SEARCH_PAGE,
        "/en/news/",
        "/en/events/",
    ]


def _public_models():
    for config in apps.get_app_configs():
        if config.label in IGNORED_APP_LABELS:
            continue
        for model in config.get_models():
            if model._meta.label not in _private_models():
                yield model


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def _empty_cache():
    cache.clear()
    forget_local_state()


def _assert_budgets(client):
    over = {}
    for path in _public_pages():
        _empty_cache()
        budget = SEARCH_QUERY_BUDGET if path == SEARCH_PAGE else QUERY_BUDGET
        if (count := _queries(client, path)) > budget:
            over[path] = count
    for path in ASSEMBLED_PAGES:
        _empty_cache()
        if (count := _queries(client, path)) > WHOLLY_EMPTY_CACHE_BUDGET:
            over[f"{path} (empty cache)"] = count
        for model in _public_models():
            client.get(path)
            signal_of_a_save(sender=model)
            if (count := _queries(client, path)) > QUERY_BUDGET:
                over[f"{path} after a save of {model._meta.label}"] = count
    assert over == {}


def _seed_bigger(monkeypatch):
    """The demo plus the benchmark generators of several apps, at a tenth of `large`."""
    from contests import demo as contests_demo
    from events import demo as events_demo
    from grants import demo as grants_demo
    from news import demo as news_demo
    from participation import demo as participation_demo

    monkeypatch.setitem(news_demo.ARTICLES_AT_SCALE, "large", 1_000)
    monkeypatch.setitem(events_demo.BENCH_EVENTS, "large", (500, 5.0, 1 / 3))
    monkeypatch.setattr(participation_demo, "LARGE_ORGANISATIONS", 200)
    for module in (news_demo, events_demo, grants_demo, participation_demo, contests_demo):
        module.seed(scale="large", out=io.StringIO())


@pytest.mark.django_db
def test_every_public_page_stays_within_the_budget_cold_at_demo_size(client):
    call_command("seed_demo", stdout=io.StringIO())
    _assert_budgets(client)


@pytest.mark.django_db
@pytest.mark.postgres
def test_every_public_page_stays_within_the_budget_cold_with_more_data(client, monkeypatch):
    call_command("seed_demo", stdout=io.StringIO())
    _seed_bigger(monkeypatch)
    assert Article.objects.count() >= 1_000
    _assert_budgets(client)


@pytest.mark.django_db
def test_a_publish_rebuilds_its_own_section_and_shows_at_once(client):
    from tests.news.factories import make_article

    call_command("seed_demo", stdout=io.StringIO())
    client.get("/")
    article = make_article(title="出来たての記事")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert "出来たての記事" in response.text
    assert len(queries) <= QUERY_BUDGET
    article.delete()
    assert "出来たての記事" not in client.get("/").text
