"""The grants chapter of the fiscal year's annual report (事業報告)."""

from django.utils.translation import gettext as _

from core.contributions import ReportSection
from core.money import format_yen

from .models import COMMITTED_STATUSES, Application, GrantProgram
from .summaries import fiscal_year_totals


def annual_report_section(*, fiscal_year: int) -> ReportSection | None:
    program = GrantProgram.objects.filter(fiscal_year=fiscal_year).first()
    if program is None:
        return None
    totals = fiscal_year_totals(fiscal_year)
    projects = list(
        Application.objects.filter(program=program, status__in=COMMITTED_STATUSES)
        .select_related("municipality")
        .order_by("municipality_id", "pk")
    )
    return ReportSection(
        app_label="grants",
        title=_("Grants to municipalities"),
        template="grants/report_section.html",
        context={"program": program, "totals": totals, "projects": projects},
        order=40,
        figures=[
            (_("Grants decided"), str(totals["decided"])),
            (_("Municipalities funded"), str(totals["municipalities"])),
            (_("Granted in total"), format_yen(totals["granted"])),
            (_("Confirmed in total"), format_yen(totals["confirmed"])),
            (_("Paid in total"), format_yen(totals["paid"])),
        ],
    )
