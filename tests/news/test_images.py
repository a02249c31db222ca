"""A draft's images are nowhere under the public media folder; the article's own page shows
them through addresses its viewer alone can open, until it is published."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from news import services
from news.models import ArticleImage, Status
from tests import uploads

from .factories import make_article

pytestmark = pytest.mark.django_db


def public_media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return [str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def draft_with_images(editor_user):
    article = make_article(status=Status.DRAFT, hero_image_alt_ja="森")
    article.hero_image.save("CON.jpg", ContentFile(uploads.jpeg_bytes((1200, 800))))
    ArticleImage.objects.create(
        article=article,
        alt_ja="ゴーヤ",
        image=ContentFile(uploads.png_bytes((900, 600)), name="photo_x.php.png"),
    )
    return article


def test_a_draft_article_image_has_no_public_address(client, draft_with_images, editor_user):
    article = draft_with_images
    assert client.get(f"/news/{article.pk}/").status_code == 404
    assert public_media_files() == []
    assert "CON" not in article.hero_image.name and "php" not in article.gallery.get().image.name
    for name in (article.hero_image.name, article.gallery.get().image.name):
        assert client.get(settings.MEDIA_URL + name).status_code == 404

    client.force_login(editor_user)
    preview = client.get(f"/news/preview/{article.pk}/").content.decode()
    addresses = set(re.findall(r'(/files/[^"\s]+/)', preview))
    assert addresses and "/media/" not in preview
    assert all(client.get(address).status_code == 200 for address in addresses)
    assert public_media_files() == []
    client.logout()
    assert {client.get(address).status_code for address in addresses} == {404}


def test_publishing_gives_the_images_public_renditions(client, draft_with_images, editor_user):
    article = draft_with_images
    services.publish_article(article_id=article.pk, actor=editor_user)
    page = client.get(f"/news/{article.pk}/").content.decode()
    assert "/files/" not in page
    public = public_media_files()
    assert public and all(re.fullmatch(r"renditions/[0-9a-f]{40}-\d+\.webp", p) for p in public)
    assert f"{settings.MEDIA_URL}renditions/" in page
