"""News in the site search (core.contributions) and the ranked query the search page uses."""

from django.utils.translation import gettext as _

from core.contributions import SearchResult

from .matching import WEIGHTS, match_filter, score_expression, terms_of
from .models import Article

CANDIDATE_LIMIT = 500


def ranked_matches(terms: list[str], *, limit: int = CANDIDATE_LIMIT) -> list[tuple]:
    """(score, published_at, pk) of the best-matching published articles, best first."""
    if not terms:
        return []
    return list(
        Article.objects.published()
        .filter(match_filter(terms))
        .annotate(score=score_expression(terms, WEIGHTS))
        .order_by("-score", "-published_at", "-pk")
        .values_list("score", "published_at", "pk")[:limit]
    )


def search(*, query: str, limit: int) -> list[SearchResult]:
    terms = terms_of(query)
    ids = [pk for _score, _when, pk in ranked_matches(terms, limit=limit)]
    articles = Article.objects.in_bulk(ids)
    return [
        SearchResult(
            kind=_("News"),
            title=articles[pk].title,
            url=articles[pk].get_absolute_url(),
            summary=articles[pk].lead[:160],
            date=articles[pk].published_at.date(),
        )
        for pk in ids
        if pk in articles
    ]
