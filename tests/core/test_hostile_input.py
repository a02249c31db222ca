"""Hostile input never breaks a public page: what an attacker or a fuzzer sends is refused.

Every public address of the demo (found through the sitemaps and the API's OpenAPI document, in
Japanese and English) gets nonsense query strings and path segments; every public form gets
hostile bodies. Nothing answers 500, no page shows a traceback, nonsense in a path is a 4xx, and a
refused form shows its error and writes nothing.
"""

import io
import re
import sys
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import reverse

HUGE = "99999999999999999999"  # past PostgreSQL's bigint
NUL = "\x00"

# Raw (already percent-encoded where it matters) query values.
HOSTILE_VALUES = [
    "-1",
    "0",
    "abc",
    "99999999999999999999999",
    "-" + HUGE,
    "2147483648",
    "1e9",
    "1.5",
    "%00",
    "131016%00",
    "x" * 10_000,
    quote("' OR 1=1--"),
    quote("<script>alert(1)</script>"),
    "2026-02-30",
    "2026-13",
    "0001-01-01",
    "9999-12-31",
    quote("日本語"),
    quote("²"),  # str.isdigit() is true, int() refuses it
    quote("１２"),
    "%ff%fe",
    "%20",
]

# Every filter a public page or the API reads, and the usual guesses of a fuzzer.
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
BAD_TOKENS = ["abc", "a:b:c", "eyJ9:1abc:xyz", "%00", HUGE, "x" * 2000, quote("日本語"), "%3Cb%3E"]

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


class Probe:
    """A client that answers 500 instead of raising, and remembers why a request failed."""

    def __init__(self, client: Client):
        self.client = client
        self.failures: list[str] = []
        self._error = ""

    def _record(self, sender, **kwargs):
        error = sys.exc_info()[1]
        self._error = f"{type(error).__name__}: {str(error)[:200]}"

    def get(self, url: str):
        self._error = ""
        got_request_exception.connect(self._record)
        try:
            response = self.client.get(url)
        finally:
            got_request_exception.disconnect(self._record)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code >= 500 or b"Traceback" in body:
            self.failures.append(f"GET {url[:160]} -> {response.status_code} {self._error}")
        return response

    def post(self, url: str, data: dict):
        self._error = ""
        got_request_exception.connect(self._record)
        try:
            response = self.client.post(url, data)
        finally:
            got_request_exception.disconnect(self._record)
        if response.status_code >= 500 or b"Traceback" in response.content:
            self.failures.append(f"POST {url[:160]} -> {response.status_code} {self._error}")
        return response


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = False
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "public_form": {"limit": 10_000, "seconds": 3600},
    }
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def probe():
    return Probe(Client(raise_request_exception=False))


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


# --- Forms --------------------------------------------------------------------


@pytest.fixture
def open_event(demo):
    from events.models import Event

    return Event.objects.open_for_registration().order_by("pk").first()


@pytest.fixture
def organisation_member(demo):
    from participation.models import Membership

    return Membership.objects.select_related("user", "organisation").first()


def _registration(**overrides) -> dict:
    return {
        "name": "山田 花子",
        "kana": "ヤマダ ハナコ",
        "email": "hanako@example.jp",
        "phone": "03-1234-5678",
        "party_size": "1",
        "privacy_consent": "on",
        **overrides,
    }


def _public_forms(open_event) -> list[tuple[str, dict]]:
    """(url, a body that is otherwise valid) for each form an anonymous visitor can send."""
    return [
        ("/newsletter/subscribe/", {"email": "a@example.jp", "language": "ja"}),
        (f"/events/{open_event.pk}/register/", _registration()),
        (
            "/participation/register/",
            {
                "name_ja": "テスト団体",
                "kind": "school",
                "municipality": "131016",
                "address": "東京都千代田区",
                "contact_name": "担当",
                "email": "org@example.jp",
                "password1": "green curtain 2026 goya",
                "password2": "green curtain 2026 goya",
            },
        ),
        ("/participation/login/", {"email": "nobody@example.jp", "password": "wrong"}),
        ("/participation/password-reset/", {"email": "nobody@example.jp"}),
        ("/contests/2027/enter/", {"entrant_type": "individual", "email": "a@example.jp"}),
    ]


