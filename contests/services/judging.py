"""Judging: who may review an entry, weighted scores, reviews and declared conflicts."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from core.audit import record_audit

from ..models import Criterion, CriterionScore, Entry, EntryStatus, Phase, Review
from .rules import ContestError, lock_entry


def _check_judge(entry: Entry, judge) -> None:
    if not has_role(judge, Role.JUDGE):
        raise ContestError(_("Only judges score entries."))
    if not entry.category.judges.filter(pk=judge.pk).exists():
        raise ContestError(_("You are not a judge of this category."))
    if entry.contest.phase != Phase.JUDGING:
        raise ContestError(_("Scoring is possible only during the judging phase."))
    if entry.status != EntryStatus.ACCEPTED:
        raise ContestError(_("Only accepted entries are judged."))
    if Review.objects.filter(entry=entry, judge=judge).exists():
        raise ContestError(_("You have already scored this entry or declared a conflict."))


def weighted_score(values: dict[Criterion, int]) -> Fraction:
    """Each score as a fraction of its criterion's maximum, weighted, on a 0–100 scale."""
    total_weight = sum(criterion.weight for criterion in values)
    points = sum(
        Fraction(value, criterion.max_score) * criterion.weight
        for criterion, value in values.items()
    )
    return points * 100 / total_weight


@transaction.atomic
def submit_review(*, entry_id: int, actor, scores: dict[int, int], comment: str = "") -> Review:
    """A judge scores every criterion of the entry's rubric, once."""
    entry = lock_entry(entry_id)
    _check_judge(entry, actor)
    criteria = list(entry.category.criteria.all())
    if not criteria:
        raise ContestError(_("This category has no criteria to score yet."))
    values: dict[Criterion, int] = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None or not 0 <= value <= criterion.max_score:
            raise ContestError(
                _("Score “%(name)s” from 0 to %(max)s.")
                % {"name": criterion.name, "max": criterion.max_score}
            )
        values[criterion] = value
    score = Decimal(float(weighted_score(values))).quantize(
        Decimal("0.0001"), rounding=ROUND_HALF_UP
    )
    try:
        with transaction.atomic():
            review = Review.objects.create(
                entry=entry, judge=actor, comment=comment.strip(), weighted_score=score
            )
    except IntegrityError as exc:
        raise ContestError(_("You have already scored this entry or declared a conflict.")) from exc
    CriterionScore.objects.bulk_create(
        CriterionScore(review=review, criterion=criterion, value=value)
        for criterion, value in values.items()
    )
    record_audit(subject=entry, actor=actor, action="review", note=f"{score}")
    return review


@transaction.atomic
def declare_conflict(*, entry_id: int, actor, comment: str = "") -> Review:
    """The judge steps aside from this entry; their (absent) score never counts."""
    entry = lock_entry(entry_id)
    _check_judge(entry, actor)
    review = Review.objects.create(
        entry=entry, judge=actor, conflict_of_interest=True, comment=comment.strip()
    )
    record_audit(subject=entry, actor=actor, action="conflict_of_interest")
    return review
