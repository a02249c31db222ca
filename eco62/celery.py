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
    # The secretariat finds a draft of the month's newsletter waiting on the 1st; it never
    # sends by itself (a person reviews and presses "send").
    "newsletter-draft-monthly": {
        "task": "newsletter.tasks.draft_monthly_issue",
        "schedule": crontab(minute=0, hour=7, day_of_month=1),
    },
    # A worker killed mid-send leaves deliveries pending; re-running the fan-out finishes them
    # (sent deliveries are never touched, so this is safe while a send is still running).
    "newsletter-resume-stalled": {
        "task": "newsletter.tasks.resume_stalled_sending",
        "schedule": crontab(minute="*/10"),
    },
}
