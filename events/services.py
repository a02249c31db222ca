"""Registration, cancellation, waiting-list promotion, the lottery and check-in.

Seats are scarce: every decision locks the event row, recounts the confirmed seats inside the
transaction and only then decides. `Event.seats_taken` is a display cache written under the lock.
"""

import datetime
import random
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import record_audit
from core.pagecache import invalidate_scope
from core.queue import notify_on_commit

from .models import (
    WORKFLOW,
    Event,
    Registration,
    RegistrationError,
    RegistrationMode,
    Status,
    anonymise_after_days,
)

# Event pages and lists add this version to their cache keys: seat counts change with every
# registration, which (a private model) leaves the site's data version alone.
SEATS_SCOPE = "events.seats"


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def confirmed_seats(event_id: int) -> int:
    """Seats held by confirmed registrations; caller holds the event row lock."""
    total = Registration.objects.filter(event_id=event_id, status=Status.CONFIRMED).aggregate(
        seats=Sum("party_size")
    )["seats"]
    return total or 0


MOVE_TO = {Status.CONFIRMED: "confirm", Status.WAITLISTED: "waitlist", Status.CANCELLED: "cancel"}


def _move(registration: Registration, to_status: str, *, actor=None, note: str = "") -> None:
    """Move a registration along WORKFLOW; caller holds the event row lock."""
    move = MOVE_TO[to_status]
    WORKFLOW.check(registration, move, actor=actor)
    registration.status_changed_at = timezone.now()
    WORKFLOW.finish(registration, move, actor=actor, note=note, fields=("status_changed_at",))


def _refresh_seat_cache(event: Event) -> None:
    """Caller holds the event row lock."""
    taken = confirmed_seats(event.pk)
    if event.seats_taken != taken:
        event.seats_taken = taken
        Event.objects.filter(pk=event.pk).update(seats_taken=taken)
        transaction.on_commit(lambda: invalidate_scope(SEATS_SCOPE))


def _notify(registration_id: int, kind: str) -> None:
    from .tasks import send_registration_email

    notify_on_commit(send_registration_email, registration_id, kind)


@transaction.atomic
def register_for_event(
    *,
    event_id: int,
    name: str,
    kana: str,
    email: str,
    phone: str,
    party_size: int = 1,
    accessibility_needs: str = "",
    guardian_name: str = "",
    guardian_consent: bool = False,
    privacy_consent: bool,
    language: str = "ja",
    now: datetime.datetime | None = None,
) -> Registration:
    """Take seats if they are free, else join the waiting list (or apply for the lottery)."""
    now = now or timezone.now()
    event = _lock_event(event_id)
    email = email.strip().lower()
    if event.registration_mode == RegistrationMode.NONE:
        raise RegistrationError(
            _("This event does not take registrations."), code="no_registration"
        )
    if not event.registration_is_open(now):
        raise RegistrationError(_("Registration for this event is closed."), code="closed")
    if not privacy_consent:
        raise RegistrationError(_("Please agree to the privacy notice."), code="consent")
    if event.needs_guardian and not (guardian_name.strip() and guardian_consent):
        raise RegistrationError(
            _("A guardian's name and consent are required for children's programs."),
            code="guardian",
        )
    if party_size < 1 or party_size > event.max_party_size:
        raise RegistrationError(
            _("A party may have at most %(limit)d people for this event.")
            % {"limit": event.max_party_size},
            code="party_too_large",
        )
    if event.capacity is not None and party_size > event.capacity:
        raise RegistrationError(
            _("The party is larger than the event's %(capacity)d seats.")
            % {"capacity": event.capacity},
            code="party_too_large",
        )
    if Registration.objects.active().filter(event=event, email=email).exists():
        raise RegistrationError(
            _("This e-mail address is already registered for this event."), code="duplicate"
        )

    if event.registration_mode == RegistrationMode.LOTTERY:
        status = Status.APPLIED
    elif event.capacity is None or (
        confirmed_seats(event.pk) + party_size <= event.capacity
        and not Registration.objects.filter(event=event).waiting_line().exists()
    ):
        # The line is strict: while anyone waits, a newcomer joins its end, even for seats
        # its head does not fit.
        status = Status.CONFIRMED
    else:
        status = Status.WAITLISTED
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                status=status,
                name=name,
                kana=kana,
                email=email,
                phone=phone,
                party_size=party_size,
                accessibility_needs=accessibility_needs,
                guardian_name=guardian_name,
                guardian_consent=guardian_consent,
                privacy_consent=privacy_consent,
                language=language,
                created_at=now,
                status_changed_at=now,
            )
    except IntegrityError as error:  # the unique constraint is the last line of defence
        raise RegistrationError(
            _("This e-mail address is already registered for this event."), code="duplicate"
        ) from error
    _refresh_seat_cache(event)
    _notify(registration.pk, status)
    return registration


