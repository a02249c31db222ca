"""Recordings: MP3, M4A or WAV read by mutagen, within a length, without their tags."""

import io
import re

import mutagen
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.wave import WAVE

from .checks import Checked, accepted_list

MAX_AUDIO_SECONDS = 5 * 60
AUDIO_FORMATS = {MP3: "mp3", MP4: "m4a", WAVE: "wav"}


def check_audio(data: bytes, *, formats) -> Checked:
    """The recording without tags (names, e-mail addresses, cover pictures) and its length."""
    invalid = ValidationError(
        _("The file is not a valid %(accepted)s recording.")
        % {"accepted": accepted_list([f for f in formats if f in AUDIO_FORMATS.values()])},
        code="invalid",
    )
    try:
        audio = mutagen.File(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - mutagen raises many kinds on broken files
        raise invalid from error
    if audio is None or type(audio) not in AUDIO_FORMATS or not audio.info.length:
        raise invalid
    audio_format = AUDIO_FORMATS[type(audio)]
    if audio_format not in formats:
        raise invalid
    if type(audio) is MP3 and not _has_mpeg_frames(data):
        raise invalid
    if audio.info.length > MAX_AUDIO_SECONDS:
        raise ValidationError(
            _("The recording is longer than %(minutes)s minutes.")
            % {"minutes": MAX_AUDIO_SECONDS // 60},
            code="too_long",
        )
    cleaned = io.BytesIO(data)
    if audio.tags is not None:
        try:
            audio.delete(cleaned)
        except Exception:  # noqa: BLE001, S110 - a file without removable tags stays as it is
            pass
    return Checked(audio_format, cleaned.getvalue(), seconds=round(audio.info.length))


def _has_mpeg_frames(data: bytes) -> bool:
    """mutagen accepts almost anything as MP3; require several real frame headers."""
    headers = re.findall(rb"\xff[\xe2-\xff][\x00-\xef]", data[: 256 * 1024])
    return len(headers) >= 3
