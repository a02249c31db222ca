"""The newsletter's rules: subscribing, confirming, leaving, composing and sending."""

from ..models import NewsletterError
from .composing import (
    draft_issue_from_new_content,
    draft_monthly_issue,
    send_test_issue,
)
from .delivery import (
    DELIVERY_CLAIM_LOCKS,
    claimed_deliveries,
    create_deliveries,
    due_batches,
    logger,
    pending_batches,
    send_batch,
)
from .sending import (
    finish_if_done,
    may_send,
    progress,
    resume_sending,
    retry_failed_deliveries,
    stalled_issue_ids,
    start_sending,
    unstarted_issue_ids,
)
from .subscribers import (
    confirm_subscription,
    record_bounce,
    subscribe,
    subscriber_from_token,
    unsubscribe,
    update_preferences,
)

__all__ = [
    "DELIVERY_CLAIM_LOCKS",
    "NewsletterError",
    "claimed_deliveries",
    "confirm_subscription",
    "create_deliveries",
    "draft_issue_from_new_content",
    "draft_monthly_issue",
    "due_batches",
    "finish_if_done",
    "logger",
    "may_send",
    "pending_batches",
    "progress",
    "record_bounce",
    "resume_sending",
    "retry_failed_deliveries",
    "send_batch",
    "send_test_issue",
    "stalled_issue_ids",
    "start_sending",
    "subscribe",
    "subscriber_from_token",
    "unstarted_issue_ids",
    "unsubscribe",
    "update_preferences",
]
