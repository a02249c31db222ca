"""Organisation accounts: the first account of a registration and invited colleagues."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.audit import record_audit
from core.queue import notify_on_commit

from .. import links
from ..models import MemberRole, Membership, Organisation, OrganisationStatus
from .rules import ParticipationError, require_member

User = get_user_model()


def create_member_account(*, email: str, password: str, full_name: str) -> User:
    if User.objects.filter(email__iexact=email).exists():
        raise ParticipationError(
            _("An account with this e-mail address already exists. Sign in or reset the password.")
        )
    # Organisation accounts are never staff: the admin refuses them (is_staff=False).
    return User.objects.create_user(
        email=email, password=password, first_name=full_name[:150], is_staff=False
    )


def read_invitation(token: str) -> tuple[Organisation, str]:
    try:
        payload = links.read_invitation_token(token)
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
    require_member(actor, organisation)
    if organisation.status in (OrganisationStatus.REJECTED, OrganisationStatus.SUSPENDED):
        raise ParticipationError(_("Your organisation cannot invite colleagues at the moment."))
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ParticipationError(
            _("This e-mail address already has an account; one address belongs to one login.")
        )
    record_audit(subject=organisation, actor=actor, action="invite", note=email)
    from ..tasks import send_invitation_email

    notify_on_commit(send_invitation_email, organisation.pk, email, actor.get_full_name())
    return organisation


@transaction.atomic
def accept_invitation(*, token: str, full_name: str, password: str) -> Membership:
    organisation, email = read_invitation(token)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    user = create_member_account(email=email, password=password, full_name=full_name)
    membership = Membership.objects.create(
        user=user, organisation=organisation, role=MemberRole.MEMBER
    )
    record_audit(subject=organisation, actor=user, action="join", note=email)
    return membership
