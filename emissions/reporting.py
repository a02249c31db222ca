from django.utils.translation import gettext as _

from core.contributions import ReportSection
from core.fiscal import fiscal_year_range

from . import charts, selectors
from .codes import Sector
from .models import Edition, EditionStatus
from .templatetags.emissions_tags import kt


def annual_report_section(*, fiscal_year: int) -> ReportSection | None:
    """The edition published in the fiscal year (the last one if several), as a report chapter."""
    start, end = fiscal_year_range(fiscal_year)
    edition = (
        Edition.objects.public()
        .filter(published_at__gte=start, published_at__lt=end)
        .exclude(status=EditionStatus.DRAFT)
        .order_by("-published_at")
        .first()
    )
    if edition is None or not edition.fiscal_years:
        return None
    data_year = edition.fiscal_years[-1]
    data = selectors.overview(edition, data_year)
    sector_labels = dict(Sector.choices)
    chart = charts.bar_chart(
        title=_("CO2 emissions by sector, all 62 municipalities"),
        description=_("CO2 only, in thousand t-CO2."),
        bars=[
            charts.Bar(str(sector_labels[s]), charts.as_float(co2) / 1000)
            for s, co2, _other in data.sectors
            if co2
        ],
        unit=_("thousand t-CO2"),
    )
    return ReportSection(
        app_label="emissions",
        title=_("Greenhouse gas emissions"),
        template="emissions/report_section.html",
        context={"edition": edition, "data": data, "chart": chart},
        order=70,
        figures=[
            (
                _("Emissions of all 62, FY%(year)s (thousand t-CO2e, all greenhouse gases)")
                % {"year": data_year},
                kt(data.total_ghg),
            ),
            (_("Emission edition published"), edition.label),
        ],
    )
