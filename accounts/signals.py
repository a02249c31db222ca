"""Access-log side effects of Django's and django-axes' sign-in signals."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import AccessEvent, User
from .services import record_access_event
from .signin import client_ip, normalized_username, user_agent

# Set at sign-in: whether this session must pass a second factor even when the portal does
# not require one for everybody (the user enrolled an authenticator of their own accord).
ENROLLED_SESSION_KEY = "accounts_has_authenticator"
# Sessions end this long after sign-in however active (SESSION_COOKIE_AGE).
SIGNED_IN_AT_SESSION_KEY = "accounts_signed_in_at"


def _request_details(request) -> dict:
    if request is None:
        return {}
    return {"ip_address": client_ip(request), "user_agent": user_agent(request)}


@receiver(user_logged_in, dispatch_uid="accounts.access_log.logged_in")
def log_sign_in(sender, request, user, **kwargs):
    from .services import has_authenticator

    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED_SESSION_KEY] = user.is_staff and has_authenticator(user)
        request.session[SIGNED_IN_AT_SESSION_KEY] = int(time.time())
    record_access_event(kind=AccessEvent.Kind.SIGNED_IN, user=user, **_request_details(request))


@receiver(user_login_failed, dispatch_uid="accounts.access_log.login_failed")
def log_sign_in_failure(sender, credentials, request=None, **kwargs):
    username = normalized_username(request, credentials) or ""
    record_access_event(
        kind=AccessEvent.Kind.SIGN_IN_FAILED,
        user=User.objects.filter(email=username).first() if username else None,
        username=username,
        **_request_details(request),
    )


@receiver(user_logged_out, dispatch_uid="accounts.access_log.logged_out")
def log_sign_out(sender, request, user, **kwargs):
    if user is not None and not getattr(request, "signing_out_idle_session", False):
        record_access_event(
            kind=AccessEvent.Kind.SIGNED_OUT, user=user, **_request_details(request)
        )


@receiver(user_locked_out, dispatch_uid="accounts.access_log.locked_out")
def log_lockout(sender, request, username, ip_address, **kwargs):
    username = (username or "").lower()
    record_access_event(
        kind=AccessEvent.Kind.LOCKED_OUT,
        user=User.objects.filter(email=username).first() if username else None,
        username=username,
        **_request_details(request),
    )


@receiver(post_save, sender=User, dispatch_uid="accounts.access_log.password_changed")
def log_password_change(sender, instance, created, **kwargs):
    # set_password() keeps the new raw password in _password until save() finishes, so this
    # sees every change: the user's own, the secretariat's, a reset link, changepassword.
    # Django signs out every other session of the account itself (the session hash changes).
    if not created and getattr(instance, "_password", None) is not None:
        record_access_event(kind=AccessEvent.Kind.PASSWORD_CHANGED, user=instance)
