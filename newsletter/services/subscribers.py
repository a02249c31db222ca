"""Subscribers: subscribing, confirming, preferences, leaving, bounces."""

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record_audit
from core.queue import notify_on_commit
from core.ratelimit import hit

from .. import conf, links
from ..models import Bounce, BounceKind, NewsletterError, Subscriber, SubscriberStatus, join_themes


def subscribe(
    *, email: str, language: str, themes: list[str], municipality_codes: list[str]
) -> Subscriber:
    """Answer every sign-up the same way; only the mailbox owner learns whether it was new."""
    from ..tasks import send_notice

    email = email.strip().lower()
    # However many addresses a visitor uses, one mailbox gets at most a few notices an hour:
    # the form cannot be used to flood someone else's inbox.
    may_notify = hit("newsletter-notice", email, limit=3, window_seconds=3600)
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"language": language}
        )
        if subscriber.status == SubscriberStatus.ACTIVE:
            notice = "already_subscribed"
        elif subscriber.status == SubscriberStatus.SUPPRESSED:
            # The address bounced; writing to it again would hurt the sender's reputation.
            return subscriber
        else:
            # New, unconfirmed or previously unsubscribed: the choices are (re)set and the
            # address must be confirmed again before anything is sent.
            subscriber.language = language
            subscriber.themes = join_themes(themes)
            subscriber.status = SubscriberStatus.PENDING
            subscriber.confirmed_at = None
            subscriber.save()
            subscriber.municipalities.set(municipality_codes)
            notice = "confirm"
        if may_notify:
            notify_on_commit(send_notice, subscriber.pk, notice)
    return subscriber


def subscriber_from_token(token: str, *, purpose: str) -> Subscriber:
    salt, max_age = {
        "confirm": (links.CONFIRM_SALT, links.CONFIRM_MAX_AGE),
        "manage": (links.MANAGE_SALT, links.MANAGE_MAX_AGE),
    }[purpose]
    try:
        payload = links.read_token(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise NewsletterError(_("This link has expired. Please sign up again.")) from error
    except signing.BadSignature as error:
        raise NewsletterError(_("This link is not valid.")) from error
    subscriber = Subscriber.objects.filter(pk=payload.get("id"), email=payload.get("email")).first()
    if subscriber is None:
        raise NewsletterError(_("This link is not valid."))
    return subscriber


def confirm_subscription(*, token: str) -> Subscriber:
    subscriber = subscriber_from_token(token, purpose="confirm")
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == SubscriberStatus.SUPPRESSED:
            raise NewsletterError(_("This address can no longer receive the newsletter."))
        if subscriber.status != SubscriberStatus.ACTIVE:
            subscriber.status = SubscriberStatus.ACTIVE
            subscriber.confirmed_at = timezone.now()
            subscriber.unsubscribed_at = None
            subscriber.save()
    return subscriber


def update_preferences(
    *, subscriber_id: int, language: str, themes: list[str], municipality_codes: list[str]
) -> Subscriber:
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber_id)
        subscriber.language = language
        subscriber.themes = join_themes(themes)
        subscriber.save(update_fields=["language", "themes"])
        subscriber.municipalities.set(municipality_codes)
    return subscriber


def unsubscribe(*, subscriber_id: int) -> Subscriber:
    """Idempotent: a second click (or a mail client's one-click POST) changes nothing."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber_id)
        if subscriber.status in (SubscriberStatus.ACTIVE, SubscriberStatus.PENDING):
            subscriber.status = SubscriberStatus.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["status", "unsubscribed_at"])
    return subscriber


def record_bounce(*, subscriber_id: int, kind: str, note: str = "", actor=None) -> Bounce:
    """A hard bounce, or `bounce_threshold` soft ones, suppresses the address for good."""
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber_id)
        bounce = Bounce.objects.create(subscriber=subscriber, kind=kind, note=note)
        subscriber.bounce_count += 1
        fields = ["bounce_count"]
        suppress = kind == BounceKind.HARD or subscriber.bounce_count >= conf.bounce_threshold()
        if suppress and subscriber.status != SubscriberStatus.SUPPRESSED:
            record_audit(
                subject=subscriber,
                actor=actor,
                action="suppress",
                from_state=subscriber.status,
                to_state=SubscriberStatus.SUPPRESSED,
                note=note,
            )
            subscriber.status = SubscriberStatus.SUPPRESSED
            fields.append("status")
        subscriber.save(update_fields=fields)
    return bounce
