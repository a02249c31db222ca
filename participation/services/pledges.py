"""Pledges of organisations to campaigns."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import record_audit
from core.fiscal import TOKYO

from ..models import Campaign, Organisation, Pledge
from .rules import ParticipationError, require_approved, require_member


@transaction.atomic
def pledge_to_campaign(
    *, organisation_id: int, campaign_id: int, actor, message: str = ""
) -> Pledge:
    """Pledge once per campaign; a repeated click returns the pledge already made."""
    # The organisation row lock serialises concurrent clicks of the same organisation, so the
    # check below sees the other click's pledge instead of racing it to the unique constraint.
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    require_member(actor, organisation)
    require_approved(organisation)
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
