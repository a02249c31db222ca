"""E-mails about an entry, sent after the transaction commits."""

from django.db import transaction

from ..models import Entry


def send_mail_on_commit(entry: Entry, kind: str) -> None:
    from ..tasks import send_entry_mail

    entry_id = entry.pk
    transaction.on_commit(lambda: send_entry_mail.delay(entry_id, kind))
