"""Published Eco Academy courses and lessons as open data (read-only)."""

import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from core.pagination import LimitOffsetPagination

from .models import Audience, Course, Lesson

router = Router(tags=["academy"])


class CourseOut(Schema):
    slug: str
    title_ja: str
    title_en: str | None
    description_ja: str
    description_en: str | None
    audience: str
    level: str


class LessonSummaryOut(Schema):
    id: int
    course: str
    position: int
    title_ja: str
    title_en: str | None
    summary_ja: str
    summary_en: str | None
    reading_minutes: int
    published_at: datetime.datetime
    url: str

    @staticmethod
    def resolve_course(obj):
        return obj.course.slug

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class LessonOut(LessonSummaryOut):
    body_ja: str
    body_en: str | None
    plain_japanese_body: str
    related_articles: list[int]

    @staticmethod
    def resolve_related_articles(obj):
        return [a.pk for a in obj.related_articles.all()]


@router.get("/courses", response=list[CourseOut], summary="Published Eco Academy courses")
def list_courses(request, audience: Audience | None = None):
    courses = Course.objects.published()
    return courses.filter(audience=audience) if audience else courses


@router.get("/lessons", response=list[LessonSummaryOut], summary="Published lessons")
@paginate(LimitOffsetPagination)
def list_lessons(request, course: str | None = None, audience: Audience | None = None):
    lessons = Lesson.objects.published().select_related("course")
    if course:
        lessons = lessons.filter(course__slug=course)
    if audience:
        lessons = lessons.filter(course__audience=audience)
    return lessons.order_by("course__position", "course_id", "position")


@router.get("/lessons/{lesson_id}", response=LessonOut, summary="One published lesson")
def get_lesson(request, lesson_id: int):
    return get_object_or_404(
        Lesson.objects.published().select_related("course").prefetch_related("related_articles"),
        pk=lesson_id,
    )
