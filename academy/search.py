"""Courses and lessons in the site search (core.contributions); lessons in the ranked search."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.contributions import SearchResult
from core.matching import (
    RankedRecord,
    RankedSearch,
    match_fields,
    ranked,
    ranked_hits,
    terms_of,
    translated,
)

from .models import Course, Lesson

WEIGHTS = {"title": 10, "summary": 3, "body": 1}
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
COURSE_FIELDS = ("pk", "slug", "title_ja", "title_en", "description_ja", "description_en")


def _ranked(terms: list[str]):
    return ranked(Lesson.objects.published(), terms, WEIGHTS)


def ranked_matches(terms: list[str]) -> list[tuple]:
    """(score, published_at, pk) of the best-matching published lessons, best first."""
    return ranked_hits(Lesson.objects.published(), terms, WEIGHTS)


def _records(pks: list[int]) -> dict[int, RankedRecord]:
    return {
        pk: RankedRecord(
            url=lesson.get_absolute_url(),
            title=lesson.title,
            text=lesson.summary,
            body=lesson.body,
            context=lesson.course.title,
        )
        for pk, lesson in Lesson.objects.select_related("course").in_bulk(pks).items()
    }


RANKED = RankedSearch(kind="academy", ranked=ranked_matches, load=_records)


def search(*, query: str, limit: int) -> list[SearchResult]:
    terms = terms_of(query)
    if not terms:
        return []
    courses = (
        Course.objects.published()
        .filter(match_fields(terms, translated("title", "description")))
        .only(*COURSE_FIELDS)[:limit]
    )
    results = [
        SearchResult(
            kind=_("Eco Academy"),
            title=course.title,
            url=course.get_absolute_url(),
            summary=Truncator(course.description).chars(160),
        )
        for course in courses
    ]
    lessons = _ranked(terms).select_related("course").only(*RESULT_FIELDS)
    results += [
        SearchResult(
            kind=_("Eco Academy"),
            title=lesson.title,
            url=lesson.get_absolute_url(),
            summary=lesson.summary[:160],
            date=lesson.published_at,
        )
        for lesson in lessons[:limit]
    ]
    return results[:limit]
