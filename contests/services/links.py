"""Signed links of the contest: confirming and editing an entry, confirming a vote."""

from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.utils.translation import gettext_lazy as _

from ..models import Entry, PublicVote
from .rules import ContestError

CONFIRM_SALT = "contests.entry.confirm"
VOTE_SALT = "contests.vote.confirm"
EDIT_SALT = "contests.entry.edit"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def confirmation_token(entry: Entry) -> str:
    return TimestampSigner(salt=CONFIRM_SALT).sign(str(entry.public_id))


def edit_token(entry: Entry) -> str:
    return TimestampSigner(salt=EDIT_SALT).sign(str(entry.public_id))


def entry_from_token(token: str, *, salt: str, max_age: int | None = None) -> Entry:
    try:
        public_id = TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except SignatureExpired as exc:
        raise ContestError(_("This link has expired.")) from exc
    except BadSignature as exc:
        raise ContestError(_("This link is not valid.")) from exc
    entry = Entry.objects.select_related("contest", "category").filter(public_id=public_id).first()
    if entry is None:
        raise ContestError(_("This link is not valid."))
    return entry


def vote_token(vote: PublicVote) -> str:
    return TimestampSigner(salt=VOTE_SALT).sign(str(vote.pk))


def vote_from_token(token: str) -> PublicVote:
    try:
        pk = TimestampSigner(salt=VOTE_SALT).unsign(token, max_age=CONFIRM_MAX_AGE)
    except SignatureExpired as exc:
        raise ContestError(_("This link has expired.")) from exc
    except BadSignature as exc:
        raise ContestError(_("This link is not valid.")) from exc
    vote = PublicVote.objects.select_related("entry__contest").filter(pk=pk).first()
    if vote is None:
        raise ContestError(_("This link is not valid."))
    return vote
