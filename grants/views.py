"""The public showcase of funded projects (市区町村の取組紹介)."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from core.fragments import CachedCountPaginator, fragment_context, lazy_value
from core.params import year_param
from municipalities.models import Municipality

from .models import Application, GrantProgram

PAGE_SIZE = 20


def showcase(request):
    """Funded projects, by fiscal year and municipality."""
    projects = (
        Application.objects.funded()
        .select_related("program", "municipality")
        .with_first_photo()
        .order_by("-program__fiscal_year", "municipality_id", "pk")
    )
    fiscal_year = year_param(request.GET.get("fiscal_year"))
    municipality = request.GET.get("municipality", "")
    filters = {}
    if fiscal_year is not None:
        projects = projects.filter(program__fiscal_year=fiscal_year)
        filters["fiscal_year"] = str(fiscal_year)
    if len(municipality) == 6 and municipality.isdigit():
        projects = projects.filter(municipality_id=municipality)
        filters["municipality"] = municipality
    fragment = fragment_context(
        request, "fiscal_year", "municipality", "page", reads=("grants", "municipalities")
    )
    page = CachedCountPaginator(projects, PAGE_SIZE, count_key=fragment["fragment_key"]).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "grants/index.html",
        {
            **fragment,
            "page_obj": page,
            "projects": page.object_list,
            "fiscal_years": GrantProgram.objects.order_by("-fiscal_year").values_list(
                "fiscal_year", flat=True
            ),
            "municipalities": Municipality.objects.ordered(),
            "selected_fiscal_year": filters.get("fiscal_year", ""),
            "selected_municipality": filters.get("municipality", ""),
            "query_string": urlencode(filters),
            "totals": lazy_value(lambda: _totals(projects)),
        },
    )


def _totals(projects) -> dict:
    return projects.order_by().aggregate(
        count=Count("pk"),
        granted=Coalesce(Sum(Coalesce("confirmed_amount", "granted_amount")), 0),
        municipality_count=Count("municipality", distinct=True),
    )


def project_detail(request, pk):
    project = get_object_or_404(
        Application.objects.funded().select_related("program", "municipality"), pk=pk
    )
    return render(
        request,
        "grants/detail.html",
        {"project": project, "photos": list(project.photos.all())},
    )
