import factory
from django.utils import timezone

from newsletter.models import Issue, Subscriber, SubscriberStatus


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.jp")
    language = "ja"
    status = SubscriberStatus.ACTIVE
    confirmed_at = factory.LazyFunction(timezone.now)


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    subject_ja = "今月のニュースレター"
    subject_en = "This month's newsletter"
    body_ja = "## エコニュース\n\n本文です。"
    body_en = "## Eco news\n\nThe body."
