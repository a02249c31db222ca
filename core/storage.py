"""Public and private file storage; private files never have a public URL."""

import mimetypes
from pathlib import PurePosixPath

from django.core.files.storage import storages
from django.http import FileResponse
from django.utils.functional import SimpleLazyObject

# Use as FileField(storage=private_storage). Lazy so tests can swap settings.STORAGES.
private_storage = SimpleLazyObject(lambda: storages["private"])

# Types a browser may show inline; anything else is forced to download as octet-stream.
INLINE_SAFE_TYPES = {
    "image/jpeg",
    "image/png",
    "image/webp",
    "application/pdf",
    "audio/mpeg",
    "audio/mp4",
    "audio/wav",
    "audio/x-wav",
}


def private_file_response(
    field_file, *, download_name: str | None = None, inline: bool = False
) -> FileResponse:
    """Stream a private file after the caller has checked the permission.

    The content type comes from an allow-list, never from the upload, so an uploaded
    HTML or SVG file can never run in the portal's origin.
    """
    name = download_name or PurePosixPath(field_file.name).name
    guessed, _encoding = mimetypes.guess_type(name)
    content_type = guessed if guessed in INLINE_SAFE_TYPES else "application/octet-stream"
    response = FileResponse(
        field_file.open("rb"),
        as_attachment=not (inline and content_type != "application/octet-stream"),
        filename=name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
