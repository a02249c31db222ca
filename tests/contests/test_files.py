"""Entry files are judged by their content: what a file claims to be does not count."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from contests.forms import EntryForm
from core.files import AUDIO, check_upload

from .helpers import jpeg_bytes, make_contest, mp3_bytes, pdf_bytes, wav_bytes

pytestmark = pytest.mark.django_db


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def check_audio(uploaded):
    """What the entry form's recording field keeps: the checked file and its length."""
    checked = check_upload(uploaded, formats=AUDIO, max_mb=20)
    return checked, checked.seconds


def check_pdf(uploaded):
    return check_upload(uploaded, formats=("pdf",), max_mb=10)


def entry_form(contest, **files):
    data = {
        "category": contest.categories.get(kind="art").pk,
        "entrant_type": "individual",
        "entrant_name": "山田 花子",
        "email": "hanako@example.jp",
        "display_name": "はなこ",
        "municipality": "131016",
        "title": "森の呼吸",
        "description": "説明",
        "rights_consent": "on",
        "licence_consent": "on",
    }
    return EntryForm(data, files, contest=contest)


def test_a_jpg_that_is_really_html_is_refused_with_a_clear_message():
    contest = make_contest()
    form = entry_form(
        contest, image=upload("work.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    )
    assert not form.is_valid()
    assert form.errors["image"] == ["This type of file is not accepted. Upload JPEG or PNG."]


def test_an_oversized_image_is_refused():
    contest = make_contest()
    big = jpeg_bytes() + b"\0" * (10 * 1024 * 1024)
    form = entry_form(contest, image=upload("big.jpg", big, "image/jpeg"))
    assert not form.is_valid()
    assert form.errors["image"] == ["The file is 10.1 MB; at most 10 MB is accepted."]


def test_an_image_with_too_many_pixels_is_refused():
    contest = make_contest()
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")
    form = entry_form(contest, image=upload("huge.png", buffer.getvalue(), "image/png"))
    assert not form.is_valid()
    assert form.errors["image"] == ["The image is 8,000 × 6,000 pixels; at most 40 million pixels."]


def test_a_webp_image_is_refused_for_entries():
    contest = make_contest()
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, format="WEBP")
    form = entry_form(contest, image=upload("work.webp", buffer.getvalue(), "image/webp"))
    assert not form.is_valid()
    assert form.errors["image"] == ["This type of file is not accepted. Upload JPEG or PNG."]


def test_exif_is_stripped_from_an_accepted_image():
    contest = make_contest()
    form = entry_form(contest, image=upload("work.jpg", jpeg_bytes(exif=True), "image/jpeg"))
    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data["image"]
    with Image.open(cleaned) as image:
        assert not image.getexif()
    assert b"SecretCamera" not in cleaned.read()


def test_a_fake_mp3_is_refused():
    with pytest.raises(ValidationError) as error:
        check_audio(upload("song.mp3", b"ID3" + b"not really audio at all " * 200))
    assert error.value.messages == ["The file is not a valid MP3, M4A or WAV recording."]


def test_html_named_mp3_is_refused_in_the_form():
    contest = make_contest()
    data = entry_form(contest).data | {"category": contest.categories.get(kind="music").pk}
    form = EntryForm(
        data,
        {"audio": upload("song.mp3", b"<html>hello</html>" * 50, "audio/mpeg")},
        contest=contest,
    )
    assert not form.is_valid()
    assert form.errors["audio"] == ["This type of file is not accepted. Upload MP3, M4A or WAV."]


def test_real_mp3_frames_and_wav_are_accepted_with_their_length():
    content, seconds = check_audio(upload("song.mp3", mp3_bytes(frames=200)))
    assert content.name == "upload.mp3"
    assert seconds == 5  # 200 frames × 1152 samples / 44.1 kHz
    content, seconds = check_audio(upload("song.wav", wav_bytes(seconds=3)))
    assert (content.name, seconds) == ("upload.wav", 3)


def test_a_recording_longer_than_five_minutes_is_refused():
    with pytest.raises(ValidationError) as error:
        check_audio(upload("long.wav", wav_bytes(seconds=301, rate=1000)))
    assert error.value.messages == ["The recording is longer than 5 minutes."]


def test_an_audio_file_over_20_mb_is_refused():
    with pytest.raises(ValidationError) as error:
        check_audio(upload("big.wav", b"\0" * (20 * 1024 * 1024 + 1)))
    assert error.value.messages == ["The file is 20.1 MB; at most 20 MB is accepted."]


def test_a_real_pdf_passes_and_a_fake_one_is_refused():
    assert check_pdf(upload("report.pdf", pdf_bytes())).read().startswith(b"%PDF-1.4")
    with pytest.raises(ValidationError) as error:
        check_pdf(upload("report.pdf", b"%PDF-1.4\nthis is not a pdf"))
    assert error.value.messages == ["The file is not a valid PDF document."]
    with pytest.raises(ValidationError):
        check_pdf(upload("report.pdf", b"<html></html>"))


def test_a_pdf_with_javascript_is_refused():
    data = pdf_bytes().replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /JS (x) >>")
    with pytest.raises(ValidationError) as error:
        check_pdf(upload("report.pdf", data))
    assert error.value.messages == [
        "PDFs with scripts, launch actions or embedded files are not accepted."
    ]


def test_id3_tags_with_personal_data_are_removed_from_an_mp3():
    from mutagen.id3 import ID3, TPE1

    buffer = io.BytesIO(mp3_bytes(frames=100))
    tags = ID3()
    tags.add(TPE1(encoding=3, text=["Hanako Yamada"]))
    tags.save(buffer)
    data = buffer.getvalue()
    assert b"Hanako Yamada" in data
    content, seconds = check_audio(upload("song.mp3", data))
    assert b"Hanako Yamada" not in content.read()
    assert seconds == 3


def test_a_pdf_reaches_the_judges_without_its_author_or_xmp_metadata():
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes()))
    writer.add_metadata({"/Author": "山田花子", "/Creator": "Hanako's Word"})
    writer.xmp_metadata = None
    signed = io.BytesIO()
    writer.write(signed)
    assert "山田花子" in PdfReader(io.BytesIO(signed.getvalue())).metadata.author

    cleaned = check_pdf(upload("report.pdf", signed.getvalue())).read()

    reader = PdfReader(io.BytesIO(cleaned))
    assert len(reader.pages) == 1
    assert not (reader.metadata or {}).get("/Author")
    assert b"Hanako" not in cleaned


def test_a_password_protected_pdf_is_refused():
    import io

    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes()))
    writer.encrypt("secret")
    locked = io.BytesIO()
    writer.write(locked)

    with pytest.raises(ValidationError) as error:
        check_pdf(upload("report.pdf", locked.getvalue()))
    assert error.value.messages == ["Password-protected PDFs are not accepted."]
