from celery import shared_task

from . import services


@shared_task
def build_report_task(report_id: int) -> str:
    """Safe to run twice: a finished report is left as it is."""
    return services.build_report(report_id=report_id).status
