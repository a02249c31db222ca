from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import links, services
from .models import Contest, Entry, PublicVote

MAIL_SUBJECTS = {
    "confirm": "contests/mail/confirm_subject.txt",
    "receipt": "contests/mail/receipt_subject.txt",
    "accepted": "contests/mail/accepted_subject.txt",
    "rejected": "contests/mail/rejected_subject.txt",
}


@shared_task
def send_entry_mail(entry_id: int, kind: str) -> bool:
    """Send one of the entrant's e-mails; a second run for the same state sends nothing."""
    entry = Entry.objects.select_related("contest", "category").filter(pk=entry_id).first()
    if entry is None:
        return False
    once_key = f"contests:mail:{entry_id}:{kind}:{entry.status}:{entry.updated_at.timestamp()}"
    if not cache.add(once_key, True, timeout=7 * 24 * 3600):
        return False
    with translation.override(entry.language or "ja"):
        context = {
            "entry": entry,
            "contest": entry.contest,
            "confirm_url": settings.SITE_URL
            + reverse("contests:confirm", kwargs={"token": links.confirmation_token(entry)}),
            "edit_url": settings.SITE_URL
            + reverse("contests:edit", kwargs={"token": links.edit_token(entry)}),
            "contest_url": settings.SITE_URL + entry.contest.get_absolute_url(),
        }
        subject = render_to_string(MAIL_SUBJECTS[kind], context).strip()
        body = render_to_string(f"contests/mail/{kind}.txt", context)
    send_mail(subject, body, None, [entry.email])
    return True


@shared_task
def expire_unconfirmed_entries() -> int:
    """Withdraw the never-confirmed entries of every contest past its deadline."""
    now = timezone.now()
    contest_ids = (
        Contest.objects.filter(entries_close_at__lte=now, entries__status="unconfirmed")
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    return sum(
        services.expire_unconfirmed_entries(contest_id=contest_id) for contest_id in contest_ids
    )


@shared_task
def send_vote_mail(vote_id: int) -> bool:
    """The confirmation link of a public vote; nothing is sent once the vote is confirmed."""
    vote = PublicVote.objects.select_related("entry__contest").filter(pk=vote_id).first()
    if vote is None or vote.confirmed_at is not None:
        return False
    if not cache.add(f"contests:vote-mail:{vote_id}", True, timeout=7 * 24 * 3600):
        return False
    with translation.override(vote.language or "ja"):
        context = {
            "vote": vote,
            "entry": vote.entry,
            "confirm_url": settings.SITE_URL
            + reverse("contests:confirm_vote", kwargs={"token": links.vote_token(vote)}),
        }
        subject = render_to_string("contests/mail/vote_subject.txt", context).strip()
        body = render_to_string("contests/mail/vote.txt", context)
    send_mail(subject, body, None, [vote.email])
    return True
