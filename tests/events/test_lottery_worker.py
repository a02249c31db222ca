"""The beat job draws a due lottery through a real Celery worker, once, reproducibly."""

import datetime
import time

import pytest
from django.utils import timezone

from events import services
from events.models import Event, Registration, RegistrationMode, Status
from events.tasks import draw_due_lotteries, draw_lottery

from .conftest import make_event

pytestmark = [pytest.mark.worker, pytest.mark.postgres]


def test_worker_draws_a_due_lottery_once_with_a_reproducible_seed(celery_worker_process):
    now = timezone.now()
    event = make_event(
        registration_mode=RegistrationMode.LOTTERY,
        capacity=3,
        registration_closes=now - datetime.timedelta(hours=2),
        lottery_draw_at=now - datetime.timedelta(hours=1),
    )
    applicants = [
        Registration.objects.create(
            event=event, status=Status.APPLIED, name=f"応募者{i}", kana="オウボシャ",
            email=f"applicant{i}@example.jp", phone="1", privacy_consent=True,
        )
        for i in range(8)
    ]  # fmt: skip

    assert draw_due_lotteries.apply_async(ignore_result=False).get(timeout=60) == 1
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        event.refresh_from_db()
        if event.lottery_drawn_at:
            break
        time.sleep(0.2)
    assert event.lottery_drawn_at is not None
    seed = event.lottery_seed
    assert seed

    # A second delivery (beat firing again, a retried task) changes nothing.
    assert draw_lottery.apply_async((event.pk,), ignore_result=False).get(timeout=60) == seed
    assert draw_due_lotteries.apply_async(ignore_result=False).get(timeout=60) == 0
    event.refresh_from_db()
    assert event.lottery_seed == seed

    order = services.lottery_order(seed, [a.pk for a in applicants])
    ranks = dict(Registration.objects.filter(event=event).values_list("pk", "lottery_rank"))
    assert [ranks[pk] for pk in order] == list(range(1, 9))
    confirmed = set(
        Registration.objects.filter(event=event, status=Status.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    assert confirmed == set(order[:3])
    assert Event.objects.get(pk=event.pk).seats_taken == 3
