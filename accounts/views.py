"""The second sign-in step (authenticator code), enrolment, recovery codes, lockout page."""

import base64
import io
from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.qr import write_qrcode_image

from core.forms import posted_data
from core.ratelimit import rate_limited

from .forms import EnrolmentForm, SecondFactorForm, StaffPasswordResetForm
from .services import (
    AccountsError,
    confirm_enrolment,
    has_authenticator,
    issue_recovery_codes,
    remaining_recovery_codes,
    start_enrolment,
    verify_second_factor,
)
from .signin import client_ip, user_agent

NEW_RECOVERY_CODES_SESSION_KEY = "accounts_new_recovery_codes"


def _staff_only(view):
    """Signed-in staff only; others go to the admin sign-in page."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not request.user.is_staff:
            return redirect("admin:login")
        return view(request, *args, **kwargs)

    return never_cache(wrapped)


def _admin_context(request, title: str) -> dict:
    return {**admin.site.each_context(request), "title": title}


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("admin:index")


@_staff_only
@require_http_methods(["GET", "POST"])
def verify(request):
    """Second sign-in step: a code from the authenticator app or a recovery code."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not has_authenticator(request.user):
        return redirect(_with_next("accounts:enrol", _next_url(request)))
    form = SecondFactorForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            device = verify_second_factor(
                user=request.user,
                code=form.cleaned_data["code"],
                ip_address=client_ip(request),
                user_agent=user_agent(request),
            )
        except AccountsError as error:
            form.add_error("code", error.message)
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    context = _admin_context(request, _("Two-factor sign-in"))
    context.update(form=form, next=_next_url(request))
    return render(request, "accounts/verify.html", context)


@_staff_only
@require_http_methods(["GET", "POST"])
def enrol(request):
    """Set up an authenticator app: scan the QR code, confirm with one code."""
    if has_authenticator(request.user) and not request.user.is_verified():
        # Replacing an authenticator needs the current one: a password alone is not enough.
        return redirect(_with_next("accounts:verify", reverse("accounts:enrol")))
    device = start_enrolment(user=request.user)
    form = EnrolmentForm(posted_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            device = confirm_enrolment(
                user=request.user,
                code=form.cleaned_data["code"],
                ip_address=client_ip(request),
                user_agent=user_agent(request),
            )
        except AccountsError as error:
            form.add_error("code", error.message)
        else:
            otp_login(request, device)
            request.session[NEW_RECOVERY_CODES_SESSION_KEY] = issue_recovery_codes(
                user=request.user
            )
            return redirect(_with_next("accounts:recovery_codes", _next_url(request)))
    context = _admin_context(request, _("Set up two-factor sign-in"))
    context.update(
        form=form,
        next=_next_url(request),
        qr_code=_qr_code_data_uri(device.config_url),
        secret=_grouped(b32encode(device.bin_key).decode()),
        required=settings.STAFF_TWO_FACTOR_REQUIRED,
        replacing=has_authenticator(request.user),
    )
    return render(request, "accounts/enrol.html", context)


@_staff_only
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """Show new recovery codes once; a verified user may also ask for a fresh set."""
    if not request.user.is_verified():
        return redirect(_with_next("accounts:verify", reverse("accounts:recovery_codes")))
    if request.method == "POST":
        request.session[NEW_RECOVERY_CODES_SESSION_KEY] = issue_recovery_codes(user=request.user)
        return redirect("accounts:recovery_codes")
    codes = request.session.pop(NEW_RECOVERY_CODES_SESSION_KEY, None)
    context = _admin_context(request, _("Recovery codes"))
    context.update(
        codes=codes,
        remaining=remaining_recovery_codes(request.user),
        next=_next_url(request),
    )
    return render(request, "accounts/recovery_codes.html", context)


def locked_out(request, original_response=None, credentials=None):
    """What django-axes shows instead of signing in while sign-in is locked."""
    context = _admin_context(request, _("Sign-in locked"))
    context["lockout_minutes"] = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context["failure_limit"] = settings.AXES_FAILURE_LIMIT
    return render(request, "accounts/locked_out.html", context, status=429)


@method_decorator(rate_limited("password_reset", limit=10), name="dispatch")
class StaffPasswordResetView(auth_views.PasswordResetView):
    form_class = StaffPasswordResetForm
    success_url = reverse_lazy("password_reset_done")
    extra_email_context = {"site_name": gettext_lazy("ECO Net Tokyo 62")}

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _qr_code_data_uri(data: str) -> str:
    # A data: URI keeps the secret out of any cache or log that a separate image URL would reach.
    buffer = io.BytesIO()
    write_qrcode_image(data, buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
