"""Hostile addresses never break a public page: what an attacker or a fuzzer sends is refused.

Every public address of the demo (found through the sitemaps and the API's OpenAPI document, in
Japanese and English) gets nonsense query strings and path segments. Nothing answers 500, no page
shows a traceback and nonsense in a path is a 4xx. Hostile form bodies: test_hostile_forms.py.
"""

import re
from urllib.parse import quote

import pytest
from django.test import Client

from tests.core.hostile import HOSTILE_VALUES, HUGE

PARAMETERS = [
    "page",
    "p",
    "year",
    "fiscal_year",
    "month",
    "category",
    "kind",
    "municipality",
    "municipality_code",
    "tag",
    "q",
    "audience",
    "course",
    "version",
    "edition",
    "gas",
    "m",
    "date_from",
    "date_to",
    "open_only",
    "source",
    "organisation_kind",
    "limit",
    "offset",
    "page_size",
    "format",
    "ordering",
    "next",
]

# Pages whose own filters are tried one at a time: one invalid filter can make a form ignore the
# others, which would hide a fault in them when all are sent together.
FILTERED_PAGES = {
    "/": [],
    "/search/": ["q", "page"],
    "/news/": ["page", "kind", "category", "municipality", "fiscal_year", "tag"],
    "/news/search/": ["q", "page"],
    "/academy/": ["audience"],
    "/events/": ["page", "q", "category", "municipality", "date_from", "date_to", "open_only"],
    "/events/calendar/": ["month", "category", "municipality", "date_from", "date_to"],
    "/grants/": ["page", "fiscal_year", "municipality"],
    "/emissions/": ["edition", "year"],
    "/emissions/131016/": ["edition", "year"],
    "/emissions/compare/": ["edition", "m"],
    "/emissions/data.csv": ["edition"],
    "/contests/2026/gallery/": ["page", "category"],
    "/contests/2027/enter/": ["source", "category", "municipality", "organisation_kind"],
    "/participation/organisations/": ["page", "kind", "municipality"],
    "/participation/activities/": ["page", "kind", "municipality", "category", "fiscal_year"],
    "/participation/login/": ["next"],
    "/sitemap-news.xml": ["p"],
    "/api/news/articles": ["kind", "category", "municipality", "fiscal_year", "limit", "offset"],
    "/api/academy/lessons": ["course", "audience", "limit", "offset"],
    "/api/events/": ["category", "municipality", "limit", "offset"],
    "/api/emissions/results": [
        "edition",
        "municipality_code",
        "fiscal_year",
        "gas",
        "limit",
        "offset",
    ],
    "/api/grants/projects": ["fiscal_year", "municipality", "limit", "offset"],
    "/api/initiatives/": ["fiscal_year"],
    "/api/contests/2026/works": ["limit", "offset"],
    "/api/participation/organisations": ["municipality", "kind", "page", "page_size"],
    "/api/participation/activities": ["municipality", "category", "page", "page_size"],
}

# Path segments that name nothing: each replaces a number, a slug, a code or a UUID in a path.

HOSTILE_SEGMENTS = [HUGE, "2147483648", "0", quote("日本語"), "abc%00", "x" * 300, quote("<b>")]

# Routes whose segment is a code, a kind or a slug rather than a number.
CODE_ROUTES = [
    "/municipalities/{}/",
    "/en/municipalities/{}/",
    "/emissions/{}/",
    "/news/feed/{}/",
    "/events/feed/{}.ics",
    "/events/feed/category/{}.ics",
    "/reports/2011/{}/",
    "/academy/{}/",
    "/academy/{}/1/",
    "/participation/campaigns/{}/",
    "/api/municipalities/{}",
    "/api/contests/{}/works",
]

EXTRA_PAGES = [
    "/search/",
    "/news/search/",
    "/news/feed/",
    "/news/feed/131016/",
    "/events/calendar/",
    "/events/feed.ics",
    "/events/feed/131016.ics",
    "/events/feed/category/seminar.ics",
    "/emissions/compare/",
    "/emissions/data/",
    "/emissions/data.csv",
    "/participation/activities/feed/",
    "/participation/register/",
    "/participation/login/",
    "/participation/password-reset/",
    "/newsletter/subscribe/",
    "/contests/2027/enter/",
    "/sitemap.xml",
    "/api/openapi.json",
    "/contests/",
    "/initiatives/",
    "/newsletter/",
    "/participation/",
    "/reports/",
]


def _shape(path: str) -> str:
    """Addresses that differ only by a number, UUID or slug are one shape of page."""
    path = re.sub(r"/[0-9a-f]{8}-[0-9a-f-]{27}", "/U", path)
    path = re.sub(r"\d+", "N", path)
    return re.sub(r"^(/en)?/(academy|participation/campaigns)/[a-z-]+", r"\1/\2/S", path)


