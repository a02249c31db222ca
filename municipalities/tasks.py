from celery import shared_task

from .models import Municipality


@shared_task
def count_municipalities() -> int:
    """A read a worker does against the real database; used by the end-to-end worker test."""
    return Municipality.objects.count()
