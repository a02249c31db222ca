from core.sections import Section

from .models import AnnualReport


def home_figures():
    return {
        "year": AnnualReport.objects.published().order_by("-fiscal_year").values("fiscal_year")[:1]
    }


def home_section(request, figures):
    if not figures["year"]:
        return None
    return Section(template="reports/home_section.html", context={"fiscal_year": figures["year"]})
