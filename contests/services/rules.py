"""The contest's error and the one move of an entry along its map."""

from django.utils.translation import gettext_lazy as _

from core.audit import record_audit

from ..models import ENTRY_TRANSITIONS, Entry, EntryStatus


class ContestError(Exception):
    """A contest rule refused the action; the message is shown to the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def move_entry(entry: Entry, to_status: str, *, actor, note: str = "") -> Entry:
    """Apply one move of the map; the caller holds the entry row lock."""
    if to_status not in ENTRY_TRANSITIONS[entry.status]:
        raise ContestError(
            _("An entry that is “%(from)s” cannot become “%(to)s”.")
            % {"from": EntryStatus(entry.status).label, "to": EntryStatus(to_status).label}
        )
    from_status = entry.status
    entry.status = to_status
    entry.save()
    record_audit(
        subject=entry,
        actor=actor,
        action=f"status:{to_status}",
        from_state=from_status,
        to_state=to_status,
        note=note,
    )
    return entry


def lock_entry(entry: Entry) -> Entry:
    return Entry.objects.select_for_update().select_related("contest", "category").get(pk=entry.pk)
