import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image

from core.images import CheckedImageField, forget_known_renditions, rendition, strip_metadata


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


def png_file(width: int, height: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(buffer, format="PNG")
    return SimpleUploadedFile("wide.png", buffer.getvalue(), content_type="image/png")


def test_a_rendition_keeps_the_aspect_ratio_and_reports_its_size():
    stored = default_storage.save("uploads/wide.png", png_file(2000, 1000))
    made = rendition(default_storage.open(stored), 480)
    assert (made.width, made.height) == (480, 240)
    with default_storage.open(made.url.removeprefix(settings.MEDIA_URL), "rb") as webp:
        assert Image.open(webp).size == (480, 240)


def test_an_image_tag_reserves_its_space_so_lazy_images_never_collapse():
    stored = default_storage.save("uploads/wide.png", png_file(1200, 900))
    html = Template("{% load portal %}{% rendition_img image 960 alt %}").render(
        Context({"image": default_storage.open(stored), "alt": "緑の<壁>"})
    )
    assert 'width="960" height="720"' in html
    assert 'alt="緑の&lt;壁&gt;"' in html
    assert 'loading="lazy"' in html


def test_the_size_is_remembered_after_the_cache_is_emptied():
    stored = default_storage.save("uploads/wide.png", png_file(800, 200))
    first = rendition(default_storage.open(stored), 480)
    cache.clear()
    forget_known_renditions()
    assert rendition(default_storage.open(stored), 480) == first
