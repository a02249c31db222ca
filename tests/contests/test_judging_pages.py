"""Judges work blind: no page or export of theirs names an entrant."""

import pytest

from contests.models import EntryStatus
from tests.exporting import assert_inert, csv_rows, downloaded

from .helpers import category, make_contest, make_entry, make_judge, set_phase

pytestmark = pytest.mark.django_db

IDENTITY = ("秘密 太郎", "secret.entrant@example.jp", "連絡 花子", "ペンネーム桜")


@pytest.fixture
def judged(db):
    judge = make_judge()
    contest = make_contest("judging", judges=[judge])
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    return judge, contest, entry


def assert_blind(text: str):
    for identity in IDENTITY:
        assert identity not in text


def test_judge_pages_and_export_contain_no_entrant_identity(client, judged):
    judge, contest, entry = judged
    client.force_login(judge)
    index = client.get("/en/contests/judging/")
    listing = client.get(f"/en/contests/judging/categories/{entry.category_id}/")
    page = client.get(f"/en/contests/judging/entries/{entry.pk}/")
    for response in (index, listing, page):
        assert response.status_code == 200
        assert_blind(response.content.decode())
    assert entry.code in page.content.decode()
    criteria = list(entry.category.criteria.all())
    client.post(
        f"/en/contests/judging/entries/{entry.pk}/",
        {f"criterion_{c.pk}": 7 for c in criteria} | {"comment": "良い"},
    )
    export = client.get(f"/en/contests/judging/categories/{entry.category_id}/export.csv")
    text = downloaded(export).decode("utf-8-sig")
    assert entry.code in text and "70.0000" in text
    assert_blind(text)


def test_the_score_export_keeps_entrants_and_judges_text_inert(client, judged):
    judge, contest, entry = judged
    client.force_login(judge)
    criteria = list(entry.category.criteria.all())
    type(entry).objects.filter(pk=entry.pk).update(title='=HYPERLINK("http://x")')
    client.post(
        f"/en/contests/judging/entries/{entry.pk}/",
        {f"criterion_{c.pk}": 7 for c in criteria} | {"comment": "@SUM(A1)"},
    )
    rows = csv_rows(client.get(f"/en/contests/judging/categories/{entry.category_id}/export.csv"))
    assert_inert(rows, hostile=['=HYPERLINK("http://x")', "@SUM(A1)"])
    assert rows[1][2 : 2 + len(criteria)] == ["7"] * len(criteria)


def test_judge_file_is_served_under_the_entry_code_with_a_safe_type(client, judged):
    judge, contest, entry = judged
    client.force_login(judge)
    response = client.get(f"/en/contests/judging/entries/{entry.pk}/image/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert entry.code in response["Content-Disposition"]


def test_judge_scores_through_the_page_once(client, judged):
    judge, contest, entry = judged
    client.force_login(judge)
    criteria = list(entry.category.criteria.all())
    url = f"/en/contests/judging/entries/{entry.pk}/"
    assert client.post(url, {f"criterion_{c.pk}": 10 for c in criteria}).status_code == 302
    again = client.post(url, {f"criterion_{c.pk}": 0 for c in criteria})
    assert again.status_code == 200
    assert entry.reviews.get().weighted_score == 100


def test_out_of_range_score_is_a_form_error(client, judged):
    judge, contest, entry = judged
    client.force_login(judge)
    criteria = list(entry.category.criteria.all())
    response = client.post(
        f"/en/contests/judging/entries/{entry.pk}/", {f"criterion_{c.pk}": 11 for c in criteria}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not entry.reviews.exists()


def test_conflict_declared_on_the_page_excludes_the_judge(client, judged):
    judge, contest, entry = judged
    client.force_login(judge)
    client.post(
        f"/en/contests/judging/entries/{entry.pk}/",
        {"declare_conflict": "1", "conflict_note": "知人"},
    )
    review = entry.reviews.get()
    assert review.conflict_of_interest and review.weighted_score is None


def test_judge_sees_only_assigned_categories(client):
    judge = make_judge()
    contest = make_contest("judging")
    category(contest, "music").judges.add(judge)
    art_entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    client.force_login(judge)
    assert client.get(f"/en/contests/judging/entries/{art_entry.pk}/").status_code == 404
    assert client.get(f"/en/contests/judging/entries/{art_entry.pk}/image/").status_code == 404
    assert (
        client.get(f"/en/contests/judging/categories/{art_entry.category_id}/").status_code == 404
    )


def test_no_judging_pages_before_the_judging_phase(client, judged):
    judge, contest, entry = judged
    set_phase(contest, "screening")
    client.force_login(judge)
    assert client.get(f"/en/contests/judging/entries/{entry.pk}/").status_code == 404
    assert contest.title not in client.get("/en/contests/judging/").content.decode()


def test_people_without_the_judge_role_are_refused(client, chiyoda_staff, judged):
    judge, contest, entry = judged
    assert client.get("/en/contests/judging/").status_code == 302  # to the login
    client.force_login(chiyoda_staff)
    assert client.get("/en/contests/judging/").status_code == 403
    assert client.get(f"/en/contests/judging/entries/{entry.pk}/").status_code == 403