def _promote_waiting(event: Event, *, actor=None) -> list[Registration]:
    """Confirm people from the head of the waiting line while their party fits.

    The line is strict: when the first person's party does not fit, nobody behind them jumps
    ahead. Caller holds the event row lock.
    """
    if event.capacity is None:
        free = None
    else:
        free = event.capacity - confirmed_seats(event.pk)
    promoted = []
    for waiting in Registration.objects.filter(event=event).waiting_line():
        if free is not None and waiting.party_size > free:
            break
        _move(waiting, Status.CONFIRMED, actor=actor, note="promoted from the waiting list")
        if free is not None:
            free -= waiting.party_size
        promoted.append(waiting)
        _notify(waiting.pk, "promoted")
    return promoted


@transaction.atomic
def promote_waiting_list(*, event_id: int, actor=None) -> list[Registration]:
    """After staff add seats: confirm waiting people who now fit, in line order."""
    event = _lock_event(event_id)
    if event.registration_mode == RegistrationMode.LOTTERY and event.lottery_drawn_at is None:
        return []  # applicants wait for the draw, not in a line
    promoted = _promote_waiting(event, actor=actor)
    _refresh_seat_cache(event)
    return promoted


@transaction.atomic
def cancel_registration(
    *, registration_id: int, actor=None, now: datetime.datetime | None = None
) -> Registration:
    """Cancel, then promote the next people on the waiting list and tell them."""
    now = now or timezone.now()
    event_id = Registration.objects.values_list("event_id", flat=True).get(pk=registration_id)
    event = _lock_event(event_id)
    registration = Registration.objects.get(pk=registration_id)
    if registration.status == Status.CANCELLED:
        raise RegistrationError(_("This registration is already cancelled."), code="cancelled")
    if now >= event.start and actor is None:
        raise RegistrationError(
            _("The event has started; please contact the organiser."), code="started"
        )
    was_confirmed = registration.status == Status.CONFIRMED
    _move(registration, Status.CANCELLED, actor=actor)
    # Before the draw, applicants leave the pool; no seats are held yet.
    if was_confirmed or event.lottery_drawn_at is not None:
        _promote_waiting(event, actor=actor)
    _refresh_seat_cache(event)
    _notify(registration.pk, "cancelled")
    return registration


@transaction.atomic
def cancel_event(
    *, event_id: int, actor, reason: str = "", now: datetime.datetime | None = None
) -> Event:
    """Call the event off: every registration is cancelled and each person is told."""
    now = now or timezone.now()
    event = _lock_event(event_id)
    if event.cancelled_at is not None:
        raise RegistrationError(_("This event is already cancelled."), code="event_cancelled")
    if now >= event.end:
        raise RegistrationError(_("This event is over."), code="event_over")
    event.cancelled_at = now
    if reason:
        event.cancellation_reason = reason
    event.save(update_fields=["cancelled_at", "cancellation_reason"])
    for registration in Registration.objects.filter(event=event).active():
        _move(registration, Status.CANCELLED, actor=actor, note="event cancelled")
        _notify(registration.pk, "event_cancelled")
    _refresh_seat_cache(event)
    record_audit(subject=event, actor=actor, action="event_cancelled", note=reason)
    return event


