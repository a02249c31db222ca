import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from newsletter import links, services
from newsletter.models import Subscriber, SubscriberStatus
from newsletter.services import NewsletterError

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def _link(message, name: str) -> str:
    match = re.search(r"https?://\S+/newsletter/" + name + r"/\S+/", message.body)
    assert match, message.body
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def subscribe_post(client, **overrides):
    data = {"email": "hanako@example.jp", "language": "ja", "themes": ["nature"], **overrides}
    return client.post(reverse("newsletter:subscribe"), data)


def test_signup_sends_a_confirmation_and_the_address_stays_pending(client):
    response = subscribe_post(client, municipalities=["131016"])
    assert response.status_code == 302
    subscriber = Subscriber.objects.get(email="hanako@example.jp")
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.theme_list == ["nature"]
    assert [m.pk for m in subscriber.municipalities.all()] == ["131016"]
    assert len(mail.outbox) == 1
    assert "/newsletter/confirm/" in mail.outbox[0].body
    assert not Subscriber.objects.receiving().exists()


def test_confirming_through_the_signed_link_activates_the_subscription(client):
    subscribe_post(client)
    confirm_path = _link(mail.outbox[0], "confirm")
    page = client.get(confirm_path)
    assert page.status_code == 200  # GET only asks; mail scanners must not confirm
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING
    client.post(confirm_path)
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.ACTIVE
    assert subscriber.confirmed_at is not None
    assert list(Subscriber.objects.receiving()) == [subscriber]


def test_a_confirmation_link_expires_after_three_days(client):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        subscribe_post(client)
    confirm_path = _link(mail.outbox[0], "confirm")
    with time_machine.travel(datetime.datetime(2026, 6, 4, 10, tzinfo=datetime.UTC), tick=False):
        response = client.post(confirm_path)
    assert response.status_code == 400
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING


def test_a_tampered_token_is_refused(client):
    subscriber = SubscriberFactory(status=SubscriberStatus.PENDING, confirmed_at=None)
    token = links.confirm_token(subscriber)
    response = client.post(reverse("newsletter:confirm", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    with pytest.raises(NewsletterError):
        services.confirm_subscription(token=links.manage_token(subscriber))  # wrong salt


def test_the_answer_never_reveals_whether_an_address_is_subscribed(client):
    SubscriberFactory(email="known@example.jp")
    known = subscribe_post(client, email="known@example.jp")
    unknown = subscribe_post(client, email="new@example.jp")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Only the owner of the mailbox learns it was already subscribed.
    assert [m.to for m in mail.outbox] == [["known@example.jp"], ["new@example.jp"]]
    assert "already subscribed" in mail.outbox[0].subject
    assert Subscriber.objects.get(email="known@example.jp").status == SubscriberStatus.ACTIVE


def test_the_honeypot_silently_drops_bots(client):
    response = subscribe_post(client, website="http://spam.example")
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


def test_an_invalid_address_is_a_form_error(client):
    response = subscribe_post(client, email="not-an-address")
    assert response.status_code == 200
    assert "email" in response.context["form"].errors


def test_signups_are_rate_limited_per_address(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "public_form": {"limit": 2, "seconds": 3600}}
    statuses = [subscribe_post(client, email=f"a{n}@example.jp").status_code for n in range(3)]
    assert statuses == [302, 302, 429]


def test_unsubscribe_through_the_link_asks_then_unsubscribes(client):
    subscriber = SubscriberFactory()
    url = reverse("newsletter:unsubscribe", args=[links.manage_token(subscriber)])
    assert client.get(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE
    response = client.post(url)
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED


def test_one_click_unsubscribe_post_works_without_csrf_token():
    from django.test import Client

    subscriber = SubscriberFactory()
    client = Client(enforce_csrf_checks=True)
    url = reverse("newsletter:unsubscribe", args=[links.manage_token(subscriber)])
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED
    assert not Subscriber.objects.receiving().exists()


def test_one_click_with_a_forged_token_changes_nothing():
    from django.test import Client

    subscriber = SubscriberFactory()
    client = Client(enforce_csrf_checks=True)
    url = reverse("newsletter:unsubscribe", args=["forged:token:abc"])
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE


def test_preferences_page_changes_language_and_interests(client):
    subscriber = SubscriberFactory()
    url = reverse("newsletter:preferences", args=[links.manage_token(subscriber)])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"language": "en", "themes": ["energy", "waste"], "municipalities": ["132012"]}
    )
    assert response.status_code == 200 and response.context["saved"]
    subscriber.refresh_from_db()
    assert subscriber.language == "en"
    assert subscriber.theme_list == ["waste", "energy"]
    assert [m.pk for m in subscriber.municipalities.all()] == ["132012"]


def test_subscribing_again_after_unsubscribing_needs_a_new_confirmation(client):
    subscriber = SubscriberFactory(status=SubscriberStatus.UNSUBSCRIBED)
    subscribe_post(client, email=subscriber.email)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING
    assert subscriber.confirmed_at is None
    assert "/newsletter/confirm/" in mail.outbox[0].body


def test_a_suppressed_address_gets_no_mail_when_signed_up_again(client):
    SubscriberFactory(email="bounced@example.jp", status=SubscriberStatus.SUPPRESSED)
    response = subscribe_post(client, email="bounced@example.jp")
    assert response.status_code == 302
    assert mail.outbox == []


def test_english_subscribers_get_english_confirmation(client):
    subscribe_post(client, language="en")
    assert "/en/newsletter/confirm/" in mail.outbox[0].body
    assert "confirm" in mail.outbox[0].subject.lower()


def test_one_mailbox_gets_at_most_three_notices_an_hour(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "public_form": {"limit": 100, "seconds": 3600}}
    for _ in range(5):
        subscribe_post(client, email="victim@example.jp")
    assert len(mail.outbox) == 3
