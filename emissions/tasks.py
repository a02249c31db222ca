import datetime

from celery import shared_task
from django.utils import timezone

from . import services
from .models import CalculationState, Edition, EditionSource


@shared_task(acks_late=True)
def calculate_edition_task(edition_id: int) -> int:
    """Calculate one edition; a finished edition is left as it is, so a rerun is harmless."""
    return services.calculate_edition(edition_id=edition_id).result_count


@shared_task
def resume_stalled_calculations() -> int:
    """Re-enqueue calculations left waiting or running for a while (a lost message or worker)."""
    stale = timezone.now() - datetime.timedelta(minutes=30)
    edition_ids = list(
        Edition.objects.filter(
            source=EditionSource.CALCULATED,
            calculation_state__in=[CalculationState.PENDING, CalculationState.RUNNING],
            created_at__lt=stale,
        ).values_list("pk", flat=True)
    )
    for edition_id in edition_ids:
        calculate_edition_task.delay(edition_id)
    return len(edition_ids)
