"""Twenty decisions at once get twenty distinct, gap-free notice numbers (PostgreSQL)."""

import time

import pytest

from grants import notices, services
from grants.models import Application, GrantNotice, Status
from municipalities.models import Municipality
from tests.concurrency import run_concurrently

from .conftest import make_application

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DECISIONS = 20


@pytest.fixture
def slow_count(monkeypatch):
    """Widen the gap between reading the last number and saving, so unlocked callers collide."""
    original = notices._next_number

    def count_then_pause(series):
        number = original(series)
        time.sleep(0.05)
        return number

    monkeypatch.setattr(notices, "_next_number", count_then_pause)


def test_twenty_simultaneous_decisions_get_twenty_gap_free_numbers(
    program, secretariat_user, slow_count, monkeypatch
):
    # The PDFs and e-mails after each commit are not what this test is about.
    monkeypatch.setattr("grants.tasks.notify_move.delay", lambda *args: None)
    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True)[:DECISIONS])
    ids = [make_application(program, code, status=Status.SUBMITTED).pk for code in codes]
    results = run_concurrently(
        lambda i: services.decide_application(
            application_id=ids[i], actor=secretariat_user, granted_amount=100_000
        ),
        DECISIONS,
    )
    assert all(isinstance(result, Application) for result in results), results
    numbers = sorted(GrantNotice.objects.values_list("number", flat=True))
    assert numbers == list(range(1, DECISIONS + 1))
