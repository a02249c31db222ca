"""Rules of the participation system: registration, accounts, pledges and activity moderation."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_secretariat
from core.audit import record_audit
from core.fiscal import TOKYO

from .models import (
    ORGANISATION_MOVES,
    VERSION_MOVES,
    Activity,
    ActivityPhoto,
    ActivityVersion,
    Campaign,
    MemberRole,
    Membership,
    Organisation,
    OrganisationStatus,
    Pledge,
    VersionStatus,
)

User = get_user_model()

CONFIRMATION_SALT = "participation.confirm-email"
CONFIRMATION_MAX_AGE = datetime.timedelta(days=3)
INVITATION_SALT = "participation.invite"
INVITATION_MAX_AGE = datetime.timedelta(days=7)
MAX_PHOTOS_PER_ACTIVITY = 6


class ParticipationError(Exception):
    """A rule of the participation system refused the move; the message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# --- Accounts -------------------------------------------------------------------------------


def membership_of(user) -> Membership | None:
    """The organisation membership of a signed-in organisation account, else None.

    Staff accounts never act as organisation members, even if a membership row exists.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.is_staff:
        return None
    try:
        return Membership.objects.select_related("organisation").get(user=user)
    except Membership.DoesNotExist:
        return None


def _create_member_account(*, email: str, password: str, full_name: str) -> User:
    if User.objects.filter(email__iexact=email).exists():
        raise ParticipationError(
            _("An account with this e-mail address already exists. Sign in or reset the password.")
        )
    # Organisation accounts are never staff: the admin refuses them (is_staff=False).
    return User.objects.create_user(
        email=email, password=password, first_name=full_name[:150], is_staff=False
    )


def _require_secretariat(actor) -> None:
    if not is_secretariat(actor):
        raise ParticipationError(_("Only the secretariat can decide this."))


def _require_member(actor, organisation: Organisation) -> Membership:
    membership = membership_of(actor)
    if membership is None or membership.organisation_id != organisation.pk:
        raise ParticipationError(_("You are not a member of this organisation."))
    return membership


def _require_approved(organisation: Organisation) -> None:
    if organisation.status != OrganisationStatus.APPROVED:
        raise ParticipationError(
            _("Your organisation can do this once the secretariat has approved it.")
        )


# --- Organisations: the registration workflow -------------------------------------------------


@transaction.atomic
def register_organisation(
    *,
    name_ja: str,
    name_en: str = "",
    kind: str,
    municipality_id: str,
    address: str,
    website: str = "",
    contact_name: str,
    email: str,
    phone: str = "",
    password: str,
    language: str = "ja",
) -> Organisation:
    """Register an organisation and its first account; the e-mail still has to be confirmed."""
    email = User.objects.normalize_email(email).lower()
    user = _create_member_account(email=email, password=password, full_name=contact_name)
    organisation = Organisation.objects.create(
        name_ja=name_ja,
        name_en=name_en,
        kind=kind,
        municipality_id=municipality_id,
        address=address,
        website=website,
        contact_name=contact_name,
        email=email,
        phone=phone,
        language=language,
    )
    Membership.objects.create(user=user, organisation=organisation, role=MemberRole.REPRESENTATIVE)
    record_audit(
        subject=organisation,
        actor=user,
        action="register",
        to_state=OrganisationStatus.UNCONFIRMED,
    )
    from .tasks import send_confirmation_email

    transaction.on_commit(lambda: send_confirmation_email.delay(organisation.pk))
    return organisation


def make_confirmation_token(organisation: Organisation) -> str:
    return signing.TimestampSigner(salt=CONFIRMATION_SALT).sign_object(
        {"o": organisation.pk, "e": organisation.email}
    )


def _move_organisation(
    organisation: Organisation, *, to_state: str, actor, action: str, note: str = ""
) -> Organisation:
    """Caller holds the organisation row lock."""
    from_state = organisation.status
    if to_state not in ORGANISATION_MOVES[from_state]:
        raise ParticipationError(
            _("An organisation that is “%(from)s” cannot become “%(to)s”.")
            % {
                "from": OrganisationStatus(from_state).label,
                "to": OrganisationStatus(to_state).label,
            }
        )
    organisation.status = to_state
    organisation.save(update_fields=["status", "decision_reason", "approved_at", "updated_at"])
    record_audit(
        subject=organisation,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )
    return organisation


@transaction.atomic
def confirm_organisation_email(*, token: str) -> Organisation:
    """Confirm the e-mail address through the signed link; a second click changes nothing."""
    try:
        payload = signing.TimestampSigner(salt=CONFIRMATION_SALT).unsign_object(
            token, max_age=CONFIRMATION_MAX_AGE
        )
    except signing.SignatureExpired as error:
        raise ParticipationError(
            _("This confirmation link has expired. Sign in to receive a new one.")
        ) from error
    except signing.BadSignature as error:
        raise ParticipationError(_("This confirmation link is not valid.")) from error
    organisation = Organisation.objects.select_for_update().filter(pk=payload.get("o")).first()
    if organisation is None or organisation.email != payload.get("e"):
        raise ParticipationError(_("This confirmation link is not valid."))
    if organisation.status != OrganisationStatus.UNCONFIRMED:
        return organisation
    organisation.email_confirmed_at = timezone.now()
    organisation.save(update_fields=["email_confirmed_at"])
    return _move_organisation(
        organisation,
        to_state=OrganisationStatus.AWAITING_REVIEW,
        actor=None,
        action="confirm_email",
    )


@transaction.atomic
def resend_confirmation(*, organisation_id: int, actor) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    _require_member(actor, organisation)
    if organisation.status != OrganisationStatus.UNCONFIRMED:
        raise ParticipationError(_("The e-mail address is already confirmed."))
    from .tasks import send_confirmation_email

    transaction.on_commit(lambda: send_confirmation_email.delay(organisation.pk))
    return organisation


def _decide(
    *, organisation_id: int, actor, to_state: str, action: str, reason: str = ""
) -> Organisation:
    _require_secretariat(actor)
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    organisation.decision_reason = reason
    if to_state == OrganisationStatus.APPROVED and organisation.approved_at is None:
        organisation.approved_at = timezone.now()
    _move_organisation(organisation, to_state=to_state, actor=actor, action=action, note=reason)
    from .tasks import send_decision_email

    transaction.on_commit(lambda: send_decision_email.delay(organisation.pk, action))
    return organisation


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ParticipationError(_("Give the reason: the organisation will read it."))
    return reason


@transaction.atomic
def approve_organisation(*, organisation_id: int, actor) -> Organisation:
    return _decide(
        organisation_id=organisation_id,
        actor=actor,
        to_state=OrganisationStatus.APPROVED,
        action="approve",
    )


@transaction.atomic
def reject_organisation(*, organisation_id: int, actor, reason: str) -> Organisation:
    return _decide(
        organisation_id=organisation_id,
        actor=actor,
        to_state=OrganisationStatus.REJECTED,
        action="reject",
        reason=_require_reason(reason),
    )


@transaction.atomic
def suspend_organisation(*, organisation_id: int, actor, reason: str) -> Organisation:
    return _decide(
        organisation_id=organisation_id,
        actor=actor,
        to_state=OrganisationStatus.SUSPENDED,
        action="suspend",
        reason=_require_reason(reason),
    )


@transaction.atomic
def reinstate_organisation(*, organisation_id: int, actor) -> Organisation:
    return _decide(
        organisation_id=organisation_id,
        actor=actor,
        to_state=OrganisationStatus.APPROVED,
        action="reinstate",
    )


@transaction.atomic
def update_organisation_profile(*, organisation_id: int, actor, changes: dict) -> Organisation:
    """Members edit their own organisation's contact details and description."""
    allowed = {
        "name_en",
        "address",
        "website",
        "description_ja",
        "description_en",
        "contact_name",
        "phone",
        "language",
    }
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    _require_member(actor, organisation)
    if organisation.status == OrganisationStatus.REJECTED:
        raise ParticipationError(_("A rejected registration can no longer be edited."))
    unknown = set(changes) - allowed
    if unknown:
        raise ParticipationError(_("These details can only be changed by the secretariat."))
    for name, value in changes.items():
        setattr(organisation, name, value)
    organisation.save()
    record_audit(subject=organisation, actor=actor, action="edit_profile")
    return organisation


