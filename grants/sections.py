"""The grants' part of the home page and of each municipality's profile."""

from django.db.models import Sum
from django.db.models.functions import Coalesce

from core.sections import Section

from .models import Application


def _funded():
    return (
        Application.objects.funded()
        .select_related("program", "municipality")
        .prefetch_related("photos")
    )


def home_section(request):
    # Reported projects first: they have results and photos to show.
    projects = list(
        _funded().exclude(results_ja="").order_by("-reported_at", "-pk")[:3]
        or _funded().order_by("-decided_at", "-pk")[:3]
    )
    if not projects:
        return None
    return Section(template="grants/home_section.html", context={"projects": projects})


def municipality_section(request, municipality):
    funded = _funded().filter(municipality=municipality)
    projects = list(funded.order_by("-program__fiscal_year", "-pk")[:6])
    if not projects:
        return None
    total = funded.aggregate(
        total=Coalesce(Sum(Coalesce("confirmed_amount", "granted_amount")), 0)
    )["total"]
    return Section(
        template="grants/municipality_section.html",
        context={
            "municipality": municipality,
            "projects": projects,
            "count": funded.count(),
            "total": total,
        },
    )
