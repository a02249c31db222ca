"""Requests that no view can answer are refused once, here, rather than in every view."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


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
