"""Who may act in the participation system."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import is_secretariat

from ..models import Membership, Organisation, OrganisationStatus
from ..workflow import ParticipationError


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


def require_secretariat(actor) -> None:
    if not is_secretariat(actor):
        raise ParticipationError(_("Only the secretariat can decide this."))


def require_member(actor, organisation: Organisation) -> Membership:
    membership = membership_of(actor)
    if membership is None or membership.organisation_id != organisation.pk:
        raise ParticipationError(_("You are not a member of this organisation."))
    return membership


def require_approved(organisation: Organisation) -> None:
    if organisation.status != OrganisationStatus.APPROVED:
        raise ParticipationError(
            _("Your organisation can do this once the secretariat has approved it.")
        )


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ParticipationError(_("Give the reason: the organisation will read it."))
    return reason
