from django.core.cache import cache

from core.sections import Section

from .models import AnnualReport

LATEST_REPORT_KEY = "reports:home:latest-year"


def latest_published_year() -> int | None:
    """Cached: the home page asks on every visit, the answer changes once a year."""
    year = cache.get(LATEST_REPORT_KEY)
    if year is None:
        report = AnnualReport.objects.published().order_by("-fiscal_year").first()
        year = report.fiscal_year if report else 0
        cache.set(LATEST_REPORT_KEY, year, timeout=3600)
    return year or None


def forget_latest_report() -> None:
    cache.delete(LATEST_REPORT_KEY)


def home_section(request):
    year = latest_published_year()
    if year is None:
        return None
    return Section(template="reports/home_section.html", context={"fiscal_year": year})
