from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from core.fiscal import current_fiscal_year

from .models import Action, Distribution, Initiative


def _fiscal_years() -> list[int]:
    return list(
        Initiative.objects.public()
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )


def initiative_index(request, fiscal_year: int | None = None):
    years = _fiscal_years()
    if fiscal_year is None:
        fiscal_year = (
            current_fiscal_year()
            if current_fiscal_year() in years
            else (years[0] if years else current_fiscal_year())
        )
    elif fiscal_year not in years:
        raise Http404
    initiatives = list(
        Initiative.objects.public()
        .of_fiscal_year(fiscal_year)
        .select_related("lead_municipality")
        .annotate(municipalities_reached=Count("distributions__municipality", distinct=True))
    )
    by_action = [
        {"action": action, "initiatives": [i for i in initiatives if i.action == action.value]}
        for action in Action
    ]
    return render(
        request,
        "initiatives/index.html",
        {
            "fiscal_year": fiscal_year,
            "fiscal_years": years,
            "by_action": by_action,
            "total": len(initiatives),
        },
    )


def initiative_detail(request, fiscal_year: int, pk: int):
    initiative = get_object_or_404(
        Initiative.objects.public().select_related("lead_municipality"),
        fiscal_year=fiscal_year,
        pk=pk,
    )
    distributions = list(
        Distribution.objects.filter(initiative=initiative)
        .select_related("good", "municipality")
        .order_by("good", "municipality__code")
    )
    totals = {}
    for distribution in distributions:
        row = totals.setdefault(
            distribution.good.pk, {"good": distribution.good, "total": 0, "municipalities": 0}
        )
        row["total"] += distribution.quantity
        row["municipalities"] += 1
    return render(
        request,
        "initiatives/detail.html",
        {"initiative": initiative, "distributions": distributions, "totals": list(totals.values())},
    )
