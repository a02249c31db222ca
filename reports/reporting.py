"""The report's own opening chapter: the program, the 62 municipalities and the initiatives."""

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from core.contributions import ReportSection
from municipalities.models import Municipality, Region

from .models import Action, Distribution, Initiative


def annual_report_section(*, fiscal_year: int) -> ReportSection:
    regions = dict(Municipality.objects.order_by().values_list("region").annotate(n=Count("pk")))
    municipality_count = sum(regions.values())
    initiatives = list(Initiative.objects.of_year(fiscal_year))
    by_action = [
        {"label": action.label, "initiatives": [i for i in initiatives if i.action == action]}
        for action in Action
    ]
    goods = list(
        Distribution.objects.filter(initiative__fiscal_year=fiscal_year)
        .values("item")
        .annotate(quantity=Sum("quantity"), municipalities=Count("municipality", distinct=True))
        .order_by("item")
    )
    figures = [
        (_("Participating municipalities"), f"{municipality_count:,}"),
        (_("Initiatives"), f"{len(initiatives):,}"),
    ]
    figures += [
        (_("Distributed: %(item)s") % {"item": row["item"]}, f"{row['quantity']:,}")
        for row in goods
    ]
    return ReportSection(
        app_label="reports",
        title=_("The program and its initiatives"),
        template="reports/report_section.html",
        context={
            "regions": [
                {"label": region.label, "count": regions.get(region.value, 0)} for region in Region
            ],
            "municipality_count": municipality_count,
            "by_action": by_action,
            "goods": goods,
        },
        order=0,
        figures=figures,
    )
