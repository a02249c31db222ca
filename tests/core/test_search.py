"""The site search: bounded queries whatever the data, each app's results cached by its records."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academy.models import Course, Lesson
from grants.models import GrantProgram
from grants.models import Status as GrantStatus
from initiatives.models import Action, Initiative
from news import services as news_services
from news.models import Article, Status
from tests.events.conftest import make_event
from tests.grants.conftest import make_application
from tests.news.factories import make_article
from tests.participation.conftest import make_organisation

pytestmark = pytest.mark.django_db

# One query per app searched, whatever the data: news, academy (courses and lessons in one
# UNION), grants, events, contests (contests and works), municipalities, participation
# (organisations and activities), initiatives, documents (12 before the UNIONs). The cold search
# is cached per app and data version afterwards.
MAX_QUERIES = 9
# "の" is in records of every app of the demo data; 排出 asks for the emissions overview.
QUERIES = ("の", "排出", "環境")
APP_PATHS = (
    "/news/",
    "/academy/",
    "/contests/",
    "/emissions/",
    "/events/",
    "/grants/",
    "/initiatives/",
    "/participation/",
    "/library/",
)


def _queries_of(client, path: str) -> int:
    from django.core.cache import cache

    cache.clear()  # a cold search: the results cache would answer without SQL
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def _add_matching_records(count: int) -> None:
    """`count` more records containing "の" for the apps whose lists grow with use."""
    course = Course.objects.filter(is_published=True).first()
    program = GrantProgram.objects.order_by("-fiscal_year").first()
    for number in range(count):
        make_article(title=f"追加の記事{number}")
        Lesson.objects.create(
            course=course,
            position=100 + number,
            title_ja=f"追加の課{number}",
            summary_ja="要約",
            body_ja="本文",
            is_published=True,
            published_at=timezone.now() - datetime.timedelta(days=1),
        )
        make_event(title_ja=f"追加のイベント{number}")
        make_application(
            program, status=GrantStatus.DECIDED, title=f"追加の助成{number}", attach=False
        )
        make_organisation(f"追加の団体{number}", "131016")
        Initiative.objects.create(
            fiscal_year=program.fiscal_year,
            title_ja=f"追加の取組{number}",
            summary_ja="概要",
            action=Action.values[0],
        )


def test_search_runs_a_bounded_number_of_queries_that_does_not_grow_with_the_data(client):
    call_command("seed_demo", stdout=StringIO())
    page = client.get("/search/?q=の").text
    results = page[page.index('<ol class="search-results">') :]
    for app_path in APP_PATHS:  # every app's search.py builds results here
        assert f'<a href="{app_path}' in results, app_path
    demo = {query: _queries_of(client, f"/search/?q={query}") for query in QUERIES}

    _add_matching_records(15)
    grown = {query: _queries_of(client, f"/search/?q={query}") for query in QUERIES}

    assert max(demo.values()) <= MAX_QUERIES
    assert grown == demo


def test_search_results_are_served_from_cache_until_published_data_changes(
    client, editor_user, django_assert_num_queries
):
    make_article(title="森林セラピー")
    unseen = make_article(title="森林の手入れ", status=Status.DRAFT)
    draft = make_article(title="里山と森林", status=Status.DRAFT)
    first = client.get("/search/?q=森林")
    assert "森林セラピー" in first.text
    with django_assert_num_queries(0):
        again = client.get("/search/?q=+森林+")  # the same query, differently spaced
    assert "森林セラピー" in again.text

    # Published without a signal: the version of the data does not change, the cache answers.
    Article.objects.filter(pk=unseen.pk).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    assert "森林の手入れ" not in client.get("/search/?q=森林").text

    news_services.publish_article(article_id=draft.pk, actor=editor_user)
    refreshed = client.get("/search/?q=森林").text
    assert "里山と森林" in refreshed
    assert "森林の手入れ" in refreshed
    assert "3 results for" in client.get("/en/search/?q=森林").text


def test_a_publish_asks_the_search_of_the_publishing_app_alone_again(client, editor_user):
    make_article(title="森林セラピー")
    make_event(title_ja="森林の観察会")
    draft = make_article(title="里山と森林", status=Status.DRAFT)
    assert "森林の観察会" in client.get("/search/?q=森林").text

    news_services.publish_article(article_id=draft.pk, actor=editor_user)
    with CaptureQueriesContext(connection) as captured:
        refreshed = client.get("/search/?q=森林").text
    assert "里山と森林" in refreshed and "森林の観察会" in refreshed
    tables = " ".join(query["sql"] for query in captured)
    assert "news_article" in tables
    assert "events_event" not in tables and "grants_application" not in tables

    make_event(title_ja="森林の教室")  # a save of the events app: its results are asked again
    assert "森林の教室" in client.get("/search/?q=森林").text


def test_search_results_are_cached_per_language(client):
    make_article(title="森林セラピー", title_en="Forest therapy")
    assert "森林セラピー" in client.get("/search/?q=forest").text
    english = client.get("/en/search/?q=forest").text
    assert "Forest therapy" in english and "森林セラピー" not in english


def test_search_without_the_cache_queries_every_time(client, settings):
    settings.SEARCH_CACHE_SECONDS = 0
    article = make_article(title="森林")
    assert "1 result for" in client.get("/en/search/?q=森林").text
    Article.objects.filter(pk=article.pk).update(title_ja="里山")  # no signal, no new version
    assert "0 results for" in client.get("/en/search/?q=森林").text


def test_each_result_names_the_section_it_comes_from_in_the_page_language(client):
    make_article(title="森の環境だより")
    make_event(title_ja="環境フェア")

    japanese = client.get("/search/?q=環境").text
    english = client.get("/en/search/?q=環境").text

    assert 'search-results__section">ニュース<' in japanese
    assert 'search-results__section">イベント<' in japanese
    assert 'search-results__section">News<' in english
    assert 'search-results__section">Events<' in english


def test_courses_are_found_by_title_and_description_in_either_language(client):
    Course.objects.create(
        title_ja="森の教室",
        title_en="Forest classroom",
        slug="forest-classroom",
        description_ja="奥多摩で間伐を学ぶ",
        description_en="Thinning in Okutama",
        audience="adults",
        is_published=True,
    )
    Course.objects.create(
        title_ja="下書きの森", slug="draft-forest", description_ja="非公開", audience="adults"
    )
    assert "/academy/forest-classroom/" in client.get("/search/?q=間伐").text
    assert "/academy/forest-classroom/" in client.get("/en/search/?q=classroom").text
    assert "/academy/forest-classroom/" in client.get("/search/?q=okutama 教室").text
    assert "/academy/draft-forest/" not in client.get("/search/?q=森").text


def test_a_result_is_dated_by_its_day_in_tokyo_not_in_utc(client):
    """Published at 23:30 UTC on 1 December is 08:30 on 2 December in Tokyo."""
    from django.core.cache import cache

    cache.clear()
    make_article(
        title="東京の日付の記事",
        published_at=datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.UTC),
    )
    response = client.get("/search/?q=東京の日付の記事")
    assert '<time datetime="2026-12-02">2026年12月2日（水）</time>' in response.text
