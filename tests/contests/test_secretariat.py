"""The secretariat screens in the admin, sees the ranking and gives the awards."""

import pytest

from contests.models import Award, Entry, EntryStatus

from .helpers import make_contest, make_entry, make_judge

pytestmark = pytest.mark.django_db


def test_secretariat_accepts_an_entry_in_the_admin(client, secretariat_user):
    contest = make_contest("screening")
    entry = make_entry(contest)
    client.force_login(secretariat_user)
    change = client.get(f"/en/admin/contests/entry/{entry.pk}/change/")
    assert change.status_code == 200 and "Accept or reject" in change.content.decode("utf-8")
    url = f"/admin/contests/entry/{entry.pk}/screen/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"decision": "accept"}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACCEPTED


def test_rejection_without_reason_is_a_form_error_in_the_admin(client, secretariat_user):
    contest = make_contest("screening")
    entry = make_entry(contest)
    client.force_login(secretariat_user)
    response = client.post(f"/admin/contests/entry/{entry.pk}/screen/", {"decision": "reject"})
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_municipal_staff_see_only_entries_from_their_municipality(client, chiyoda_staff):
    contest = make_contest("screening")
    own = make_entry(contest, municipality="131016")
    other = make_entry(contest, municipality="132012")
    client.force_login(chiyoda_staff)
    listing = client.get("/admin/contests/entry/")
    assert list(listing.context["cl"].result_list) == [own]
    for suffix in ("change", "history", "delete"):
        assert client.get(f"/admin/contests/entry/{other.pk}/{suffix}/").status_code == 404
    assert client.get(f"/admin/contests/entry/{own.pk}/change/").status_code == 200
    # Screening is the secretariat's.
    assert client.post(
        f"/admin/contests/entry/{own.pk}/screen/", {"decision": "accept"}
    ).status_code in (403, 404)
    own.refresh_from_db()
    assert own.status == EntryStatus.SUBMITTED


def test_manage_page_shows_ranking_and_missing_scores(client, secretariat_user):
    judge = make_judge()
    contest = make_contest("judging", judges=[judge])
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    client.force_login(secretariat_user)
    response = client.get("/en/contests/manage/2027/")
    assert response.status_code == 200
    [art] = [c for c in response.context["categories"] if c["category"].kind == "art"]
    assert art["ranking"][0].entry == entry and art["ranking"][0].missing == 1


def test_secretariat_gives_an_award_and_publishes(client, secretariat_user):
    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    client.force_login(secretariat_user)
    client.post(
        f"/en/contests/manage/entries/{entry.pk}/award/",
        {"award": Award.GRAND_PRIX, "finalist": "on"},
    )
    entry.refresh_from_db()
    assert (entry.award, entry.is_finalist) == (Award.GRAND_PRIX, True)
    client.post("/en/contests/manage/2027/publish/", {"confirm_incomplete": "on"})
    assert client.get("/en/contests/2027/results/").status_code == 200


def test_manage_pages_are_for_the_secretariat_only(client, chiyoda_staff):
    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    client.force_login(chiyoda_staff)
    assert client.get("/en/contests/manage/2027/").status_code == 403
    response = client.post(f"/en/contests/manage/entries/{entry.pk}/award/", {"award": "special"})
    assert response.status_code == 403
    assert Entry.objects.get().award == ""
    assert client.get(f"/en/contests/manage/entries/{entry.pk}/image/").status_code == 403
