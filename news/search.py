"""News in the site search (core.contributions) and in the ranked article search."""

from django.utils.translation import gettext as _

from core.contributions import SearchResult
from core.matching import RankedRecord, RankedSearch, ranked, ranked_hits, terms_of

from .models import Article

WEIGHTS = {"title": 10, "lead": 3, "body": 1}
# What a site search result shows: one query fetches these for the best matches.
RESULT_FIELDS = ("pk", "published_at", "title_ja", "title_en", "lead_ja", "lead_en")


def _ranked(terms: list[str]):
    return ranked(Article.objects.published(), terms, WEIGHTS)


def ranked_matches(terms: list[str]) -> list[tuple]:
    """(score, published_at, pk) of the best-matching published articles, best first."""
    return ranked_hits(Article.objects.published(), terms, WEIGHTS)


def _records(pks: list[int]) -> dict[int, RankedRecord]:
    return {
        pk: RankedRecord(
            url=article.get_absolute_url(),
            title=article.title,
            text=article.lead,
            body=article.body,
        )
        for pk, article in Article.objects.in_bulk(pks).items()
    }


RANKED = RankedSearch(kind="news", ranked=ranked_matches, load=_records)


def search(*, query: str, limit: int) -> list[SearchResult]:
    terms = terms_of(query)
    if not terms:
        return []
    return [
        SearchResult(
            kind=_("News"),
            title=article.title,
            url=article.get_absolute_url(),
            summary=article.lead[:160],
            date=article.published_at,
        )
        for article in _ranked(terms).only(*RESULT_FIELDS)[:limit]
    ]
