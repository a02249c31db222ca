"""The registration workflow of organisations: confirmation, decisions and profile edits."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import record_audit
from core.queue import notify_on_commit

from .. import links
from ..models import MemberRole, Membership, Organisation, OrganisationStatus
from ..workflow import ORGANISATION_WORKFLOW
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
    )
    from ..tasks import send_confirmation_email

    notify_on_commit(send_confirmation_email, organisation.pk)
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
    ORGANISATION_WORKFLOW.check(organisation, "confirm_email", actor=None)
    organisation.email_confirmed_at = timezone.now()
    ORGANISATION_WORKFLOW.finish(
        organisation, "confirm_email", actor=None, fields=("email_confirmed_at",)
    )
    return organisation


@transaction.atomic
def resend_confirmation(*, organisation_id: int, actor) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    require_member(actor, organisation)
    if organisation.status != OrganisationStatus.UNCONFIRMED:
        raise ParticipationError(_("The e-mail address is already confirmed."))
    from ..tasks import send_confirmation_email

    notify_on_commit(send_confirmation_email, organisation.pk)
    return organisation


def _decide(*, organisation_id: int, actor, action: str, reason: str = "") -> Organisation:
    require_secretariat(actor)
    organisation = ORGANISATION_WORKFLOW.begin(organisation_id, action, actor=actor)
    organisation.decision_reason = reason
    if ORGANISATION_WORKFLOW[action].target == OrganisationStatus.APPROVED:
        organisation.approved_at = organisation.approved_at or timezone.now()
    ORGANISATION_WORKFLOW.finish(
        organisation,
        action,
        actor=actor,
        note=reason,
        fields=("decision_reason", "approved_at"),
    )
    from ..tasks import send_decision_email

    notify_on_commit(send_decision_email, organisation.pk, action)
    return organisation


@transaction.atomic
def approve_organisation(*, organisation_id: int, actor) -> Organisation:
    return _decide(
        organisation_id=organisation_id,
        actor=actor,
        action="approve",
    )


@transaction.atomic
def reject_organisation(*, organisation_id: int, actor, reason: str) -> Organisation:
    return _decide(
        organisation_id=organisation_id,
        actor=actor,
        action="reject",
        reason=require_reason(reason),
    )


@transaction.atomic
def suspend_organisation(*, organisation_id: int, actor, reason: str) -> Organisation:
    return _decide(
        organisation_id=organisation_id,
        actor=actor,
        action="suspend",
        reason=require_reason(reason),
    )


@transaction.atomic
def reinstate_organisation(*, organisation_id: int, actor) -> Organisation:
    return _decide(
        organisation_id=organisation_id,
        actor=actor,
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
