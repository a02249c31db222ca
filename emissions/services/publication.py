"""Publishing an edition: the draft becomes official, the previous one superseded."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import EDITION_TRANSITIONS, CalculationState, Edition, EditionStatus
from .populations import population_snapshot
from .rules import EmissionsError, move_edition, require_secretariat


def publish_edition(*, edition: Edition, actor=None) -> Edition:
    """Make a draft official; the previous official edition becomes superseded."""
    require_secretariat(actor)
    with transaction.atomic():
        # Every edition row is locked so two publications cannot both find "no official".
        locked = {e.pk: e for e in Edition.objects.select_for_update().order_by("pk")}
        edition = locked.get(edition.pk)
        if edition is None:
            raise EmissionsError(_("The edition no longer exists."))
        if EditionStatus.OFFICIAL not in EDITION_TRANSITIONS[edition.status]:
            raise EmissionsError(
                _("A %(status)s edition cannot be published.")
                % {"status": edition.get_status_display()}
            )
        if edition.calculation_state != CalculationState.DONE or not edition.result_count:
            raise EmissionsError(_("Only a finished calculation with results can be published."))
        now = timezone.now()
        for previous in locked.values():
            if previous.status == EditionStatus.OFFICIAL:
                move_edition(previous, EditionStatus.SUPERSEDED, actor=actor, action="supersede")
                previous.superseded_at = now
                previous.save(update_fields=["status", "superseded_at"])
        move_edition(edition, EditionStatus.OFFICIAL, actor=actor, action="publish")
        edition.published_at = now
        edition.populations = population_snapshot()
        edition.save(update_fields=["status", "published_at", "populations"])
    return edition
