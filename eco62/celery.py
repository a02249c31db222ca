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
    # An emissions calculation whose message or worker was lost would wait forever; the task is
    # idempotent, so re-enqueueing a stalled one is safe.
    "emissions-resume-stalled": {
        "task": "emissions.tasks.resume_stalled_calculations",
        "schedule": crontab(minute="*/30"),
    },
}
