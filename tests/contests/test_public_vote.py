"""The optional public vote: one confirmed vote per e-mail address per category."""

import re

import pytest
from django.core import mail

from contests import services
from contests.models import EntryStatus, PublicVote
from contests.services import ContestError
from tests.concurrency import run_concurrently

from .helpers import make_contest, make_entry, set_phase

pytestmark = pytest.mark.django_db


def vote_url(entry):
    return entry.get_absolute_url() + "vote/"


def test_a_visitor_votes_and_confirms_by_link(client, django_capture_on_commit_callbacks):
    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    assert "Vote for this work" in client.get(entry.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(vote_url(entry), {"email": "Fan@Example.jp"})
    assert response.status_code == 302
    vote = PublicVote.objects.get()
    assert vote.email == "fan@example.jp" and vote.confirmed_at is None
    path = re.search(r"https?://[^/]+(/\S*contests/vote/confirm/\S+)", mail.outbox[0].body)[1]
    assert client.get(path).status_code == 200
    vote.refresh_from_db()
    assert vote.confirmed_at is None  # a link scanner's GET does not vote
    client.post(path)
    vote.refresh_from_db()
    assert vote.confirmed_at is not None


def test_one_vote_per_address_per_category():
    contest = make_contest("judging")
    first = make_entry(contest, status=EntryStatus.ACCEPTED)
    second = make_entry(contest, status=EntryStatus.ACCEPTED)
    music = make_entry(contest, kind="music", status=EntryStatus.ACCEPTED, publish=False)
    services.cast_vote(entry_id=first.pk, email="fan@example.jp")
    with pytest.raises(ContestError, match="already voted"):
        services.cast_vote(entry_id=second.pk, email=" FAN@example.jp ")
    services.cast_vote(entry_id=music.pk, email="fan@example.jp")
    assert PublicVote.objects.count() == 2


@pytest.mark.parametrize("phase", ["screening", "results"])
def test_no_votes_outside_judging(phase):
    contest = make_contest(phase)
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    with pytest.raises(ContestError, match="Public voting"):
        services.cast_vote(entry_id=entry.pk, email="fan@example.jp")


def test_a_vote_confirmed_after_voting_closed_does_not_count():
    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    vote = services.cast_vote(entry_id=entry.pk, email="fan@example.jp")
    set_phase(contest, "results")
    with pytest.raises(ContestError, match="Public voting"):
        services.confirm_vote(vote_id=vote.pk)


def test_votes_are_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "public_form": {"limit": 2, "seconds": 3600}}
    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    for index in range(2):
        client.post(vote_url(entry), {"email": f"fan{index}@example.jp"})
    assert client.post(vote_url(entry), {"email": "fan9@example.jp"}).status_code == 429
    assert PublicVote.objects.count() == 2


def test_honeypot_refuses_bot_votes(client):
    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    client.post(vote_url(entry), {"email": "bot@example.jp", "website": "x"})
    assert PublicVote.objects.count() == 0


def test_secretariat_sees_confirmed_votes(client, secretariat_user):
    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    services.confirm_vote(vote_id=services.cast_vote(entry_id=entry.pk, email="a@example.jp").pk)
    services.cast_vote(entry_id=entry.pk, email="b@example.jp")  # never confirmed
    client.force_login(secretariat_user)
    response = client.get("/en/contests/manage/2027/")
    [art] = [c for c in response.context["categories"] if c["category"].kind == "art"]
    assert art["ranking"][0].public_votes == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_repeated_votes_sent_at_once_leave_one(monkeypatch):
    monkeypatch.setattr("contests.tasks.send_vote_mail.delay", lambda vote_id: None)
    contest = make_contest("judging")
    entries = [make_entry(contest, status=EntryStatus.ACCEPTED, publish=False) for _ in range(4)]

    def vote(index):
        return services.cast_vote(entry_id=entries[index].pk, email="fan@example.jp")

    results = run_concurrently(vote, 4)
    assert sum(isinstance(r, PublicVote) for r in results) == 1
    assert sum(isinstance(r, ContestError) for r in results) == 3
    assert PublicVote.objects.count() == 1


def test_the_vote_e_mail_is_in_the_language_the_visitor_voted_in(
    client, django_capture_on_commit_callbacks
):
    from django.utils import translation

    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    with translation.override("ja"):
        japanese_url = vote_url(entry)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en" + japanese_url, {"email": "reader@example.com"})
        client.post(japanese_url, {"email": "dokusha@example.jp"})

    english, japanese = sorted(mail.outbox, key=lambda message: message.to[0])[::-1]
    assert english.to == ["reader@example.com"]
    assert "Thank you for voting" in english.body
    assert japanese.to == ["dokusha@example.jp"]
    assert "Thank you for voting" not in japanese.body
    assert PublicVote.objects.get(email="reader@example.com").language == "en"
