from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core.contributions import SearchResult
from municipalities.models import Municipality

from .models import Edition

KEYWORDS = ("排出", "温室効果ガス", "co2", "ghg", "emission", "greenhouse", "二酸化炭素", "温暖化")


def search(*, query: str, limit: int) -> list[SearchResult]:
    """A municipality's emissions page when its name is searched, or the overview for keywords."""
    text = query.strip().lower()
    if not text or Edition.objects.latest_official() is None:
        return []
    results = []
    if any(keyword in text for keyword in KEYWORDS):
        results.append(
            SearchResult(
                kind="emissions",
                title=_("Greenhouse gas emissions of the 62 municipalities"),
                url=reverse("emissions:index"),
            )
        )
    term = query.strip()
    matches = Municipality.objects.filter(
        Q(name_ja__icontains=term) | Q(name_en__icontains=term) | Q(kana__icontains=term)
    ).order_by("code")
    for municipality in matches[:limit]:
        results.append(
            SearchResult(
                kind="emissions",
                title=_("Emissions of %(name)s") % {"name": municipality.name},
                url=reverse("emissions:detail", kwargs={"code": municipality.code}),
            )
        )
    return results[:limit]
