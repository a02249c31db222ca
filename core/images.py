"""Renditions: WebP copies of a stored image at a few widths, with their pixel size.

Uploads are checked and re-encoded by core.files; originals are private. A record that is
public now gets public renditions (in the default storage, cached by browsers and CDNs); one
that is not (a draft, an activity awaiting moderation) gets renditions in private storage,
reached through an address signed for its viewer (core.files.access).
"""

import hashlib
import io
from typing import NamedTuple

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from PIL import Image, ImageOps

from core.files import files_are_public
from core.files.access import private_address
from core.storage import private_storage

# 640 is what a phone at 360 CSS px and a device pixel ratio of 1.75 shows full width.
RENDITION_WIDTHS = (480, 640, 960, 1600)
DEFAULT_WIDTH = 960  # the src of a srcset, for browsers that read no srcset


class Rendition(NamedTuple):
    url: str
    width: int
    height: int


# A rendition never changes once made, so each process remembers it: otherwise every image of
# a list page (20 cards, four widths each for a srcset) would cost a shared-cache round trip.
_known: dict[str, Rendition] = {}
KNOWN_LIMIT = 5000
UNMADE_RETRY_SECONDS = 10 * 60


def forget_known_renditions() -> None:
    """Drop what this process remembers (the shared cache and the files stay)."""
    _known.clear()


@receiver(setting_changed)
def _forget_known(*, setting, **kwargs):
    if setting in ("MEDIA_ROOT", "MEDIA_URL", "STORAGES"):
        forget_known_renditions()


def jpeg_copy(image_file, max_width: int) -> ContentFile:
    """A JPEG of a stored (checked) image at most `max_width` pixels on its longer side, for a
    copy a service publishes (core.files.PublishedFileField)."""
    with image_file.open("rb") as source, Image.open(source) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((max_width, max_width))
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name="published.jpg")


def _rendition_name(source_name: str, width: int) -> str:
    digest = hashlib.sha1(f"{source_name}:{width}".encode(), usedforsecurity=False)
    return f"renditions/{digest.hexdigest()}-{width}.webp"


def rendition(image_file, width: int, *, viewer=None) -> Rendition | None:
    """A WebP copy at most `width` pixels wide, made on first use, with its pixel size.

    The size lets pages reserve the image's space before it loads, so lazy images neither shift
    the layout nor sit at zero height. `viewer` is who may open the copy of a record that is not
    public (default: staff).
    """
    if not image_file:
        return None
    name = _rendition_name(image_file.name, width)
    if not files_are_public(image_file):
        size = _size(private_storage, name, image_file, width)
        if size is None:
            return None
        return Rendition(private_address(image_file.name, viewer=viewer, width=width), *size)
    known = _known.get(name)
    if known is not None:
        return known
    size = _size(default_storage, name, image_file, width)
    if size is None:
        return None
    if len(_known) >= KNOWN_LIMIT:
        _known.clear()
    made = _known[name] = Rendition(default_storage.url(name), *size)
    return made


def renditions(image_file, *, viewer=None) -> dict[int, Rendition] | None:
    """Every width of RENDITION_WIDTHS, for a srcset (None if the original cannot be read)."""
    made = {width: rendition(image_file, width, viewer=viewer) for width in RENDITION_WIDTHS}
    return None if None in made.values() else made


def rendition_url(image_file, width: int, *, viewer=None) -> str:
    made = rendition(image_file, width, viewer=viewer)
    return made.url if made else ""


def private_rendition_bytes(source_name: str, width: int) -> bytes | None:
    """The private rendition of a stored original, made if missing (for core.files.access)."""
    if width not in RENDITION_WIDTHS:
        return None
    name = _rendition_name(source_name, width)
    if not private_storage.exists(name):
        if not private_storage.exists(source_name):
            return None
        with private_storage.open(source_name, "rb") as source:
            if _make_rendition(source, width, name, private_storage) is None:
                return None
    with private_storage.open(name, "rb") as stored:
        return stored.read()


def _size(storage, name: str, image_file, width: int) -> tuple[int, int] | None:
    cache_key = f"rendition-size:{'public' if storage is default_storage else 'private'}:{name}"
    size = cache.get(cache_key)
    if size is None:
        size = _stored_size(storage, name)
        if size is None:
            try:
                with image_file.open("rb") as source:
                    size = _make_rendition(source, width, name, storage)
            except OSError:
                size = None
        if size is None:
            # An original that is missing or unreadable is not opened again on every request.
            cache.set(cache_key, (), timeout=UNMADE_RETRY_SECONDS)
            return None
        cache.set(cache_key, size, timeout=None)
    return tuple(size) or None


def _stored_size(storage, name: str) -> tuple[int, int] | None:
    if not storage.exists(name):
        return None
    try:
        with storage.open(name, "rb") as stored, Image.open(stored) as image:
            return image.size
    except OSError:
        return None


def _make_rendition(source, width: int, name: str, storage) -> tuple[int, int] | None:
    try:
        with Image.open(source) as image:
            # A JPEG decodes at 1/2, 1/4 or 1/8 scale when that still covers `width` both ways:
            # a camera's 12 megapixels are not decoded whole for a 480 px copy.
            image.draft(image.mode, (width, width))
            image = ImageOps.exif_transpose(image)
            image.thumbnail((width, width * 4))
            buffer = io.BytesIO()
            image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB").save(
                buffer, format="WEBP", quality=80
            )
            size = image.size
    except (FileNotFoundError, OSError, Image.DecompressionBombError):
        return None
    storage.save(name, ContentFile(buffer.getvalue()))
    return size
