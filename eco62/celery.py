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
    # Contest entries never confirmed by e-mail lose their personal data after the deadline.
    "contests-expire-unconfirmed": {
        "task": "contests.tasks.expire_unconfirmed_entries",
        "schedule": crontab(hour=3, minute=20),
    },
}