def _record_counts() -> dict[str, int]:
    from django.apps import apps

    watched = [
        "newsletter.Subscriber",
        "events.Registration",
        "participation.Organisation",
        "participation.Activity",
        "participation.Pledge",
        "contests.Entry",
        "contests.PublicVote",
        "accounts.User",
    ]
    return {name: apps.get_model(name).objects.count() for name in watched}


def test_forms_refuse_a_post_without_csrf_token(open_event):
    client = Client(enforce_csrf_checks=True)
    before = _record_counts()
    for url, body in _public_forms(open_event):
        assert client.post(url, body).status_code == 403, url
    assert _record_counts() == before


HOSTILE_BODIES = {
    "empty": lambda body: {},
    "nul": lambda body: {k: v + NUL for k, v in body.items()},
    "oversized": lambda body: {k: "x" * 10_000 for k in body},
    "huge-numbers": lambda body: {k: HUGE for k in body},
    "header-injection": lambda body: {**body, "email": "a@b.jp\r\nBcc: victim@example.jp"},
    "repeated": lambda body: {k: [v, v + "2"] for k, v in body.items()},
}


def test_public_forms_refuse_hostile_bodies_and_write_nothing(open_event, probe):
    before = _record_counts()
    for kind, hostile in HOSTILE_BODIES.items():
        for url, body in _public_forms(open_event):
            response = probe.post(url, hostile(body))
            if response.status_code >= 500:
                continue
            assert response.status_code in (200, 400, 403), (kind, url, response.status_code)
            if response.status_code in (200, 400) and "form" in (response.context or {}):
                assert response.context["form"].errors, (kind, url)
    assert probe.failures == []
    assert _record_counts() == before


def test_event_registration_refuses_a_nonsense_party_size(open_event, client):
    from events.models import Registration

    for size in ["0", "-1", HUGE, "1.5", "abc", ""]:
        response = client.post(f"/events/{open_event.pk}/register/", _registration(party_size=size))
        assert response.status_code == 400
        assert "party_size" in response.context["form"].errors
    assert not Registration.objects.filter(email="hanako@example.jp").exists()


def test_form_errors_for_hostile_input_are_translated(open_event, client):
    from newsletter.models import Subscriber

    response = client.post(
        "/newsletter/subscribe/",
        {"email": "a@b.jp\r\nBcc: victim@example.jp", "language": "ja"},
    )
    assert "有効なメールアドレスを入力してください。" in response.text
    response = client.post(f"/events/{open_event.pk}/register/", _registration(name="山田" + NUL))
    assert response.context["form"].errors["name"] == ["何か文字を入力してください。"]
    assert not Subscriber.objects.filter(email__contains="victim").exists()


SIGNED_LINKS = [
    "/newsletter/confirm/{token}/",
    "/newsletter/preferences/{token}/",
    "/newsletter/unsubscribe/{token}/",
    "/events/cancel/{token}/",
    "/contests/entry/confirm/{token}/",
    "/contests/entry/edit/{token}/",
    "/contests/vote/confirm/{token}/",
    "/participation/confirm/{token}/",
    "/participation/invitation/{token}/",
    "/participation/password-reset/{token}/x/",
    "/admin/password-reset/{token}/x/",
]


def test_bad_signed_links_are_refused_without_error(demo, probe):
    before = _record_counts()
    wrong = []
    for url in SIGNED_LINKS:
        for token in BAD_TOKENS:
            link = url.format(token=token)
            status = probe.get(link).status_code
            if not (400 <= status < 500 or status in (200, 302)):
                wrong.append(f"GET {link[:100]} -> {status}")
            probe.post(link, {"List-Unsubscribe": "One-Click", "password": "x"})
    assert probe.failures == []
    assert wrong == []
    assert _record_counts() == before


