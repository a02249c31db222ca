import datetime
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from news.models import Article, Category, Kind, Status

_numbers = itertools.count(1)


def make_article(
    *,
    title: str | None = None,
    status: str = Status.PUBLISHED,
    published_at: datetime.datetime | None = None,
    municipality: str | None = None,
    municipalities: tuple[str, ...] = (),
    kind: str = Kind.TOPIC,
    body: str = "本文です。",
    lead: str = "リードです。",
    category: Category | None = None,
    **fields,
) -> Article:
    number = next(_numbers)
    if published_at is None and status == Status.PUBLISHED:
        published_at = timezone.now() - datetime.timedelta(days=number)
    article = Article.objects.create(
        title_ja=title or f"記事{number}",
        lead_ja=lead,
        body_ja=body,
        status=status,
        published_at=published_at,
        municipality_id=municipality,
        kind=kind,
        category=category,
        **fields,
    )
    if municipalities:
        article.municipalities.set(municipalities)
    return article


def bulk_articles(count: int, *, municipalities: tuple[str, ...] = ("131016",)) -> None:
    """`count` published articles in one insert, each related to a municipality."""
    category = Category.objects.create(slug=f"bulk-{next(_numbers)}", name_ja="一括")
    now = timezone.now()
    created = Article.objects.bulk_create(
        Article(
            title_ja=f"一括記事{i} 森林",
            lead_ja="リード",
            body_ja="本文 ゴーヤ",
            status=Status.PUBLISHED,
            published_at=now - datetime.timedelta(hours=i + 1),
            category=category,
        )
        for i in range(count)
    )
    through = Article.municipalities.through
    through.objects.bulk_create(
        through(article_id=a.pk, municipality_id=municipalities[i % len(municipalities)])
        for i, a in enumerate(created)
    )


def image_upload(name="photo.jpg", *, size=(64, 48), image_format="JPEG", exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (20, 120, 60))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=image_format, **kwargs)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)
