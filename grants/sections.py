"""The grants' part of the home page and of each municipality's profile."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from core.figures import one_value, values_at_once
from core.sections import Section

from .models import Application


def _funded():
    return Application.objects.funded().select_related("program", "municipality")


def home_section(request):
    # Reported projects first: they have results to show (the home line names them only).
    projects = list(
        _funded().exclude(results_ja="").order_by("-reported_at", "-pk")[:3]
        or _funded().order_by("-decided_at", "-pk")[:3]
    )
    if not projects:
        return None
    return Section(template="grants/home_section.html", context={"projects": projects})


def municipality_figures(municipality):
    funded = Application.objects.funded().filter(municipality=municipality)
    return {
        "count": one_value(funded, n=Count("pk")),
        "total": one_value(funded, n=Sum(Coalesce("confirmed_amount", "granted_amount"))),
    }


def municipality_section(request, municipality, figures=None):
    figures = figures or values_at_once(municipality_figures(municipality))
    if not figures["count"]:
        return None
    projects = list(
        _funded()
        .filter(municipality=municipality)
        .with_first_photo()
        .order_by("-program__fiscal_year", "-pk")[:6]
    )
    return Section(
        template="grants/municipality_section.html",
        context={
            "municipality": municipality,
            "projects": projects,
            "count": figures["count"],
            "total": int(figures["total"] or 0),
        },
    )
