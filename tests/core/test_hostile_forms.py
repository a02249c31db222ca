"""Hostile form bodies, signed links and uploads are refused with their error, writing nothing."""

import io
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from tests.core.hostile import HOSTILE_VALUES, HUGE, NUL

BAD_TOKENS = ["abc", "a:b:c", "eyJ9:1abc:xyz", "%00", HUGE, "x" * 2000, quote("日本語"), "%3Cb%3E"]


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
