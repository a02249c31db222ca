"""Exactly-once delivery with a real Celery worker on Redis and a real SMTP server."""

import pytest

from newsletter import services, tasks
from newsletter.models import Delivery, DeliveryStatus, Issue, IssueStatus
from tests import workers
from tests.workers import wait_until

from .factories import IssueFactory, SubscriberFactory
from .smtp_sink import start_sink

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sink(monkeypatch):
    controller, collector, port = start_sink()
    # The worker reads its mailer from EMAIL_URL, like production does.
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{port}")
    yield collector
    controller.stop()


@pytest.fixture
def paced(monkeypatch):
    monkeypatch.setenv("NEWSLETTER_MESSAGES_PER_SECOND", "25")
    monkeypatch.setenv("NEWSLETTER_BATCH_SIZE", "10")


@pytest.fixture
def worker(sink, paced, request):
    return request.getfixturevalue("celery_worker_process")


def issue_status(issue) -> str:
    return Issue.objects.values_list("status", flat=True).get(pk=issue.pk)


def test_running_the_send_job_twice_delivers_each_message_exactly_once(
    worker, sink, secretariat_user
):
    subscribers = SubscriberFactory.create_batch(30)
    issue = IssueFactory()
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    wait_until(lambda: issue_status(issue) == IssueStatus.SENT, what="the issue to be sent")
    assert len(sink.messages) == 30

    # The whole job again, and one batch again, as a broker redelivery would do.
    tasks.fan_out_issue.apply_async((issue.pk,), ignore_result=False).get(timeout=60)
    ids = list(Delivery.objects.filter(issue=issue).values_list("pk", flat=True))
    tasks.send_issue_batch.apply_async((issue.pk, ids), ignore_result=False).get(timeout=60)

    assert len(sink.messages) == 30
    assert sorted(sink.recipients) == sorted(s.email for s in subscribers)
    one = sink.messages[0]
    assert one["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert one["List-Unsubscribe"].startswith("<http")  # as sent, not as encoded-words
    assert one.is_multipart()
    assert {part.get_content_type() for part in one.walk()} >= {"text/plain", "text/html"}


def test_a_worker_killed_mid_send_and_restarted_never_sends_twice_nor_skips(
    worker, sink, secretariat_user
):
    subscribers = SubscriberFactory.create_batch(60)
    issue = IssueFactory()
    sink.hold_at = 15  # the 16th message hangs in the middle of its SMTP transaction
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    assert sink.holding.wait(timeout=90), "the send never reached the 16th message"

    environ = workers.kill(worker)
    sink.release.set()
    assert len(sink.messages) == 15
    # The delivery in flight was rolled back with the worker's transaction: still pending.
    assert Delivery.objects.filter(issue=issue, status=DeliveryStatus.SENT).count() == 15

    replacement = workers.start_like(worker, environ)
    try:
        # What the beat job (or the secretariat's "retry and resume") does after a crash.
        services.resume_sending(issue_id=issue.pk)
        wait_until(lambda: issue_status(issue) == IssueStatus.SENT, what="the rest to be sent")
    finally:
        workers.stop(replacement)
    assert len(sink.messages) == 60
    assert sorted(sink.recipients) == sorted(s.email for s in subscribers)
    assert len({m["Message-ID"] for m in sink.messages}) == 60
    assert Delivery.objects.filter(issue=issue, status=DeliveryStatus.SENT).count() == 60
