"""E-mails about each move, sent after the move's transaction commits."""

from celery import shared_task
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import User
from accounts.roles import GROUP_NAMES, Role
from core.models import AuditEntry

from . import services
from .models import Application, GrantNotice, Move, NotificationSent, Status
from .notices import write_notice_pdf


def recipients_of(application) -> list[User]:
    """The applying municipality's staff and the secretariat, active and with an address."""
    staff = User.objects.filter(
        is_active=True,
        groups__name=GROUP_NAMES[Role.MUNICIPAL_STAFF],
        staff_profile__municipality_id=application.municipality_id,
    )
    secretariat = User.objects.filter(is_active=True, groups__name=GROUP_NAMES[Role.SECRETARIAT])
    return list((staff | secretariat).exclude(email="").distinct().order_by("pk"))


def language_of(user) -> str:
    # accounts.User.language: the e-mail language each person chose (Japanese by default).
    language = user.language or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _action_label(action: str) -> str:
    if action in Move.values:
        return Move(action).label
    if action == "report_reminder":
        return gettext("Completion report overdue")
    return action


@shared_task
def send_report_reminders() -> int:
    """Daily: remind municipalities whose completion report is overdue (once each)."""
    return len(services.send_report_reminders(today=timezone.localdate()))


def _notice_attachment(audit_entry_id: int):
    """The notice the move issued: its number and (file name, PDF bytes, type), or None."""
    notice = GrantNotice.objects.filter(audit_entry_id=audit_entry_id).first()
    if notice is None:
        return None
    notice = write_notice_pdf(notice_id=notice.pk)
    with notice.pdf.open("rb") as pdf:
        return notice.number_text, (notice.download_name, pdf.read(), "application/pdf")


@shared_task(bind=True, max_retries=3, default_retry_delay=60)
def notify_move(self, audit_entry_id: int) -> int:
    """Send one e-mail per recipient about one move; a second run sends nothing."""
    if NotificationSent.objects.filter(audit_entry_id=audit_entry_id).exists():
        return 0
    entry = AuditEntry.objects.select_related("actor").get(pk=audit_entry_id)
    application = (
        Application.objects.select_related("program", "municipality")
        .filter(pk=entry.object_id)
        .first()
    )
    if application is None:
        return 0
    admin_path = f"/admin/grants/application/{application.pk}/change/"
    notice_number, attachment = _notice_attachment(audit_entry_id) or ("", None)
    messages = []
    for user in recipients_of(application):
        with translation.override(language_of(user)):
            context = {
                "application": application,
                "entry": entry,
                "move_label": _action_label(entry.action),
                "reminder": entry.action == "report_reminder",
                "from_label": Status(entry.from_state).label if entry.from_state else "",
                "to_label": Status(entry.to_state).label if entry.to_state else "",
                "admin_url": settings.SITE_URL + admin_path,
                "recipient": user,
                "notice_number": notice_number,
            }
            subject = render_to_string("grants/email/move_subject.txt", context).strip()
            body = render_to_string("grants/email/move_body.txt", context)
        message = mail.EmailMessage(subject=" ".join(subject.split()), body=body, to=[user.email])
        if attachment is not None:
            message.attach(*attachment)
        messages.append(message)
    try:
        with transaction.atomic():
            NotificationSent.objects.create(audit_entry_id=audit_entry_id, recipients=len(messages))
            mail.mailers.default.send_messages(messages)
    except IntegrityError:
        return 0  # another run sent them
    except OSError as error:
        raise self.retry(exc=error) from error
    return len(messages)
