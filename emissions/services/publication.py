"""Publishing an edition: the draft becomes official, the previous one superseded."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import WORKFLOW, CalculationState, Edition, EditionStatus
from .populations import population_snapshot
from .rules import EmissionsError, require_secretariat


def publish_edition(*, edition_id: int, actor=None) -> Edition:
    """Make a draft official; the previous official edition becomes superseded."""
    require_secretariat(actor)
    with transaction.atomic():
        # Every edition row is locked so two publications cannot both find "no official".
        locked = {e.pk: e for e in Edition.objects.select_for_update().order_by("pk")}
        edition = locked.get(edition_id)
        if edition is None:
            raise EmissionsError(_("The edition no longer exists."))
        WORKFLOW.check(edition, "publish", actor=actor)
        if edition.calculation_state != CalculationState.DONE or not edition.result_count:
            raise EmissionsError(_("Only a finished calculation with results can be published."))
        now = timezone.now()
        for previous in locked.values():
            if previous.status == EditionStatus.OFFICIAL:
                WORKFLOW.check(previous, "supersede", actor=actor)
                previous.superseded_at = now
                WORKFLOW.finish(previous, "supersede", actor=actor, fields=("superseded_at",))
        edition.published_at = now
        edition.populations = population_snapshot()
        WORKFLOW.finish(edition, "publish", actor=actor, fields=("published_at", "populations"))
    return edition
