"""Signed links of the contest: confirming and editing an entry, confirming a vote."""

from django.core.signing import TimestampSigner

CONFIRM_SALT = "contests.entry.confirm"
VOTE_SALT = "contests.vote.confirm"
EDIT_SALT = "contests.entry.edit"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def confirmation_token(entry) -> str:
    return TimestampSigner(salt=CONFIRM_SALT).sign(str(entry.public_id))


def edit_token(entry) -> str:
    return TimestampSigner(salt=EDIT_SALT).sign(str(entry.public_id))


def vote_token(vote) -> str:
    return TimestampSigner(salt=VOTE_SALT).sign(str(vote.pk))


def read_token(token: str, *, salt: str, max_age: int | None = None) -> str:
    """The signed value; raises signing.BadSignature (or SignatureExpired) when it is not ours."""
    return TimestampSigner(salt=salt).unsign(token, max_age=max_age)
