"""E-mails to registrants, written in the language they registered in."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .ics import event_calendar
from .links import cancel_url
from .models import Registration, Status

SUBJECTS = {
    "confirmed": lambda: _("Registration confirmed: %(title)s"),
    "waitlisted": lambda: _("You are on the waiting list: %(title)s"),
    "applied": lambda: _("Lottery application received: %(title)s"),
    "promoted": lambda: _("A seat has become free — you are confirmed: %(title)s"),
    "won": lambda: _("Lottery result: you have a seat for %(title)s"),
    "lost": lambda: _("Lottery result: you are on the waiting list for %(title)s"),
    "cancelled": lambda: _("Registration cancelled: %(title)s"),
    "reminder": lambda: _("Reminder: %(title)s is in two days"),
    "event_cancelled": lambda: _("Event cancelled: %(title)s"),
}

# Kinds that hold a seat and therefore carry the calendar file.
WITH_CALENDAR = {"confirmed", "promoted", "won", "reminder"}


def _waiting_position(registration: Registration) -> int | None:
    if registration.status != Status.WAITLISTED:
        return None
    line = list(
        Registration.objects.filter(event_id=registration.event_id)
        .waiting_line()
        .values_list("pk", flat=True)
    )
    return line.index(registration.pk) + 1 if registration.pk in line else None


def send_registration_email(registration: Registration, kind: str) -> None:
    event = registration.event
    if not registration.email:
        return  # anonymised
    with translation.override(registration.language):
        context = {
            "registration": registration,
            "event": event,
            "kind": kind,
            "site_url": settings.SITE_URL,
            "event_url": settings.SITE_URL + event.get_absolute_url(),
            "waiting_position": _waiting_position(registration),
            "cancel_url": cancel_url(registration)
            if registration.status != Status.CANCELLED
            else "",
        }
        message = EmailMessage(
            subject=SUBJECTS[kind]() % {"title": event.title},
            body=render_to_string("events/email/registration.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[registration.email],
        )
        if kind in WITH_CALENDAR:
            message.attach("event.ics", event_calendar(event), "text/calendar; charset=utf-8")
        message.send()
