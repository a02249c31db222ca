from celery import shared_task

from .services import purge_access_log


@shared_task
def purge_old_access_log() -> int:
    """Delete access log entries past the retention period (safe to run twice)."""
    return purge_access_log()
