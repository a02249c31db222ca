"""The report's own opening chapter: the program and the 62 municipalities by region.

The year's initiatives and the goods distributed are the initiatives app's chapter.
"""

from django.db.models import Count
from django.utils.translation import gettext as _

from core.contributions import ReportSection
from municipalities.models import Municipality, Region


def annual_report_section(*, fiscal_year: int) -> ReportSection:
    regions = dict(Municipality.objects.order_by().values_list("region").annotate(n=Count("pk")))
    municipality_count = sum(regions.values())
    return ReportSection(
        app_label="reports",
        title=_("The program and the 62 municipalities"),
        template="reports/report_section.html",
        context={
            "regions": [
                {"label": region.label, "count": regions.get(region.value, 0)} for region in Region
            ],
            "municipality_count": municipality_count,
        },
        order=0,
        figures=[(_("Participating municipalities"), f"{municipality_count:,}")],
    )
