"""The registration workflow of organisations: confirmation, decisions and profile edits."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import record_audit

from .. import links
from ..models import ORGANISATION_MOVES, MemberRole, Membership, Organisation, OrganisationStatus
from .members import create_member_account
from .rules import ParticipationError, require_member, require_reason, require_secretariat

User = get_user_model()


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
    user = create_member_account(email=email, password=password, full_name=contact_name)
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
    from ..tasks import send_confirmation_email

    transaction.on_commit(lambda: send_confirmation_email.delay(organisation.pk))
    return organisation


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
        payload = links.read_confirmation_token(token)
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
    require_member(actor, organisation)
    if organisation.status != OrganisationStatus.UNCONFIRMED:
        raise ParticipationError(_("The e-mail address is already confirmed."))
    from ..tasks import send_confirmation_email

    transaction.on_commit(lambda: send_confirmation_email.delay(organisation.pk))
    return organisation


def _decide(
    *, organisation_id: int, actor, to_state: str, action: str, reason: str = ""
) -> Organisation:
    require_secretariat(actor)
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    organisation.decision_reason = reason
    if to_state == OrganisationStatus.APPROVED and organisation.approved_at is None:
        organisation.approved_at = timezone.now()
    _move_organisation(organisation, to_state=to_state, actor=actor, action=action, note=reason)
    from ..tasks import send_decision_email

    transaction.on_commit(lambda: send_decision_email.delay(organisation.pk, action))
    return organisation


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
        reason=require_reason(reason),
    )


@transaction.atomic
def suspend_organisation(*, organisation_id: int, actor, reason: str) -> Organisation:
    return _decide(
        organisation_id=organisation_id,
        actor=actor,
        to_state=OrganisationStatus.SUSPENDED,
        action="suspend",
        reason=require_reason(reason),
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
    require_member(actor, organisation)
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
