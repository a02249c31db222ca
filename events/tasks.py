"""Thin background jobs: they take ids, call a service and are safe to run twice."""

from smtplib import SMTPException

from celery import shared_task
from django.utils import timezone

from . import emails, services
from .models import Event, Registration, RegistrationMode


# A failed delivery sent nothing, so retrying cannot send an e-mail twice.
@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    max_retries=5,
)
def send_registration_email(registration_id: int, kind: str) -> None:
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is not None:
        emails.send_registration_email(registration, kind)


@shared_task
def draw_lottery(event_id: int) -> str:
    """Safe twice: the service returns the event unchanged once it has been drawn."""
    event = services.draw_lottery(event_id=event_id)
    return event.lottery_seed


@shared_task
def draw_due_lotteries() -> int:
    due = Event.objects.filter(
        registration_mode=RegistrationMode.LOTTERY,
        lottery_drawn_at__isnull=True,
        cancelled_at__isnull=True,
        lottery_draw_at__lte=timezone.now(),
    ).values_list("pk", flat=True)
    for event_id in due:
        draw_lottery.delay(event_id)
    return len(due)


@shared_task
def send_reminders() -> int:
    now = timezone.now()
    sent = 0
    for registration_id in list(services.registrations_due_for_reminder(now)):
        if services.claim_reminder(registration_id, now):
            send_registration_email.delay(registration_id, "reminder")
            sent += 1
    return sent


@shared_task
def anonymise_past_registrations() -> int:
    return services.anonymise_past_registrations()
