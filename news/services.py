"""The article workflow: draft → submitted → published (→ withdrawn → draft)."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from core.audit import record_audit
from core.scoping import scope_of
from municipalities.models import Municipality

from .models import ALLOWED_MOVES, Article, Kind, Status


class ArticleError(Exception):
    """A workflow move that the rules refuse; the message is shown to the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def can_publish(user) -> bool:
    return user.is_superuser or has_role(user, Role.SECRETARIAT) or has_role(user, Role.EDITOR)


def can_edit(user, article: Article) -> bool:
    """Editors and the secretariat edit anything; municipal staff only their own drafts."""
    if can_publish(user):
        return True
    scope = scope_of(user)
    return (
        scope.municipality_code is not None
        and article.municipality_id == scope.municipality_code
        and article.status == Status.DRAFT
    )


def _locked(article_id: int) -> Article:
    return Article.objects.select_for_update().get(pk=article_id)


def _move(article: Article, *, actor, to_status: str, note: str = "") -> Article:
    """Caller holds the article row lock."""
    if to_status not in ALLOWED_MOVES[article.status]:
        raise ArticleError(
            _("An article that is %(status)s cannot become %(target)s.")
            % {"status": article.get_status_display(), "target": Status(to_status).label}
        )
    from_status = article.status
    article.status = to_status
    article.save(update_fields=["status", "published_at", "series_number", "updated_at"])
    record_audit(
        subject=article,
        actor=actor,
        action=to_status,
        from_state=from_status,
        to_state=to_status,
        note=note,
    )
    return article


@transaction.atomic
def submit_article(*, article_id: int, actor) -> Article:
    """Municipal staff hand a draft to the editors."""
    article = _locked(article_id)
    if not can_edit(actor, article):
        raise ArticleError(_("You may submit only drafts of your own municipality."))
    return _move(article, actor=actor, to_status=Status.SUBMITTED)


@transaction.atomic
def return_article(*, article_id: int, actor, note: str = "") -> Article:
    """An editor sends a submitted article back to its authors for changes."""
    if not can_publish(actor):
        raise ArticleError(_("Only editors and the secretariat may return articles."))
    article = _locked(article_id)
    return _move(article, actor=actor, to_status=Status.DRAFT, note=note)


@transaction.atomic
def publish_article(
    *, article_id: int, actor, publish_at: datetime.datetime | None = None
) -> Article:
    """Publish now or at `publish_at` (a future time schedules it; visibility is decided by
    the published() query, so nothing has to run at that moment)."""
    if not can_publish(actor):
        raise ArticleError(_("Only editors and the secretariat may publish articles."))
    article = _locked(article_id)
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
    article = _move(article, actor=actor, to_status=Status.PUBLISHED)
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
    if not can_publish(actor):
        raise ArticleError(_("Only editors and the secretariat may withdraw articles."))
    article = _locked(article_id)
    return _move(article, actor=actor, to_status=Status.WITHDRAWN, note=note)


@transaction.atomic
def reopen_article(*, article_id: int, actor) -> Article:
    """Turn a withdrawn article back into a draft for rework."""
    if not can_publish(actor):
        raise ArticleError(_("Only editors and the secretariat may reopen articles."))
    article = _locked(article_id)
    return _move(article, actor=actor, to_status=Status.DRAFT)
