"""Entries: submission, editing, confirmation, withdrawal, expiry, screening and publication."""

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from core.audit import record_audit
from core.images import jpeg_copy

from ..models import Category, CategoryKind, Contest, EntrantType, Entry, EntryStatus, Phase
from ..workflow import WORKFLOW
from .mail import send_mail_on_commit
from .rules import ContestError, lock_entry

PUBLISHED_IMAGE_WIDTH = 1600


@dataclass
class EntryFiles:
    image: ContentFile | None = None
    audio: ContentFile | None = None
    audio_seconds: int | None = None
    report_pdf: ContentFile | None = None


ENTRY_FIELDS = (
    "entrant_type",
    "entrant_name",
    "contact_person",
    "email",
    "display_name",
    "municipality",
    "is_minor",
    "guardian_name",
    "guardian_consent",
    "rights_consent",
    "licence_consent",
    "title",
    "description",
    "language",
)


def _require_entries_open(contest: Contest, now) -> None:
    if contest.phase_at(now) != Phase.ENTRIES_OPEN:
        raise ContestError(_("Entries for this contest are not open."))


def _check_entry(entry: Entry) -> None:
    if not (entry.rights_consent and entry.licence_consent):
        raise ContestError(_("Confirm that you hold the rights to the work and grant the licence."))
    if entry.is_minor and not (entry.guardian_name.strip() and entry.guardian_consent):
        raise ContestError(_("An entrant under 18 needs a guardian's name and consent."))
    if entry.entrant_type == EntrantType.SCHOOL and not entry.contact_person.strip():
        raise ContestError(_("A school entry needs a responsible teacher as contact person."))
    kind = entry.category.kind
    if kind == CategoryKind.ART and not entry.image:
        raise ContestError(_("An art work needs an image (JPEG or PNG)."))
    if kind == CategoryKind.MUSIC and not entry.audio:
        raise ContestError(_("A music work needs a recording (MP3, M4A or WAV)."))
    if kind == CategoryKind.ACTIVITY and not entry.report_pdf:
        raise ContestError(_("An activity entry needs an activity report (PDF)."))


def _attach_files(entry: Entry, files: EntryFiles) -> None:
    if files.image is not None:
        entry.image.save(files.image.name, files.image, save=False)
    if files.audio is not None:
        entry.audio.save(files.audio.name, files.audio, save=False)
        entry.audio_seconds = files.audio_seconds
    if files.report_pdf is not None:
        entry.report_pdf.save(files.report_pdf.name, files.report_pdf, save=False)


@transaction.atomic
def submit_entry(*, contest_id: int, category_id: int, data: dict, files: EntryFiles) -> Entry:
    """Record a public entry; it counts only once its e-mail address is confirmed."""
    # Lock the contest row: numbers are handed out one at a time and the phase is stable.
    contest = Contest.objects.select_for_update().get(pk=contest_id)
    _require_entries_open(contest, timezone.now())
    category = Category.objects.filter(pk=category_id, contest_id=contest.pk).first()
    if category is None:
        raise ContestError(_("Choose a category of this contest."))
    entry = Entry(contest=contest, category=category, status=EntryStatus.UNCONFIRMED)
    for name in ENTRY_FIELDS:
        if name in data:
            setattr(entry, name, data[name])
    _attach_files(entry, files)
    _check_entry(entry)
    last = contest.entries.aggregate(last=Max("number"))["last"] or 0
    entry.number = last + 1
    entry.save()
    record_audit(subject=entry, actor=None, action="submit", to_state=entry.status)
    send_mail_on_commit(entry, "confirm")
    return entry


@transaction.atomic
def update_entry(*, entry_id: int, data: dict, files: EntryFiles) -> Entry:
    """The entrant's own changes through the signed edit link, until the deadline."""
    entry = Entry.objects.select_for_update().select_related("contest", "category").get(pk=entry_id)
    _require_entries_open(entry.contest, timezone.now())
    if entry.status not in (EntryStatus.UNCONFIRMED, EntryStatus.SUBMITTED):
        raise ContestError(_("This entry can no longer be changed."))
    for name in ENTRY_FIELDS:
        if name in data and name != "email":  # the confirmed address stays the contact
            setattr(entry, name, data[name])
    _attach_files(entry, files)
    _check_entry(entry)
    entry.save()
    record_audit(subject=entry, actor=None, action="edit", to_state=entry.status)
    return entry


