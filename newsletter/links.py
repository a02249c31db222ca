"""Signed links: confirmation expires quickly, managing a subscription keeps working for a year."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

CONFIRM_SALT = "newsletter.confirm"
MANAGE_SALT = "newsletter.manage"
CONFIRM_MAX_AGE = 60 * 60 * 24 * 3
# Old issues sit in mailboxes; their unsubscribe links must keep working for a long time.
MANAGE_MAX_AGE = 60 * 60 * 24 * 400


def confirm_token(subscriber) -> str:
    # The e-mail is part of the payload so a token stops working if the address changes.
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(
        {"id": subscriber.pk, "email": subscriber.email}
    )


def manage_token(subscriber) -> str:
    return signing.TimestampSigner(salt=MANAGE_SALT).sign_object(
        {"id": subscriber.pk, "email": subscriber.email}
    )


def read_token(token: str, *, salt: str, max_age: int) -> dict:
    """The payload; raises signing.BadSignature (or SignatureExpired) when it is not ours."""
    return signing.TimestampSigner(salt=salt).unsign_object(token, max_age=max_age)


def absolute_url(name: str, *, language: str, **kwargs) -> str:
    with translation.override(language):
        path = reverse(name, kwargs=kwargs or None)
    return settings.SITE_URL.rstrip("/") + path


def confirm_url(subscriber) -> str:
    return absolute_url(
        "newsletter:confirm", language=subscriber.language, token=confirm_token(subscriber)
    )


def preferences_url(subscriber) -> str:
    return absolute_url(
        "newsletter:preferences", language=subscriber.language, token=manage_token(subscriber)
    )


def unsubscribe_url(subscriber) -> str:
    return absolute_url(
        "newsletter:unsubscribe", language=subscriber.language, token=manage_token(subscriber)
    )
