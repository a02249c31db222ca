"""Signed links that let a registrant cancel without an account."""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

CANCEL_SALT = "events.registration.cancel"
CANCEL_LINK_MAX_AGE = 60 * 60 * 24 * 400


def cancel_token(registration) -> str:
    # The e-mail is signed too, so a link stops working once the data is anonymised.
    return signing.TimestampSigner(salt=CANCEL_SALT).sign_object(
        {"r": registration.pk, "e": registration.email}
    )


def read_cancel_token(token: str) -> tuple[int, str]:
    """(registration id, e-mail); raises signing.BadSignature for a forged or stale link."""
    data = signing.TimestampSigner(salt=CANCEL_SALT).unsign_object(
        token, max_age=CANCEL_LINK_MAX_AGE
    )
    return int(data["r"]), str(data["e"])


def cancel_url(registration) -> str:
    with translation.override(registration.language):
        path = reverse("events:cancel", kwargs={"token": cancel_token(registration)})
    return settings.SITE_URL + path