@transaction.atomic
def confirm_entry(*, entry_id: int) -> Entry:
    """The entrant followed the signed e-mail link; safe to follow twice."""
    entry = lock_entry(entry_id)
    if entry.status != EntryStatus.UNCONFIRMED:
        return entry
    now = timezone.now()
    if entry.contest.phase_at(now) != Phase.ENTRIES_OPEN:
        raise ContestError(_("The deadline has passed before the e-mail address was confirmed."))
    entry.confirmed_at = now
    WORKFLOW.finish(entry, "confirm", actor=None, note="e-mail confirmed", fields=("confirmed_at",))
    send_mail_on_commit(entry, "receipt")
    return entry


@transaction.atomic
def withdraw_entry(*, entry_id: int) -> Entry:
    """The entrant withdraws through the signed edit link, until the deadline."""
    entry = lock_entry(entry_id)
    _require_entries_open(entry.contest, timezone.now())
    WORKFLOW.check(entry, "withdraw", actor=None)
    WORKFLOW.finish(entry, "withdraw", actor=None, note="withdrawn by the entrant")
    _unpublish(entry)
    return entry


PERSONAL_FIELDS = ("entrant_name", "contact_person", "guardian_name", "email")


@transaction.atomic
def expire_unconfirmed_entries(*, contest_id: int) -> int:
    """After the deadline, entries never confirmed are withdrawn and their files deleted.

    Nobody vouched for the address, so the secretariat keeps no personal data or files of them.
    Returns how many were withdrawn; running it twice withdraws nothing more.
    """
    contest = Contest.objects.get(pk=contest_id)
    if contest.phase in (Phase.DRAFT, Phase.ANNOUNCED, Phase.ENTRIES_OPEN):
        return 0
    expired = 0
    for entry in contest.entries.select_for_update().filter(status=EntryStatus.UNCONFIRMED):
        for field in (entry.image, entry.audio, entry.report_pdf):
            if field:
                field.delete(save=False)
        entry.entrant_name = entry.contact_person = entry.guardian_name = ""
        entry.email = f"expired-{entry.public_id.hex}@invalid"
        WORKFLOW.finish(
            entry,
            "expire",
            actor=None,
            note="not confirmed by the deadline",
            fields=(*PERSONAL_FIELDS, "image", "audio", "report_pdf"),
        )
        expired += 1
    return expired


SCREENING_PHASES = (Phase.ENTRIES_OPEN, Phase.SCREENING, Phase.JUDGING)


@transaction.atomic
def screen_entry(*, entry_id: int, actor, accept: bool, reason: str = "") -> Entry:
    """The secretariat accepts or rejects an entry; a rejection states the reason."""
    if not has_role(actor, Role.SECRETARIAT):
        raise ContestError(_("Only the secretariat screens entries."))
    entry = lock_entry(entry_id)
    if entry.contest.phase not in SCREENING_PHASES:
        raise ContestError(_("Entries can be screened only until the results are published."))
    reason = reason.strip()
    if not accept and not reason:
        raise ContestError(_("Give the reason for the rejection; it is sent to the entrant."))
    move = "accept" if accept else "reject"
    WORKFLOW.check(entry, move, actor=actor)
    entry.screening_reason = reason
    WORKFLOW.finish(entry, move, actor=actor, note=reason, fields=("screening_reason",))
    if accept:
        _publish(entry)
    else:
        entry.is_finalist = False
        entry.award = ""
        _unpublish(entry)
    entry.save()
    send_mail_on_commit(entry, "accepted" if accept else "rejected")
    return entry


def _publish(entry: Entry) -> None:
    """Make the public renditions: a re-encoded image and a copy of the checked audio."""
    if entry.image and not entry.published_image:
        entry.published_image.save(
            f"{entry.public_id.hex}.jpg", jpeg_copy(entry.image, PUBLISHED_IMAGE_WIDTH)
        )
    if entry.audio and not entry.published_audio:
        suffix = entry.audio.name.rsplit(".", 1)[-1]
        with entry.audio.open("rb") as source:
            entry.published_audio.save(
                f"{entry.public_id.hex}.{suffix}", ContentFile(source.read())
            )


def _unpublish(entry: Entry) -> None:
    for field in (entry.published_image, entry.published_audio):
        if field:
            field.delete(save=False)
    entry.save()
