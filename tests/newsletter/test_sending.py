import datetime
import email.policy
import sys
import types

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from core.contributions import DigestItem
from newsletter import services, tasks
from newsletter.mail import issue_markdown
from newsletter.models import (
    BounceKind,
    Delivery,
    DeliveryStatus,
    IssueStatus,
    Subscriber,
    SubscriberStatus,
)
from newsletter.services import NewsletterError

from .factories import IssueFactory, SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.NEWSLETTER_MESSAGES_PER_SECOND = 0
    settings.NEWSLETTER_BATCH_SIZE = 3


def test_only_confirmed_active_subscribers_in_the_segment_receive(secretariat_user):
    receiving = SubscriberFactory.create_batch(4)
    SubscriberFactory(status=SubscriberStatus.PENDING, confirmed_at=None)
    SubscriberFactory(status=SubscriberStatus.UNSUBSCRIBED)
    SubscriberFactory(status=SubscriberStatus.SUPPRESSED)
    issue = IssueFactory()
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in receiving)
    assert services.progress(issue) | {} == {
        "total": 4,
        "sent": 4,
        "failed": 0,
        "skipped": 0,
        "pending": 0,
        "percent": 100,
        "status": IssueStatus.SENT,
    }


def test_every_message_has_one_click_unsubscribe_headers_and_both_parts(secretariat_user):
    SubscriberFactory(email="en@example.jp", language="en")
    SubscriberFactory(email="ja@example.jp", language="ja")
    services.start_sending(issue_id=IssueFactory().pk, actor=secretariat_user)
    by_address = {m.to[0]: m for m in mail.outbox}
    english, japanese = by_address["en@example.jp"], by_address["ja@example.jp"]
    for message in (english, japanese):
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.extra_headers["List-Unsubscribe"].startswith("<http")
        assert "/newsletter/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
        assert message.alternatives[0].mimetype == "text/html"
    assert english.subject == "This month's newsletter"
    assert "The body." in english.body and "/en/newsletter/unsubscribe/" in english.body
    assert japanese.subject == "今月のニュースレター"
    assert "本文です。" in japanese.alternatives[0].content
    # Each recipient gets their own link, never someone else's.
    assert english.extra_headers["List-Unsubscribe"] != japanese.extra_headers["List-Unsubscribe"]


def test_the_unsubscribe_header_reaches_mail_providers_as_a_plain_url(secretariat_user, settings):
    """Folded by Python, a long URL became =?utf-8?q?...?= words: no unsubscribe button."""
    settings.SITE_URL = "https://eco62.example.tokyo.lg.jp"
    SubscriberFactory(email="a-rather-long-address.of-a-subscriber@example.tokyo.lg.jp")
    services.start_sending(issue_id=IssueFactory().pk, actor=secretariat_user)
    [message] = mail.outbox
    wire = message.message(policy=email.policy.SMTP).as_bytes()

    url = message.extra_headers["List-Unsubscribe"]
    assert len(url) > 78
    assert f"List-Unsubscribe: {url}\r\n".encode() in wire
    assert b"=?utf-8?q?=3Chttp" not in wire
    parsed = email.message_from_bytes(wire, policy=email.policy.default)
    assert parsed["List-Unsubscribe"] == url
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_running_the_send_job_twice_sends_each_message_once(secretariat_user):
    SubscriberFactory.create_batch(7)
    issue = IssueFactory()
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    assert len(mail.outbox) == 7
    # A duplicated fan-out and a duplicated batch (broker redelivery) send nothing more.
    tasks.fan_out_issue(issue.pk)
    ids = list(Delivery.objects.values_list("pk", flat=True))
    tasks.send_issue_batch(issue.pk, ids)
    assert len(mail.outbox) == 7
    assert Delivery.objects.filter(issue=issue).count() == 7


def test_a_job_restarted_mid_way_sends_only_the_rest(secretariat_user, monkeypatch):
    SubscriberFactory.create_batch(6)
    issue = IssueFactory()
    monkeypatch.setattr(tasks.send_issue_batch, "delay", lambda *args: None)
    services.start_sending(
        issue_id=issue.pk, actor=secretariat_user
    )  # deliveries made, no batch ran
    first_two = list(Delivery.objects.order_by("pk").values_list("pk", flat=True)[:2])
    services.send_batch(issue_id=issue.pk, delivery_ids=first_two)  # then the worker "died"
    assert len(mail.outbox) == 2
    monkeypatch.undo()
    monkeypatch.setattr("django.db.transaction.on_commit", lambda f, using=None, robust=False: f())
    services.resume_sending(issue_id=issue.pk)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == len(set(recipients)) == 6


