"""Results: ranking a category, finalists, awards and publishing."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from core.audit import record_audit

from ..models import SINGLE_AWARDS, Award, Category, Contest, Entry, EntryStatus, Phase
from .rules import ContestError, lock_entry


@dataclass
class RankedEntry:
    entry: Entry
    mean: Decimal | None
    scored_by: int
    expected: int
    rank: int | None = None
    public_votes: int = 0

    @property
    def missing(self) -> int:
        return max(self.expected - self.scored_by, 0)


def rank_category(category: Category) -> list[RankedEntry]:
    """Accepted entries by the mean over judges of their weighted scores.

    Tie rule: equal means (to 4 decimals) share a rank and the next rank is skipped
    (1, 2, 2, 4); entries nobody has scored come last, unranked. Awards are the
    secretariat's decision, so a tie is resolved by the jury, not by the software.
    """
    judge_ids = set(category.judges.values_list("pk", flat=True))
    entries = list(
        category.entries.accepted().select_related("contest").prefetch_related("reviews")
    )
    ranked = []
    for entry in entries:
        reviews = list(entry.reviews.all())
        conflicts = {r.judge_id for r in reviews if r.conflict_of_interest}
        scores = [r.weighted_score for r in reviews if not r.conflict_of_interest]
        expected = len(judge_ids - conflicts)
        mean = (
            (sum(scores) / len(scores)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
            if scores
            else None
        )
        ranked.append(RankedEntry(entry=entry, mean=mean, scored_by=len(scores), expected=expected))
    ranked.sort(key=lambda r: (r.mean is None, -(r.mean or 0), r.entry.number))
    previous_mean, previous_rank = None, 0
    for position, row in enumerate(ranked, start=1):
        if row.mean is None:
            continue
        row.rank = previous_rank if row.mean == previous_mean else position
        previous_mean, previous_rank = row.mean, row.rank
    return ranked


def _require_secretariat_before_results(entry_or_contest, actor) -> None:
    if not has_role(actor, Role.SECRETARIAT):
        raise ContestError(_("Only the secretariat decides finalists and awards."))
    contest = getattr(entry_or_contest, "contest", entry_or_contest)
    if contest.phase != Phase.JUDGING:
        raise ContestError(_("Finalists and awards are decided during the judging phase."))


@transaction.atomic
def set_finalist(*, entry_id: int, actor, finalist: bool) -> Entry:
    entry = lock_entry(entry_id)
    _require_secretariat_before_results(entry, actor)
    if entry.status != EntryStatus.ACCEPTED:
        raise ContestError(_("Only accepted entries can be finalists or receive awards."))
    entry.is_finalist = finalist
    entry.save()
    record_audit(subject=entry, actor=actor, action="finalist" if finalist else "not_finalist")
    return entry


@transaction.atomic
def assign_award(*, entry_id: int, actor, award: str) -> Entry:
    """Give (or with "" take back) an award; one グランプリ and one 準グランプリ per category."""
    # Lock the category first: two secretaries must not give two grand prix at once.
    category_id = Entry.objects.values_list("category_id", flat=True).get(pk=entry_id)
    Category.objects.select_for_update().get(pk=category_id)
    entry = lock_entry(entry_id)
    _require_secretariat_before_results(entry, actor)
    if entry.status != EntryStatus.ACCEPTED:
        raise ContestError(_("Only accepted entries can be finalists or receive awards."))
    if award and award in SINGLE_AWARDS:
        taken = (
            Entry.objects.filter(category_id=entry.category_id, award=award)
            .exclude(pk=entry.pk)
            .exists()
        )
        if taken:
            raise ContestError(
                _("“%(award)s” is already given in this category.") % {"award": Award(award).label}
            )
    previous = entry.award
    entry.award = award
    entry.save()
    record_audit(subject=entry, actor=actor, action="award", from_state=previous, to_state=award)
    return entry


@dataclass(frozen=True)
class ScoringGap:
    """A category whose ranking would rest on missing scores."""

    category: Category
    unscored: int
    accepted: int


def scoring_gap(category: Category, ranking: list[RankedEntry]) -> ScoringGap | None:
    """The category's accepted entries that lack a score from a judge who owes one.

    A declared conflict of interest owes nothing; an entry nobody can score (no judge, or
    every judge stepped aside) lacks scores all the same.
    """
    unscored = sum(1 for row in ranking if row.missing or not row.scored_by)
    return ScoringGap(category, unscored, len(ranking)) if unscored else None


def scoring_gaps(contest: Contest) -> list[ScoringGap]:
    gaps = (
        scoring_gap(category, rank_category(category))
        for category in contest.categories.order_by("position", "pk")
    )
    return [gap for gap in gaps if gap is not None]


def describe_gaps(gaps: list[ScoringGap]) -> str:
    return ", ".join(
        _("%(category)s (%(unscored)s of %(accepted)s entries)")
        % {"category": gap.category.name, "unscored": gap.unscored, "accepted": gap.accepted}
        for gap in gaps
    )


@transaction.atomic
def publish_results(*, contest_id: int, actor, confirm_incomplete: bool = False) -> Contest:
    """Make results and awards public now.

    While a category lacks scores the secretariat must confirm (`confirm_incomplete`); the
    audit entry then names the categories it published without them.
    """
    if not has_role(actor, Role.SECRETARIAT):
        raise ContestError(_("Only the secretariat publishes results."))
    contest = Contest.objects.select_for_update().get(pk=contest_id)
    if contest.phase != Phase.JUDGING:
        raise ContestError(_("Results can be published only at the end of the judging phase."))
    if not contest.entries.exclude(award="").exists():
        raise ContestError(_("Assign at least one award before publishing the results."))
    gaps = scoring_gaps(contest)
    if gaps and not confirm_incomplete:
        raise ContestError(
            _(
                "Some categories are not fully scored: %(categories)s. Confirm that the results "
                "may be published all the same."
            )
            % {"categories": describe_gaps(gaps)}
        )
    note = (
        _("Published by the secretariat's confirmation with categories not fully scored: %(c)s.")
        % {"c": describe_gaps(gaps)}
        if gaps
        else ""
    )
    contest.results_published_at = timezone.now()
    contest.save(update_fields=["results_published_at"])
    record_audit(
        subject=contest, actor=actor, action="publish_results", to_state=Phase.RESULTS, note=note
    )
    return contest
