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
}

app.conf.beat_schedule.update(
    {
        # Lotteries are drawn soon after their draw time; drawing is idempotent per event.
        "events-draw-due-lotteries": {
            "task": "events.tasks.draw_due_lotteries",
            "schedule": crontab(minute="*/5"),
        },
        # Registrants are reminded two days before; each reminder is claimed once.
        "events-send-reminders": {
            "task": "events.tasks.send_reminders",
            "schedule": crontab(minute=10),
        },
        # Personal data is kept only as long as docs/privacy.md promises.
        "events-anonymise-registrations": {
            "task": "events.tasks.anonymise_past_registrations",
            "schedule": crontab(hour=3, minute=30),
        },
    }
)
