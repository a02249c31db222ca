"""The strict waiting line (docs/events.md) holds on PostgreSQL while cancellations and new
registrations race: a freed seat goes to the line's head first, a newcomer never jumps it."""

import time

import pytest

from events import services as event_services
from events.models import Registration, Status
from tests.concurrency import run_concurrently

from .conftest import make_event, registrant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CAPACITY = 10
LINE = [3, 1, 2, 1]  # the parties waiting when the race starts, head first
CANCELLATIONS = 8  # frees 8 seats: enough for the whole line (7) and one more
NEWCOMERS = [1, 2, 1, 3, 1, 1, 4, 2, 1, 1, 2, 1, 1, 3, 1, 2]


@pytest.fixture(autouse=True)
def _reset_celery_join_guard():
    """Eager tasks in many threads race on Celery's process-wide "inside a task" flag."""
    from celery._state import _set_task_join_will_block

    yield
    _set_task_join_will_block(False)


def _slow_recount(monkeypatch):
    """Widen the window between counting and deciding, as a loaded server would."""
    original = event_services.confirmed_seats

    def recount(event_id):
        seats = original(event_id)
        time.sleep(0.03)
        return seats

    monkeypatch.setattr(event_services, "confirmed_seats", recount)


def full_event_with_a_line():
    """Ten single seats taken, then the line of LINE's parties."""
    event = make_event(capacity=CAPACITY, max_party_size=4)
    seated = [
        event_services.register_for_event(event_id=event.pk, **registrant(i))
        for i in range(CAPACITY)
    ]
    line = [
        event_services.register_for_event(event_id=event.pk, **registrant(100 + i, party_size=size))
        for i, size in enumerate(LINE)
    ]
    assert {r.status for r in seated} == {Status.CONFIRMED}
    assert {r.status for r in line} == {Status.WAITLISTED}
    return event, seated, line


def race(event, seated) -> tuple[list, list]:
    """Cancellations and newcomers at once; returns what each call returned or raised."""

    def act(index: int):
        if index < CANCELLATIONS:
            return event_services.cancel_registration(registration_id=seated[index].pk)
        n = index - CANCELLATIONS
        return event_services.register_for_event(
            event_id=event.pk, **registrant(200 + n, party_size=NEWCOMERS[n])
        )

    results = run_concurrently(act, CANCELLATIONS + len(NEWCOMERS))
    return results[:CANCELLATIONS], results[CANCELLATIONS:]


def strict_line_violations(event, newcomers: list[Registration]) -> list[str]:
    """What broke the strict line, read from the end state and each newcomer's first status.

    Registrations are created under the event's lock, so their ids give the order of the
    decisions; a party still waiting at the end waited from its arrival on.
    """
    rows = {r.pk: r for r in Registration.objects.filter(event=event)}
    confirmed_seats = sum(r.party_size for r in rows.values() if r.status == Status.CONFIRMED)
    line = list(Registration.objects.filter(event=event).waiting_line())
    first_status = {r.pk: r.status for r in newcomers}
    problems = []
    if confirmed_seats > event.capacity:
        problems.append(f"{confirmed_seats} seats confirmed of {event.capacity}")
    if line and line[0].party_size <= event.capacity - confirmed_seats:
        problems.append(
            f"the line's head (party of {line[0].party_size}) waits beside"
            f" {event.capacity - confirmed_seats} free seats"
        )
    position = {r.pk: index for index, r in enumerate(line)}
    for waiting in line:
        for other in rows.values():
            if other.status != Status.CONFIRMED or other.pk not in first_status:
                continue
            if first_status[other.pk] == Status.CONFIRMED and other.pk > waiting.pk:
                problems.append(f"newcomer {other.pk} was seated while {waiting.pk} waited")
            promoted_from_behind = (other.created_at, other.pk) > (waiting.created_at, waiting.pk)
            if first_status[other.pk] == Status.WAITLISTED and promoted_from_behind:
                problems.append(
                    f"{other.pk} was promoted from behind {waiting.pk}"
                    f" (at {position[waiting.pk]} in the line)"
                )
    return problems


def test_cancellations_and_newcomers_racing_keep_the_line_strict_and_the_seats(monkeypatch):
    event, seated, line = full_event_with_a_line()
    _slow_recount(monkeypatch)
    cancelled, arrived = race(event, seated)
    assert [r for r in cancelled + arrived if isinstance(r, Exception)] == []

    assert strict_line_violations(event, arrived) == []
    # The seats freed went to the line first: everyone waiting when the race began is seated.
    statuses = dict(Registration.objects.filter(event=event).values_list("pk", "status"))
    assert {statuses[r.pk] for r in line} == {Status.CONFIRMED}
    seats = sum(
        Registration.objects.filter(event=event, status=Status.CONFIRMED).values_list(
            "party_size", flat=True
        )
    )
    event.refresh_from_db()
    assert seats <= CAPACITY and event.seats_taken == seats


def test_without_the_event_lock_the_same_race_breaks_the_line(monkeypatch):
    """Proves the test above can fail: with the lock patched out the line is not kept."""
    from events.models import Event

    event, seated, _ = full_event_with_a_line()
    monkeypatch.setattr(
        event_services, "_lock_event", lambda event_id: Event.objects.get(pk=event_id)
    )
    _slow_recount(monkeypatch)
    _, arrived = race(event, seated)
    newcomers = [r for r in arrived if isinstance(r, Registration)]
    problems = strict_line_violations(event, newcomers)
    print("\nwithout the lock:", "; ".join(problems[:3]))
    assert problems != []
