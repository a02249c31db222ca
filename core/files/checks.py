"""An upload's type is what its bytes are, never what its name says; each type is parsed,
re-encoded where it can be, and refused with a message that says what is accepted."""

import io
import math
import threading
import warnings
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MEGABYTE = 1024 * 1024
MAX_PIXELS = 40_000_000
# Office packages: a plan or an estimate is a few MB; more than this unpacked is a zip bomb.
MAX_UNPACKED_BYTES = 200 * MEGABYTE
MAX_PACKAGE_MEMBERS = 5000

IMAGES = ("jpeg", "png", "webp")
OFFICE = ("docx", "xlsx", "pptx")
AUDIO = ("mp3", "m4a", "wav")
DOCUMENTS = ("pdf", *IMAGES[:2], *OFFICE)

FORMAT_NAMES = {
    "jpeg": "JPEG",
    "png": "PNG",
    "webp": "WebP",
    "pdf": "PDF",
    "docx": _("Word (.docx)"),
    "xlsx": _("Excel (.xlsx)"),
    "pptx": _("PowerPoint (.pptx)"),
    "mp3": "MP3",
    "m4a": "M4A",
    "wav": "WAV",
    "csv": "CSV",
}
# The suffix a stored file gets: from its format, never from the uploader's name.
SUFFIXES = {"jpeg": "jpg", **{name: name for name in FORMAT_NAMES if name != "jpeg"}}
PILLOW_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}
OOXML_MAIN_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Checked:
    """What an upload turned out to be: its format, the bytes to store, and for recordings
    their length in seconds."""

    format: str
    data: bytes
    seconds: int = 0

    @property
    def suffix(self) -> str:
        return SUFFIXES[self.format]


