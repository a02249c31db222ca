"""Lessons in the site search (core.contributions) and for the news search page."""

from django.utils.translation import gettext as _

from core.contributions import SearchResult
from news.matching import match_filter, score_expression, terms_of

from .models import Lesson

WEIGHTS = {"title": 10, "summary": 3, "body": 1}
CANDIDATE_LIMIT = 500
# What a site search result shows (the URL needs the course's slug): fetched in one query.
RESULT_FIELDS = (
    "pk",
    "position",
    "published_at",
    "title_ja",
    "title_en",
    "summary_ja",
    "summary_en",
    "course__slug",
)


def _ranked(terms: list[str]):
    return (
        Lesson.objects.published()
        .filter(match_filter(terms))
        .annotate(score=score_expression(terms, WEIGHTS))
        .order_by("-score", "-published_at", "-pk")
    )


def ranked_matches(terms: list[str], *, limit: int = CANDIDATE_LIMIT) -> list[tuple]:
    """(score, published_at, pk) of the best-matching published lessons, best first."""
    if not terms:
        return []
    return list(_ranked(terms).values_list("score", "published_at", "pk")[:limit])


def search(*, query: str, limit: int) -> list[SearchResult]:
    terms = terms_of(query)
    if not terms:
        return []
    lessons = _ranked(terms).select_related("course").only(*RESULT_FIELDS)[:limit]
    return [
        SearchResult(
            kind=_("Eco Academy"),
            title=lesson.title,
            url=lesson.get_absolute_url(),
            summary=lesson.summary[:160],
            date=lesson.published_at.date(),
        )
        for lesson in lessons
    ]
