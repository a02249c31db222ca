"""The published annual report of FY2011 (平成23年度), the demo year of the program overview.

seed_demo runs the apps' demo modules in INSTALLED_APPS order (core.discovery.app_modules), and
"initiatives" comes before "reports": its demo has seeded FY2011's work plan and goods by the time
this builds the report, so the report shows them.
"""

from django.utils import timezone

from .models import AnnualReport, ReportStatus

DEMO_YEAR = 2011


def seed(*, scale: str, out) -> None:
    if not AnnualReport.objects.filter(fiscal_year=DEMO_YEAR).exists():
        from .services import build_report

        report = AnnualReport.objects.create(fiscal_year=DEMO_YEAR, version=1)
        report = build_report(report_id=report.pk)
        if report.status == ReportStatus.BUILT:
            AnnualReport.objects.filter(pk=report.pk).update(
                status=ReportStatus.PUBLISHED, published_at=timezone.now()
            )
    out.write(f"reports: the published annual report of FY{DEMO_YEAR}")
