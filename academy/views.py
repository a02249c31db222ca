from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.fragments import cached_object, fragment_context, lazy_value

from .models import Audience, Course, Lesson


def course_index(request):
    audience = request.GET.get("audience")
    courses = Course.objects.published().annotate(
        lesson_count=Count(
            "lessons",
            filter=Q(lessons__is_published=True, lessons__published_at__lte=timezone.now()),
        )
    )
    if audience in Audience.values:
        courses = courses.filter(audience=audience)
    return render(
        request,
        "academy/index.html",
        {
            "courses": [c for c in courses if c.lesson_count],
            "audiences": Audience.choices,
            "current_audience": audience if audience in Audience.values else "",
        },
    )


def course_detail(request, slug):
    course = get_object_or_404(Course.objects.published(), slug=slug)
    lessons = list(
        Lesson.objects.published()
        .filter(course=course)
        .defer("body_ja", "body_en", "plain_japanese_body")
    )
    return render(request, "academy/course.html", {"course": course, "lessons": lessons})


def lesson_detail(request, slug, position):
    lesson = cached_object(
        request,
        f"academy.lesson:{slug}:{position}",
        lambda: get_object_or_404(
            Lesson.objects.published().select_related("course"),
            course__slug=slug,
            position=position,
        ),
        reads=("academy",),
    )
    return _lesson_page(request, lesson, preview=False)


@staff_member_required
def lesson_preview(request, pk):
    """Staff read an unpublished or scheduled lesson as it will look."""
    if not request.user.has_perm("academy.view_lesson"):
        raise Http404
    lesson = get_object_or_404(Lesson.objects.select_related("course"), pk=pk)
    response = _lesson_page(request, lesson, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


def _lesson_page(request, lesson: Lesson, *, preview: bool):
    plain = request.GET.get("version") == "plain" and bool(lesson.plain_japanese_body)
    return render(
        request,
        "academy/lesson.html",
        {
            **fragment_context(request, "version", reads=("academy", "news")),
            "lesson": lesson,
            "course": lesson.course,
            "navigation": lazy_value(lambda: _course_navigation(lesson)),
            "plain": plain,
            "preview": preview,
            "related_articles": lazy_value(
                lambda: list(
                    lesson.related_articles.published()
                    .only("pk", "title_ja", "title_en", "published_at")
                    .order_by("-published_at")[:4]
                )
            ),
        },
    )


def _course_navigation(lesson: Lesson) -> dict:
    siblings = list(
        Lesson.objects.published()
        .filter(course_id=lesson.course_id)
        .only("pk", "position", "title_ja", "title_en", "course_id")
    )
    if lesson.pk not in {sibling.pk for sibling in siblings}:  # a preview of a hidden lesson
        siblings = sorted([*siblings, lesson], key=lambda sibling: sibling.position)
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == lesson.pk)
    for sibling in siblings:
        sibling.course = lesson.course
    return {
        "siblings": siblings,
        "position": index + 1,
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
    }
