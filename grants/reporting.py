"""The grants chapter of the fiscal year's annual report (事業報告)."""

from django.db.models import Count
from django.utils.translation import gettext as _

from core.contributions import ReportSection
from core.money import format_yen

from .models import COMMITTED_STATUSES, Application, GrantNotice, GrantProgram, NoticeKind
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
    issued = GrantNotice.objects.issued_in(fiscal_year)
    current_by_kind = dict(
        issued.current().order_by().values_list("kind").annotate(count=Count("pk"))
    )
    notices = [
        (str(NoticeKind(kind).label), current_by_kind[kind])
        for kind in NoticeKind.values
        if current_by_kind.get(kind)
    ]
    return ReportSection(
        app_label="grants",
        title=_("Grants to municipalities"),
        template="grants/report_section.html",
        context={
            "program": program,
            "totals": totals,
            "projects": projects,
            "notices": notices,
            "notices_issued": issued.count(),
        },
        order=40,
        figures=[
            (_("Grants decided"), str(totals["decided"])),
            (_("Municipalities funded"), str(totals["municipalities"])),
            (_("Granted in total"), format_yen(totals["granted"])),
            (_("Confirmed in total"), format_yen(totals["confirmed"])),
            (_("Paid in total"), format_yen(totals["paid"])),
            (_("Notices issued"), str(issued.count())),
            *[(label, str(count)) for label, count in notices],
        ],
    )
