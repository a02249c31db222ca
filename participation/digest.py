"""New activities for the newsletter's draft."""

import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.contributions import DigestItem

from .models import Activity, ActivityCategory

HEADING = _("Activities of participating organisations")
# The newsletter theme of each kind of activity (an activity of another kind is for everyone).
THEMES = {
    ActivityCategory.ENERGY: "energy",
    ActivityCategory.WASTE: "waste",
    ActivityCategory.CLEANUP: "waste",
    ActivityCategory.GREENERY: "nature",
    ActivityCategory.NATURE: "nature",
    ActivityCategory.EDUCATION: "learning",
    ActivityCategory.TRANSPORT: "climate",
}


def items_since(*, since: datetime.datetime, until: datetime.datetime) -> list[DigestItem]:
    activities = (
        Activity.objects.public()
        .with_public_version()
        .filter(published_at__gte=since, published_at__lt=until)
        .order_by("-published_at")[:50]
    )
    items = []
    with translation.override("ja"):
        for activity in activities:
            version = activity.published_version
            summary = Truncator(version.description).chars(160)
            items.append(
                DigestItem(
                    kind="participation",
                    title_ja=version.title,
                    title_en=version.title,
                    url=reverse("participation:activity", kwargs={"pk": activity.pk}),
                    summary_ja=summary,
                    summary_en=summary,
                    published_at=activity.published_at,
                    municipality_codes=(version.municipality_id,),
                    themes=(THEMES[version.category],) if version.category in THEMES else (),
                )
            )
    return items
