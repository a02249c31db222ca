from celery import shared_task

from . import services


@shared_task(acks_late=True)
def calculate_edition_task(edition_id: int) -> int:
    """Calculate one edition; a finished edition is left as it is, so a rerun is harmless."""
    return services.calculate_edition(edition_id=edition_id).result_count
