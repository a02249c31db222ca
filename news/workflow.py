"""The article workflow: draft → submitted → published (→ withdrawn → draft), and who moves it."""

from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, has_role
from core.scoping import scope_of
from core.workflow import Move, ServiceError, Workflow

from .models import Article, Status


class ArticleError(ServiceError):
    """A move or edit of an article refused by the rules."""


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


def by_editors(actor, article) -> bool:
    return can_publish(actor)


WORKFLOW = Workflow(
    model=Article,
    error=ArticleError,
    moves={
        "submit": Move(
            Status.DRAFT,
            Status.SUBMITTED,
            allowed=can_edit,
            refusal=_("You may submit only drafts of your own municipality."),
        ),
        "return": Move(
            Status.SUBMITTED,
            Status.DRAFT,
            allowed=by_editors,
            refusal=_("Only editors and the secretariat may return articles."),
        ),
        "publish": Move(
            (Status.DRAFT, Status.SUBMITTED),
            Status.PUBLISHED,
            allowed=by_editors,
            refusal=_("Only editors and the secretariat may publish articles."),
        ),
        "withdraw": Move(
            Status.PUBLISHED,
            Status.WITHDRAWN,
            allowed=by_editors,
            refusal=_("Only editors and the secretariat may withdraw articles."),
        ),
        "reopen": Move(
            Status.WITHDRAWN,
            Status.DRAFT,
            allowed=by_editors,
            refusal=_("Only editors and the secretariat may reopen articles."),
        ),
    },
)
