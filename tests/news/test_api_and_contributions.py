import datetime

import pytest
from django.utils import timezone

from core.contributions import (
    collect_digest_items,
    collect_report_sections,
    collect_search_results,
)
from news.models import Kind, Status

from .factories import make_article

pytestmark = pytest.mark.django_db


def test_api_lists_published_articles_with_filters_and_pagination(client):
    chiyoda = make_article(title="千代田", municipalities=("131016",), kind=Kind.ACTIVITY)
    make_article(title="八王子", municipalities=("132012",))
    make_article(title="下書き", status=Status.DRAFT)
    data = client.get("/api/news/articles").json()
    assert data["count"] == 2
    data = client.get("/api/news/articles?municipality=131016").json()
    assert [item["id"] for item in data["items"]] == [chiyoda.pk]
    assert data["items"][0]["municipalities"] == ["131016"]
    assert client.get("/api/news/articles?kind=activity").json()["count"] == 1
    assert len(client.get("/api/news/articles?limit=1").json()["items"]) == 1


def test_api_filters_by_fiscal_year(client):
    make_article(published_at=datetime.datetime(2025, 4, 1, 0, 0, tzinfo=datetime.UTC))
    make_article(published_at=datetime.datetime(2025, 3, 31, 0, 0, tzinfo=datetime.UTC))
    data = client.get("/api/news/articles?fiscal_year=2025").json()
    assert data["count"] == 1
    assert data["items"][0]["fiscal_year"] == 2025


def test_api_detail_hides_drafts_and_scheduled(client):
    draft = make_article(status=Status.DRAFT)
    scheduled = make_article(published_at=timezone.now() + datetime.timedelta(days=1))
    public = make_article(body="**本文**")
    assert client.get(f"/api/news/articles/{draft.pk}").status_code == 404
    assert client.get(f"/api/news/articles/{scheduled.pk}").status_code == 404
    assert client.get(f"/api/news/articles/{public.pk}").json()["body_ja"] == "**本文**"


def test_openapi_document_lists_news_and_academy_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/news/articles" in paths
    assert "/api/academy/lessons" in paths


def test_digest_offers_articles_published_in_the_window():
    now = timezone.now()
    inside = make_article(
        title="新着",
        title_en="New",
        published_at=now - datetime.timedelta(days=2),
        municipalities=("131016",),
    )
    make_article(title="古い", published_at=now - datetime.timedelta(days=40))
    make_article(title="予約", published_at=now + datetime.timedelta(days=2))
    items = [
        i
        for i in collect_digest_items(since=now - datetime.timedelta(days=7), until=now)
        if i.kind == "news"
    ]
    assert [(i.title_ja, i.title_en, i.url) for i in items] == [
        ("新着", "New", f"/news/{inside.pk}/")
    ]
    assert items[0].municipality_codes == ("131016",)


def test_annual_report_counts_the_fiscal_years_articles():
    in_year = datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC)
    make_article(published_at=in_year)
    make_article(
        published_at=in_year,
        kind=Kind.INITIATIVE,
        municipality="131016",
        municipalities=("131016",),
        series_number=1,
        as_of=in_year.date(),
    )
    make_article(published_at=datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC))
    sections = [s for s in collect_report_sections(fiscal_year=2025) if s.app_label == "news"]
    assert sections[0].context["total"] == 2
    assert len(sections[0].context["initiatives"]) == 1
    assert sections[0].context["municipality_count"] == 1
    assert not [s for s in collect_report_sections(fiscal_year=2010) if s.app_label == "news"]


def test_site_search_contribution_finds_published_articles():
    make_article(title="ゴーヤの育て方")
    make_article(title="ゴーヤの下書き", status=Status.DRAFT)
    titles = [r.title for r in collect_search_results(query="ゴーヤ")]
    assert "ゴーヤの育て方" in titles
    assert "ゴーヤの下書き" not in titles
