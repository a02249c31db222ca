"""Checks of entry files by their content, never by their name or declared type."""

import io
import re

import mutagen
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.wave import WAVE
from pypdf import PdfReader, PdfWriter

from core.images import strip_metadata

MAX_AUDIO_BYTES = 20 * 1024 * 1024
MAX_AUDIO_SECONDS = 5 * 60
MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_PDF_PAGES = 100
AUDIO_SUFFIX = {MP3: "mp3", MP4: "m4a", WAVE: "wav"}


def check_audio(upload) -> tuple[ContentFile, int]:
    """Return the audio without tags and its length in seconds, or refuse it."""
    if upload.size > MAX_AUDIO_BYTES:
        raise ValidationError(_("The audio file is larger than 20 MB."), code="too_large")
    upload.seek(0)
    data = upload.read()
    try:
        audio = mutagen.File(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - mutagen raises many kinds on broken files
        raise ValidationError(
            _("The file is not a valid MP3, M4A or WAV recording."), code="invalid"
        ) from exc
    if audio is None or type(audio) not in AUDIO_SUFFIX or not audio.info.length:
        raise ValidationError(
            _("The file is not a valid MP3, M4A or WAV recording."), code="invalid"
        )
    if type(audio) is MP3 and not _has_mpeg_frames(data):
        raise ValidationError(
            _("The file is not a valid MP3, M4A or WAV recording."), code="invalid"
        )
    if audio.info.length > MAX_AUDIO_SECONDS:
        raise ValidationError(_("The recording is longer than 5 minutes."), code="too_long")
    cleaned = io.BytesIO(data)
    if audio.tags is not None:
        # Tags can carry names, e-mail addresses and cover pictures; drop them.
        try:
            audio.delete(cleaned)
        except Exception:  # noqa: BLE001, S110 - a file without removable tags stays as it is
            pass
    return (
        ContentFile(cleaned.getvalue(), name=f"audio.{AUDIO_SUFFIX[type(audio)]}"),
        round(audio.info.length),
    )


def _has_mpeg_frames(data: bytes) -> bool:
    """mutagen accepts almost anything as MP3; require several real frame headers."""
    headers = re.findall(rb"\xff[\xe2-\xff][\x00-\xef]", data[: 256 * 1024])
    return len(headers) >= 3


def check_pdf(upload) -> ContentFile:
    """A PDF by its magic bytes and a structural parse (xref offset, trailer, end marker)."""
    if upload.size > MAX_PDF_BYTES:
        raise ValidationError(_("The PDF is larger than 10 MB."), code="too_large")
    upload.seek(0)
    data = upload.read()
    invalid = ValidationError(_("The file is not a valid PDF document."), code="invalid")
    if not re.match(rb"%PDF-[12]\.\d", data[:8]):
        raise invalid
    if re.search(rb"/(JavaScript|JS|Launch|EmbeddedFile)\b", data):
        raise ValidationError(
            _("PDFs with scripts or embedded files are not accepted."), code="active"
        )
    tail = data[-2048:]
    match = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail)
    if not match:
        raise invalid
    offset = int(match.group(1))
    if offset >= len(data):
        raise invalid
    at_offset = data[offset : offset + 32].lstrip()
    if not (at_offset.startswith(b"xref") or re.match(rb"\d+\s+\d+\s+obj", at_offset)):
        raise invalid
    if b"/Root" not in data:
        raise invalid
    return ContentFile(_without_metadata(data, invalid), name="report.pdf")


def _without_metadata(data: bytes, invalid: ValidationError) -> bytes:
    """The pages alone, rewritten: judging is blind, and a PDF's document information and XMP
    metadata (author, company, the software's user name) would name the entrant."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(_("Password-protected PDFs are not accepted."), code="encrypted")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise ValidationError(
                _("The PDF has more than %(pages)d pages.") % {"pages": MAX_PDF_PAGES},
                code="too_long",
            )
        writer = PdfWriter()
        for page in reader.pages:
            for key in ("/Metadata", "/PieceInfo"):
                page.pop(key, None)
            writer.add_page(page)
        writer.metadata = None
        output = io.BytesIO()
        writer.write(output)
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 - whatever a hostile file makes the parser raise
        raise invalid from error
    return output.getvalue()


class CheckedAudioField(forms.FileField):
    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        if cleaned and cleaned is not initial and hasattr(cleaned, "read"):
            content, seconds = check_audio(cleaned)
            content.seconds = seconds
            return content
        return cleaned


class CheckedPdfField(forms.FileField):
    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        if cleaned and cleaned is not initial and hasattr(cleaned, "read"):
            return check_pdf(cleaned)
        return cleaned


class CheckedEntryImageField(forms.FileField):
    """Like core.images.CheckedImageField but without Django's own ImageField pre-check,
    so one clear message explains every refusal."""

    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        if cleaned and cleaned is not initial and hasattr(cleaned, "read"):
            return strip_metadata(cleaned)
        return cleaned
