"""Courses and lessons in the site search (core.contributions); lessons in the ranked search."""

from django.db import models
from django.db.models import F, Value
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
    """Courses in their order, then the best-matching lessons. One query: the two kinds are one
    UNION of the same columns (a lesson's address needs its course's slug). Unlike contests and
    participation, the parts are not cut to `limit` first: every matching lesson is scored to be
    ranked anyway, and the published courses are a few dozen."""
    terms = terms_of(query)
    if not terms:
        return []
    courses = (
        Course.objects.published()
        .filter(match_fields(terms, translated("title", "description")))
        .order_by()  # a UNION's parts are unordered: the whole is ordered below
        .rewrite(False)  # modeltranslation would add every field to these columns
        .values(
            kind_rank=Value(0),
            hit_position=F("position"),
            hit_score=Value(0),
            hit_moment=Value(None, output_field=models.DateTimeField()),
            hit_tiebreak=F("pk"),
            hit_slug=F("slug"),
            hit_title_ja=F("title_ja"),
            hit_title_en=F("title_en"),
            hit_summary_ja=F("description_ja"),
            hit_summary_en=F("description_en"),
        )
    )
    lessons = (
        _ranked(terms)
        .order_by()
        .rewrite(False)
        .values(
            kind_rank=Value(1),
            hit_position=F("position"),
            hit_score=F("score"),
            hit_moment=F("published_at"),
            hit_tiebreak=-F("pk"),
            hit_slug=F("course__slug"),
            hit_title_ja=F("title_ja"),
            hit_title_en=F("title_en"),
            hit_summary_ja=F("summary_ja"),
            hit_summary_en=F("summary_en"),
        )
    )
    # Lessons as core.matching.ranked orders them: best score, then newest, then latest added.
    hits = courses.union(lessons, all=True).order_by(
        "kind_rank", "-hit_score", "-hit_moment", "hit_position", "hit_tiebreak"
    )
    return [_result(hit) for hit in hits[:limit]]


def _result(hit: dict) -> SearchResult:
    # Unsaved instances give the page language's texts (modeltranslation's fallback) and the
    # address (get_absolute_url) the way fetched records would.
    course = Course(slug=hit["hit_slug"])
    if hit["kind_rank"] == 0:
        course.title_ja, course.title_en = hit["hit_title_ja"], hit["hit_title_en"]
        course.description_ja, course.description_en = hit["hit_summary_ja"], hit["hit_summary_en"]
        return SearchResult(
            kind=_("Eco Academy"),
            title=course.title,
            url=course.get_absolute_url(),
            summary=Truncator(course.description).chars(160),
        )
    lesson = Lesson(
        course=course,
        position=hit["hit_position"],
        title_ja=hit["hit_title_ja"],
        title_en=hit["hit_title_en"],
        summary_ja=hit["hit_summary_ja"],
        summary_en=hit["hit_summary_en"],
    )
    return SearchResult(
        kind=_("Eco Academy"),
        title=lesson.title,
        url=lesson.get_absolute_url(),
        summary=lesson.summary[:160],
        date=hit["hit_moment"],
    )
