"""The two workflows of the participation system: an organisation's registration and the
moderation of an activity report's versions, and the error their rules raise."""

from django.utils.translation import gettext_lazy as _

from core.workflow import Move, ServiceError, Workflow, by_secretariat

from .models import ActivityVersion, Organisation, OrganisationStatus, VersionStatus


class ParticipationError(ServiceError):
    """A rule of the participation system refused the move; the message is for the user."""


def _decision(sources, target) -> Move:
    return Move(
        sources,
        target,
        allowed=by_secretariat,
        refusal=_("Only the secretariat can decide this."),
    )


# Confirming the e-mail is the registrant's move (through the signed link, actor None); every
# other move is the secretariat's. A rejected registration is final: the organisation registers
# again.
ORGANISATION_WORKFLOW = Workflow(
    model=Organisation,
    error=ParticipationError,
    moves={
        "confirm_email": Move(OrganisationStatus.UNCONFIRMED, OrganisationStatus.AWAITING_REVIEW),
        "approve": _decision(OrganisationStatus.AWAITING_REVIEW, OrganisationStatus.APPROVED),
        "reject": _decision(OrganisationStatus.AWAITING_REVIEW, OrganisationStatus.REJECTED),
        "suspend": _decision(OrganisationStatus.APPROVED, OrganisationStatus.SUSPENDED),
        "reinstate": _decision(OrganisationStatus.SUSPENDED, OrganisationStatus.APPROVED),
    },
)

# Moderation: a version waits, then is approved or returned; an approved version is superseded
# when a newer one is approved. Made under the activity's row lock.
VERSION_WORKFLOW = Workflow(
    model=ActivityVersion,
    error=ParticipationError,
    moves={
        "approve": _decision(VersionStatus.PENDING, VersionStatus.APPROVED),
        "reject": _decision(VersionStatus.PENDING, VersionStatus.REJECTED),
        "supersede": _decision(VersionStatus.APPROVED, VersionStatus.SUPERSEDED),
    },
)
