"""Thin Celery tasks: ids in, a service call, safe to run twice."""

from celery import shared_task
from django.core.mail import mailers
from django.utils.translation import gettext_lazy as _

from . import services
from .mail import notice_message
from .models import Subscriber

NOTICE_SUBJECTS = {
    "confirm": _("Please confirm your subscription to the ECO Net Tokyo 62 newsletter"),
    "already_subscribed": _("You are already subscribed to the ECO Net Tokyo 62 newsletter"),
}


@shared_task(autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def send_notice(subscriber_id: int, notice: str) -> None:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return
    message = notice_message(subscriber, template=notice, subject=NOTICE_SUBJECTS[notice])
    mailers.default.send_messages([message])


@shared_task
def fan_out_issue(issue_id: int) -> int:
    """Create the delivery rows, then one batch task per slice of pending deliveries."""
    services.create_deliveries(issue_id=issue_id)
    batches = 0
    for delivery_ids in services.pending_batches(issue_id=issue_id):
        send_issue_batch.delay(issue_id, delivery_ids)
        batches += 1
    if not batches:
        services.finish_if_done(issue_id=issue_id)
    return batches


@shared_task
def send_issue_batch(issue_id: int, delivery_ids: list[int]) -> dict:
    """Failed sends stay pending, held until their retry is due (`resume_held_deliveries`)."""
    counts = services.send_batch(issue_id=issue_id, delivery_ids=delivery_ids)
    services.finish_if_done(issue_id=issue_id)
    return counts


@shared_task
def resume_held_deliveries() -> int:
    """Beat, every few seconds: batches a killed worker held, retries that are due, and sends
    whose fan-out never reached a worker."""
    batches = 0
    for issue_id, delivery_ids in services.due_batches():
        send_issue_batch.delay(issue_id, delivery_ids)
        batches += 1
    for issue_id in services.unstarted_issue_ids():
        fan_out_issue.delay(issue_id)
    return batches


@shared_task
def resume_stalled_sending() -> int:
    """Beat: re-run the fan-out of issues still sending whose batch messages were lost."""
    resumed = 0
    for issue_id in services.stalled_issue_ids():
        fan_out_issue.delay(issue_id)
        resumed += 1
    return resumed


@shared_task
def draft_monthly_issue() -> int | None:
    issue = services.draft_monthly_issue()
    return issue.pk if issue else None
