from celery import shared_task
from django.db import connection

from . import moments


@shared_task
def heartbeat() -> str:
    """Proves a worker is alive and can reach the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


@shared_task
def refresh_pages_for_passed_moments() -> bool:
    """Cached pages follow scheduled publication and events that start or end (core.moments)."""
    return moments.refresh_pages_for_passed_moments()
