from celery import shared_task
from django.db import connection


@shared_task
def heartbeat() -> str:
    """Proves a worker is alive and can reach the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


@shared_task
def count_municipalities() -> int:
    """A read a worker does against the real database; used by the end-to-end worker test."""
    from municipalities.models import Municipality

    return Municipality.objects.count()


@shared_task
def refresh_pages_for_passed_moments() -> bool:
    """Cached pages follow scheduled publication and events that start or end (core.moments)."""
    from core import moments

    return moments.refresh_pages_for_passed_moments()
