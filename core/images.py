"""Uploaded images: checked by content, stripped of metadata, resized into renditions."""

import hashlib
import io
from pathlib import PurePosixPath
from typing import NamedTuple

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
RENDITION_WIDTHS = (480, 960, 1600)


def read_checked_image(upload) -> Image.Image:
    """Open an upload as an image, refusing what is not really a JPEG, PNG or WebP."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The image is larger than 10 MB."), code="too_large")
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        if image.format not in ALLOWED_FORMATS:
            raise ValidationError(_("Upload a JPEG, PNG or WebP image."), code="format")
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("The file is not a valid image."), code="invalid") from exc
    return image


def strip_metadata(upload) -> ContentFile:
    """Re-encode the image without EXIF (GPS, camera serials), upright as displayed."""
    image = read_checked_image(upload)
    image_format = image.format
    upright = ImageOps.exif_transpose(image)
    if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    buffer = io.BytesIO()
    upright.save(buffer, format=image_format, **({"quality": 88} if image_format != "PNG" else {}))
    stem = PurePosixPath(getattr(upload, "name", "image")).stem[:60] or "image"
    return ContentFile(buffer.getvalue(), name=f"{stem}.{ALLOWED_FORMATS[image_format]}")


class CheckedImageField(forms.ImageField):
    """An image form field whose cleaned file is verified by content and has no metadata."""

    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        if cleaned and cleaned is not initial and hasattr(cleaned, "read"):
            return strip_metadata(cleaned)
        return cleaned


class Rendition(NamedTuple):
    url: str
    width: int
    height: int


# A rendition never changes once made, so each process remembers it: otherwise every image of
# a list page (20 cards, three widths each for a srcset) would cost a shared-cache round trip.
_known: dict[str, Rendition] = {}
KNOWN_LIMIT = 5000


def forget_known_renditions() -> None:
    """Drop what this process remembers (the shared cache and the files stay)."""
    _known.clear()


@receiver(setting_changed)
def _forget_known(*, setting, **kwargs):
    if setting in ("MEDIA_ROOT", "MEDIA_URL", "STORAGES"):
        forget_known_renditions()


def rendition(image_file, width: int) -> Rendition | None:
    """A WebP copy at most `width` pixels wide, made on first use, with its pixel size.

    The size lets pages reserve the image's space before it loads, so lazy images neither shift
    the layout nor sit at zero height.
    """
    if not image_file:
        return None
    digest = hashlib.sha1(f"{image_file.name}:{width}".encode(), usedforsecurity=False)
    name = f"renditions/{digest.hexdigest()}-{width}.webp"
    known = _known.get(name)
    if known is not None:
        return known
    cache_key = f"rendition-size:{name}"
    size = cache.get(cache_key)
    if size is None:
        size = _stored_size(name) or _make_rendition(image_file, width, name)
        if size is None:
            return Rendition(image_file.url, 0, 0)
        cache.set(cache_key, size, timeout=None)
    if len(_known) >= KNOWN_LIMIT:
        _known.clear()
    made = _known[name] = Rendition(default_storage.url(name), *size)
    return made


def rendition_url(image_file, width: int) -> str:
    made = rendition(image_file, width)
    return made.url if made else ""


def _stored_size(name: str) -> tuple[int, int] | None:
    if not default_storage.exists(name):
        return None
    try:
        with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
            return image.size
    except OSError:
        return None


def _make_rendition(image_file, width: int, name: str) -> tuple[int, int] | None:
    try:
        with image_file.open("rb") as source, Image.open(source) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((width, width * 4))
            buffer = io.BytesIO()
            image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB").save(
                buffer, format="WEBP", quality=80
            )
            size = image.size
    except (FileNotFoundError, OSError):
        return None
    default_storage.save(name, ContentFile(buffer.getvalue()))
    return size