@pytest.mark.postgres
def test_a_batch_commits_without_the_disk_flush_and_leaves_the_connection_as_it_was(
    secretariat_user, monkeypatch
):
    from django.db import connection

    SubscriberFactory.create_batch(2)
    issue = IssueFactory()
    monkeypatch.setattr(tasks.send_issue_batch, "delay", lambda *args: None)
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    seen = []
    from django.core.mail import mailers

    backend = type(mailers.default)
    send = backend.send_messages

    def send_and_look(self, messages):
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            seen.append(cursor.fetchone()[0])
        return send(self, messages)

    monkeypatch.setattr(backend, "send_messages", send_and_look)
    services.send_batch(
        issue_id=issue.pk, delivery_ids=list(Delivery.objects.values_list("pk", flat=True))
    )

    assert seen == ["off", "off"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"


def test_segment_counts_follow_language_themes_and_municipalities():
    SubscriberFactory(language="ja", themes=",nature,")
    SubscriberFactory(language="ja", themes="")  # no theme chosen: wants every theme
    SubscriberFactory(language="en", themes=",energy,")
    chiyoda = SubscriberFactory(language="ja", themes=",energy,")
    chiyoda.municipalities.set(["131016"])
    hachioji = SubscriberFactory(language="en")
    hachioji.municipalities.set(["132012"])
    SubscriberFactory(language="ja", status=SubscriberStatus.PENDING, confirmed_at=None)

    issue = IssueFactory()
    assert issue.recipients().count() == 5
    issue.segment_language = "en"
    assert issue.recipients().count() == 2
    issue.segment_language = ""
    issue.segment_themes = ",nature,"
    assert issue.recipients().count() == 3  # nature + the two with no theme
    issue.segment_themes = ""
    issue.save()
    issue.segment_municipalities.set(["131016"])
    # Chiyoda's follower and everyone who follows no particular municipality.
    assert issue.recipients().count() == 4


def test_failures_are_recorded_retried_and_then_marked_failed(
    secretariat_user, monkeypatch, settings
):
    settings.NEWSLETTER_MAX_ATTEMPTS = 2
    SubscriberFactory(email="ok@example.jp")
    SubscriberFactory(email="broken@example.jp")
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def flaky(self, messages):
        if messages[0].to == ["broken@example.jp"]:
            raise OSError("451 try again later")
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)
    issue = IssueFactory()
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    broken = Delivery.objects.get(subscriber__email="broken@example.jp")
    # Still pending, its attempt counted, held until the retry is due; the sweep waits.
    assert (broken.status, broken.attempts) == (DeliveryStatus.PENDING, 1)
    assert broken.held_until > timezone.now() + datetime.timedelta(seconds=50)
    assert tasks.resume_held_deliveries() == 0
    with time_machine.travel(broken.held_until + datetime.timedelta(seconds=1)):
        assert tasks.resume_held_deliveries() == 1
    broken.refresh_from_db()
    assert broken.status == DeliveryStatus.FAILED
    assert broken.attempts == 2
    assert "451" in broken.last_error
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert services.progress(issue)["failed"] == 1
    assert [m.to for m in mail.outbox] == [["ok@example.jp"]]

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    assert services.retry_failed_deliveries(issue_id=issue.pk, actor=secretariat_user) == 1
    broken.refresh_from_db()
    assert broken.status == DeliveryStatus.SENT
    assert len(mail.outbox) == 2


