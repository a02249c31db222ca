"""Demo subscribers (confirmed and not), one sent issue; 100,000 subscribers at large scale,
1,000,000 at xlarge."""

import datetime

from django.utils import timezone

from .models import Delivery, DeliveryStatus, Issue, IssueStatus, Subscriber, SubscriberStatus

DEMO_DOMAIN = "demo.eco62.example"
SUBSCRIBERS_AT_SCALE = {"large": 100_000, "xlarge": 1_000_000}


def seed(*, scale: str, out) -> None:
    now = timezone.now()
    people = [
        ("hanako", "ja", SubscriberStatus.ACTIVE, ",nature,events,"),
        ("taro", "ja", SubscriberStatus.ACTIVE, ""),
        ("emily", "en", SubscriberStatus.ACTIVE, ",climate,"),
        ("kenji", "ja", SubscriberStatus.PENDING, ""),
        ("sarah", "en", SubscriberStatus.PENDING, ",learning,"),
    ]
    subscribers = []
    for name, language, status, themes in people:
        subscriber, _created = Subscriber.objects.get_or_create(
            email=f"{name}@{DEMO_DOMAIN}",
            defaults={
                "language": language,
                "status": status,
                "themes": themes,
                "confirmed_at": now if status == SubscriberStatus.ACTIVE else None,
            },
        )
        subscribers.append(subscriber)
    issue = Issue.objects.filter(subject_ja="ECOネット東京62 ニュースレター 創刊号").first()
    if issue is None:
        issue = Issue.objects.create(
            subject_ja="ECOネット東京62 ニュースレター 創刊号",
            subject_en="ECO Net Tokyo 62 newsletter, first issue",
            body_ja="## エコニュース\n\n- 62市区町村にみどりのカーテン用ゴーヤの種を配布。\n",
            body_en="## Eco news\n\n- Goya seeds for green curtains went to all 62.\n",
            status=IssueStatus.SENT,
            covers_since=now - datetime.timedelta(days=31),
            covers_until=now - datetime.timedelta(days=1),
            sending_started_at=now - datetime.timedelta(days=1),
            sent_at=now - datetime.timedelta(days=1),
        )
        Delivery.objects.bulk_create(
            [
                Delivery(
                    issue=issue,
                    subscriber=s,
                    status=DeliveryStatus.SENT,
                    attempts=1,
                    sent_at=issue.sent_at,
                )
                for s in subscribers
                if s.status == SubscriberStatus.ACTIVE
            ],
            ignore_conflicts=True,
        )
    if scale in SUBSCRIBERS_AT_SCALE:
        _seed_large(now, SUBSCRIBERS_AT_SCALE[scale])
    out.write(f"newsletter: {Subscriber.objects.count():,} subscribers, 1 sent issue")


def _seed_large(now, total: int) -> None:
    existing = Subscriber.objects.filter(email__startswith="reader").count()
    batch = []
    for number in range(existing, total):
        batch.append(
            Subscriber(
                email=f"reader{number:06d}@{DEMO_DOMAIN}",
                language="en" if number % 5 == 0 else "ja",
                status=SubscriberStatus.ACTIVE,
                confirmed_at=now,
                themes=",climate," if number % 3 == 0 else "",
            )
        )
        if len(batch) == 10_000:
            Subscriber.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Subscriber.objects.bulk_create(batch, ignore_conflicts=True)
