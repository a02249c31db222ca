"""The entry or vote a signed link names (the links themselves: contests.links)."""

from django.core.signing import BadSignature, SignatureExpired
from django.utils.translation import gettext_lazy as _

from .. import links
from ..models import Entry, PublicVote
from .rules import ContestError


def entry_from_token(token: str, *, salt: str, max_age: int | None = None) -> Entry:
    try:
        public_id = links.read_token(token, salt=salt, max_age=max_age)
    except SignatureExpired as exc:
        raise ContestError(_("This link has expired.")) from exc
    except BadSignature as exc:
        raise ContestError(_("This link is not valid.")) from exc
    entry = Entry.objects.select_related("contest", "category").filter(public_id=public_id).first()
    if entry is None:
        raise ContestError(_("This link is not valid."))
    return entry


def vote_from_token(token: str) -> PublicVote:
    try:
        pk = links.read_token(token, salt=links.VOTE_SALT, max_age=links.CONFIRM_MAX_AGE)
    except SignatureExpired as exc:
        raise ContestError(_("This link has expired.")) from exc
    except BadSignature as exc:
        raise ContestError(_("This link is not valid.")) from exc
    vote = PublicVote.objects.select_related("entry__contest").filter(pk=pk).first()
    if vote is None:
        raise ContestError(_("This link is not valid."))
    return vote
