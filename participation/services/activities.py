"""Activity reports and their moderation: versions, photos, decisions."""

import datetime
from dataclasses import dataclass

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import record_audit
from core.fiscal import TOKYO
from core.queue import notify_on_commit

from ..models import (
    Activity,
    ActivityPhoto,
    ActivityVersion,
    Organisation,
    VersionStatus,
)
from ..workflow import VERSION_WORKFLOW
from .rules import (
    ParticipationError,
    require_approved,
    require_member,
    require_reason,
    require_secretariat,
)

MAX_PHOTOS_PER_ACTIVITY = 6


@dataclass(frozen=True)
class ActivityContent:
    title: str
    held_on: datetime.date
    municipality_id: str
    category: str
    description: str
    participants: int
    estimated_co2_kg: int | None = None
    co2_method: str = ""


def _check_content(content: ActivityContent) -> None:
    if content.held_on > timezone.localdate(timezone=TOKYO):
        raise ParticipationError(_("Report activities that have taken place, not future ones."))
    if content.estimated_co2_kg and not content.co2_method.strip():
        raise ParticipationError(_("Say how the CO2 reduction was estimated."))


def _add_photos(version: ActivityVersion, photos: list[tuple[File, str]], start: int) -> None:
    for offset, (image, alt_text) in enumerate(photos):
        ActivityPhoto.objects.create(
            version=version, image=image, alt_text=alt_text, position=start + offset
        )


@transaction.atomic
def submit_activity(
    *,
    organisation_id: int,
    actor,
    content: ActivityContent,
    photos: list[tuple[File, str]] = (),
) -> Activity:
    """Report a new activity; it is public once the secretariat approves it."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    require_member(actor, organisation)
    require_approved(organisation)
    _check_content(content)
    if len(photos) > MAX_PHOTOS_PER_ACTIVITY:
        raise ParticipationError(_("Attach at most six photos."))
    activity = Activity.objects.create(organisation=organisation)
    version = ActivityVersion.objects.create(
        activity=activity, submitted_by=actor, **content.__dict__
    )
    _add_photos(version, list(photos), 0)
    record_audit(subject=version, actor=actor, action="submit", to_state=VersionStatus.PENDING)
    return activity


@transaction.atomic
def revise_activity(
    *,
    activity_id: int,
    actor,
    content: ActivityContent,
    new_photos: list[tuple[File, str]] = (),
    removed_photo_ids: frozenset[int] = frozenset(),
) -> ActivityVersion:
    """Propose an edit; the public keeps seeing the published version until it is approved."""
    activity = (
        Activity.objects.select_for_update().select_related("organisation").get(pk=activity_id)
    )
    require_member(actor, activity.organisation)
    require_approved(activity.organisation)
    _check_content(content)
    pending = activity.versions.pending().first()
    if pending is not None:
        # One edit waits at a time: a further edit replaces the waiting text.
        for name, value in content.__dict__.items():
            setattr(pending, name, value)
        pending.submitted_by = actor
        pending.submitted_at = timezone.now()
        pending.save()
        pending.photos.filter(pk__in=removed_photo_ids).delete()
        version = pending
    else:
        base = activity.versions.order_by("-submitted_at", "-pk").first()
        version = ActivityVersion.objects.create(
            activity=activity, submitted_by=actor, **content.__dict__
        )
        for photo in base.photos.exclude(pk__in=removed_photo_ids):
            ActivityPhoto.objects.create(
                version=version,
                image=photo.image.name,
                alt_text=photo.alt_text,
                position=photo.position,
            )
    kept = version.photos.count()
    if kept + len(new_photos) > MAX_PHOTOS_PER_ACTIVITY:
        raise ParticipationError(_("Attach at most six photos."))
    last = version.photos.order_by("-position").values_list("position", flat=True).first()
    _add_photos(version, list(new_photos), (last or 0) + 1)
    record_audit(subject=version, actor=actor, action="revise", to_state=VersionStatus.PENDING)
    return version


def _move_version(version: ActivityVersion, move: str, *, actor, note: str = "") -> None:
    """Caller holds the activity row lock."""
    VERSION_WORKFLOW.check(version, move, actor=actor)
    version.decided_at = timezone.now()
    version.moderation_note = note
    VERSION_WORKFLOW.finish(
        version, move, actor=actor, note=note, fields=("decided_at", "moderation_note")
    )


@transaction.atomic
def approve_activity_version(*, version_id: int, actor, note: str = "") -> ActivityVersion:
    """Publish a version; the one published before is superseded."""
    require_secretariat(actor)
    activity_id = ActivityVersion.objects.values_list("activity_id", flat=True).get(pk=version_id)
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    version = ActivityVersion.objects.get(pk=version_id)
    _move_version(version, "approve", actor=actor, note=note)
    previous = activity.published_version
    if previous is not None:
        activity.published_version = None
        activity.save(update_fields=["published_version"])
        _move_version(previous, "supersede", actor=actor)
    activity.published_version = version
    activity.published_at = activity.published_at or version.decided_at
    activity.save(update_fields=["published_version", "published_at"])
    from ..tasks import send_moderation_email

    notify_on_commit(send_moderation_email, version.pk)
    return version


@transaction.atomic
def reject_activity_version(*, version_id: int, actor, note: str) -> ActivityVersion:
    """Return a version to the organisation with the reason; the published one stays."""
    require_secretariat(actor)
    note = require_reason(note)
    activity_id = ActivityVersion.objects.values_list("activity_id", flat=True).get(pk=version_id)
    Activity.objects.select_for_update().get(pk=activity_id)
    version = ActivityVersion.objects.get(pk=version_id)
    _move_version(version, "reject", actor=actor, note=note)
    from ..tasks import send_moderation_email

    notify_on_commit(send_moderation_email, version.pk)
    return version


@transaction.atomic
def withdraw_activity(*, activity_id: int, actor, reason: str) -> Activity:
    """Take a published activity off the public site (secretariat)."""
    require_secretariat(actor)
    reason = require_reason(reason)
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    if activity.is_withdrawn:
        return activity
    activity.is_withdrawn = True
    activity.save(update_fields=["is_withdrawn"])
    record_audit(subject=activity, actor=actor, action="withdraw", note=reason)
    return activity


@transaction.atomic
def restore_activity(*, activity_id: int, actor) -> Activity:
    require_secretariat(actor)
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    if not activity.is_withdrawn:
        return activity
    activity.is_withdrawn = False
    activity.save(update_fields=["is_withdrawn"])
    record_audit(subject=activity, actor=actor, action="restore")
    return activity
