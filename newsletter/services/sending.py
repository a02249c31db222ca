"""Sending an issue: who may, starting, resuming, retrying, finishing, progress."""

import datetime

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import is_secretariat
from core.audit import record_audit

from ..models import ISSUE_MOVES, DeliveryStatus, Issue, IssueStatus
from ..sections import forget_latest_issue
from .rules import NewsletterError


def may_send(actor) -> bool:
    return is_secretariat(actor)


def _move(issue: Issue, to_state: str, *, actor, action: str) -> None:
    """Caller holds the issue row lock."""
    if to_state not in ISSUE_MOVES[IssueStatus(issue.status)]:
        raise NewsletterError(
            _("An issue that is “%(status)s” cannot be changed this way.")
            % {"status": issue.get_status_display()}
        )
    record_audit(
        subject=issue, actor=actor, action=action, from_state=issue.status, to_state=to_state
    )
    issue.status = to_state


def start_sending(*, issue: Issue, actor) -> Issue:
    from ..tasks import fan_out_issue

    if not may_send(actor):
        raise NewsletterError(_("Only the secretariat can send the newsletter."))
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != IssueStatus.DRAFT:
            raise NewsletterError(_("This issue has already been sent."))
        _move(issue, IssueStatus.SENDING, actor=actor, action="start_sending")
        issue.sending_started_at = timezone.now()
        issue.save(update_fields=["status", "sending_started_at"])
        issue_id = issue.pk
        transaction.on_commit(lambda: fan_out_issue.delay(issue_id))
    return issue


def resume_sending(*, issue: Issue, actor=None) -> Issue:
    """Run the fan-out again after a crash or a stop; sent deliveries are never touched."""
    from ..tasks import fan_out_issue

    issue.refresh_from_db(fields=["status"])
    if issue.status != IssueStatus.SENDING:
        raise NewsletterError(_("Only an issue that is being sent can be resumed."))
    issue_id = issue.pk
    transaction.on_commit(lambda: fan_out_issue.delay(issue_id))
    return issue


def retry_failed_deliveries(*, issue: Issue, actor) -> int:
    """Give failed deliveries a fresh set of attempts, and resume a send that stalled."""
    from ..tasks import fan_out_issue

    if not may_send(actor):
        raise NewsletterError(_("Only the secretariat can send the newsletter."))
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue.pk)
        if issue.status == IssueStatus.DRAFT:
            raise NewsletterError(_("This issue has not been sent yet."))
        retried = issue.deliveries.filter(status=DeliveryStatus.FAILED).update(
            status=DeliveryStatus.PENDING, attempts=0
        )
        if retried and issue.status == IssueStatus.SENT:
            _move(issue, IssueStatus.SENDING, actor=actor, action="retry_failed")
            issue.save(update_fields=["status"])
        if issue.status == IssueStatus.SENDING:
            issue_id = issue.pk
            transaction.on_commit(lambda: fan_out_issue.delay(issue_id))
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


def finish_if_done(*, issue_id: int) -> Issue:
    """Mark the issue sent once no delivery is waiting any more."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().get(pk=issue_id)
        if issue.status != IssueStatus.SENDING:
            return issue
        if issue.deliveries.filter(status=DeliveryStatus.PENDING).exists():
            return issue
        _move(issue, IssueStatus.SENT, actor=None, action="finish_sending")
        issue.sent_at = issue.sent_at or timezone.now()
        issue.save(update_fields=["status", "sent_at"])
        transaction.on_commit(forget_latest_issue)
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
