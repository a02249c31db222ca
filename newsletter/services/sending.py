"""Sending an issue: who may, starting, resuming, retrying, finishing, progress."""

import datetime

from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_secretariat
from core.leases import lease_seconds
from core.queue import enqueue_on_commit

from ..models import (
    ONLY_SECRETARIAT_SENDS,
    WORKFLOW,
    Delivery,
    DeliveryStatus,
    Issue,
    IssueStatus,
    NewsletterError,
)


def may_send(actor) -> bool:
    return is_secretariat(actor)


def start_sending(*, issue_id: int, actor) -> Issue:
    from ..tasks import fan_out_issue

    if not may_send(actor):
        raise NewsletterError(ONLY_SECRETARIAT_SENDS)
    with transaction.atomic():
        issue = WORKFLOW.lock(issue_id)
        if issue.status != IssueStatus.DRAFT:
            raise NewsletterError(_("This issue has already been sent."))
        WORKFLOW.check(issue, "start_sending", actor=actor)
        issue.sending_started_at = timezone.now()
        WORKFLOW.finish(issue, "start_sending", actor=actor, fields=("sending_started_at",))
        enqueue_on_commit(fan_out_issue, issue_id)
    return issue


def resume_sending(*, issue_id: int, actor=None) -> Issue:
    """Run the fan-out again after a crash or a stop; sent deliveries are never touched."""
    from ..tasks import fan_out_issue

    issue = Issue.objects.get(pk=issue_id)
    if issue.status != IssueStatus.SENDING:
        raise NewsletterError(_("Only an issue that is being sent can be resumed."))
    enqueue_on_commit(fan_out_issue, issue_id)
    return issue


def retry_failed_deliveries(*, issue_id: int, actor) -> int:
    """Give failed deliveries a fresh set of attempts, and resume a send that stalled."""
    from ..tasks import fan_out_issue

    if not may_send(actor):
        raise NewsletterError(ONLY_SECRETARIAT_SENDS)
    with transaction.atomic():
        issue = WORKFLOW.lock(issue_id)
        if issue.status == IssueStatus.DRAFT:
            raise NewsletterError(_("This issue has not been sent yet."))
        retried = issue.deliveries.filter(status=DeliveryStatus.FAILED).update(
            status=DeliveryStatus.PENDING, attempts=0, held_until=None
        )
        if retried and issue.status == IssueStatus.SENT:
            WORKFLOW.check(issue, "retry_failed", actor=actor)
            WORKFLOW.finish(issue, "retry_failed", actor=actor)
        if issue.status == IssueStatus.SENDING:
            enqueue_on_commit(fan_out_issue, issue_id)
    return retried


def stalled_issue_ids(*, quiet_minutes: int = 15) -> list[int]:
    """Issues still sending whose deliveries have not moved for a while (a worker died)."""
    from django.db.models import Max

    cutoff = timezone.now() - datetime.timedelta(minutes=quiet_minutes)
    issues = (
        Issue.objects.filter(status=IssueStatus.SENDING, sending_started_at__lt=cutoff)
        .annotate(last_sent=Max("deliveries__sent_at"))
        .values_list("pk", "last_sent")
    )
    return [pk for pk, last_sent in issues if last_sent is None or last_sent < cutoff]


def unstarted_issue_ids() -> list[int]:
    """Issues sending for over a lease without a single delivery row: the fan-out's message
    never reached a worker (the broker was unreachable when the send was started)."""
    cutoff = timezone.now() - datetime.timedelta(seconds=lease_seconds())
    return list(
        Issue.objects.filter(status=IssueStatus.SENDING, sending_started_at__lt=cutoff)
        .filter(~Exists(Delivery.objects.filter(issue=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )


def finish_if_done(*, issue_id: int) -> Issue:
    """Mark the issue sent once no delivery is waiting any more."""
    with transaction.atomic():
        issue = WORKFLOW.lock(issue_id)
        if issue.status != IssueStatus.SENDING:
            return issue
        if issue.deliveries.filter(status=DeliveryStatus.PENDING).exists():
            return issue
        issue.sent_at = issue.sent_at or timezone.now()
        WORKFLOW.finish(issue, "finish_sending", actor=None, fields=("sent_at",))
    return issue


def progress(issue: Issue) -> dict[str, int]:
    """Sent / total / failed for the admin's progress bar; percent counts every settled row."""
    rows = issue.deliveries.values("status").annotate(n=Count("pk")).values_list("status", "n")
    counts = dict(rows)
    total = sum(counts.values())
    pending = counts.get(DeliveryStatus.PENDING, 0)
    return {
        "total": total,
        "sent": counts.get(DeliveryStatus.SENT, 0),
        "failed": counts.get(DeliveryStatus.FAILED, 0),
        "skipped": counts.get(DeliveryStatus.SKIPPED, 0),
        "pending": pending,
        "percent": (total - pending) * 100 // total if total else 0,
        "status": issue.status,
    }
