"""New articles for the newsletter's "draft from new content" (core.contributions)."""

import datetime

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.contributions import DIGEST_THEMES, DigestItem

from .models import Article

HEADING = _("Eco news")


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
            themes=_themes(article),
        )
        for article in articles
    ]


def _themes(article: Article) -> tuple[str, ...]:
    """A category whose slug is a newsletter theme (climate, nature …) is that theme."""
    if article.category and article.category.slug in DIGEST_THEMES:
        return (article.category.slug,)
    return ()


def _path_without_language(article: Article) -> str:
    with translation.override("ja"):  # the default language has no prefix
        return article.get_absolute_url()
