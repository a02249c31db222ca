"""The Celery application; the beat schedule is declared here, in code."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eco62.settings")

app = Celery("eco62")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Keeps the broker connection and the worker visibly alive in monitoring.
    "heartbeat": {"task": "core.tasks.heartbeat", "schedule": crontab(minute="*/15")},
    # Grants: municipalities get one reminder when a completion report (実績報告) is overdue;
    # in the morning, Tokyo time, so staff read it at the start of their day.
    "grants-report-reminders": {
        "task": "grants.tasks.send_report_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
}
