"""Real concurrent connections on PostgreSQL: seats and credits are never oversold."""

import datetime
import time

import pytest

from core.workflow import ServiceError
from events import services as event_services
from events.models import Registration, Status
from offsets import services as offset_services
from offsets.models import CreditRetirement, Scheme
from tests.concurrency import run_concurrently

from .conftest import make_event, registrant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ATTEMPTS = 30
SEATS = 10


@pytest.fixture(autouse=True)
def _reset_celery_join_guard():
    """Eager tasks in many threads race on Celery's process-wide "inside a task" flag and can
    leave it set, which would make a later test's result.get() refuse to run."""
    from celery._state import _set_task_join_will_block

    yield
    _set_task_join_will_block(False)


def _slow_recount(original):
    """Widen the window between counting and inserting, as a loaded server would."""

    def recount(event_id):
        seats = original(event_id)
        time.sleep(0.05)
        return seats

    return recount


def _register_all(event):
    return run_concurrently(
        lambda i: event_services.register_for_event(event_id=event.pk, **registrant(i)), ATTEMPTS
    )


def test_concurrent_registrations_never_overbook(monkeypatch):
    event = make_event(capacity=SEATS)
    monkeypatch.setattr(
        event_services, "confirmed_seats", _slow_recount(event_services.confirmed_seats)
    )
    results = _register_all(event)
    assert [r for r in results if isinstance(r, Exception)] == []
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(Status.CONFIRMED) == SEATS
    assert statuses.count(Status.WAITLISTED) == ATTEMPTS - SEATS
    event.refresh_from_db()
    assert event.seats_taken == SEATS


def test_without_the_event_lock_the_same_burst_overbooks(monkeypatch):
    """Proves the test above can fail: with the lock patched out, seats are oversold."""
    from events.models import Event

    event = make_event(capacity=SEATS)
    monkeypatch.setattr(
        event_services, "_lock_event", lambda event_id: Event.objects.get(pk=event_id)
    )
    monkeypatch.setattr(
        event_services, "confirmed_seats", _slow_recount(event_services.confirmed_seats)
    )
    _register_all(event)
    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED).count()
    assert confirmed > SEATS


def test_concurrent_cancellations_promote_each_waiting_person_once():
    event = make_event(capacity=5)
    seated = [
        event_services.register_for_event(event_id=event.pk, **registrant(i)) for i in range(5)
    ]
    for i in range(5, 15):
        event_services.register_for_event(event_id=event.pk, **registrant(i))
    run_concurrently(lambda i: event_services.cancel_registration(registration_id=seated[i].pk), 5)
    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED)
    assert confirmed.count() == 5
    assert {r.email for r in confirmed} == {f"hanako{i}@example.jp" for i in range(5, 10)}


def _purchase(tonnes):
    return offset_services.record_purchase(
        scheme=Scheme.J_VER,
        source_project="釜石地方森林組合 森林吸収",
        tonnes=tonnes,
        price_yen=tonnes * 8_000,
        purchased_on=datetime.date(2026, 4, 10),
    )


def _retire_one(i):
    return offset_services.retire_credits(
        tonnes=1, purpose=f"会議 {i}", retired_on=datetime.date(2026, 6, 1)
    )


def test_concurrent_retirements_never_take_the_balance_below_zero(monkeypatch):
    _purchase(6)
    _purchase(4)
    original = offset_services.remaining_tonnes

    def slow_remaining(purchase):
        left = original(purchase)
        time.sleep(0.02)
        return left

    monkeypatch.setattr(offset_services, "remaining_tonnes", slow_remaining)
    results = run_concurrently(_retire_one, ATTEMPTS)
    refused = [r for r in results if isinstance(r, ServiceError)]
    assert len(refused) == ATTEMPTS - 10
    assert [r for r in results if isinstance(r, Exception) and r not in refused] == []
    assert offset_services.balance() == 0
    assert sum(CreditRetirement.objects.values_list("tonnes", flat=True)) == 10


def test_without_the_purchase_locks_retirements_overdraw(monkeypatch):
    from offsets.models import CreditPurchase

    _purchase(10)
    original = offset_services.remaining_tonnes

    def slow_remaining(purchase):
        left = original(purchase)
        time.sleep(0.05)
        return left

    monkeypatch.setattr(offset_services, "remaining_tonnes", slow_remaining)
    monkeypatch.setattr(
        offset_services, "_lock_purchases", lambda: list(CreditPurchase.objects.order_by("pk"))
    )
    run_concurrently(_retire_one, ATTEMPTS)
    assert offset_services.balance() < 0
