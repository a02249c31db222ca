"""The article workflow: draft → submitted → published (→ withdrawn → draft)."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality

from .models import Article, Kind
from .workflow import WORKFLOW, ArticleError


@transaction.atomic
def submit_article(*, article_id: int, actor) -> Article:
    """Municipal staff hand a draft to the editors."""
    return WORKFLOW.run(article_id, "submit", actor=actor)


@transaction.atomic
def return_article(*, article_id: int, actor, note: str = "") -> Article:
    """An editor sends a submitted article back to its authors for changes."""
    return WORKFLOW.run(article_id, "return", actor=actor, note=note)


@transaction.atomic
def publish_article(
    *, article_id: int, actor, publish_at: datetime.datetime | None = None
) -> Article:
    """Publish now or at `publish_at` (a future time schedules it; visibility is decided by
    the published() query, so nothing has to run at that moment)."""
    article = WORKFLOW.begin(article_id, "publish", actor=actor)
    if not article.title_ja or not article.body_ja:
        raise ArticleError(_("An article needs a Japanese title and body before publication."))
    if article.hero_image and not article.hero_image_alt_ja:
        raise ArticleError(_("Describe the hero image before publication."))
    article.published_at = publish_at or article.published_at or timezone.now()
    if article.kind == Kind.INITIATIVE:
        if article.municipality_id is None:
            raise ArticleError(_("A municipal initiative needs its owning municipality."))
        if article.as_of is None:
            raise ArticleError(_("A municipal initiative needs the date its facts refer to."))
        if article.series_number is None:
            article.series_number = _next_series_number(article.municipality_id)
    WORKFLOW.finish(article, "publish", actor=actor, fields=("published_at", "series_number"))
    if article.municipality_id:
        article.municipalities.add(article.municipality_id)
    return article


def _next_series_number(municipality_code: str) -> int:
    """Lock the municipality so two publications never draw the same number."""
    Municipality.objects.select_for_update().filter(pk=municipality_code).first()
    highest = Article.objects.filter(municipality_id=municipality_code).aggregate(
        highest=Max("series_number")
    )["highest"]
    return (highest or 0) + 1


@transaction.atomic
def withdraw_article(*, article_id: int, actor, note: str = "") -> Article:
    """Take a published article off the site (kept, with its series number)."""
    return WORKFLOW.run(article_id, "withdraw", actor=actor, note=note)


@transaction.atomic
def reopen_article(*, article_id: int, actor) -> Article:
    """Turn a withdrawn article back into a draft for rework."""
    return WORKFLOW.run(article_id, "reopen", actor=actor)
