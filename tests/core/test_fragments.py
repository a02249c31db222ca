"""Cached fragments (core.fragments): fresh after a save, never shared across viewers."""

import pytest
from django.test import RequestFactory

from core.fragments import fragment_key
from events.models import Visibility
from tests.events.conftest import make_event
from tests.news.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_cached_list_shows_an_article_published_after_it_was_cached(
    client, django_assert_num_queries
):
    make_article(title="最初の記事")
    assert "最初の記事" in client.get("/news/").text
    with django_assert_num_queries(0):
        client.get("/news/")

    make_article(title="あとから公開した記事")

    assert "あとから公開した記事" in client.get("/news/").text


def test_a_cached_article_body_follows_an_edit(client):
    article = make_article(title="森のたより")
    client.get(article.get_absolute_url())
    article.lead_ja = "書き直したリード文"
    article.save()

    assert "書き直したリード文" in client.get(article.get_absolute_url()).text


def test_staff_only_events_never_reach_the_public_through_a_fragment(client, chiyoda_staff):
    make_event(title_ja="職員研修の会", visibility=Visibility.STAFF)
    client.force_login(chiyoda_staff)
    assert "職員研修の会" in client.get("/events/").text

    client.logout()

    assert "職員研修の会" not in client.get("/events/").text


def test_parameters_a_view_does_not_read_do_not_make_new_fragments():
    factory = RequestFactory()
    plain = factory.get("/news/", {"page": "2"})
    junk = factory.get("/news/", {"page": "2", "utm_source": "x" * 500})
    other_page = factory.get("/news/", {"page": "3"})

    assert fragment_key(plain, "page", reads=("news",)) == fragment_key(
        junk, "page", reads=("news",)
    )
    assert fragment_key(plain, "page", reads=("news",)) != fragment_key(
        other_page, "page", reads=("news",)
    )


def test_no_cached_fragment_renders_a_csrf_token():
    from pathlib import Path

    from django.conf import settings

    cached = [
        path
        for path in Path(settings.BASE_DIR).glob("*/templates/**/*.html")
        if "{% cache fragment_seconds" in path.read_text(encoding="utf-8")
    ]
    assert len(cached) >= 8
    for path in cached:
        assert "csrf_token" not in path.read_text(encoding="utf-8"), path
