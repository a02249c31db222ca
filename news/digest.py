"""New articles for the newsletter's "draft from new content" (core.contributions)."""

import datetime

from django.utils import translation

from core.contributions import DigestItem

from .models import Article


def items_since(*, since: datetime.datetime, until: datetime.datetime) -> list[DigestItem]:
    articles = (
        Article.objects.published(now=until)
        .filter(published_at__gt=since)
        .select_related("category")
        .prefetch_related("municipalities")
        .order_by("-published_at")
    )
    return [
        DigestItem(
            kind="news",
            title_ja=article.title_ja,
            title_en=article.title_en or "",
            url=_path_without_language(article),
            summary_ja=article.lead_ja,
            summary_en=article.lead_en or "",
            published_at=article.published_at,
            municipality_codes=tuple(m.pk for m in article.municipalities.all()),
            themes=(article.category.slug,) if article.category else (),
        )
        for article in articles
    ]


def _path_without_language(article: Article) -> str:
    with translation.override("ja"):  # the default language has no prefix
        return article.get_absolute_url()
