"""Two workers on the same deliveries at once: every message still goes out once."""

import pytest
from django.core import mail

from newsletter import services, tasks
from newsletter.models import Delivery, DeliveryStatus
from tests.concurrency import run_concurrently

from .factories import IssueFactory, SubscriberFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_batches_run_twice_in_parallel_send_each_delivery_once(
    secretariat_user, monkeypatch, settings
):
    settings.NEWSLETTER_MESSAGES_PER_SECOND = 0
    SubscriberFactory.create_batch(40)
    issue = IssueFactory()
    monkeypatch.setattr(tasks.send_issue_batch, "delay", lambda *args: None)
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    ids = list(Delivery.objects.order_by("pk").values_list("pk", flat=True))
    assert len(ids) == 40

    results = run_concurrently(
        lambda _index: services.send_batch(issue_id=issue.pk, delivery_ids=ids), 4
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r["sent"] for r in results) == 40
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == len(set(recipients)) == 40
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 40
