import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.fields.files import FieldFile
from django.template import Context, Template
from PIL import Image

from core.images import forget_known_renditions, rendition
from core.storage import private_storage
from news.models import Article


def png_file(width: int, height: int) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(buffer, format="PNG")
    return SimpleUploadedFile("wide.png", buffer.getvalue(), content_type="image/png")


class Owner:
    """A record whose files are public, or not."""

    def __init__(self, public: bool = True):
        self.public = public

    def files_are_public(self) -> bool:
        return self.public


def stored_image(width: int, height: int, *, public: bool = True) -> FieldFile:
    name = private_storage.save("uploads/wide.png", png_file(width, height))
    return FieldFile(Owner(public), Article._meta.get_field("hero_image"), name)


def test_a_rendition_keeps_the_aspect_ratio_and_reports_its_size():
    made = rendition(stored_image(2000, 1000), 480)
    assert (made.width, made.height) == (480, 240)
    with default_storage.open(made.url.removeprefix(settings.MEDIA_URL), "rb") as webp:
        assert Image.open(webp).size == (480, 240)


def test_an_image_tag_reserves_its_space_so_lazy_images_never_collapse():
    html = Template("{% load portal %}{% rendition_img image 960 alt %}").render(
        Context({"image": stored_image(1200, 900), "alt": "緑の<壁>"})
    )
    assert 'width="960" height="720"' in html
    assert 'alt="緑の&lt;壁&gt;"' in html
    assert 'loading="lazy"' in html


def test_the_size_is_remembered_after_the_cache_is_emptied():
    image = stored_image(800, 200)
    first = rendition(image, 480)
    cache.clear()
    forget_known_renditions()
    assert rendition(image, 480) == first


def test_a_missing_original_is_not_opened_again_on_every_request():
    image = FieldFile(Owner(), Article._meta.get_field("hero_image"), "uploads/gone.png")
    assert rendition(image, 480) is None
    private_storage.save("uploads/gone.png", png_file(960, 480))  # restored from a backup
    assert rendition(image, 480) is None  # remembered for UNMADE_RETRY_SECONDS
    cache.clear()
    assert rendition(image, 480).width == 480


def test_a_turned_camera_photo_decoded_at_a_fraction_still_fills_each_width():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone upright: shown turned a quarter
    Image.new("RGB", (4000, 3000), "green").save(buffer, format="JPEG", exif=exif)
    name = private_storage.save("uploads/camera.jpg", io.BytesIO(buffer.getvalue()))
    image = FieldFile(Owner(), Article._meta.get_field("hero_image"), name)
    for width in (480, 640, 960, 1600):
        made = rendition(image, width)
        assert (made.width, made.height) == (width, width * 4 // 3)


def test_a_responsive_image_offers_every_width_and_the_top_picture_comes_first():
    template = Template('{% load portal %}{% responsive_image image "緑" "100vw" "hero" loading %}')
    lazy = template.render(Context({"image": stored_image(2000, 1000), "loading": "lazy"}))
    for width in (480, 640, 960, 1600):
        assert f"-{width}.webp {width}w" in lazy
    assert 'width="960" height="480"' in lazy and 'loading="lazy"' in lazy
    assert "fetchpriority" not in lazy
    eager = template.render(Context({"image": stored_image(2000, 1000), "loading": "eager"}))
    assert 'loading="eager" fetchpriority="high"' in eager
    small = template.render(Context({"image": stored_image(500, 250), "loading": "lazy"}))
    assert "-480.webp 480w, " in small and "-640.webp 500w" in small
    assert "960w" not in small and "1600w" not in small


def test_a_record_that_is_not_public_gets_no_public_rendition():
    image = stored_image(800, 200, public=False)
    made = rendition(image, 480)
    assert made.url.startswith("/files/") and (made.width, made.height) == (480, 120)
    assert not default_storage.exists("renditions")


@pytest.mark.django_db
def test_a_private_rendition_opens_for_its_viewer_only(client, django_user_model):
    member = django_user_model.objects.create_user(email="m@example.jp", password="x" * 12)
    other = django_user_model.objects.create_user(email="o@example.jp", password="x" * 12)
    staff = django_user_model.objects.create_user(
        email="s@example.jp", password="x" * 12, is_staff=True
    )
    image = stored_image(800, 200, public=False)
    for_member = rendition(image, 480, viewer=member).url
    for_staff = rendition(image, 480).url
    assert client.get(for_member).status_code == 404  # anonymous
    client.force_login(other)
    assert client.get(for_member).status_code == 404
    assert client.get(for_staff).status_code == 404
    client.force_login(member)
    response = client.get(for_member)
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(staff)
    assert client.get(for_staff).status_code == 200
    assert client.get(for_staff[:-3] + "xx/").status_code == 404  # tampered


@pytest.mark.django_db
def test_a_private_address_expires(client, django_user_model):
    import datetime

    import time_machine

    staff = django_user_model.objects.create_user(
        email="s@example.jp", password="x" * 12, is_staff=True
    )
    client.force_login(staff)
    address = rendition(stored_image(800, 200, public=False), 480).url
    with time_machine.travel(datetime.timedelta(hours=7)):
        assert client.get(address).status_code == 404
