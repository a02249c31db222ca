"""The one way in for files: every upload is checked by content, re-encoded, stored privately
under a random name; see docs/architecture.md, "Add an upload field"."""

from .checks import AUDIO, DOCUMENTS, IMAGES, OFFICE, Checked, accepted_list, check_content
from .fields import (
    CheckedUpload,
    GeneratedFileField,
    PublishedFileField,
    RandomName,
    UploadField,
    UploadFormField,
    UploadWidget,
    check_upload,
)


def files_are_public(field_file) -> bool:
    """Whether the record owning a stored file shows it to everyone now.

    The owning model says so with a `files_are_public()` method; a model without one keeps its
    files private (fail closed).
    """
    decide = getattr(getattr(field_file, "instance", None), "files_are_public", None)
    return bool(decide()) if callable(decide) else False


__all__ = [
    "AUDIO",
    "DOCUMENTS",
    "IMAGES",
    "OFFICE",
    "Checked",
    "CheckedUpload",
    "GeneratedFileField",
    "PublishedFileField",
    "RandomName",
    "UploadField",
    "UploadFormField",
    "UploadWidget",
    "accepted_list",
    "check_content",
    "check_upload",
    "files_are_public",
]
