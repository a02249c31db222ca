"""The Celery application; the beat schedule is declared here, in code."""

import datetime
import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eco62.settings")

app = Celery("eco62")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# How often the sweeps look for work whose lease ran out (core.leases): a killed worker's job
# resumes within JOB_LEASE_SECONDS plus this.
JOB_SWEEP_SECONDS = 15

# Every periodic job, in one place. Each is safe to run twice (tasks are idempotent).
app.conf.beat_schedule = {
    # Keeps the broker connection and the worker visibly alive in monitoring.
    "heartbeat": {"task": "core.tasks.heartbeat", "schedule": crontab(minute="*/15")},
    # A scheduled article or an event that just ended changes pages without any save; cached
    # pages follow within a minute (core.moments).
    "refresh-pages-for-passed-moments": {
        "task": "core.tasks.refresh_pages_for_passed_moments",
        "schedule": crontab(),
    },
    # The access log keeps sign-ins and personal-data exports only for ACCESS_LOG_RETENTION_DAYS
    # (personal data itself: addresses, e-mail); every night at 03:30 older rows go.
    "purge-access-log": {
        "task": "accounts.tasks.purge_old_access_log",
        "schedule": crontab(hour=3, minute=30),
    },
    # Contest entries never confirmed by e-mail lose their personal data after the deadline.
    "contests-expire-unconfirmed": {
        "task": "contests.tasks.expire_unconfirmed_entries",
        "schedule": crontab(hour=3, minute=20),
    },
    # An emissions calculation or a report build whose worker was killed stops renewing its
    # lease, one whose message never reached the broker never had it renewed: within a lease
    # and one sweep the next worker takes it. Both jobs are idempotent.
    "emissions-resume-abandoned": {
        "task": "emissions.tasks.resume_abandoned_calculations",
        "schedule": datetime.timedelta(seconds=JOB_SWEEP_SECONDS),
    },
    "reports-resume-abandoned": {
        "task": "reports.tasks.resume_abandoned_builds",
        "schedule": datetime.timedelta(seconds=JOB_SWEEP_SECONDS),
    },
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
        "schedule": crontab(hour=3, minute=40),
    },
    # Grants: municipalities get one reminder when a completion report (実績報告) is overdue;
    # in the morning, Tokyo time, so staff read it at the start of their day.
    "grants-report-reminders": {
        "task": "grants.tasks.send_report_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    # The secretariat finds a draft of the month's newsletter waiting on the 1st; it never
    # sends by itself (a person reviews and presses "send").
    "newsletter-draft-monthly": {
        "task": "newsletter.tasks.draft_monthly_issue",
        "schedule": crontab(minute=0, hour=7, day_of_month=1),
    },
    # A worker killed mid-send stops renewing the lease on its batch; within a lease
    # (JOB_LEASE_SECONDS) and one sweep the rest goes to the next worker. Failed deliveries
    # whose retry is due go the same way, and a send whose fan-out never reached the broker.
    "newsletter-resume-held-deliveries": {
        "task": "newsletter.tasks.resume_held_deliveries",
        "schedule": datetime.timedelta(seconds=JOB_SWEEP_SECONDS),
    },
    # Batch messages lost before any worker took them: re-running the fan-out finishes them
    # (sent deliveries are never touched, so this is safe while a send is still running).
    "newsletter-resume-stalled": {
        "task": "newsletter.tasks.resume_stalled_sending",
        "schedule": crontab(minute="*/10"),
    },
}
