"""Every move of the entry map, every phase rule, judging and the ranking."""

from decimal import Decimal

import pytest
from django.core import mail

from contests import links, services
from contests.models import Award, EntryStatus, Review
from contests.services import ContestError, EntryFiles
from municipalities.models import Municipality

from .helpers import category, jpeg_upload, make_contest, make_entry, make_judge, set_phase

pytestmark = pytest.mark.django_db

ENTRY_DATA = {
    "entrant_type": "individual",
    "entrant_name": "山田 花子",
    "email": "hanako@example.jp",
    "display_name": "はなこ",
    "municipality_id": "131016",
    "rights_consent": True,
    "licence_consent": True,
    "title": "森の呼吸",
    "description": "説明",
}


def submit(contest, kind="art", **overrides):
    data = {**ENTRY_DATA, **overrides}
    data["municipality"] = Municipality.objects.get(pk=data.pop("municipality_id"))
    return services.submit_entry(
        contest_id=contest.pk,
        category_id=category(contest, kind).pk,
        data=data,
        files=EntryFiles(image=jpeg_upload()),
    )


# --- Entering -----------------------------------------------------------------


def test_entry_waits_for_email_confirmation_and_gets_a_number(django_capture_on_commit_callbacks):
    contest = make_contest("entries_open")
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(contest)
        second = submit(contest)
    assert first.status == EntryStatus.UNCONFIRMED
    assert (first.number, second.number) == (1, 2)
    assert len(mail.outbox) == 2
    assert "/contests/entry/confirm/" in mail.outbox[0].body
    assert contest.entries.counted().count() == 0


@pytest.mark.parametrize("phase", ["announced", "screening", "judging", "results"])
def test_no_entries_outside_the_entry_period(phase):
    contest = make_contest(phase)
    with pytest.raises(ContestError, match="not open"):
        submit(contest)
    assert contest.entries.count() == 0


def test_entry_needs_the_file_of_its_category():
    contest = make_contest()
    with pytest.raises(ContestError, match="music work needs a recording"):
        submit(contest, kind="music")
    with pytest.raises(ContestError, match="activity report"):
        submit(contest, kind="activity")


def test_minor_needs_guardian_consent():
    contest = make_contest()
    with pytest.raises(ContestError, match="guardian"):
        submit(contest, is_minor=True, guardian_name="保護者", guardian_consent=False)
    entry = submit(contest, is_minor=True, guardian_name="保護者", guardian_consent=True)
    assert entry.is_minor


def test_rights_and_licence_consent_are_required():
    contest = make_contest()
    with pytest.raises(ContestError, match="rights"):
        submit(contest, licence_consent=False)


