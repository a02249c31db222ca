"""Requests that no view can answer are refused once, here, rather than in every view."""

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .cache import CacheUnavailable

# A part the portal needs for this request is down (core.cache, a dropped database connection:
# the next request reconnects, CONN_HEALTH_CHECKS): a visitor should try again.
OUTAGE_EXCEPTIONS = (CacheUnavailable, OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


class RejectNullCharactersMiddleware:
    """A NUL character in the path or in a query parameter is answered 400 Bad Request.

    No address or filter of the portal holds one, and PostgreSQL refuses NUL in any text it
    compares, so a view that looked it up would fail with a server error. Form fields refuse
    it themselves (Django's ProhibitNullCharactersValidator), with an error on the form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_null_character(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": _("The address holds a NUL character.")}, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)


def has_null_character(request) -> bool:
    if "\x00" in request.path:
        return True
    return any(
        "\x00" in name or any("\x00" in value for value in values)
        for name, values in request.GET.lists()
    )


class ServiceUnavailableMiddleware:
    """A view stopped by a failing part (the shared cache a rate limit needs) answers the
    translated 503 page, telling the visitor to try again, instead of a server error.

    The outage itself is logged by the part that failed, once per interval; this answer is not
    logged per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OUTAGE_EXCEPTIONS):
            return None
        return service_unavailable(request)


def service_unavailable(request):
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("The service is briefly unavailable. Please try again shortly.")},
            status=503,
        )
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # django.request would log each one as an error
    return response
