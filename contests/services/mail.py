"""E-mails about an entry, sent after the transaction commits."""

from core.queue import notify_on_commit

from ..models import Entry


def send_mail_on_commit(entry: Entry, kind: str) -> None:
    from ..tasks import send_entry_mail

    notify_on_commit(send_entry_mail, entry.pk, kind)
