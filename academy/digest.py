"""New lessons for the newsletter's "draft from new content" (core.contributions)."""

import datetime

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.contributions import DigestItem

from .models import Lesson

HEADING = _("Eco academy")


def items_since(*, since: datetime.datetime, until: datetime.datetime) -> list[DigestItem]:
    lessons = (
        Lesson.objects.published(now=until)
        .filter(published_at__gt=since)
        .select_related("course")
        .order_by("-published_at")
    )
    items = []
    with translation.override("ja"):  # paths without a language prefix
        for lesson in lessons:
            items.append(
                DigestItem(
                    kind="academy",
                    title_ja=lesson.title_ja,
                    title_en=lesson.title_en or "",
                    url=lesson.get_absolute_url(),
                    summary_ja=lesson.summary_ja,
                    summary_en=lesson.summary_en or "",
                    published_at=lesson.published_at,
                    themes=("learning",),
                )
            )
    return items
