from core.sections import Section

from . import selectors
from .models import Edition

# Populations and targets change the figures apart from the editions (selectors.py).
CACHE_SCOPE = selectors.FIGURES_SCOPE
HOME_SLOT = "now"


def home_section(request):
    """Headline of the latest official edition: the 62's total in its latest fiscal year."""
    edition = Edition.objects.latest_official()
    if edition is None or not edition.fiscal_years:
        return None
    data = selectors.headline(edition, edition.fiscal_years[-1])
    return Section(
        template="emissions/home_section.html", context={"edition": edition, "data": data}
    )


def municipality_section(request, municipality):
    edition = Edition.objects.latest_official()
    if edition is None:
        return None
    sheet = selectors.karte(edition, municipality, None)
    if not sheet.years:
        return None
    return Section(
        template="emissions/municipality_section.html",
        context={"edition": edition, "sheet": sheet, "municipality": municipality},
    )