# --- Uploads and a signed-in participation organisation -----------------------


def _activity(**overrides) -> dict:
    return {
        "title": "緑のカーテン",
        "held_on": "2026-06-01",
        "municipality": "131016",
        "category": "energy",
        "description": "ゴーヤを育てました。",
        "participants": "20",
        **overrides,
    }


def _jpeg() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(buffer, format="JPEG")
    return buffer.getvalue()


def _bad_uploads() -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {
        "html-named-png": SimpleUploadedFile(
            "x.png", b"<html><script>1</script></html>", content_type="image/png"
        ),
        "empty-file": SimpleUploadedFile("empty.png", b"", content_type="image/png"),
        "truncated-jpeg": SimpleUploadedFile("cut.jpg", _jpeg()[:60], content_type="image/jpeg"),
        "nul-in-name": SimpleUploadedFile("a\x00b.jpg", b"\x00" * 10, content_type="image/jpeg"),
    }


ACTIVITY_HOSTILE = {
    "participants-huge": {"participants": HUGE},
    "participants-negative": {"participants": "-1"},
    "co2-huge": {"estimated_co2_kg": HUGE, "co2_method": "計算"},
    "impossible-date": {"held_on": "2026-02-30"},
    "year-one": {"held_on": "0001-01-01"},
    "nul-title": {"title": "a\x00b"},
    "nul-long-description": {"description": "x" * 100_000 + NUL},
    "nul-municipality": {"municipality": "131016\x00"},
    "unknown-category": {"category": "<script>"},
}


def test_activity_form_refuses_hostile_input_for_a_signed_in_organisation(
    organisation_member, probe
):
    from participation.models import Activity

    probe.client.force_login(organisation_member.user)
    before = Activity.objects.count()
    cases = {**ACTIVITY_HOSTILE}
    cases.update({name: {"photo": f, "photo_alt": "写真"} for name, f in _bad_uploads().items()})
    for name, overrides in cases.items():
        response = probe.post(reverse("participation:activity_create"), _activity(**overrides))
        if response.status_code < 500:
            assert response.status_code == 200, name
            assert response.context["form"].errors, name
    assert probe.failures == []
    assert Activity.objects.count() == before


def test_contest_entry_refuses_malformed_uploads(demo, probe):
    from contests.models import Category, Entry

    category = Category.objects.get(contest__year=2027, kind="art")
    body = {
        "category": str(category.pk),
        "entrant_type": "individual",
        "entrant_name": "山田",
        "email": "a@example.jp",
        "display_name": "やまだ",
        "municipality": "131016",
        "title": "題",
        "description": "説明",
        "rights_consent": "on",
        "licence_consent": "on",
    }
    for name, upload in _bad_uploads().items():
        response = probe.post("/contests/2027/enter/", {**body, "image": upload})
        if response.status_code < 500:
            assert response.status_code == 200, name
            assert "image" in response.context["form"].errors, name
    response = probe.post("/contests/2027/enter/", {**body, "category": HUGE})
    assert probe.failures == []
    assert Entry.objects.filter(email="a@example.jp").count() == 0


def test_a_signed_in_organisation_gets_no_error_from_hostile_addresses(organisation_member, probe):
    probe.client.force_login(organisation_member.user)
    for path in (
        "/participation/account/",
        "/participation/account/profile/",
        "/participation/account/activities/new/",
        f"/participation/account/activities/{HUGE}/",
        f"/participation/account/activities/{HUGE}/edit/",
        f"/participation/account/activities/{HUGE}/contest/",
        "/participation/account/activities/2147483648/",
    ):
        for value in HOSTILE_VALUES[:12]:
            probe.get(f"{path}?page={value}&next={value}")
    for url in ("/participation/account/profile/", "/participation/account/invite/"):
        probe.post(url, {"email": "a@b.jp\r\nBcc: x@y.jp", "name_ja": NUL, "website": NUL})
    probe.post("/participation/campaigns/green-curtain/pledge/", {"message": "x" * 10_000 + NUL})
    assert probe.failures == []
