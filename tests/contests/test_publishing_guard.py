"""Results are not published on missing scores unless the secretariat says so, on the record.

A category lacks scores when one of its accepted entries has not been scored by every judge of
the category (a declared conflict of interest counts as done), or when nobody can score it (no
judge, or every judge stepped aside). Categories without accepted entries have nothing to judge.
"""

import pytest
from django.contrib.contenttypes.models import ContentType

from contests import services
from contests.models import Award, Contest, EntryStatus
from contests.services import ContestError
from core.models import AuditEntry

from .helpers import make_contest, make_entry, make_judge

pytestmark = pytest.mark.django_db


def _scores(entry, values=(8, 6)):
    return {c.pk: v for c, v in zip(entry.category.criteria.all(), values, strict=True)}


@pytest.fixture
def judged(secretariat_user):
    """A contest in judging: art fully scored, music with one entry the judge has not scored."""
    judge = make_judge()
    contest = make_contest("judging", judges=[judge])
    art = make_entry(contest, kind="art", status=EntryStatus.ACCEPTED)
    make_entry(contest, kind="music", status=EntryStatus.ACCEPTED)
    scored_music = make_entry(contest, kind="music", status=EntryStatus.ACCEPTED)
    services.submit_review(entry_id=art.pk, actor=judge, scores=_scores(art))
    services.submit_review(entry_id=scored_music.pk, actor=judge, scores=_scores(scored_music))
    services.assign_award(entry_id=art.pk, actor=secretariat_user, award=Award.GRAND_PRIX)
    return contest, judge


def _publish_entries(contest):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Contest),
        object_id=str(contest.pk),
        action="publish_results",
    )


def test_the_gaps_name_each_category_with_unscored_entries(judged):
    contest, _judge = judged
    gaps = services.scoring_gaps(contest)
    assert [(gap.category.kind, gap.unscored, gap.accepted) for gap in gaps] == [("music", 1, 2)]


def test_results_are_refused_while_a_category_lacks_scores(judged, secretariat_user):
    contest, _judge = judged
    with pytest.raises(ContestError, match="Music work"):
        services.publish_results(contest_id=contest.pk, actor=secretariat_user)
    contest.refresh_from_db()
    assert contest.results_published_at is None
    assert not _publish_entries(contest).exists()


def test_the_secretariat_can_confirm_publishing_and_the_audit_says_so(judged, secretariat_user):
    contest, _judge = judged
    contest = services.publish_results(
        contest_id=contest.pk, actor=secretariat_user, confirm_incomplete=True
    )
    assert contest.phase == "results"
    (entry,) = _publish_entries(contest)
    assert entry.actor == secretariat_user
    assert "Music work" in entry.note and "1" in entry.note


def test_complete_scores_publish_without_a_confirmation(secretariat_user):
    judge, other = make_judge(), make_judge("judge2@example.jp")
    contest = make_contest("judging", judges=[judge, other])
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    services.submit_review(entry_id=entry.pk, actor=judge, scores=_scores(entry))
    # A judge who stepped aside owes no score.
    services.declare_conflict(entry_id=entry.pk, actor=other)
    services.assign_award(entry_id=entry.pk, actor=secretariat_user, award=Award.GRAND_PRIX)
    assert services.scoring_gaps(contest) == []
    services.publish_results(contest_id=contest.pk, actor=secretariat_user)
    (audit,) = _publish_entries(contest)
    assert audit.note == ""


def test_a_category_nobody_can_score_lacks_scores(secretariat_user):
    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    services.assign_award(entry_id=entry.pk, actor=secretariat_user, award=Award.GRAND_PRIX)
    [gap] = services.scoring_gaps(contest)
    assert (gap.category.kind, gap.unscored) == ("art", 1)
    with pytest.raises(ContestError):
        services.publish_results(contest_id=contest.pk, actor=secretariat_user)


def test_the_manage_page_warns_in_japanese_and_publishes_only_when_confirmed(
    client, judged, secretariat_user
):
    contest, _judge = judged
    client.force_login(secretariat_user)
    page = client.get("/contests/manage/2027/").content.decode()
    assert "採点が済んでいない部門があります" in page
    assert "Music work" in page and "confirm_incomplete" in page
    refused = client.post("/contests/manage/2027/publish/", follow=True).content.decode()
    assert "採点が済んでいない部門があります" in refused
    contest.refresh_from_db()
    assert contest.results_published_at is None
    client.post("/contests/manage/2027/publish/", {"confirm_incomplete": "on"})
    contest.refresh_from_db()
    assert contest.results_published_at is not None
    assert "Music work" in _publish_entries(contest).get().note


def test_the_english_manage_page_lists_the_categories(client, judged, secretariat_user):
    client.force_login(secretariat_user)
    page = client.get("/en/contests/manage/2027/").content.decode()
    assert "Some categories are not fully scored" in page and "Music work" in page