def test_confirmation_counts_the_entry_and_sends_a_receipt_with_an_edit_link(
    django_capture_on_commit_callbacks,
):
    contest = make_contest()
    entry = make_entry(contest, status=EntryStatus.UNCONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = services.confirm_entry(entry_id=entry.pk)
    assert confirmed.status == EntryStatus.SUBMITTED
    assert confirmed.confirmed_at is not None
    assert "/contests/entry/edit/" in mail.outbox[-1].body
    # Following the link again changes nothing and sends nothing.
    count = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.confirm_entry(entry_id=entry.pk).status == EntryStatus.SUBMITTED
    assert len(mail.outbox) == count


def test_confirmation_after_the_deadline_is_refused():
    contest = make_contest()
    entry = make_entry(contest, status=EntryStatus.UNCONFIRMED)
    set_phase(contest, "screening")
    with pytest.raises(ContestError, match="deadline"):
        services.confirm_entry(entry_id=entry.pk)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.UNCONFIRMED


def test_entrant_edits_until_the_deadline_but_not_after():
    contest = make_contest()
    entry = make_entry(contest)
    services.update_entry(
        entry_id=entry.pk,
        data={"title": "新しい題名", "email": "x@evil.example"},
        files=EntryFiles(),
    )
    entry.refresh_from_db()
    assert entry.title == "新しい題名"
    assert entry.email == "secret.entrant@example.jp"  # the confirmed address stays
    set_phase(contest, "screening")
    with pytest.raises(ContestError, match="not open"):
        services.update_entry(entry_id=entry.pk, data={"title": "遅い"}, files=EntryFiles())


def test_withdrawn_entry_cannot_come_back():
    contest = make_contest()
    entry = services.withdraw_entry(entry_id=make_entry(contest).pk)
    assert entry.status == EntryStatus.WITHDRAWN
    with pytest.raises(ContestError, match="cannot go from"):
        services.screen_entry(entry_id=entry.pk, actor=_secretariat(), accept=True)


def test_signed_links_are_checked():
    contest = make_contest()
    entry = make_entry(contest)
    token = links.edit_token(entry)
    assert services.entry_from_token(token, salt=links.EDIT_SALT) == entry
    with pytest.raises(ContestError, match="not valid"):
        services.entry_from_token(token, salt=links.CONFIRM_SALT)
    with pytest.raises(ContestError, match="not valid"):
        services.entry_from_token(token[:-2] + "xx", salt=links.EDIT_SALT)


# --- Screening ----------------------------------------------------------------


def _secretariat():
    from accounts.models import User
    from accounts.roles import Role
    from tests.conftest import make_staff

    existing = User.objects.filter(email="sec@example.jp").first()
    return existing or make_staff("sec@example.jp", Role.SECRETARIAT)


def test_accepting_publishes_a_rendition_and_tells_the_entrant(
    django_capture_on_commit_callbacks,
):
    contest = make_contest("screening")
    entry = make_entry(contest)
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.screen_entry(entry_id=entry.pk, actor=_secretariat(), accept=True)
    assert entry.status == EntryStatus.ACCEPTED
    assert entry.published_image.name.startswith("contests/gallery/")
    assert "一次審査を通過しました" in mail.outbox[-1].subject  # in the entrant's language


def test_rejection_needs_a_reason_which_is_sent(django_capture_on_commit_callbacks):
    contest = make_contest("screening")
    entry = make_entry(contest)
    with pytest.raises(ContestError, match="reason"):
        services.screen_entry(entry_id=entry.pk, actor=_secretariat(), accept=False, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.screen_entry(
            entry_id=entry.pk, actor=_secretariat(), accept=False, reason="対象外の作品です"
        )
    assert entry.status == EntryStatus.REJECTED
    assert "対象外の作品です" in mail.outbox[-1].body


def test_rejecting_an_accepted_entry_removes_it_from_the_gallery():
    contest = make_contest("screening")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    assert entry.published_image
    entry = services.screen_entry(
        entry_id=entry.pk, actor=_secretariat(), accept=False, reason="盗作"
    )
    assert not entry.published_image


def test_only_the_secretariat_screens(chiyoda_staff):
    contest = make_contest("screening")
    entry = make_entry(contest)
    with pytest.raises(ContestError, match="Only the secretariat"):
        services.screen_entry(entry_id=entry.pk, actor=chiyoda_staff, accept=True)
    with pytest.raises(ContestError, match="Only the secretariat"):
        services.screen_entry(entry_id=entry.pk, actor=make_judge(), accept=True)


def test_unconfirmed_entry_cannot_be_accepted():
    contest = make_contest("screening")
    entry = make_entry(contest, status=EntryStatus.UNCONFIRMED)
    with pytest.raises(ContestError, match="cannot go from"):
        services.screen_entry(entry_id=entry.pk, actor=_secretariat(), accept=True)


def test_no_screening_after_results():
    contest = make_contest("results")
    entry = make_entry(contest)
    with pytest.raises(ContestError, match="until the results"):
        services.screen_entry(entry_id=entry.pk, actor=_secretariat(), accept=True)


def test_every_screening_decision_is_audited():
    from core.audit import audit_trail

    contest = make_contest("screening")
    entry = make_entry(contest)
    services.screen_entry(entry_id=entry.pk, actor=_secretariat(), accept=False, reason="理由")
    services.screen_entry(entry_id=entry.pk, actor=_secretariat(), accept=True)
    moves = [(a.from_state, a.to_state) for a in audit_trail(entry).order_by("pk")]
    assert moves == [("submitted", "rejected"), ("rejected", "accepted")]


# --- Judging ------------------------------------------------------------------


def scores_for(entry, values):
    return {c.pk: v for c, v in zip(entry.category.criteria.all(), values, strict=True)}


@pytest.mark.parametrize("phase", ["entries_open", "screening", "results"])
def test_no_scoring_outside_judging(phase):
    judge = make_judge()
    contest = make_contest(phase, judges=[judge])
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    with pytest.raises(ContestError, match="judging phase"):
        services.submit_review(entry_id=entry.pk, actor=judge, scores=scores_for(entry, [5, 5]))


def test_judge_scores_each_criterion_once_and_gets_a_weighted_score():
    judge = make_judge()
    contest = make_contest("judging", judges=[judge])
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    review = services.submit_review(
        entry_id=entry.pk, actor=judge, scores=scores_for(entry, [10, 4])
    )
    # (10/10×3 + 4/10×1) / 4 × 100 = 85
    assert review.weighted_score == Decimal("85.0000")
    with pytest.raises(ContestError, match="already scored"):
        services.submit_review(entry_id=entry.pk, actor=judge, scores=scores_for(entry, [1, 1]))
    assert Review.objects.filter(entry=entry).count() == 1


def test_scores_must_cover_every_criterion_within_range():
    judge = make_judge()
    contest = make_contest("judging", judges=[judge])
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    with pytest.raises(ContestError, match="from 0 to 10"):
        services.submit_review(entry_id=entry.pk, actor=judge, scores=scores_for(entry, [11, 4]))
    first = entry.category.criteria.first()
    with pytest.raises(ContestError, match="from 0 to 10"):
        services.submit_review(entry_id=entry.pk, actor=judge, scores={first.pk: 5})


def test_judge_of_another_category_or_without_the_role_cannot_score(chiyoda_staff):
    judge = make_judge()
    contest = make_contest("judging")
    category(contest, "music").judges.add(judge)
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    with pytest.raises(ContestError, match="not a judge of this category"):
        services.submit_review(entry_id=entry.pk, actor=judge, scores=scores_for(entry, [5, 5]))
    with pytest.raises(ContestError, match="Only judges"):
        services.submit_review(
            entry_id=entry.pk, actor=chiyoda_staff, scores=scores_for(entry, [5, 5])
        )


def test_rejected_entries_are_not_judged():
    judge = make_judge()
    contest = make_contest("judging", judges=[judge])
    entry = make_entry(contest, status=EntryStatus.REJECTED)
    with pytest.raises(ContestError, match="Only accepted"):
        services.submit_review(entry_id=entry.pk, actor=judge, scores=scores_for(entry, [5, 5]))


def test_conflict_of_interest_excludes_the_judge_from_the_entry_and_the_mean():
    judges = [make_judge("a@example.jp"), make_judge("b@example.jp")]
    contest = make_contest("judging", judges=judges)
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    services.declare_conflict(entry_id=entry.pk, actor=judges[0], comment="親族の作品")
    with pytest.raises(ContestError, match="declared a conflict"):
        services.submit_review(
            entry_id=entry.pk, actor=judges[0], scores=scores_for(entry, [10, 10])
        )
    services.submit_review(entry_id=entry.pk, actor=judges[1], scores=scores_for(entry, [2, 2]))
    [row] = services.rank_category(entry.category)
    assert row.mean == Decimal("20.0000")
    assert (row.scored_by, row.expected, row.missing) == (1, 1, 0)


def test_ranking_is_the_mean_of_weighted_scores_and_ties_share_a_rank():
    judges = [make_judge("a@example.jp"), make_judge("b@example.jp")]
    contest = make_contest("judging", judges=judges)
    high = make_entry(contest, status=EntryStatus.ACCEPTED, title="high")
    tie_one = make_entry(contest, status=EntryStatus.ACCEPTED, title="tie one")
    tie_two = make_entry(contest, status=EntryStatus.ACCEPTED, title="tie two")
    low = make_entry(contest, status=EntryStatus.ACCEPTED, title="low")
    unscored = make_entry(contest, status=EntryStatus.ACCEPTED, title="unscored")
    plan = {
        high: ([10, 10], [9, 9]),  # 100, 90 -> 95
        tie_one: ([8, 8], [6, 6]),  # 80, 60 -> 70
        tie_two: ([7, 7], [7, 7]),  # 70, 70 -> 70
        low: ([1, 1], [3, 3]),  # 10, 30 -> 20
    }
    for entry, (first, second) in plan.items():
        services.submit_review(entry_id=entry.pk, actor=judges[0], scores=scores_for(entry, first))
        services.submit_review(entry_id=entry.pk, actor=judges[1], scores=scores_for(entry, second))
    services.submit_review(
        entry_id=unscored.pk, actor=judges[0], scores=scores_for(unscored, [5, 5])
    )
    # The partly scored entry counts with the scores it has, and shows what is missing.
    ranking = services.rank_category(high.category)
    table = [(r.entry.title, r.rank, r.mean, r.missing) for r in ranking]
    assert table == [
        ("high", 1, Decimal("95.0000"), 0),
        ("tie one", 2, Decimal("70.0000"), 0),
        ("tie two", 2, Decimal("70.0000"), 0),
        ("unscored", 4, Decimal("50.0000"), 1),
        ("low", 5, Decimal("20.0000"), 0),
    ]


def test_entries_without_any_score_are_listed_last_without_rank():
    judge = make_judge()
    contest = make_contest("judging", judges=[judge])
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    [row] = services.rank_category(entry.category)
    assert (row.rank, row.mean, row.missing) == (None, None, 1)


# --- Awards and results -------------------------------------------------------


def test_one_grand_prix_per_category_but_several_excellence_awards():
    contest = make_contest("judging")
    first, second, third = (make_entry(contest, status=EntryStatus.ACCEPTED) for _ in range(3))
    secretariat = _secretariat()
    services.assign_award(entry_id=first.pk, actor=secretariat, award=Award.GRAND_PRIX)
    with pytest.raises(ContestError, match="already given"):
        services.assign_award(entry_id=second.pk, actor=secretariat, award=Award.GRAND_PRIX)
    services.assign_award(entry_id=second.pk, actor=secretariat, award=Award.EXCELLENCE)
    services.assign_award(entry_id=third.pk, actor=secretariat, award=Award.EXCELLENCE)
    other_category = make_entry(contest, kind="music", status=EntryStatus.ACCEPTED)
    services.assign_award(entry_id=other_category.pk, actor=secretariat, award=Award.GRAND_PRIX)


def test_awards_only_by_the_secretariat_during_judging(chiyoda_staff):
    contest = make_contest("screening")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    with pytest.raises(ContestError, match="judging phase"):
        services.assign_award(entry_id=entry.pk, actor=_secretariat(), award=Award.SPECIAL)
    set_phase(contest, "judging")
    with pytest.raises(ContestError, match="Only the secretariat"):
        services.assign_award(entry_id=entry.pk, actor=chiyoda_staff, award=Award.SPECIAL)
    rejected = make_entry(contest, status=EntryStatus.REJECTED)
    with pytest.raises(ContestError, match="Only accepted"):
        services.set_finalist(entry_id=rejected.pk, actor=_secretariat(), finalist=True)


def test_results_are_published_once_awards_are_given():
    contest = make_contest("judging")
    entry = make_entry(contest, status=EntryStatus.ACCEPTED)
    with pytest.raises(ContestError, match="at least one award"):
        services.publish_results(contest_id=contest.pk, actor=_secretariat())
    services.assign_award(entry_id=entry.pk, actor=_secretariat(), award=Award.GRAND_PRIX)
    # No judge scored it: publishing needs the secretariat's confirmation (test_publishing_guard).
    contest = services.publish_results(
        contest_id=contest.pk, actor=_secretariat(), confirm_incomplete=True
    )
    assert contest.phase == "results"
    with pytest.raises(ContestError, match="end of the judging"):
        services.publish_results(
            contest_id=contest.pk, actor=_secretariat(), confirm_incomplete=True
        )


def test_unconfirmed_entries_expire_after_the_deadline_with_their_personal_data():
    from contests.tasks import expire_unconfirmed_entries

    contest = make_contest("entries_open")
    unconfirmed = make_entry(contest, status=EntryStatus.UNCONFIRMED)
    confirmed = make_entry(contest, status=EntryStatus.SUBMITTED)
    assert expire_unconfirmed_entries() == 0  # still open: the entrant may confirm
    set_phase(contest, "screening")
    assert expire_unconfirmed_entries() == 1
    assert expire_unconfirmed_entries() == 0
    unconfirmed.refresh_from_db()
    assert unconfirmed.status == EntryStatus.WITHDRAWN
    assert unconfirmed.entrant_name == "" and not unconfirmed.image
    assert "secret.entrant" not in unconfirmed.email
    confirmed.refresh_from_db()
    assert confirmed.status == EntryStatus.SUBMITTED and confirmed.image
