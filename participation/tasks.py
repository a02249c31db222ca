"""E-mails of the participation system, sent after the deciding transaction commits."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from . import links
from .models import ActivityVersion, Organisation


def _send(*, to: str, language: str, template: str, context: dict) -> None:
    with translation.override(language):
        subject = render_to_string(f"participation/email/{template}_subject.txt", context)
        body = render_to_string(f"participation/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [to])


def _absolute(language: str, view_name: str, **kwargs) -> str:
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse(view_name, kwargs=kwargs or None)


@shared_task
def send_confirmation_email(organisation_id: int) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    if organisation.email_confirmed_at is not None:
        return  # already confirmed: a retried task sends nothing
    link = _absolute(
        organisation.language,
        "participation:confirm_email",
        token=links.confirmation_token(organisation),
    )
    _send(
        to=organisation.email,
        language=organisation.language,
        template="confirm",
        context={"organisation": organisation, "link": link},
    )


@shared_task
def send_decision_email(organisation_id: int, action: str) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    _send(
        to=organisation.email,
        language=organisation.language,
        template="decision",
        context={
            "organisation": organisation,
            "action": action,
            "link": _absolute(organisation.language, "participation:dashboard"),
        },
    )


@shared_task
def send_invitation_email(organisation_id: int, email: str, inviter_name: str) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    token = links.invitation_token(organisation_id=organisation.pk, email=email)
    _send(
        to=email,
        language=organisation.language,
        template="invitation",
        context={
            "organisation": organisation,
            "inviter_name": inviter_name,
            "link": _absolute(
                organisation.language, "participation:accept_invitation", token=token
            ),
        },
    )


@shared_task
def send_moderation_email(version_id: int) -> None:
    version = ActivityVersion.objects.select_related("activity__organisation").get(pk=version_id)
    organisation = version.activity.organisation
    _send(
        to=organisation.email,
        language=organisation.language,
        template="moderation",
        context={
            "organisation": organisation,
            "version": version,
            "link": _absolute(organisation.language, "participation:dashboard"),
        },
    )