# --- Colleagues -------------------------------------------------------------------------------


def make_invitation_token(*, organisation_id: int, email: str) -> str:
    return signing.TimestampSigner(salt=INVITATION_SALT).sign_object(
        {"o": organisation_id, "e": email}
    )


def read_invitation(token: str) -> tuple[Organisation, str]:
    try:
        payload = signing.TimestampSigner(salt=INVITATION_SALT).unsign_object(
            token, max_age=INVITATION_MAX_AGE
        )
    except signing.SignatureExpired as error:
        raise ParticipationError(
            _("This invitation has expired. Ask your colleague to invite you again.")
        ) from error
    except signing.BadSignature as error:
        raise ParticipationError(_("This invitation link is not valid.")) from error
    organisation = Organisation.objects.filter(pk=payload.get("o")).first()
    if organisation is None or organisation.status in (
        OrganisationStatus.REJECTED,
        OrganisationStatus.SUSPENDED,
    ):
        raise ParticipationError(_("This invitation link is not valid."))
    return organisation, payload.get("e", "")


@transaction.atomic
def invite_member(*, organisation_id: int, actor, email: str) -> Organisation:
    """Send a colleague a signed link that lets them create their own login."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    _require_member(actor, organisation)
    if organisation.status in (OrganisationStatus.REJECTED, OrganisationStatus.SUSPENDED):
        raise ParticipationError(_("Your organisation cannot invite colleagues at the moment."))
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ParticipationError(
            _("This e-mail address already has an account; one address belongs to one login.")
        )
    record_audit(subject=organisation, actor=actor, action="invite", note=email)
    from .tasks import send_invitation_email

    transaction.on_commit(
        lambda: send_invitation_email.delay(organisation.pk, email, actor.get_full_name())
    )
    return organisation


@transaction.atomic
def accept_invitation(*, token: str, full_name: str, password: str) -> Membership:
    organisation, email = read_invitation(token)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    user = _create_member_account(email=email, password=password, full_name=full_name)
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=MemberRole.MEMBER
    )
    record_audit(subject=organisation, actor=user, action="join", note=email)
    return membership


# --- Pledges ----------------------------------------------------------------------------------


@transaction.atomic
def pledge_to_campaign(
    *, organisation_id: int, campaign_id: int, actor, message: str = ""
) -> Pledge:
    """Pledge once per campaign; a repeated click returns the pledge already made."""
    # The organisation row lock serialises concurrent clicks of the same organisation, so the
    # check below sees the other click's pledge instead of racing it to the unique constraint.
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    _require_member(actor, organisation)
    _require_approved(organisation)
    campaign = Campaign.objects.get(pk=campaign_id)
    existing = Pledge.objects.filter(organisation=organisation, campaign=campaign).first()
    if existing is not None:
        return existing
    if not campaign.is_open_on(timezone.localdate(timezone=TOKYO)):
        raise ParticipationError(_("This campaign is not open for pledges."))
    try:
        with transaction.atomic():
            pledge = Pledge.objects.create(
                organisation=organisation, campaign=campaign, pledged_by=actor, message=message
            )
    except IntegrityError as error:  # only reachable if a caller bypassed the lock
        raise ParticipationError(_("Your organisation has already pledged.")) from error
    record_audit(subject=pledge, actor=actor, action="pledge")
    return pledge


# --- Activity reports and their moderation -----------------------------------------------------


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
    _require_member(actor, organisation)
    _require_approved(organisation)
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
    _require_member(actor, activity.organisation)
    _require_approved(activity.organisation)
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


def _move_version(version: ActivityVersion, *, to_state: str, actor, action: str, note: str = ""):
    """Caller holds the activity row lock."""
    from_state = version.status
    if to_state not in VERSION_MOVES[from_state]:
        raise ParticipationError(
            _("A version that is “%(from)s” cannot become “%(to)s”.")
            % {"from": VersionStatus(from_state).label, "to": VersionStatus(to_state).label}
        )
    version.status = to_state
    version.decided_at = timezone.now()
    version.moderation_note = note
    version.save(update_fields=["status", "decided_at", "moderation_note"])
    record_audit(
        subject=version,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note,
    )


@transaction.atomic
def approve_activity_version(*, version_id: int, actor, note: str = "") -> ActivityVersion:
    """Publish a version; the one published before is superseded."""
    _require_secretariat(actor)
    activity_id = ActivityVersion.objects.values_list("activity_id", flat=True).get(pk=version_id)
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    version = ActivityVersion.objects.get(pk=version_id)
    _move_version(
        version, to_state=VersionStatus.APPROVED, actor=actor, action="approve", note=note
    )
    previous = activity.published_version
    if previous is not None:
        activity.published_version = None
        activity.save(update_fields=["published_version"])
        _move_version(previous, to_state=VersionStatus.SUPERSEDED, actor=actor, action="supersede")
    activity.published_version = version
    activity.published_at = activity.published_at or version.decided_at
    activity.save(update_fields=["published_version", "published_at"])
    from .tasks import send_moderation_email

    transaction.on_commit(lambda: send_moderation_email.delay(version.pk))
    return version


@transaction.atomic
def reject_activity_version(*, version_id: int, actor, note: str) -> ActivityVersion:
    """Return a version to the organisation with the reason; the published one stays."""
    _require_secretariat(actor)
    note = _require_reason(note)
    activity_id = ActivityVersion.objects.values_list("activity_id", flat=True).get(pk=version_id)
    Activity.objects.select_for_update().get(pk=activity_id)
    version = ActivityVersion.objects.get(pk=version_id)
    _move_version(version, to_state=VersionStatus.REJECTED, actor=actor, action="reject", note=note)
    from .tasks import send_moderation_email

    transaction.on_commit(lambda: send_moderation_email.delay(version.pk))
    return version


@transaction.atomic
def withdraw_activity(*, activity_id: int, actor, reason: str) -> Activity:
    """Take a published activity off the public site (secretariat)."""
    _require_secretariat(actor)
    reason = _require_reason(reason)
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    if activity.is_withdrawn:
        return activity
    activity.is_withdrawn = True
    activity.save(update_fields=["is_withdrawn"])
    record_audit(subject=activity, actor=actor, action="withdraw", note=reason)
    return activity


@transaction.atomic
def restore_activity(*, activity_id: int, actor) -> Activity:
    _require_secretariat(actor)
    activity = Activity.objects.select_for_update().get(pk=activity_id)
    if not activity.is_withdrawn:
        return activity
    activity.is_withdrawn = False
    activity.save(update_fields=["is_withdrawn"])
    record_audit(subject=activity, actor=actor, action="restore")
    return activity
