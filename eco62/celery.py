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

# The access log keeps sign-ins and personal-data exports only for ACCESS_LOG_RETENTION_DAYS
# (personal data itself: addresses, e-mail); every night at 03:30 older rows go.
app.conf.beat_schedule["purge-access-log"] = {
    "task": "accounts.tasks.purge_old_access_log",
    "schedule": crontab(hour=3, minute=30),
}
