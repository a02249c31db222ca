"""The public vote: casting and confirming a vote."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.queue import notify_on_commit

from ..models import Category, Entry, EntryStatus, Phase, PublicVote
from .rules import ContestError


def _require_voting(entry: Entry) -> None:
    if entry.contest.phase != Phase.JUDGING or entry.status != EntryStatus.ACCEPTED:
        raise ContestError(_("Public voting is open only while the judges are at work."))


@transaction.atomic
def cast_vote(*, entry_id: int, email: str) -> PublicVote:
    """Record a vote waiting for e-mail confirmation; one per address per category."""
    # Lock the category: two votes from one address at once must not both pass the check.
    category_id = Entry.objects.values_list("category_id", flat=True).get(pk=entry_id)
    Category.objects.select_for_update().get(pk=category_id)
    entry = Entry.objects.select_related("contest").get(pk=entry_id)
    _require_voting(entry)
    email = email.strip().lower()
    if PublicVote.objects.filter(category_id=entry.category_id, email=email).exists():
        raise ContestError(_("This e-mail address has already voted in this category."))
    vote = PublicVote.objects.create(
        category_id=entry.category_id,
        entry=entry,
        email=email,
        language=(get_language() or "ja")[:2],
    )
    vote_id = vote.pk
    from ..tasks import send_vote_mail

    notify_on_commit(send_vote_mail, vote_id)
    return vote


@transaction.atomic
def confirm_vote(*, vote_id: int) -> PublicVote:
    vote = PublicVote.objects.select_for_update().select_related("entry__contest").get(pk=vote_id)
    if vote.confirmed_at is None:
        _require_voting(vote.entry)
        vote.confirmed_at = timezone.now()
        vote.save(update_fields=["confirmed_at"])
    return vote
