from celery import shared_task

from . import services


@shared_task
def calculate_edition_task(edition_id: int) -> int:
    """Calculate one edition; a finished edition is left as it is, so a rerun is harmless."""
    return services.calculate_edition(edition_id=edition_id).result_count


@shared_task
def resume_abandoned_calculations() -> int:
    """Beat, every few seconds: calculations whose worker was killed or whose message was lost."""
    edition_ids = services.abandoned_calculation_ids()
    for edition_id in edition_ids:
        calculate_edition_task.delay(edition_id)
    return len(edition_ids)
