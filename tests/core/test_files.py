"""core.files: every upload field refuses hostile files with a translated message, and what
it keeps is re-encoded, stripped and stored privately under a random name."""

import io
import re
import zipfile

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from core.files import UploadField, check_content, check_upload
from core.storage import private_storage
from tests import uploads

UPLOAD_FIELDS = sorted(
    (
        field
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, UploadField)
    ),
    key=lambda field: f"{field.model._meta.label}.{field.name}",
)


def field_id(field) -> str:
    return f"{field.model._meta.label}.{field.name}"


def refusal(field, name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        field.formfield().clean(uploads.upload(name, data))
    return " ".join(refused.value.messages)


def test_every_file_field_of_the_project_goes_through_core_files():
    from django.db.models import FileField

    from core.files import GeneratedFileField, PublishedFileField

    ours = (UploadField, PublishedFileField, GeneratedFileField)
    fields = [
        field_id(field)
        for model in apps.get_models()
        if not model._meta.label.startswith(("auth.", "admin.", "otp_", "axes."))
        for field in model._meta.get_fields()
        if isinstance(field, FileField) and not isinstance(field, ours)
    ]
    assert fields == []


@pytest.mark.parametrize("field", UPLOAD_FIELDS, ids=field_id)
@pytest.mark.parametrize("case", sorted(uploads.HOSTILE_DOCUMENTS))
def test_every_upload_field_refuses_every_hostile_file(field, case):
    name, build = uploads.HOSTILE_DOCUMENTS[case]
    with translation.override("en"):
        message = refusal(field, name, build())
    assert message and "Traceback" not in message


@pytest.mark.parametrize("field", UPLOAD_FIELDS, ids=field_id)
@pytest.mark.parametrize("case", sorted(uploads.HOSTILE_IMAGES))
def test_every_upload_field_refuses_hostile_images(field, case):
    name, build = uploads.HOSTILE_IMAGES[case]
    data = build()
    if case == "pdf-named-jpg" and "pdf" in field.formats:
        return  # a real PDF is what a document field accepts, whatever its name
    with translation.override("en"):
        assert refusal(field, name, data)


@pytest.mark.parametrize("field", UPLOAD_FIELDS, ids=field_id)
def test_every_upload_field_names_its_size_limit(field):
    with translation.override("en"):
        message = refusal(field, "big.jpg", uploads.oversized("big.jpg", field.max_mb).read())
    assert f"at most {field.max_mb} MB" in message


@pytest.mark.parametrize("field", UPLOAD_FIELDS, ids=field_id)
def test_every_upload_field_says_what_it_accepts_in_a_short_list(field):
    with translation.override("en"):
        message = refusal(field, "notes.txt", b"plain text, not a document")
    assert message.startswith("This type of file is not accepted. Upload ")
    assert len(message) < 140  # a short list, not Pillow's fifty formats
    with translation.override("ja"):
        assert "アップロード" in refusal(field, "notes.txt", b"plain text")


def test_a_bomb_is_refused_with_its_size_in_both_languages():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        check_content(uploads.bomb_png(), formats=("png",), max_bytes=10**7)
    assert "30,000 × 30,000 pixels" in refused.value.messages[0]
    assert "at most 40 million pixels" in refused.value.messages[0]
    with translation.override("ja"), pytest.raises(ValidationError) as refused:
        check_content(uploads.bomb_png(), formats=("png",), max_bytes=10**7)
    assert "ピクセル" in refused.value.messages[0]


def test_a_bomb_just_past_pillows_own_limit_is_refused_not_raised():
    # 13,000 × 13,000 = 169 M pixels: Pillow raises DecompressionBombError on its own here.
    with pytest.raises(ValidationError):
        check_content(uploads.bomb_png(13000, 13000), formats=("png",), max_bytes=10**7)


def test_a_truncated_image_is_refused_even_after_weasyprint_was_imported():
    import weasyprint  # noqa: F401 - it turns Pillow's LOAD_TRUNCATED_IMAGES on for the process
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    with pytest.raises(ValidationError):
        check_content(uploads.truncated_jpeg(), formats=("jpeg",), max_bytes=10**7)
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # left as WeasyPrint needs it


def test_a_jpeg_php_polyglot_is_stored_as_pixels_only():
    checked = check_content(uploads.polyglot_jpeg(), formats=("jpeg",), max_bytes=10**7)
    assert checked.format == "jpeg"
    assert b"<?php" not in checked.data and b"<script" not in checked.data


def test_a_pdf_zip_polyglot_is_stored_without_the_archive():
    checked = check_content(uploads.pdf_zip_polyglot(), formats=("pdf",), max_bytes=10**7)
    assert b"PK\x03\x04" not in checked.data and b"evil.php" not in checked.data
    assert len(PdfReader(io.BytesIO(checked.data)).pages) == 1


def test_gps_owner_and_comments_are_stripped_from_photos():
    checked = check_content(uploads.jpeg_bytes(gps_owner=True), formats=("jpeg",), max_bytes=10**7)
    assert not Image.open(io.BytesIO(checked.data)).getexif()
    for secret in (b"Hanako", b"SecretCamera", b"owner:"):
        assert secret not in checked.data


def test_a_pdf_loses_its_author():
    checked = check_content(uploads.pdf_bytes(author="山田花子"), formats=("pdf",), max_bytes=10**7)
    assert not (PdfReader(io.BytesIO(checked.data)).metadata or {}).get("/Author")


def test_a_plain_docx_is_accepted_and_rewritten_whole():
    checked = check_content(uploads.docx_bytes(), formats=("docx",), max_bytes=10**7)
    assert checked.format == "docx"
    with zipfile.ZipFile(io.BytesIO(checked.data)) as package:
        assert "word/document.xml" in package.namelist()


def test_a_docx_is_refused_where_only_excel_is_accepted():
    with pytest.raises(ValidationError):
        check_content(uploads.docx_bytes(), formats=("xlsx",), max_bytes=10**7)


@pytest.mark.django_db
def test_stored_names_are_random_whatever_the_uploader_called_the_file():
    from news.models import ArticleImage

    field = ArticleImage._meta.get_field("image")
    names = []
    for uploaded_as in ("photo_x.php.jpg", "CON.jpg", "山田花子の家.png"):
        data = uploads.png_bytes() if uploaded_as.endswith("png") else uploads.jpeg_bytes()
        cleaned = field.formfield().clean(uploads.upload(uploaded_as, data))
        names.append(field.generate_filename(None, cleaned.name))
    for name in names:
        assert re.fullmatch(r"news/gallery/[0-9a-f]{32}\.(jpg|png)", name), name
    assert field.storage is private_storage or field.storage.__class__.__name__ == "PrivateStorage"


def test_check_upload_keeps_the_original_name_only_as_an_attribute():
    cleaned = check_upload(
        uploads.upload("見積書.pdf", uploads.pdf_bytes()), formats=("pdf",), max_mb=10
    )
    assert cleaned.name == "upload.pdf" and cleaned.original_name == "見積書.pdf"
