from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Course, Lesson


class AcademyIndexSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["academy:index"]

    def location(self, item):
        return reverse(item)


class CourseSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Course.objects.published().filter(
            pk__in=Lesson.objects.published().values("course_id")
        )

    def location(self, item):
        return reverse("academy:course", kwargs={"slug": item.slug})


class LessonSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return (
            Lesson.objects.published()
            .select_related("course")
            .only("pk", "position", "updated_at", "course__slug")
            .order_by("course_id", "position")
        )

    def lastmod(self, item):
        return item.updated_at

    def location(self, item):
        return reverse(
            "academy:lesson", kwargs={"slug": item.course.slug, "position": item.position}
        )


sitemaps = {
    "academy-index": AcademyIndexSitemap,
    "academy-courses": CourseSitemap,
    "academy-lessons": LessonSitemap,
}
