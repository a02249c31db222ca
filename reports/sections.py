from core.sections import Section

from .models import AnnualReport


def home_section(request):
    report = AnnualReport.objects.published().order_by("-fiscal_year").only("fiscal_year").first()
    if report is None:
        return None
    return Section(template="reports/home_section.html", context={"report": report})
