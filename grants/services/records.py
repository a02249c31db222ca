"""Audit entries outside the moves: staff edits and overdue-report reminders."""

import datetime

from django.db import transaction

from core.audit import record_audit
from core.dates import format_date
from core.queue import notify_on_commit

from ..models import Application


@transaction.atomic
def record_edit(*, application_id: int, actor, changed_fields: list[str]) -> None:
    """Audit an edit made in the admin (who changed which fields)."""
    if changed_fields:
        application = Application.objects.get(pk=application_id)
        record_audit(
            subject=application,
            actor=actor,
            action="edit",
            from_state=application.status,
            to_state=application.status,
            note=", ".join(changed_fields),
        )


# 実績報告 is due within 30 days of the end of the project (the program's usual rule).
REPORT_DUE_DAYS = 30
REMINDER_ACTION = "report_reminder"


@transaction.atomic
def send_report_reminders(*, today: datetime.date) -> list[Application]:
    """Remind each municipality once when a completion report is overdue."""
    from django.contrib.contenttypes.models import ContentType

    from core.models import AuditEntry

    from ..models import Status

    reminded = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Application), action=REMINDER_ACTION
    ).values_list("object_id", flat=True)
    overdue = list(
        Application.objects.select_for_update(skip_locked=True)
        .filter(
            status__in=(Status.DECIDED, Status.CHANGE_REQUESTED),
            period_end__lt=today - datetime.timedelta(days=REPORT_DUE_DAYS),
        )
        .exclude(pk__in=[int(pk) for pk in reminded if pk.isdigit()])
    )
    from ..tasks import notify_move

    for application in overdue:
        entry = record_audit(
            subject=application,
            actor=None,
            action=REMINDER_ACTION,
            from_state=application.status,
            to_state=application.status,
            note=format_date(application.period_end, "ja"),
        )
        notify_on_commit(notify_move, entry.pk)
    return overdue
