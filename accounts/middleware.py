"""Staff sessions: the second factor before any admin page, and sign-out after inactivity."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import AccessEvent
from .services import has_authenticator, record_access_event
from .signals import ENROLLED_SESSION_KEY, SIGNED_IN_AT_SESSION_KEY
from .signin import client_ip, user_agent

LAST_ACTIVITY_SESSION_KEY = "accounts_last_activity"
# Writing the session on every request would cost a database write per page; a minute of
# slack in the idle timeout is harmless.
ACTIVITY_RESOLUTION_SECONDS = 60
# Admin views a half-signed-in user may still reach.
OPEN_ADMIN_VIEWS = {"logout"}


class StaffSignInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _signed_in(request):
            self._end_idle_session(request)
        return self.get_response(request)

    def _end_idle_session(self, request) -> None:
        now = int(time.time())
        session = request.session
        signed_in_at = session.setdefault(SIGNED_IN_AT_SESSION_KEY, now)
        last = session.get(LAST_ACTIVITY_SESSION_KEY)
        idle_limit = settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
        if idle_limit and last is not None and now - last > idle_limit:
            self._sign_out(
                request,
                _("You were signed out after %(minutes)d minutes without activity.")
                % {"minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES},
            )
        elif now - signed_in_at > settings.SESSION_COOKIE_AGE:
            # Activity keeps moving the session store's own expiry; this bound does not move.
            self._sign_out(
                request,
                _("You were signed out %(hours)d hours after signing in. Please sign in again.")
                % {"hours": settings.SESSION_COOKIE_AGE // 3600},
            )
        elif last is None or now - last >= ACTIVITY_RESOLUTION_SECONDS:
            session[LAST_ACTIVITY_SESSION_KEY] = now

    @staticmethod
    def _sign_out(request, message: str) -> None:
        user = request.user
        request.signing_out_idle_session = True
        logout(request)
        record_access_event(
            kind=AccessEvent.Kind.SESSION_EXPIRED,
            user=user,
            ip_address=client_ip(request),
            user_agent=user_agent(request),
        )
        messages.info(request, message)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _signed_in(request):
            return None
        user = request.user
        if not self._must_pass_second_factor(request, user):
            return None
        match = request.resolver_match
        if "accounts" in match.namespaces:
            return None  # the two-factor pages themselves
        if "admin" in match.namespaces:
            if match.url_name in OPEN_ADMIN_VIEWS:
                return None
            step = "accounts:verify" if has_authenticator(user) else "accounts:enrol"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(step)}?{query}")
        # Outside the admin a half-signed-in staff member is treated as a visitor, so no
        # staff-only view (downloads, exports) can be reached with the password alone.
        request.user = AnonymousUser()
        return None

    @staticmethod
    def _must_pass_second_factor(request, user) -> bool:
        if not user.is_authenticated or not user.is_staff or user.is_verified():
            return False
        return settings.STAFF_TWO_FACTOR_REQUIRED or request.session.get(
            ENROLLED_SESSION_KEY, False
        )


def _signed_in(request) -> bool:
    # Visitors without a session cookie never touch the session, so public pages do not
    # gain a "Vary: Cookie" header and stay cacheable.
    return settings.SESSION_COOKIE_NAME in request.COOKIES and SESSION_KEY in request.session
