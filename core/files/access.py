"""Private files reached through signed, expiring addresses that only their viewer can open.

A page that shows a record which is not public (a draft in the admin's preview, an activity
waiting for moderation on its organisation's own page) has already checked who is looking; it
hands out an address signed with that viewer's id (or "staff" for the admin), valid for a few
hours. The view opens it for that viewer only, with no-store and a sandbox.
"""

import mimetypes
from pathlib import PurePosixPath

from django.core import signing
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.storage import INLINE_SAFE_TYPES, accel_redirect_response, private_storage

SALT = "core.files.private-address"
MAX_AGE_SECONDS = 6 * 3600
STAFF = "staff"


def viewer_scope(viewer) -> str | int:
    """The signed-in person's id, or "staff" (any active staff member) when none is known."""
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        return viewer.pk
    return STAFF


def private_address(name: str, *, viewer=None, width: int = 0) -> str:
    """The address of a stored private file (`width` > 0: of its WebP rendition)."""
    token = signing.dumps({"n": name, "w": width, "u": viewer_scope(viewer)}, salt=SALT)
    return reverse("core:private_file", args=[token])


def _allowed(request, scope) -> bool:
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff if scope == STAFF else user.pk == scope


def _protect(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def private_file(request, token: str):
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature as error:
        raise Http404 from error
    if not _allowed(request, payload.get("u")):
        raise Http404
    name, width = payload["n"], int(payload.get("w") or 0)
    if width:
        from core.images import private_rendition_bytes

        data = private_rendition_bytes(name, width)
        if data is None:
            raise Http404
        return _protect(HttpResponse(data, content_type="image/webp"))
    if not private_storage.exists(name):
        raise Http404
    guessed, _encoding = mimetypes.guess_type(name)
    content_type = guessed if guessed in INLINE_SAFE_TYPES else "application/octet-stream"
    as_attachment = content_type == "application/octet-stream"
    filename = PurePosixPath(name).name
    return _protect(
        accel_redirect_response(
            name, content_type=content_type, as_attachment=as_attachment, filename=filename
        )
        or FileResponse(
            private_storage.open(name, "rb"),
            content_type=content_type,
            as_attachment=as_attachment,
            filename=filename,
        )
    )