def public_pages(client: Client) -> list[str]:
    """One address of each shape of public page, in both languages, and of each API endpoint."""
    found = set(EXTRA_PAGES) | set(FILTERED_PAGES)
    index = client.get("/sitemap.xml").text
    for section in re.findall(r"<loc>[^<]*?(/sitemap-[^<]+)</loc>", index):
        found.update(re.findall(r"<loc>https?://[^/<]+([^<]*)</loc>", client.get(section).text))
    for path in client.get("/api/openapi.json").json()["paths"]:
        found.add(path.replace("{year}", "2026").replace("{code}", "131016"))
    found = {re.sub(r"\{[^}]+\}", "1", path) for path in found}
    for path in list(found):
        if re.fullmatch(r"/events/\d+/", path):
            found |= {path + "register/", path + "event.ics"}
    found |= {"/en" + p for p in found if not p.startswith(("/en/", "/api/", "/sitemap"))}
    shapes = {}
    for path in sorted(found):
        shapes.setdefault(_shape(path), path)
    return sorted(shapes.values())


def _with_segment(path: str, segment: str) -> list[str]:
    """The path with its first number, UUID or slug/code replaced by a hostile segment."""
    variants = []
    for pattern in (
        r"/[0-9a-f]{8}-[0-9a-f-]{27}(?=/)",
        r"/\d+(?=/|\.|$)",
        r"(?<=/academy)/[a-z-]+(?=/)",
        r"(?<=/campaigns)/[a-z-]+(?=/)",
    ):
        changed = re.sub(pattern, "/" + segment, path, count=1)
        if changed != path:
            variants.append(changed)
    return variants


def test_the_page_list_covers_every_section(demo, client):
    pages = public_pages(client)
    for expected in (
        "/news/",
        "/en/news/",
        "/academy/",
        "/events/",
        "/grants/",
        "/emissions/131016/",
        "/municipalities/",
        "/contests/",
        "/participation/",
        "/newsletter/",
        "/initiatives/",
        "/reports/",
        "/api/news/articles",
    ):
        assert expected in pages
    assert any(re.fullmatch(r"/news/\d+/", p) for p in pages)
    assert any(re.fullmatch(r"/events/\d+/event\.ics", p) for p in pages)
    assert any(re.fullmatch(r"/contests/2026/works/[0-9a-f-]{36}/", p) for p in pages)
    assert len(pages) > 60


def test_no_public_page_fails_on_hostile_query_strings(demo, client, probe):
    for path in public_pages(client):
        assert probe.get(path).status_code < 500 or probe.failures
        for value in HOSTILE_VALUES:
            probe.get(path + "?" + "&".join(f"{name}={value}" for name in PARAMETERS))
        probe.get(path + "?page=1&page=2&year=2026&year=abc&m=131016&m=x&m=131016")
    assert probe.failures == []


def test_each_filter_of_a_page_refuses_hostile_values_alone(demo, probe):
    for path, names in FILTERED_PAGES.items():
        for name in names or PARAMETERS:
            for value in HOSTILE_VALUES:
                probe.get(f"{path}?{name}={value}")
    assert probe.failures == []


def test_hostile_path_segments_are_not_found(demo, client, probe):
    wrong = []
    for path in public_pages(client):
        for segment in HOSTILE_SEGMENTS:
            for url in _with_segment(path, segment):
                status = probe.get(url).status_code
                if not 400 <= status < 500:
                    wrong.append(f"{url[:120]} -> {status}")
    for pattern in CODE_ROUTES:
        for segment in HOSTILE_SEGMENTS:
            url = pattern.format(segment)
            if not 400 <= (status := probe.get(url).status_code) < 500:
                wrong.append(f"{url[:120]} -> {status}")
    assert probe.failures == []
    assert wrong == []


@pytest.mark.parametrize(
    "url",
    [
        "/municipalities/131016%00/",
        "/search/?q=%00",
        "/en/news/?tag=a%00b",
        "/api/municipalities/131016%00",
        "/api/news/articles?category=%00",
    ],
)
def test_a_nul_character_in_the_address_is_a_bad_request(db, client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Traceback" not in response.text


def test_the_api_answers_a_nul_character_in_json(db, client):
    response = client.get("/api/news/articles?kind=%00")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_the_bad_request_page_speaks_the_visitors_language(db, client):
    assert "不正なリクエスト" in client.get("/search/?q=%00").text
    assert "Bad request" in client.get("/en/search/?q=%00").text


@pytest.mark.parametrize(
    "query",
    ["offset=99999999999999999999999", "limit=99999999999999999999999", "offset=2147483648"],
)
def test_the_api_refuses_pagination_past_what_the_database_can_count(db, client, query):
    response = client.get(f"/api/news/articles?{query}")
    assert response.status_code == 422
    assert client.get(f"/api/participation/organisations?page={HUGE}").status_code == 422


def test_the_api_still_pages_within_the_bounds(demo, client):
    first = client.get("/api/news/articles?limit=2&offset=0").json()
    second = client.get("/api/news/articles?limit=2&offset=2").json()
    assert len(first["items"]) == len(second["items"]) == 2
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert client.get("/api/news/articles?offset=2147483647").json()["items"] == []


def test_one_api_request_cannot_ask_for_a_whole_table(db, client):
    assert client.get("/api/news/articles?limit=1000").status_code == 200
    assert client.get("/api/news/articles?limit=1001").status_code == 422
    assert client.get("/api/participation/organisations?page_size=1001").status_code == 422
