from django.db.models import Count, Q
from django.utils import timezone

from core.sections import Section

from .models import Course

HOME_COUNT = 3


def home_section(request):
    courses = [
        course
        for course in Course.objects.published().annotate(
            lesson_count=Count(
                "lessons",
                filter=Q(lessons__is_published=True, lessons__published_at__lte=timezone.now()),
            )
        )[: HOME_COUNT * 2]
        if course.lesson_count
    ][:HOME_COUNT]
    if not courses:
        return None
    return Section(template="academy/home_section.html", context={"courses": courses})