def test_a_batch_whose_lease_ran_out_is_handed_to_the_next_worker(secretariat_user, monkeypatch):
    SubscriberFactory.create_batch(4)
    issue = IssueFactory()
    monkeypatch.setattr(tasks.send_issue_batch, "delay", lambda *args: None)
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)  # batches taken by a worker …
    deliveries = Delivery.objects.filter(issue=issue)
    deliveries.update(held_until=timezone.now() + datetime.timedelta(seconds=20))
    monkeypatch.undo()
    assert tasks.resume_held_deliveries() == 0  # … whose lease still runs: it may be alive
    # … that was killed: it stopped renewing the lease.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=21)):
        assert tasks.resume_held_deliveries() == 2
    assert len(mail.outbox) == 4
    assert set(deliveries.values_list("status", "held_until")) == {(DeliveryStatus.SENT, None)}
    first = deliveries.order_by("pk").first()
    assert first.message_id == f"<newsletter.{issue.pk}.{first.pk}@{_host()}>"
    assert first.message_id in {m.extra_headers["Message-ID"] for m in mail.outbox}


def _host() -> str:
    from newsletter.mail import message_id_domain

    return message_id_domain()


def test_only_the_secretariat_sends(editor_user):
    issue = IssueFactory()
    with pytest.raises(NewsletterError):
        services.start_sending(issue_id=issue.pk, actor=editor_user)
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT


def test_an_issue_is_sent_only_once(secretariat_user):
    issue = IssueFactory()
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    with pytest.raises(NewsletterError):
        services.start_sending(issue_id=issue.pk, actor=secretariat_user)


def test_subscribers_who_leave_before_their_turn_are_skipped(secretariat_user, monkeypatch):
    leaving = SubscriberFactory()
    SubscriberFactory()
    issue = IssueFactory()
    monkeypatch.setattr(tasks.send_issue_batch, "delay", lambda *args: None)
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    services.unsubscribe(subscriber_id=leaving.pk)
    ids = list(Delivery.objects.values_list("pk", flat=True))
    services.send_batch(issue_id=issue.pk, delivery_ids=ids)
    assert [m.to[0] for m in mail.outbox] != [leaving.email]
    assert len(mail.outbox) == 1
    assert Delivery.objects.get(subscriber=leaving).status == DeliveryStatus.SKIPPED


def test_a_hard_bounce_suppresses_at_once():
    subscriber = SubscriberFactory()
    services.record_bounce(subscriber_id=subscriber.pk, kind=BounceKind.HARD)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.SUPPRESSED
    assert not Subscriber.objects.receiving().exists()


def test_repeated_soft_bounces_suppress_the_address(settings):
    settings.NEWSLETTER_BOUNCE_THRESHOLD = 3
    subscriber = SubscriberFactory()
    for _ in range(2):
        services.record_bounce(subscriber_id=subscriber.pk, kind=BounceKind.SOFT)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE
    services.record_bounce(subscriber_id=subscriber.pk, kind=BounceKind.SOFT)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.SUPPRESSED
    assert subscriber.bounce_count == 3


def test_suppressed_addresses_get_no_issue(secretariat_user):
    bouncing = SubscriberFactory()
    SubscriberFactory()
    services.record_bounce(subscriber_id=bouncing.pk, kind=BounceKind.HARD)
    services.start_sending(issue_id=IssueFactory().pk, actor=secretariat_user)
    assert bouncing.email not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 1


@pytest.fixture
def fake_contributors(monkeypatch):
    """Two stand-in apps contributing digest items, as news and events will."""
    now = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)
    news = types.ModuleType("fake_news_digest")
    news.items_since = lambda *, since, until: [
        DigestItem(
            kind="news",
            title_ja="ゴーヤの種を配布",
            title_en="Goya seeds handed out",
            url="/news/2026/goya/",
            published_at=now,
        )
    ]
    events = types.ModuleType("fake_events_digest")
    events.items_since = lambda *, since, until: [
        DigestItem(
            kind="events",
            title_ja="森林セラピー体験",
            title_en="",
            url="/events/42/",
            summary_ja="奥多摩町で開催",
            published_at=now - datetime.timedelta(days=1),
        )
    ]
    calls = []

    def app_modules(name):
        calls.append(name)
        return [news, events] if name == "digest" else []

    monkeypatch.setitem(sys.modules, "fake_news_digest", news)
    monkeypatch.setattr("core.contributions.app_modules", app_modules)
    return calls


