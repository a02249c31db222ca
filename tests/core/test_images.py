import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import CheckedImageField, strip_metadata


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_exif_is_stripped_from_uploaded_jpeg():
    upload = SimpleUploadedFile("photo.jpg", jpeg_with_exif(), content_type="image/jpeg")
    cleaned = strip_metadata(upload)
    reopened = Image.open(io.BytesIO(cleaned.read()))
    assert reopened.format == "JPEG"
    assert not reopened.getexif()
    assert b"SecretCamera" not in cleaned.open().read()


def test_a_file_named_jpg_that_is_not_an_image_is_refused():
    upload = SimpleUploadedFile(
        "photo.jpg", b"<html><script>alert(1)</script>", content_type="image/jpeg"
    )
    with pytest.raises(ValidationError):
        CheckedImageField().clean(upload)


def test_gif_is_refused_even_though_pillow_reads_it():
    buffer = io.BytesIO()
    Image.new("RGB", (5, 5)).save(buffer, format="GIF")
    upload = SimpleUploadedFile("anim.gif", buffer.getvalue(), content_type="image/gif")
    with pytest.raises(ValidationError):
        strip_metadata(upload)
