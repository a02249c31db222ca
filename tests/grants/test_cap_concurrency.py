"""The cap holds when the secretariat decides many applications of one municipality at once."""

import time

import pytest

from grants import services
from grants.models import Application, Status
from grants.services import cap
from tests.concurrency import run_concurrently

from .conftest import make_application

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DECISIONS = 20
AMOUNT = 100_000  # 20 × ¥100,000 = ¥2,000,000 against a ¥1,000,000 cap


@pytest.fixture
def slow_recount(monkeypatch):
    """Widen the gap between recounting and saving, so unlocked deciders surely interleave."""
    original = cap.committed_total

    def recount_then_pause(**kwargs):
        total = original(**kwargs)
        time.sleep(0.05)
        return total

    monkeypatch.setattr(cap, "committed_total", recount_then_pause)


def decide_all_at_once(program, secretariat_user) -> list[object]:
    ids = [
        make_application(program, status=Status.SUBMITTED, requested=AMOUNT).pk
        for _ in range(DECISIONS)
    ]
    return run_concurrently(
        lambda i: services.decide_application(
            application_id=ids[i], actor=secretariat_user, granted_amount=AMOUNT
        ),
        DECISIONS,
    )


def granted_total(program) -> int:
    return Application.objects.filter(program=program, municipality_id="131016").committed_total()


def test_twenty_simultaneous_decisions_never_exceed_the_cap(
    program, secretariat_user, slow_recount
):
    results = decide_all_at_once(program, secretariat_user)
    decided = [r for r in results if isinstance(r, Application)]
    refused = [r for r in results if isinstance(r, services.ApplicationError)]
    assert len(decided) + len(refused) == DECISIONS, results
    assert len(decided) == 10
    assert granted_total(program) == program.cap_per_municipality
    assert all("¥0" in error.message for error in refused)


def test_without_the_ledger_lock_the_cap_is_overrun(
    program, secretariat_user, slow_recount, monkeypatch
):
    # Proves the test above can fail: with the lock patched out the decisions overrun the cap.
    monkeypatch.setattr(cap, "lock_ledger", lambda **kwargs: None)
    decide_all_at_once(program, secretariat_user)
    assert granted_total(program) > program.cap_per_municipality
