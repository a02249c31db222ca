"""The model and form fields every file of the portal is declared with."""

import uuid
from pathlib import PurePosixPath

from django import forms
from django.core.files.base import ContentFile
from django.db import models
from django.utils.deconstruct import deconstructible

from core.storage import private_storage

from .checks import MEGABYTE, SUFFIXES, check_content

STORED_SUFFIXES = set(SUFFIXES.values()) | {"html", "csv"}


@deconstructible(path="core.files.RandomName")
class RandomName:
    """`<folder>/<random>.<suffix of the checked format>`: never the uploader's file name
    (`photo_….php.jpg`, `CON.jpg`, a child's name), and nothing to guess."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename).suffix.lower().lstrip(".")
        if suffix == "jpeg":
            suffix = "jpg"
        if suffix not in STORED_SUFFIXES:
            suffix = "bin"
        return f"{self.folder}/{uuid.uuid4().hex}.{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)


class CheckedUpload(ContentFile):
    """The checked, re-encoded bytes of an upload; keeps the name the uploader gave only as
    `original_name`, for private lists such as a grant's documents."""

    def __init__(self, checked, original_name: str):
        super().__init__(checked.data, name=f"upload.{checked.suffix}")
        self.format = checked.format
        self.seconds = checked.seconds
        self.original_name = PurePosixPath(original_name or "").name[:200]


def check_upload(upload, *, formats, max_mb: int) -> CheckedUpload:
    """Read an uploaded file, decide its type by content, and return what may be stored."""
    max_bytes = max_mb * MEGABYTE
    if upload.size is not None and upload.size > max_bytes:
        from .checks import check_size

        check_size(upload.size, max_bytes)
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    return CheckedUpload(
        check_content(data, formats=formats, max_bytes=max_bytes), getattr(upload, "name", "")
    )


class UploadWidget(forms.ClearableFileInput):
    """A file input that never links to the stored file: it has no public address, and a
    private one is for views that check permissions."""

    template_name = "core/widgets/upload.html"

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None) and hasattr(value, "instance"))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value):
            from .access import private_address

            # Only staff forms show a stored file (the admin); the address opens for staff only.
            context["widget"]["private_address"] = private_address(value.name)
        return context


class UploadFormField(forms.FileField):
    """A form's file input whose cleaned value is a CheckedUpload (or the stored file)."""

    widget = UploadWidget

    def __init__(self, *, formats, max_mb: int, **kwargs):
        self.formats = tuple(formats)
        self.max_mb = max_mb
        super().__init__(**kwargs)
        accept = sorted({_MEDIA_TYPES[name] for name in self.formats})
        self.widget.attrs.setdefault("accept", ",".join(accept))

    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        if cleaned and cleaned is not initial and hasattr(cleaned, "read"):
            if isinstance(cleaned, CheckedUpload):
                return cleaned
            return check_upload(cleaned, formats=self.formats, max_mb=self.max_mb)
        return cleaned


_MEDIA_TYPES = {
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "wav": "audio/wav",
    "csv": "text/csv",
}


class UploadField(models.FileField):
    """A file someone uploads: checked by content (core.files.checks), stored in private
    storage under a random name. Public pages show it only through renditions of a public
    record (core.images) or a copy a service publishes (PublishedFileField)."""

    def __init__(self, verbose_name=None, *, formats=(), max_mb: int = 10, folder="uploads", **kw):
        self.formats = tuple(formats)
        self.max_mb = max_mb
        self.folder = folder
        kw["storage"] = private_storage
        kw["upload_to"] = RandomName(folder)
        kw.setdefault("max_length", 200)
        super().__init__(verbose_name, **kw)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("storage", None)
        kwargs.pop("upload_to", None)
        kwargs.update(formats=self.formats, max_mb=self.max_mb, folder=self.folder)
        if kwargs.get("max_length") == 200:
            del kwargs["max_length"]
        return name, "core.files.UploadField", args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "form_class": UploadFormField,
                "formats": self.formats,
                "max_mb": self.max_mb,
                **kwargs,
            }
        )


class PublishedFileField(models.FileField):
    """A public copy that a service makes from a checked original when the record is
    published (and deletes when it is withdrawn); nobody uploads into it."""

    def __init__(self, verbose_name=None, *, folder="published", **kw):
        self.folder = folder
        kw["upload_to"] = RandomName(folder)
        kw["editable"] = False
        kw.setdefault("max_length", 200)
        super().__init__(verbose_name, **kw)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        for key in ("upload_to", "editable"):
            kwargs.pop(key, None)
        kwargs["folder"] = self.folder
        if kwargs.get("max_length") == 200:
            del kwargs["max_length"]
        return name, "core.files.PublishedFileField", args, kwargs


class GeneratedFileField(models.FileField):
    """A file the portal writes itself (a report's PDF), kept private; nobody uploads into it."""

    def __init__(self, verbose_name=None, **kw):
        kw["storage"] = private_storage
        kw["editable"] = False
        super().__init__(verbose_name, **kw)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        for key in ("storage", "editable"):
            kwargs.pop(key, None)
        return name, "core.files.GeneratedFileField", args, kwargs


__all__ = [
    "CheckedUpload",
    "GeneratedFileField",
    "PublishedFileField",
    "RandomName",
    "UploadField",
    "UploadFormField",
    "check_upload",
]
