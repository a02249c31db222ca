"""Every public page runs at most 10 SQL queries cold, at two data sizes.

Cold is a wholly empty cache before each page: no cached page, fragment, section, record or
count, and no data version (a new Redis, or the first request after every publish). Every kind
of public page is measured: the lists, a detail page of each kind reached by the first link its
list shows, the emission pages and the two pages assembled from every app's sections, the home
page and a municipality's profile. The assembled pages are also measured on the first request
after a save of each public model, which rebuilds the saving app's section alone
(core.sections).

One page is over the budget with a wholly empty cache: a profile asks each app's lists (news,
grants with each first photo, events, awards, emissions, organisations and activities,
initiatives, documents) one query each, a list only when its figures count something;
`PROFILE_EMPTY_CACHE_BUDGET` holds a profile with every list to what it costs now, so it
cannot grow (notes in docs/benchmarks.md, "Query counts").
"""

import io
import re

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
# The cold site search asks each app once (tests/core/test_search.py): 9, within the budget.
SEARCH_PAGE = "/search/?q=%E6%A3%AE%E6%9E%97"
# A profile with nothing cached anywhere: 15 (24 before the sections' figures came from one
# query). After any one publish it is within QUERY_BUDGET.
PROFILE_EMPTY_CACHE_BUDGET = 15
HOME_PAGES = ["/", "/en/"]
PROFILES = ["/municipalities/131211/", "/en/municipalities/133086/"]
# A list page, and the first link on it to a page of the kind it lists.
DETAIL_LINKS = {
    "/academy/": r"/academy/[\w-]+/",
    "/contests/": r"/contests/\d{4}/",
    "/grants/": r"/grants/\d+/",
    "/library/": r"/library/\d+/",
    "/reports/": r"/reports/\d{4}/",
    "/newsletter/": r"/newsletter/issues/\d+/",
    "/initiatives/": r"/initiatives/\d{4}/\d+/",
    "/participation/": r"/participation/campaigns/[\w-]+/",
    "/participation/organisations/": r"/participation/organisations/\d+/",
    "/participation/activities/": r"/participation/activities/\d+/",
}
# A detail page, and the first link on it to the next level (a course's lesson).
DEEPER_LINKS = {r"/academy/[\w-]+/": r"/academy/[\w-]+/\d+/"}


def _public_pages(client) -> list[str]:
    article = Article.objects.published().order_by("-published_at").first()
    event = Event.objects.public().order_by("-start").first()
    pages = [
        "/news/",
        article.get_absolute_url(),
        "/news/?municipality=131211",
        "/events/",
        event.get_absolute_url(),
        "/events/calendar/",
        "/emissions/",
        "/emissions/131211/",
        "/emissions/compare/?m=131016&m=131211&m=132012",
        "/emissions/data/",
        "/municipalities/",
        "/about/",
        SEARCH_PAGE,
        "/en/news/",
        "/en/events/",
        "/en/emissions/131211/",
    ]
    for index, link in DETAIL_LINKS.items():
        pages += [index, _first_link(client, index, link)]
    for detail, link in DEEPER_LINKS.items():
        found = next(page for page in pages if re.fullmatch(detail, page))
        pages.append(_first_link(client, found, link))
    return pages


def _first_link(client, page: str, pattern: str) -> str:
    found = re.search(f'href="({pattern})"', client.get(page).text)
    assert found, f"{page} links no page matching {pattern}"
    return found.group(1)


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


def _assert_budgets(client, record_property, size: str):
    over, counts = {}, {}
    for path in [*HOME_PAGES, *PROFILES, *_public_pages(client)]:
        _empty_cache()
        counts[path] = _queries(client, path)
        budget = PROFILE_EMPTY_CACHE_BUDGET if path in PROFILES else QUERY_BUDGET
        if counts[path] > budget:
            over[path] = counts[path]
    for path in [*HOME_PAGES, *PROFILES]:
        for model in _public_models():
            client.get(path)
            signal_of_a_save(sender=model)
            if (count := _queries(client, path)) > QUERY_BUDGET:
                over[f"{path} after a save of {model._meta.label}"] = count
    record_property(
        "summary",
        f"cold SQL queries ({connection.vendor}, {size}): "
        + ", ".join(f"{path} {count}" for path, count in counts.items()),
    )
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
def test_every_public_page_stays_within_the_budget_cold_at_demo_size(client, record_property):
    call_command("seed_demo", stdout=io.StringIO())
    _assert_budgets(client, record_property, "demo")


@pytest.mark.django_db
@pytest.mark.postgres
def test_every_public_page_stays_within_the_budget_cold_with_more_data(
    client, monkeypatch, record_property
):
    call_command("seed_demo", stdout=io.StringIO())
    _seed_bigger(monkeypatch)
    assert Article.objects.count() >= 1_000
    _assert_budgets(client, record_property, "more data")


@pytest.mark.django_db
def test_a_profile_with_little_to_list_asks_only_for_that_list_cold(client):
    """A section asks for its list only when its declared figures count something, so a
    municipality with nothing but the goods it received costs the municipality, the figures,
    the news, events and emissions lists and that one list: 8 (12 before)."""
    from core.discovery import app_modules
    from core.figures import values_at_once
    from municipalities.models import Municipality

    call_command("seed_demo", stdout=io.StringIO())
    declared = [
        module.municipality_figures
        for module in app_modules("sections")
        if hasattr(module, "municipality_figures")
    ]
    assert len(declared) >= 5
    quiet = next(
        municipality
        for municipality in Municipality.objects.order_by("-code")
        if sum(any(values_at_once(declare(municipality)).values()) for declare in declared) <= 1
    )
    _empty_cache()
    assert _queries(client, f"/municipalities/{quiet.code}/") <= QUERY_BUDGET - 2


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
