"""Staff sign-in security: the access log, authenticators, recovery codes, unlocking."""

from datetime import timedelta

from axes.utils import reset as reset_axes_attempts
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import record_audit
from core.workflow import ServiceError

from .models import AccessEvent, User
from .roles import is_secretariat

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"


class AccountsError(ServiceError):
    """A refused sign-in security action; the message is shown to the user."""


def record_access_event(
    *,
    kind: AccessEvent.Kind,
    user: User | None = None,
    username: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
    what: str = "",
    count: int | None = None,
) -> AccessEvent:
    """Append one line to the access log."""
    return AccessEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        username=(username or (user.email if user is not None else ""))[:254],
        ip_address=ip_address or None,
        user_agent=user_agent[:255],
        what=what[:255],
        count=count,
    )


def record_personal_data_export(
    *, user: User, what: str, count: int, ip_address: str | None = None
) -> AccessEvent:
    """Log that `user` exported `count` records of personal data described by `what`.

    Call it from every view, admin action or command that hands personal data out
    (registrant lists, entrant lists, subscriber CSVs).
    """
    return record_access_event(
        kind=AccessEvent.Kind.PERSONAL_DATA_EXPORT,
        user=user,
        ip_address=ip_address,
        what=what,
        count=count,
    )


@transaction.atomic
def purge_access_log(*, now=None) -> int:
    """Delete access log entries older than ACCESS_LOG_RETENTION_DAYS; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    deleted, _counts = AccessEvent.objects.older_than(cutoff).delete()
    return deleted


# --- Authenticators and recovery codes ----------------------------------------------


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def start_enrolment(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator this user is setting up (the same one until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_enrolment(
    *, user: User, code: str, ip_address: str | None = None, user_agent: str = ""
) -> TOTPDevice:
    """Confirm the pending authenticator with a code it shows; it replaces any older one."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None:
        raise AccountsError(_("Start the set-up again: no authenticator is waiting."))
    if not device.verify_token(_digits(code)):
        raise AccountsError(_("That code is not right. Enter the 6 digits your app shows now."))
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_access_event(
        kind=AccessEvent.Kind.AUTHENTICATOR_ENROLLED,
        user=user,
        ip_address=ip_address,
        user_agent=user_agent,
    )
    return device


@transaction.atomic
def issue_recovery_codes(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new single-use ones and return them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify_second_factor(
    *, user: User, code: str, ip_address: str | None = None, user_agent: str = ""
):
    """Check an authenticator code or a recovery code; return the device that accepted it.

    A TOTP code is accepted once (django-otp remembers the last time step used); a recovery
    code is deleted when used. Devices slow down repeated wrong codes (django-otp throttling).
    """
    code = code.strip().replace(" ", "").lower()
    accepted = None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            token = _digits(code) if isinstance(device, TOTPDevice) else code
            if token and device.verify_token(token):
                accepted = device
                break
    if accepted is None:
        record_access_event(
            kind=AccessEvent.Kind.SECOND_FACTOR_FAILED,
            user=user,
            ip_address=ip_address,
            user_agent=user_agent,
        )
        raise AccountsError(
            _("That code was not accepted. Codes work once; wait for the next one and retry.")
        )
    record_access_event(
        kind=AccessEvent.Kind.RECOVERY_CODE_USED
        if isinstance(accepted, StaticDevice)
        else AccessEvent.Kind.SECOND_FACTOR_PASSED,
        user=user,
        ip_address=ip_address,
        user_agent=user_agent,
    )
    return accepted


def _digits(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


# --- Secretariat actions -------------------------------------------------------------


def _require_secretariat(actor) -> None:
    if not is_secretariat(actor):
        raise AccountsError(_("Only the secretariat can do this."))


@transaction.atomic
def reset_two_factor(*, user_id: int, actor: User) -> User:
    """Remove a user's authenticator and recovery codes (a lost phone); they enrol again."""
    _require_secretariat(actor)
    return _reset_two_factor(user_id, actor=actor)


@transaction.atomic
def reset_two_factor_from_console(*, user_id: int) -> User:
    """The same reset by whoever runs manage.py on the server, for when no secretariat member
    can sign in (the only one lost their phone)."""
    return _reset_two_factor(user_id, actor=None)


def _reset_two_factor(user_id: int, *, actor: User | None) -> User:
    user = User.objects.select_for_update().get(pk=user_id)
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    # Whoever holds the lost phone may also hold a signed-in browser: end every session, or
    # that browser could enrol an authenticator of its own.
    _end_every_session(user)
    record_audit(
        subject=user, actor=actor, action="two_factor_reset", note=f"{len(devices)} device(s)"
    )
    record_access_event(
        kind=AccessEvent.Kind.TWO_FACTOR_RESET,
        user=user,
        what=str(actor) if actor is not None else "manage.py reset_two_factor",
    )
    return user


@transaction.atomic
def sign_out_everywhere(*, user_id: int, actor: User) -> User:
    """End every signed-in session of the user at its next request."""
    _require_secretariat(actor)
    user = User.objects.select_for_update().get(pk=user_id)
    _end_every_session(user)
    record_audit(subject=user, actor=actor, action="signed_out_everywhere")
    record_access_event(kind=AccessEvent.Kind.SIGNED_OUT_EVERYWHERE, user=user, what=str(actor))
    return user


def _end_every_session(user: User) -> None:
    """Precondition: the caller holds the user row lock."""
    user.session_generation += 1
    user.save(update_fields=["session_generation"])


@transaction.atomic
def unlock_sign_in(*, user_id: int, actor: User) -> User:
    """Clear the failed sign-ins counted against a user's account so they can sign in now."""
    _require_secretariat(actor)
    user = User.objects.get(pk=user_id)
    cleared = reset_axes_attempts(username=user.email.lower())
    record_audit(subject=user, actor=actor, action="sign_in_unlocked", note=f"{cleared} row(s)")
    record_access_event(kind=AccessEvent.Kind.UNLOCKED, user=user, what=str(actor))
    return user


@transaction.atomic
def unlock_address(*, ip_address: str, actor: User) -> int:
    """Clear the failed sign-ins counted against one client address; return rows cleared."""
    _require_secretariat(actor)
    cleared = reset_axes_attempts(ip=ip_address)
    record_access_event(
        kind=AccessEvent.Kind.UNLOCKED, ip_address=ip_address, what=str(actor), count=cleared
    )
    return cleared
