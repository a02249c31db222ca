"""Rules of the participation system: registration, accounts, pledges and activity moderation."""

from .activities import (
    MAX_PHOTOS_PER_ACTIVITY,
    ActivityContent,
    approve_activity_version,
    reject_activity_version,
    restore_activity,
    revise_activity,
    submit_activity,
    withdraw_activity,
)
from .members import (
    accept_invitation,
    create_member_account,
    invite_member,
    read_invitation,
)
from .organisations import (
    approve_organisation,
    confirm_organisation_email,
    register_organisation,
    reinstate_organisation,
    reject_organisation,
    resend_confirmation,
    suspend_organisation,
    update_organisation_profile,
)
from .pledges import pledge_to_campaign
from .rules import (
    ParticipationError,
    membership_of,
    require_approved,
    require_member,
    require_reason,
    require_secretariat,
)

__all__ = [
    "ActivityContent",
    "MAX_PHOTOS_PER_ACTIVITY",
    "ParticipationError",
    "accept_invitation",
    "approve_activity_version",
    "approve_organisation",
    "confirm_organisation_email",
    "create_member_account",
    "invite_member",
    "membership_of",
    "pledge_to_campaign",
    "read_invitation",
    "register_organisation",
    "reinstate_organisation",
    "reject_activity_version",
    "reject_organisation",
    "require_approved",
    "require_member",
    "require_reason",
    "require_secretariat",
    "resend_confirmation",
    "restore_activity",
    "revise_activity",
    "submit_activity",
    "suspend_organisation",
    "update_organisation_profile",
    "withdraw_activity",
]