def test_draft_from_new_content_lists_what_the_apps_published(fake_contributors):
    issue = services.draft_issue_from_new_content(
        until=datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC)
    )
    assert issue.status == IssueStatus.DRAFT
    items = list(issue.items.all())
    body_ja, body_en = issue_markdown(issue, "ja", items), issue_markdown(issue, "en", items)
    assert "[ゴーヤの種を配布](http://127.0.0.1:8000/news/2026/goya/)" in body_ja
    assert "森林セラピー体験" in body_ja and "奥多摩町で開催" in body_ja
    assert "[Goya seeds handed out](http://127.0.0.1:8000/en/news/2026/goya/)" in body_en
    # An item without English falls back to its Japanese title.
    assert "[森林セラピー体験](http://127.0.0.1:8000/en/events/42/)" in body_en
    assert issue.subject_ja.endswith("2026年11月")


def test_the_next_draft_starts_where_the_previous_one_ended(fake_contributors):
    first = services.draft_issue_from_new_content(
        until=datetime.datetime(2026, 10, 28, tzinfo=datetime.UTC)
    )
    second = services.draft_issue_from_new_content(
        until=datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC)
    )
    assert second.covers_since == first.covers_until


def test_the_monthly_beat_drafts_once_and_never_sends(fake_contributors):
    assert services.draft_monthly_issue() is not None
    assert services.draft_monthly_issue() is None  # a draft is already waiting
    assert mail.outbox == []


def test_test_send_goes_only_to_the_given_address():
    SubscriberFactory()
    issue = IssueFactory()
    services.send_test_issue(issue_id=issue.pk, email="editor@example.jp", language="en")
    assert [m.to for m in mail.outbox] == [["editor@example.jp"]]
    assert mail.outbox[0].subject.startswith("[TEST]")
    assert not Delivery.objects.exists()


def test_retry_resumes_a_stalled_send(secretariat_user, monkeypatch):
    SubscriberFactory.create_batch(3)
    issue = IssueFactory()
    monkeypatch.setattr(tasks.send_issue_batch, "delay", lambda *args: None)
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)  # the batches were lost
    monkeypatch.undo()
    monkeypatch.setattr("django.db.transaction.on_commit", lambda f, using=None, robust=False: f())
    assert services.retry_failed_deliveries(issue_id=issue.pk, actor=secretariat_user) == 0
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert len(mail.outbox) == 3


def test_a_draft_cannot_be_retried(secretariat_user):
    with pytest.raises(NewsletterError):
        services.retry_failed_deliveries(issue_id=IssueFactory().pk, actor=secretariat_user)


def test_the_beat_schedule_names_real_newsletter_tasks():
    from eco62.celery import app

    app.loader.import_default_modules()
    scheduled = [e["task"] for e in app.conf.beat_schedule.values()]
    assert "newsletter.tasks.draft_monthly_issue" in scheduled
    assert "newsletter.tasks.resume_stalled_sending" in scheduled
    assert all(name in app.tasks for name in scheduled)


def test_the_stalled_resume_only_picks_issues_that_stopped_moving(secretariat_user, monkeypatch):
    SubscriberFactory.create_batch(2)
    issue = IssueFactory()
    monkeypatch.setattr(tasks.send_issue_batch, "delay", lambda *args: None)
    services.start_sending(issue_id=issue.pk, actor=secretariat_user)
    assert services.stalled_issue_ids() == []  # just started: batches may still be queued
    later = timezone.now() + datetime.timedelta(minutes=20)
    with time_machine.travel(later, tick=False):
        assert services.stalled_issue_ids() == [issue.pk]
        monkeypatch.undo()
        assert tasks.resume_stalled_sending() == 1
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert len(mail.outbox) == 2


def test_the_fan_out_is_one_statement_however_many_subscribers(django_assert_max_num_queries):
    from newsletter.models import Delivery, Subscriber

    now = timezone.now()
    Subscriber.objects.bulk_create(
        Subscriber(email=f"many{n}@example.jp", status=SubscriberStatus.ACTIVE, confirmed_at=now)
        for n in range(3000)
    )
    SubscriberFactory(status=SubscriberStatus.UNSUBSCRIBED)
    issue = IssueFactory(status=IssueStatus.SENDING)
    with django_assert_max_num_queries(3):
        assert services.create_deliveries(issue_id=issue.pk) == 3000
    assert services.create_deliveries(issue_id=issue.pk) == 0  # run again: nobody twice
    assert Delivery.objects.filter(issue=issue, status=DeliveryStatus.PENDING).count() == 3000
