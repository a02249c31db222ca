"""Public and private file storage; private files never have a public URL."""

import mimetypes
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.http import FileResponse, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.http import content_disposition_header


@deconstructible(path="core.storage.PrivateStorage")
class PrivateStorage(Storage):
    """The "private" entry of settings.STORAGES, looked up on every use.

    Migrations record this class, not the backend's folder or bucket, so they are the same on
    every machine; and tests that swap STORAGES get their own folder.
    """

    @property
    def backend(self) -> Storage:
        return storages["private"]

    def _open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def _save(self, name, content):
        return self.backend.save(name, content)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def path(self, name):
        return self.backend.path(name)

    def url(self, name):
        raise NotImplementedError(
            "Private files have no URL; stream them with private_file_response."
        )

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)


# Use as FileField(storage=private_storage).
private_storage = PrivateStorage()

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


def accel_redirect_response(
    name: str, *, content_type: str, as_attachment: bool, filename: str
) -> HttpResponse | None:
    """An empty answer that tells the proxy to send the stored private file `name` from its
    internal location (settings.PRIVATE_FILES_ACCEL_REDIRECT, e.g. "/_private/"); None when no
    proxy serves files or they are not in a local folder, and the portal streams them itself."""
    prefix = settings.PRIVATE_FILES_ACCEL_REDIRECT
    if not prefix or not isinstance(private_storage.backend, FileSystemStorage):
        return None
    response = HttpResponse(content_type=content_type)
    response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


def private_file_response(
    field_file, *, download_name: str | None = None, inline: bool = False
) -> FileResponse | HttpResponse:
    """Stream a private file after the caller has checked the permission.

    The content type comes from an allow-list, never from the upload, so an uploaded
    HTML or SVG file can never run in the portal's origin.
    """
    name = download_name or PurePosixPath(field_file.name).name
    guessed, _encoding = mimetypes.guess_type(name)
    content_type = guessed if guessed in INLINE_SAFE_TYPES else "application/octet-stream"
    as_attachment = not (inline and content_type != "application/octet-stream")
    response = accel_redirect_response(
        field_file.name, content_type=content_type, as_attachment=as_attachment, filename=name
    ) or FileResponse(
        field_file.open("rb"),
        as_attachment=as_attachment,
        filename=name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