def lottery_order(seed: str, registration_ids: list[int]) -> list[int]:
    """The applicants in drawn order; the same seed and ids always give the same order."""
    ordered = sorted(registration_ids)
    random.Random(seed).shuffle(ordered)  # noqa: S311 - fairness needs reproducibility, not secrecy
    return ordered


@transaction.atomic
def draw_lottery(
    *, event_id: int, seed: str | None = None, actor=None, now: datetime.datetime | None = None
) -> Event:
    """Draw winners once, with a recorded seed; a second call changes nothing."""
    now = now or timezone.now()
    event = _lock_event(event_id)
    if event.registration_mode != RegistrationMode.LOTTERY:
        raise RegistrationError(_("This event has no lottery."), code="no_lottery")
    if event.lottery_drawn_at is not None or event.cancelled_at is not None:
        return event
    if event.registration_closes and now < event.registration_closes:
        raise RegistrationError(
            _("The application period has not ended yet."), code="applications_open"
        )
    event.lottery_seed = seed or secrets.token_hex(16)
    applicants = {r.pk: r for r in Registration.objects.filter(event=event, status=Status.APPLIED)}
    free = None if event.capacity is None else event.capacity - confirmed_seats(event.pk)
    for rank, registration_id in enumerate(lottery_order(event.lottery_seed, list(applicants)), 1):
        registration = applicants[registration_id]
        registration.lottery_rank = rank
        registration.save(update_fields=["lottery_rank"])
        if free is None or registration.party_size <= free:
            _move(registration, Status.CONFIRMED, actor=actor, note=f"lottery rank {rank}")
            if free is not None:
                free -= registration.party_size
            _notify(registration.pk, "won")
        else:
            _move(registration, Status.WAITLISTED, actor=actor, note=f"lottery rank {rank}")
            _notify(registration.pk, "lost")
    event.lottery_drawn_at = now
    event.save(update_fields=["lottery_seed", "lottery_drawn_at"])
    _refresh_seat_cache(event)
    record_audit(
        subject=event,
        actor=actor,
        action="lottery_drawn",
        note=f"seed={event.lottery_seed} applicants={len(applicants)}",
    )
    return event


@transaction.atomic
def check_in(*, registration_id: int, actor, now: datetime.datetime | None = None) -> Registration:
    registration = Registration.objects.select_for_update().get(pk=registration_id)
    if registration.status != Status.CONFIRMED:
        raise RegistrationError(_("Only confirmed registrations can check in."), code="check_in")
    if registration.checked_in_at is None:
        registration.checked_in_at = now or timezone.now()
        registration.save(update_fields=["checked_in_at"])
        record_audit(subject=registration, actor=actor, action="check_in")
    return registration


def claim_reminder(registration_id: int, now: datetime.datetime) -> bool:
    """Mark the reminder as sent; True only for the one caller that should send it."""
    return bool(
        Registration.objects.filter(
            pk=registration_id, reminder_sent_at__isnull=True, status=Status.CONFIRMED
        ).update(reminder_sent_at=now)
    )


def registrations_due_for_reminder(now: datetime.datetime):
    return Registration.objects.filter(
        status=Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__start__gt=now,
        event__start__lte=now + datetime.timedelta(days=2),
    ).values_list("pk", flat=True)


@transaction.atomic
def anonymise_past_registrations(*, now: datetime.datetime | None = None) -> int:
    """Erase the personal data of registrations whose event ended long enough ago.

    Keeps status, party size and check-in so participant figures survive.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=anonymise_after_days())
    return Registration.objects.filter(event__end__lt=cutoff, anonymised_at__isnull=True).update(
        name="",
        kana="",
        email="",
        phone="",
        accessibility_needs="",
        guardian_name="",
        anonymised_at=now,
    )
