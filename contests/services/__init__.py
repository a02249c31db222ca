"""Every rule that changes a contest entry, a review or a result."""

from .entries import (
    ENTRY_FIELDS,
    PUBLISHED_IMAGE_WIDTH,
    SCREENING_PHASES,
    EntryFiles,
    confirm_entry,
    expire_unconfirmed_entries,
    screen_entry,
    submit_entry,
    update_entry,
    withdraw_entry,
)
from .judging import declare_conflict, submit_review, weighted_score
from .mail import send_mail_on_commit
from .results import (
    RankedEntry,
    ScoringGap,
    assign_award,
    publish_results,
    rank_category,
    scoring_gap,
    scoring_gaps,
    set_finalist,
)
from .rules import ContestError, lock_entry
from .tokens import entry_from_token, vote_from_token
from .voting import cast_vote, confirm_vote

__all__ = [
    "ContestError",
    "ENTRY_FIELDS",
    "EntryFiles",
    "PUBLISHED_IMAGE_WIDTH",
    "RankedEntry",
    "ScoringGap",
    "SCREENING_PHASES",
    "assign_award",
    "cast_vote",
    "confirm_entry",
    "confirm_vote",
    "declare_conflict",
    "entry_from_token",
    "expire_unconfirmed_entries",
    "lock_entry",
    "publish_results",
    "rank_category",
    "scoring_gap",
    "scoring_gaps",
    "screen_entry",
    "send_mail_on_commit",
    "set_finalist",
    "submit_entry",
    "submit_review",
    "update_entry",
    "vote_from_token",
    "weighted_score",
    "withdraw_entry",
]
