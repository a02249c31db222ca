"""What the public sees in each phase, the entry form and the signed links."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from contests import links, services
from contests.models import Award, Entry, EntryStatus

from .helpers import jpeg_bytes, make_contest, make_entry, set_phase

pytestmark = pytest.mark.django_db


def form_data(contest, **overrides):
    return {
        "category": contest.categories.get(kind="art").pk,
        "entrant_type": "individual",
        "entrant_name": "山田 花子",
        "email": "hanako@example.jp",
        "display_name": "はなこ",
        "municipality": "131016",
        "title": "森の呼吸",
        "description": "説明",
        "rights_consent": "on",
        "licence_consent": "on",
        "image": SimpleUploadedFile("work.jpg", jpeg_bytes(), content_type="image/jpeg"),
        **overrides,
    }


def test_archive_lists_contests_by_year_and_hides_drafts(client, django_assert_max_num_queries):
    make_contest("results", year=2025)
    make_contest("entries_open", year=2026)
    make_contest("draft", year=2027)
    with django_assert_max_num_queries(6):
        response = client.get("/en/contests/")
    assert response.status_code == 200
    assert [c.year for c in response.context["archive"]] == [2025]
    assert [c.year for c in response.context["current"]] == [2026]
    assert client.get("/contests/2027/").status_code == 404


def test_contest_page_shows_rules_and_entry_button_only_while_open(client):
    contest = make_contest("entries_open")
    page = client.get("/en/contests/2027/").content.decode()
    assert "応募資格" in page and "/en/contests/2027/enter/" in page
    set_phase(contest, "screening")
    assert "/contests/2027/enter/" not in client.get("/en/contests/2027/").content.decode()


def test_entry_form_refuses_entries_after_the_deadline(client):
    contest = make_contest("screening")
    response = client.post("/en/contests/2027/enter/", form_data(contest))
    assert response.status_code == 403
    assert Entry.objects.count() == 0


def test_a_visitor_enters_confirms_by_link_and_gets_a_receipt(
    client, django_capture_on_commit_callbacks
):
    contest = make_contest("entries_open")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/contests/2027/enter/", form_data(contest))
    assert response.status_code == 302, response.context["form"].errors
    entry = Entry.objects.get()
    assert entry.status == EntryStatus.UNCONFIRMED
    assert entry.language == "en"
    path = re.search(r"https?://[^/]+(/\S*contests/entry/confirm/\S+)", mail.outbox[0].body)[1]
    assert client.get(path).status_code == 200
    entry.refresh_from_db()
    assert entry.status == EntryStatus.UNCONFIRMED  # a GET (a mail scanner) confirms nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert "/contests/entry/edit/" in mail.outbox[-1].body
    assert entry.code in mail.outbox[-1].subject


def test_the_image_is_stored_privately_without_the_entrants_file_name(client, settings):
    contest = make_contest("entries_open")
    upload = SimpleUploadedFile("hanako-yamada-school.jpg", jpeg_bytes(), content_type="image/jpeg")
    client.post("/en/contests/2027/enter/", form_data(contest, image=upload))
    entry = Entry.objects.get()
    assert "hanako" not in entry.image.name
    assert entry.image.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not entry.image.path.startswith(str(settings.MEDIA_ROOT))


def test_form_shows_a_clear_error_for_a_fake_image(client):
    contest = make_contest("entries_open")
    fake = SimpleUploadedFile("work.jpg", b"<html>x</html>", content_type="image/jpeg")
    response = client.post("/en/contests/2027/enter/", form_data(contest, image=fake))
    assert response.status_code == 200
    assert "This type of file is not accepted. Upload JPEG or PNG." in response.content.decode()
    assert Entry.objects.count() == 0


def test_minor_without_guardian_consent_gets_form_errors(client):
    contest = make_contest("entries_open")
    response = client.post("/en/contests/2027/enter/", form_data(contest, is_minor="on"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"guardian_name", "guardian_consent"}


def test_honeypot_refuses_bots(client):
    contest = make_contest("entries_open")
    response = client.post(
        "/en/contests/2027/enter/", form_data(contest, website="http://spam.example")
    )
    assert response.status_code == 200
    assert Entry.objects.count() == 0


def test_entry_form_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "public_form": {"limit": 2, "seconds": 3600}}
    contest = make_contest("entries_open")
    for _ in range(2):
        client.post("/en/contests/2027/enter/", form_data(contest))
    assert client.post("/en/contests/2027/enter/", form_data(contest)).status_code == 429
    assert Entry.objects.count() == 2


def test_edit_link_changes_the_entry_until_the_deadline(client):
    contest = make_contest("entries_open")
    entry = make_entry(contest)
    path = f"/en/contests/entry/edit/{links.edit_token(entry)}/"
    page = client.get(path)
    assert page.status_code == 200 and "secret.entrant@example.jp" in page.content.decode()
    data = form_data(contest, title="新しい題名")
    del data["image"], data["category"], data["email"]
    assert client.post(path, data).status_code == 302
    entry.refresh_from_db()
    assert entry.title == "新しい題名" and entry.image  # the file stays
    set_phase(contest, "screening")
    assert client.post(path, {**data, "title": "遅い"}).status_code == 200
    entry.refresh_from_db()
    assert entry.title == "新しい題名"


def test_entrant_withdraws_through_the_edit_link(client):
    contest = make_contest("entries_open")
    entry = make_entry(contest)
    client.post(f"/en/contests/entry/edit/{links.edit_token(entry)}/", {"withdraw": "1"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN


def test_a_tampered_link_is_refused(client):
    assert client.get("/en/contests/entry/edit/abc:def:ghi/").status_code == 400
    assert client.get("/en/contests/entry/confirm/abc:def:ghi/").status_code == 400


@pytest.mark.parametrize("phase", ["entries_open", "screening"])
def test_no_gallery_before_judging(client, phase):
    contest = make_contest(phase)
    make_entry(contest, status=EntryStatus.ACCEPTED)
    assert client.get("/en/contests/2027/gallery/").status_code == 404


def test_gallery_shows_only_accepted_works_without_contacts(client, django_assert_max_num_queries):
    contest = make_contest("judging")
    accepted = make_entry(contest, status=EntryStatus.ACCEPTED, title="採用作品")
    make_entry(contest, status=EntryStatus.REJECTED, title="不採用作品")
    make_entry(contest, status=EntryStatus.SUBMITTED, title="審査中作品")
    for _ in range(5):
        make_entry(contest, status=EntryStatus.ACCEPTED, publish=False)
    with django_assert_max_num_queries(6):
        page = client.get("/en/contests/2027/gallery/").content.decode()
    assert "採用作品" in page and "不採用作品" not in page and "審査中作品" not in page
    assert "secret.entrant@example.jp" not in page and "秘密 太郎" not in page
    assert accepted.published_image.url in page
    work = client.get(accepted.get_absolute_url())
    assert work.status_code == 200
    rejected = Entry.objects.get(title="不採用作品")
    assert client.get(rejected.get_absolute_url()).status_code == 404


def test_no_public_results_or_awards_before_publication(client):
    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    entry.award = Award.GRAND_PRIX
    entry.save()
    assert client.get("/en/contests/2027/results/").status_code == 404
    assert "Grand Prix" not in client.get("/en/contests/2027/gallery/").content.decode()
    assert client.get("/api/contests/2027/results").json() == []
    assert client.get("/api/contests/2027/works").json()["items"][0]["award"] == ""


def test_results_page_shows_the_awards(client, django_assert_max_num_queries):
    contest = make_contest("results")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED, title="大賞作品")
    entry.award = Award.GRAND_PRIX
    entry.save()
    with django_assert_max_num_queries(6):
        page = client.get("/en/contests/2027/results/").content.decode()
    assert "大賞作品" in page and "Grand Prix" in page
    assert "Grand Prix" in client.get("/en/contests/2027/gallery/").content.decode()
    [work] = client.get("/api/contests/2027/results").json()
    assert work["award"] == "grand_prix"
    assert "email" not in work and "entrant_name" not in work


def test_audio_is_published_as_a_copy_never_the_private_original(client):
    from .helpers import wav_bytes

    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.SUBMITTED, publish=False)
    from django.core.files.base import ContentFile

    entry.audio.save("a.wav", ContentFile(wav_bytes()), save=True)
    set_phase(contest, "screening")
    from .test_services import _secretariat

    services.screen_entry(entry_id=entry.pk, actor=_secretariat(), accept=True)
    entry.refresh_from_db()
    set_phase(contest, "judging")
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "<audio controls" in page and entry.published_audio.url in page
    assert entry.audio.name not in page


@pytest.mark.parametrize("works", [1, 12])
def test_public_pages_cost_the_same_queries_whatever_the_number_of_works(
    client, django_assert_max_num_queries, works
):
    contest = make_contest("results")
    entries = [make_entry(contest, status=EntryStatus.ACCEPTED) for _ in range(works)]
    entries[0].award = Award.GRAND_PRIX
    entries[0].save()
    for url in (
        "/contests/",
        "/contests/2027/",
        "/contests/2027/gallery/",
        "/contests/2027/results/",
        entries[-1].get_absolute_url(),
        "/",
        "/municipalities/131016/",
    ):
        client.get(url)  # home and profile sections are cached fragments once rendered
        with django_assert_max_num_queries(8):
            assert client.get(url).status_code == 200, url


def test_entry_form_prefills_an_activity_entry_from_participation(client):
    make_contest("entries_open", year=2027)
    response = client.get(
        "/en/contests/2027/enter/",
        {
            "source": "participation",
            "organisation_name": "港区立エコ小学校",
            "organisation_kind": "npo",
            "municipality": "131032",
            "title": "Green curtains",
            "category": "energy",
            "summary": "We grew goya.",
            "activity_url": "javascript:alert(1)",
        },
    )
    form = response.context["form"]
    assert form.initial["category"].kind == "activity"
    assert form.initial["entrant_type"] == "group"
    assert form.initial["entrant_name"] == "港区立エコ小学校"
    assert form.initial["municipality"].pk == "131032"
    assert form.initial["description"] == "We grew goya."  # no script link copied
    assert 'value="Green curtains"' in response.content.decode()
