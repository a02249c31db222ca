from celery import shared_task

from . import services


@shared_task
def build_report_task(report_id: int) -> str:
    """Safe to run twice: a finished report is left as it is."""
    return services.build_report(report_id=report_id).status


@shared_task
def resume_abandoned_builds() -> int:
    """Beat, every few seconds: builds whose worker was killed or whose message was lost."""
    report_ids = services.abandoned_build_ids()
    for report_id in report_ids:
        build_report_task.delay(report_id)
    return len(report_ids)
