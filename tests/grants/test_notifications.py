"""Each move e-mails the municipality's staff and the secretariat, once."""

import time

import pytest
from django.core import mail

from core.models import AuditEntry
from grants import services
from grants.tasks import notify_move


def test_a_move_emails_own_staff_and_secretariat_but_not_other_municipalities(
    application, chiyoda_staff, hachioji_staff, secretariat_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(application_id=application.pk, actor=chiyoda_staff)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([chiyoda_staff.email, secretariat_user.email])
    assert "屋上緑化の普及啓発" in mail.outbox[0].subject
    assert "交付申請" in mail.outbox[0].body  # Japanese by default


def test_notification_task_run_twice_sends_once(application, chiyoda_staff, secretariat_user):
    services.submit_application(application_id=application.pk, actor=chiyoda_staff)
    entry = AuditEntry.objects.get(action="submit")
    mail.outbox.clear()
    assert notify_move(entry.pk) == 2
    assert notify_move(entry.pk) == 0
    assert len(mail.outbox) == 2


@pytest.mark.worker
def test_a_real_worker_sends_the_notification_after_commit(
    celery_worker_process, program, chiyoda_staff, secretariat_user
):
    from grants.models import NotificationSent

    from .conftest import make_application

    application = make_application(program)
    services.submit_application(application_id=application.pk, actor=chiyoda_staff)
    entry = AuditEntry.objects.get(action="submit")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        sent = NotificationSent.objects.filter(audit_entry_id=entry.pk).first()
        if sent is not None:
            break
        time.sleep(0.5)
    assert sent is not None and sent.recipients == 2


def test_overdue_completion_reports_are_reminded_once(
    program, chiyoda_staff, secretariat_user, django_capture_on_commit_callbacks
):
    import datetime

    from grants.models import Status

    from .conftest import make_application

    overdue = make_application(program, status=Status.DECIDED, granted=100_000)
    make_application(program, status=Status.REPORTED, granted=100_000)  # already reported
    day_after_due = overdue.period_end + datetime.timedelta(days=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_report_reminders(today=overdue.period_end) == []
        assert services.send_report_reminders(today=day_after_due) == [overdue]
        assert services.send_report_reminders(today=day_after_due) == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [chiyoda_staff.email, secretariat_user.email]
    )
    assert "実績報告" in mail.outbox[0].body


def test_a_recipient_who_chose_english_gets_the_e_mail_in_english(
    application, chiyoda_staff, secretariat_user, django_capture_on_commit_callbacks
):
    chiyoda_staff.language = "en"
    chiyoda_staff.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(application_id=application.pk, actor=chiyoda_staff)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    english = by_recipient[chiyoda_staff.email]
    assert "Grant application" in english.subject
    assert "Open the application in the admin" in english.body
    japanese = by_recipient[secretariat_user.email]
    assert "Open the application in the admin" not in japanese.body
