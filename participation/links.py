"""Signed links of the participation system: confirming an organisation's address, invitations."""

import datetime

from django.core import signing

CONFIRMATION_SALT = "participation.confirm-email"
CONFIRMATION_MAX_AGE = datetime.timedelta(days=3)
INVITATION_SALT = "participation.invite"
INVITATION_MAX_AGE = datetime.timedelta(days=7)


def confirmation_token(organisation) -> str:
    return signing.TimestampSigner(salt=CONFIRMATION_SALT).sign_object(
        {"o": organisation.pk, "e": organisation.email}
    )


def read_confirmation_token(token: str) -> dict:
    """The payload; raises signing.BadSignature (or SignatureExpired) when it is not ours."""
    return signing.TimestampSigner(salt=CONFIRMATION_SALT).unsign_object(
        token, max_age=CONFIRMATION_MAX_AGE
    )


def invitation_token(*, organisation_id: int, email: str) -> str:
    return signing.TimestampSigner(salt=INVITATION_SALT).sign_object(
        {"o": organisation_id, "e": email}
    )


def read_invitation_token(token: str) -> dict:
    """The payload; raises signing.BadSignature (or SignatureExpired) when it is not ours."""
    return signing.TimestampSigner(salt=INVITATION_SALT).unsign_object(
        token, max_age=INVITATION_MAX_AGE
    )
