"""The Eco Academy chapter of the fiscal year's annual report (事業報告)."""

from django.utils.translation import gettext as _

from core.contributions import ReportSection

from .models import Lesson


def annual_report_section(*, fiscal_year: int) -> ReportSection | None:
    lessons = list(
        Lesson.objects.published()
        .in_fiscal_year(fiscal_year)
        .select_related("course")
        .only(
            "pk",
            "position",
            "title_ja",
            "title_en",
            "published_at",
            "course__slug",
            "course__title_ja",
            "course__title_en",
            "course__audience",
        )
        .order_by("course__position", "course_id", "position")
    )
    if not lessons:
        return None
    courses = {lesson.course_id: lesson.course for lesson in lessons}
    return ReportSection(
        app_label="academy",
        title=_("Eco Academy"),
        template="academy/report_section.html",
        context={"fiscal_year": fiscal_year, "lessons": lessons, "courses": courses.values()},
        order=25,
        figures=[
            (_("Eco Academy lessons published"), f"{len(lessons):,}"),
            (_("Eco Academy courses with new lessons"), f"{len(courses):,}"),
        ],
    )
