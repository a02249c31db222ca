"""Real files, good and hostile, for every upload field's tests (core.files)."""

import io
import struct
import wave
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

PAYLOAD = b"<?php system($_GET['c']); ?><html><script>alert(1)</script></html>"


def jpeg_bytes(size=(64, 48), *, gps_owner: bool = False) -> bytes:
    image = Image.new("RGB", size, "green")
    buffer = io.BytesIO()
    if gps_owner:
        exif = Image.Exif()
        exif[0x013B] = "Hanako Yamada"  # Artist
        exif[0x010F] = "SecretCamera"  # Make
        exif.get_ifd(0x8825)[2] = (35.0, 41.0, 0.0)  # GPS latitude
        image.save(buffer, format="JPEG", exif=exif, comment=b"owner: Hanako Yamada")
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


def png_bytes(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 30000, height: int = 30000) -> bytes:
    """A PNG that announces 30000 × 30000 pixels in a few hundred bytes: decoding it would
    take gigabytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


def truncated_jpeg() -> bytes:
    data = jpeg_bytes((400, 300))
    return data[: len(data) // 2]


def polyglot_jpeg() -> bytes:
    """A valid JPEG that is also an HTML/PHP page (payload appended after the image)."""
    return jpeg_bytes() + PAYLOAD


def pdf_bytes(*, javascript: bool = False, embedded: bool = False, author: str = "") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:
        script = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('x');"),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(script)
    if embedded:
        writer.add_attachment("run.exe", b"MZ" + b"\x00" * 64)
    if author:
        writer.add_metadata({"/Author": author})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf_with_objects(*objects: bytes) -> bytes:
    """A PDF written by hand, with a correct cross-reference table, from numbered objects."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def pdf_with_launch_action() -> bytes:
    return _pdf_with_objects(
        b"<</Type/Catalog/Pages 2 0 R/OpenAction<</S/Launch/F(cmd.exe)>>>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>",
    )


def pdf_with_escaped_javascript() -> bytes:
    """JavaScript whose names are written with #-escapes, which a byte search does not see."""
    return _pdf_with_objects(
        b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>",
        b"<</S/J#61vaScript/J#53(app.alert(1))>>",
    )


def pdf_zip_polyglot() -> bytes:
    """A valid PDF with a ZIP archive appended: some readers open one, some the other."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as package:
        package.writestr("evil.php", PAYLOAD)
    return pdf_bytes() + archive.getvalue()


def _ooxml(main_part: str, content_type: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/'
            + main_part
            + '" ContentType="'
            + content_type
            + '"/></Types>',
        )
        package.writestr(main_part, "<document/>")
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return _ooxml(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    )


def macro_docm() -> bytes:
    """A Word document with a VBA project (a .docm), whatever it is named."""
    return _ooxml(
        "word/document.xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"Sub AutoOpen()"},
    )


def macro_xlsx_disguised() -> bytes:
    """An Excel workbook declared as plain .xlsx that still carries a VBA project."""
    return _ooxml(
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"Sub Workbook_Open()"},
    )


def wav_bytes(seconds: float = 1.0) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(8000)
        recording.writeframes(b"\x00\x00" * int(8000 * seconds))
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def oversized(name: str, megabytes: int) -> SimpleUploadedFile:
    """A file just over `megabytes` (a real JPEG padded), to test the size limit's message."""
    return upload(name, jpeg_bytes() + b"\x00" * (megabytes * 1024 * 1024), "image/jpeg")


# Every hostile case, by name: (file name, bytes). The name always claims something harmless.
HOSTILE_IMAGES = {
    "bomb": ("photo.png", bomb_png),
    "truncated": ("photo.jpg", truncated_jpeg),
    "html-named-jpg": ("photo_x.php.jpg", lambda: PAYLOAD),
    "pdf-named-jpg": ("photo.jpg", pdf_bytes),
    "gif": ("photo.jpg", lambda: _gif()),
}
HOSTILE_DOCUMENTS = {
    "pdf-javascript": ("plan.pdf", lambda: pdf_bytes(javascript=True)),
    "pdf-embedded-file": ("plan.pdf", lambda: pdf_bytes(embedded=True)),
    "pdf-launch": ("plan.pdf", pdf_with_launch_action),
    "pdf-escaped-javascript": ("plan.pdf", pdf_with_escaped_javascript),
    "docm": ("estimate.docx", macro_docm),
    "xlsx-with-vba": ("estimate.xlsx", macro_xlsx_disguised),
    "legacy-doc": ("estimate.doc", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512),
    "html-named-pdf": ("plan.pdf", lambda: PAYLOAD),
    "bomb": ("photo.png", bomb_png),
    "truncated": ("photo.jpg", truncated_jpeg),
}


def _gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (5, 5)).save(buffer, format="GIF")
    return buffer.getvalue()
