import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/en/", "/about/", "/en/about/", "/municipalities/", "/en/municipalities/"]
)
def test_public_pages_render_with_navigation_and_language_switch(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert 'class="skip-link"' in response.text
    assert 'aria-label="' in response.text
    assert 'hreflang="en"' in response.text and 'hreflang="ja"' in response.text


@pytest.mark.django_db
def test_japanese_is_the_default_and_english_is_under_en(client):
    assert '<html lang="ja">' in client.get("/").text
    english = client.get("/en/")
    assert '<html lang="en">' in english.text
    assert "Municipalities" in english.text
    assert "市区町村" in client.get("/").text


@pytest.mark.django_db
def test_language_switch_keeps_the_visitor_on_the_same_page(client):
    response = client.get("/municipalities/131016/")
    links = {link["code"]: link["url"] for link in response.context["language_links"]}
    assert links == {"ja": "/municipalities/131016/", "en": "/en/municipalities/131016/"}
    back = client.get("/en/municipalities/131016/")
    assert {link["code"]: link["url"] for link in back.context["language_links"]}[
        "ja"
    ] == "/municipalities/131016/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/municipalities/131016/", "/en/"])
def test_home_and_profile_queries_are_bounded_cold_and_few_when_warm(client, path):
    """Every app adds a section; each is rendered once and then served from the cache."""
    from io import StringIO

    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("seed_demo", stdout=StringIO())
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(path).status_code == 200
    assert len(cold) <= 30
    assert len(warm) <= 3


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_healthz_names_the_failing_part(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "failing"}


@pytest.mark.django_db
def test_openapi_document_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert "/api/municipalities/" in response.json()["paths"]


@pytest.mark.django_db
def test_sitemap_index_points_to_sections_listing_pages_in_both_languages(client):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "/sitemap-municipalities.xml" in index.text
    response = client.get("/sitemap-municipalities.xml")
    assert response.status_code == 200
    assert "/municipalities/131016/" in response.text
    assert "/en/municipalities/131016/" in response.text


@pytest.mark.django_db
def test_security_headers_are_sent(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_main_navigation_lists_the_newsletter_and_reports_after_joint_action(client):
    labels = [entry["label"] for entry in client.get("/").context["main_navigation"]]
    assert labels[labels.index("共同行動") + 1 :][:2] == ["メールマガジン", "事業報告"]
    english = client.get("/en/reports/")
    current = [e["label"] for e in english.context["main_navigation"] if e["current"]]
    assert current == ["Reports"]


@pytest.mark.django_db
def test_main_navigation_shows_every_apps_entry_in_order_in_both_languages(client):
    japanese = [entry["label"] for entry in client.get("/").context["main_navigation"]]
    english = [entry["label"] for entry in client.get("/en/").context["main_navigation"]]
    assert japanese == [
        "ニュース", "エコアカデミー", "イベント", "コンテスト", "排出量", "助成事業",
        "共同行動", "メールマガジン", "事業報告", "資料", "市区町村",
    ]  # fmt: skip
    assert english == [
        "News", "Eco Academy", "Events", "Contests", "Emissions", "Grant projects",
        "Joint action", "Newsletter", "Reports", "Library", "Municipalities",
    ]  # fmt: skip


def test_robots_txt_points_at_the_sitemap_and_keeps_private_links_out(client, db, settings):
    settings.SITE_URL = "https://eco62.example.jp"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: https://eco62.example.jp/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /en/events/cancel/" in lines
    assert "Disallow: /" not in lines
    assert client.get("/sitemap.xml").status_code == 200


def test_the_benchmark_floor_page_is_not_served_outside_the_benchmark(client):
    assert client.get("/bench/floor").status_code == 404
