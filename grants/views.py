"""The public showcase of funded projects (市区町村の取組紹介)."""

from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from municipalities.models import Municipality

from .models import Application, GrantProgram

PAGE_SIZE = 20


def showcase(request):
    """Funded projects, by fiscal year and municipality."""
    projects = (
        Application.objects.funded()
        .select_related("program", "municipality")
        .prefetch_related("photos")
        .order_by("-program__fiscal_year", "municipality_id", "pk")
    )
    fiscal_years = list(
        GrantProgram.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True)
    )
    municipalities = list(Municipality.objects.ordered())
    fiscal_year = request.GET.get("fiscal_year", "")
    municipality = request.GET.get("municipality", "")
    filters = {}
    if fiscal_year.isdigit() and int(fiscal_year) in fiscal_years:
        projects = projects.filter(program__fiscal_year=int(fiscal_year))
        filters["fiscal_year"] = fiscal_year
    if any(m.code == municipality for m in municipalities):
        projects = projects.filter(municipality_id=municipality)
        filters["municipality"] = municipality
    totals = projects.aggregate(
        count=Count("pk"),
        granted=Coalesce(Sum(Coalesce("confirmed_amount", "granted_amount")), 0),
        municipality_count=Count("municipality", distinct=True),
    )
    paginator = Paginator(projects, PAGE_SIZE)
    paginator.count = totals["count"]  # already counted above, spare the query
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "grants/index.html",
        {
            "page_obj": page,
            "projects": page.object_list,
            "fiscal_years": fiscal_years,
            "municipalities": municipalities,
            "selected_fiscal_year": filters.get("fiscal_year", ""),
            "selected_municipality": filters.get("municipality", ""),
            "query_string": urlencode(filters),
            "totals": totals,
        },
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
