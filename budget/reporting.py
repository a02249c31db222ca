"""The 決算 chapter of the annual report: the same figures as the admin's budget screen."""

from django.utils.translation import gettext as _

from core.contributions import ReportSection
from core.money import format_yen

from .services import fiscal_year_figures


def _rate(rate) -> str:
    return "—" if rate is None else f"{rate}%"


def annual_report_section(*, fiscal_year: int) -> ReportSection | None:
    figures = fiscal_year_figures(fiscal_year)
    if not figures.lines:
        return None
    rows = [
        {
            "title": line.line.title,
            "budget": line.budget,
            "spent": line.spent,
            "remaining": line.remaining,
            "rate": _rate(line.rate),
        }
        for line in figures.lines
    ]
    total = {
        "budget": figures.budget,
        "spent": figures.spent,
        "remaining": figures.remaining,
        "rate": _rate(figures.rate),
    }
    return ReportSection(
        app_label="budget",
        title=_("Settlement of accounts (決算)"),
        template="budget/report_section.html",
        context={"rows": rows, "total": total},
        order=90,
        figures=[
            (_("Budget in total"), format_yen(figures.budget)),
            (_("Spent in total"), format_yen(figures.spent)),
            (_("Execution rate"), _rate(figures.rate)),
        ],
    )
