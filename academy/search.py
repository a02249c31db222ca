"""Lessons in the site search (core.contributions) and for the news search page."""

from django.utils.translation import gettext as _

from core.contributions import SearchResult
from news.matching import match_filter, score_expression, terms_of

from .models import Lesson

WEIGHTS = {"title": 10, "summary": 3, "body": 1}
CANDIDATE_LIMIT = 500


def ranked_matches(terms: list[str], *, limit: int = CANDIDATE_LIMIT) -> list[tuple]:
    """(score, published_at, pk) of the best-matching published lessons, best first."""
    if not terms:
        return []
    return list(
        Lesson.objects.published()
        .filter(match_filter(terms))
        .annotate(score=score_expression(terms, WEIGHTS))
        .order_by("-score", "-published_at", "-pk")
        .values_list("score", "published_at", "pk")[:limit]
    )


def search(*, query: str, limit: int) -> list[SearchResult]:
    ids = [pk for _score, _when, pk in ranked_matches(terms_of(query), limit=limit)]
    lessons = Lesson.objects.select_related("course").in_bulk(ids)
    return [
        SearchResult(
            kind=_("Eco Academy"),
            title=lessons[pk].title,
            url=lessons[pk].get_absolute_url(),
            summary=lessons[pk].summary[:160],
            date=lessons[pk].published_at.date(),
        )
        for pk in ids
        if pk in lessons
    ]