def accepted_list(formats) -> str:
    """ "JPEG, PNG or WebP" in the reader's language."""
    names = [str(FORMAT_NAMES[name]) for name in formats]
    if len(names) == 1:
        return names[0]
    return gettext("%(list)s or %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}


def refused_type(formats) -> ValidationError:
    return ValidationError(
        _("This type of file is not accepted. Upload %(accepted)s.")
        % {"accepted": accepted_list(formats)},
        code="type",
    )


def megabytes(size: int) -> str:
    """10 for a limit of 10 MB; a size just over it reads 10.1, never "10.0"."""
    if size % MEGABYTE == 0:
        return number_format(size // MEGABYTE)
    return number_format(math.ceil(size * 10 / MEGABYTE) / 10, decimal_pos=1)


def check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s MB; at most %(limit)s MB is accepted.")
            % {"size": megabytes(size), "limit": megabytes(max_bytes)},
            code="too_large",
        )


def sniff(data: bytes) -> str | None:
    """The format the first bytes announce; the format's own check then parses the whole."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "ooxml"
    if head.startswith(OLE_SIGNATURE):
        return "ole"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    return None


def check_content(data: bytes, *, formats, max_bytes: int) -> Checked:
    """Decide the format by content and run its check; ValidationError says what is wrong."""
    check_size(len(data), max_bytes)
    announced = sniff(data)
    if announced == "ole" and set(formats) & set(OFFICE):
        raise ValidationError(
            _(
                "Old Office files (.doc, .xls, .ppt) can carry macros and are not accepted. "
                "Save the file as %(accepted)s."
            )
            % {"accepted": accepted_list([f for f in formats if f in OFFICE])},
            code="legacy_office",
        )
    if announced in PILLOW_FORMATS.values() and announced in formats:
        return check_image(data, formats=formats)
    if announced == "ooxml" and set(formats) & set(OFFICE):
        return check_office(data, formats=formats)
    if announced == "pdf" and "pdf" in formats:
        from .pdf import check_pdf

        return check_pdf(data)
    if announced in AUDIO and announced in formats:
        from .audio import check_audio

        return check_audio(data, formats=formats)
    if announced is None and "csv" in formats:
        # A table to import: no known binary format; the importer's own parser reads every
        # cell and names the encoding it wants (docs/data-formats.md).
        return Checked("csv", data)
    raise refused_type(formats)


def check_image(data: bytes, *, formats) -> Checked:
    """Decode every pixel (a truncated file fails), within the pixel limit, and re-encode:
    what is stored holds pixels only, no EXIF, GPS, comments or appended payloads."""
    invalid = ValidationError(
        _("The file is not a complete %(accepted)s image.") % {"accepted": accepted_list(formats)},
        code="invalid",
    )
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; any bomb is refused here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = PILLOW_FORMATS.get(probe.format)
                width, height = probe.size
                if image_format not in formats:
                    raise refused_type(formats)
                if width * height > MAX_PIXELS:
                    raise _too_many_pixels(width, height)
                probe.verify()
            image = Image.open(io.BytesIO(data))
            _load_completely(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(*_declared_size(data)) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise invalid from error
    return Checked(image_format, _reencoded(image, image_format))


_truncation_guard = threading.Lock()


def _load_completely(image: Image.Image) -> None:
    """Decode every pixel, failing on a truncated file whatever the process's setting:
    WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process when it is imported."""
    with _truncation_guard:
        previous, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _declared_size(data: bytes) -> tuple[int, int]:
    try:
        previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:  # noqa: BLE001 - only the message's numbers are at stake
        return (0, 0)
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        _("The image is %(width)s × %(height)s pixels; at most %(limit)s million pixels.")
        % {
            "width": number_format(width, force_grouping=True),
            "height": number_format(height, force_grouping=True),
            "limit": MAX_PIXELS // 1_000_000,
        },
        code="too_many_pixels",
    )


def _reencoded(image: Image.Image, image_format: str) -> bytes:
    upright = ImageOps.exif_transpose(image)
    # Only the colour profile survives: comments, XMP and EXIF (camera serials, GPS, owner).
    upright.info = {key: value for key, value in image.info.items() if key == "icc_profile"}
    if image_format == "jpeg" and upright.mode not in ("RGB", "L", "CMYK"):
        upright = upright.convert("RGB")
    if image_format == "webp" and upright.mode not in ("RGB", "RGBA"):
        upright = upright.convert("RGBA" if "A" in upright.mode or "P" in upright.mode else "RGB")
    buffer = io.BytesIO()
    options = {"quality": 88} if image_format != "png" else {}
    upright.save(buffer, format=image_format.upper(), **options)
    return buffer.getvalue()


def check_office(data: bytes, *, formats) -> Checked:
    """A Word, Excel or PowerPoint package without macros or embedded programs, rewritten
    member by member so nothing rides before or after the archive."""
    office = [f for f in formats if f in OFFICE]
    refused = refused_type(formats)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
            if len(members) > MAX_PACKAGE_MEMBERS or (
                sum(member.file_size for member in members) > MAX_UNPACKED_BYTES
            ):
                raise refused
            names = {member.filename for member in members}
            if "[Content_Types].xml" not in names:
                raise refused
            content_types = package.read("[Content_Types].xml").lower()
            if (
                b"macroenabled" in content_types
                or b"vbaproject" in content_types
                or any(_is_program(name) for name in names)
            ):
                raise ValidationError(
                    _(
                        "Office files with macros are not accepted. Save the file as %(accepted)s "
                        "without macros."
                    )
                    % {"accepted": accepted_list(office)},
                    code="macro",
                )
            kinds = {kind for part, kind in OOXML_MAIN_PARTS.items() if part in names}
            if len(kinds) != 1 or next(iter(kinds)) not in formats:
                raise refused
            rewritten = io.BytesIO()
            with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as copy:
                for member in members:
                    copy.writestr(member.filename, package.read(member))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError) as error:
        raise refused from error
    return Checked(kinds.pop(), rewritten.getvalue())


def _is_program(name: str) -> bool:
    """Macro projects, ActiveX controls and embedded OLE objects (which can wrap any program);
    printer settings, also .bin, are harmless and common in Excel files."""
    lowered = name.lower()
    return (
        "vbaproject" in lowered
        or "vbadata" in lowered
        or "activex" in lowered
        or ("/embeddings/" in lowered and lowered.endswith(".bin"))
    )
