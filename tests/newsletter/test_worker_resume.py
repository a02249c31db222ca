"""A killed worker's send resumes in seconds; an SMTP outage is waited out. Real worker, beat,
Redis, PostgreSQL and SMTP server; the figures print with -s."""

import time
from collections import Counter

import pytest
from aiosmtpd.controller import Controller

from newsletter import services
from newsletter.models import Delivery, DeliveryStatus, Issue, IssueStatus, Subscriber
from tests.workers import kill, start_beat, start_like, stop, wait_until

from .factories import IssueFactory, SubscriberFactory
from .smtp_sink import start_sink

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SUBSCRIBERS = 3000


@pytest.fixture
def sink(monkeypatch):
    controller, collector, port = start_sink()
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{port}")
    yield collector, controller, port
    if not controller.loop.is_closed():  # a test may have stopped it (the server down)
        controller.stop()


def issue_status(issue) -> str:
    return Issue.objects.values_list("status", flat=True).get(pk=issue.pk)


def many_subscribers(count: int) -> list[str]:
    Subscriber.objects.bulk_create(SubscriberFactory.build_batch(count))
    return list(Subscriber.objects.values_list("email", flat=True))


def test_a_send_killed_at_a_third_resumes_within_a_minute_with_one_duplicate(
    sink, monkeypatch, request, tmp_path, secretariat_user
):
    collector, _, _ = sink
    monkeypatch.setenv("NEWSLETTER_MESSAGES_PER_SECOND", "0")
    monkeypatch.setenv("NEWSLETTER_BATCH_SIZE", "100")
    worker = request.getfixturevalue("celery_worker_process")
    emails = many_subscribers(SUBSCRIBERS)
    issue = IssueFactory()
    # The 1,001st message is accepted by the server, whose answer never reaches the worker.
    collector.hold_at = SUBSCRIBERS // 3
    collector.accept_before_holding = True
    started = time.monotonic()
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    assert collector.holding.wait(timeout=90), "the send never reached a third"
    env = kill(worker)
    accepted_before_kill = len(collector.messages)
    collector.release.set()
    marked_before_kill = Delivery.objects.filter(status=DeliveryStatus.SENT).count()

    restarted = time.monotonic()
    replacement, beat = start_like(worker, env), start_beat(env, tmp_path)
    try:
        wait_until(lambda: issue_status(issue) == IssueStatus.SENT, timeout=100, what="the rest")
    finally:
        stop(replacement, beat)
    resumed_in = time.monotonic() - restarted

    per_recipient = Counter(collector.recipients)
    duplicates = sum(n - 1 for n in per_recipient.values())
    print(
        f"\n{SUBSCRIBERS} subscribers, worker SIGKILLed after {accepted_before_kill} accepted"
        f" ({marked_before_kill} marked sent), first part took {restarted - started:.1f} s;"
        f" after the restart the send finished in {resumed_in:.1f} s;"
        f" received {len(collector.messages)}, missing {len(set(emails) - set(per_recipient))},"
        f" duplicates {duplicates} (killed processes: 1)"
    )
    assert set(per_recipient) == set(emails)
    assert duplicates <= 1
    for recipient, count in per_recipient.items():
        if count > 1:
            ids = {m["Message-ID"] for m in collector.messages if m["To"] == recipient}
            assert len(ids) == 1, f"the duplicate to {recipient} has another Message-ID: {ids}"
    assert resumed_in < 60
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == SUBSCRIBERS


def test_an_smtp_outage_keeps_deliveries_pending_and_they_go_out_when_it_returns(
    sink, monkeypatch, request, tmp_path, secretariat_user
):
    collector, controller, port = sink
    monkeypatch.setenv("NEWSLETTER_MESSAGES_PER_SECOND", "0")
    monkeypatch.setenv("NEWSLETTER_BATCH_SIZE", "10")
    monkeypatch.setenv("NEWSLETTER_RETRY_SECONDS", "2")
    monkeypatch.setenv("NEWSLETTER_MAX_ATTEMPTS", "4")
    worker = request.getfixturevalue("celery_worker_process")
    emails = many_subscribers(30)
    controller.stop()  # the SMTP server is down: connections are refused
    env = kill(worker)  # the worker reads its settings at start: restart it with beat
    worker, beat = start_like(worker, env), start_beat(env, tmp_path)
    try:
        issue = IssueFactory()
        services.start_sending(issue_id=issue.pk, actor=secretariat_user)
        deliveries = Delivery.objects.filter(issue=issue)
        wait_until(
            lambda: deliveries.exists() and not deliveries.filter(attempts__lt=2).exists(),
            timeout=60,
            what="two attempts each",
        )
        assert not deliveries.exclude(status=DeliveryStatus.PENDING).exists()
        assert "refused" in deliveries.first().last_error.lower()
        assert collector.messages == []
        attempts_while_down = sorted(set(deliveries.values_list("attempts", flat=True)))

        back = Controller(collector, hostname="127.0.0.1", port=port)
        back.start()  # the server returns
        came_back = time.monotonic()
        try:
            wait_until(lambda: issue_status(issue) == IssueStatus.SENT, timeout=60, what="sent")
        finally:
            back.stop()
        print(
            f"\nSMTP down: 30 deliveries pending with attempts {attempts_while_down};"
            f" back up: all sent {time.monotonic() - came_back:.1f} s later"
        )
    finally:
        stop(worker, beat)
    assert sorted(collector.recipients) == sorted(emails)
    assert set(deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_delivery_that_runs_out_of_attempts_is_failed_with_the_reason(
    sink, monkeypatch, request, tmp_path, secretariat_user
):
    collector, controller, _ = sink
    monkeypatch.setenv("NEWSLETTER_RETRY_SECONDS", "1")
    monkeypatch.setenv("NEWSLETTER_MAX_ATTEMPTS", "2")
    worker = request.getfixturevalue("celery_worker_process")
    many_subscribers(3)
    controller.stop()
    env = kill(worker)
    worker, beat = start_like(worker, env), start_beat(env, tmp_path)
    try:
        issue = IssueFactory()
        services.start_sending(issue_id=issue.pk, actor=secretariat_user)
        wait_until(lambda: issue_status(issue) == IssueStatus.SENT, timeout=60, what="settled")
    finally:
        stop(worker, beat)
    deliveries = Delivery.objects.filter(issue=issue)
    assert set(deliveries.values_list("status", "attempts")) == {(DeliveryStatus.FAILED, 2)}
    errors = deliveries.values_list("last_error", flat=True)
    assert all("refused" in error.lower() for error in errors)
    assert collector.messages == []
